"""Begin- and eindregistratie in a real Chromium (R-1..R-6, D-10): Jan Peeters of NAFT De Brug
fills the beginregistratie of a dossier whose help has ended, first with "Valideren" (which lists
what is missing and saves nothing) and then "Opslaan"; the BR icon on the overview turns green.
He fills the eindregistratie through its conditional branches (terug naar school: ja, nieuw
schooltraject and its four questions), which appear in place as he answers, and closes the
dossier. axe-core runs on both forms, with their messages.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import Locator, Page, expect

from binc_web.extensions import db
from binc_web.models import Registratie
from binc_web.templating import BRUSSELS
from tests.browser.conftest import (
    assert_no_browser_problems,
    check_accessibility,
    log_in_at_provider,
)
from tests.browser.test_dossier_journey_browser import arrived, fact, mark_page, same_page
from tests.conftest import JAN
from tests.factories_overview import beslissing, schakeling

pytestmark = pytest.mark.browser


def region(page: Page) -> Locator:
    """The form with its messages (what htmx replaces)."""
    return page.locator("#registratie")


def group(page: Page, name: str) -> Locator:
    """The radio buttons or check boxes of a question (its fieldset, named by the legend)."""
    return region(page).get_by_role("group", name=re.compile("^" + re.escape(name)))


def question(page: Page, code: str) -> Locator:
    return region(page).locator(f"#veld-{code}")


def swap(page: Page, act, status: int = 200):
    """Do something that posts the form with htmx; wait for the answer, swapped in place."""
    with page.expect_response(
        lambda r: r.request.method == "POST" and "/registratie/" in r.url
    ) as answer:
        act()
    response = answer.value
    assert response.request.headers.get("hx-request") == "true"
    assert response.status == status, response.text()
    assert same_page(page), "the page was reloaded instead of swapped in place"
    return response


def choose(page: Page, name: str, option: str, changes_form: bool = False) -> None:
    """Tick a radio button (or check box) of a question; a question other questions depend on
    re-renders the form ("tonen") and the focus stays on what was clicked."""
    target = group(page, name).get_by_label(option, exact=True)
    if changes_form:
        swap(page, target.check)
        expect(group(page, name).get_by_label(option, exact=True)).to_be_focused()
    else:
        target.check()
    expect(group(page, name).get_by_label(option, exact=True)).to_be_checked()


def select(page: Page, label: str, option: str, changes_form: bool = False) -> None:
    field = region(page).get_by_role("combobox", name=re.compile("^" + re.escape(label)))
    field.focus()  # as a person choosing with the mouse or keyboard
    if changes_form:
        swap(page, lambda: field.select_option(label=option))
        expect(field).to_be_focused()
    else:
        field.select_option(label=option)


def stored_count() -> int:
    db.session.expire_all()
    return db.session.scalar(
        db.select(db.func.count())
        .select_from(Registratie)
        .where(Registratie.created_at.is_not(None))
    )


def help_icon(page: Page) -> None:
    """R-1: the manual's help text shows on keyboard focus of the "?" and hides with Escape."""
    icon = region(page).get_by_role("button", name="Uitleg bij Dagbesteding")
    tip = region(page).locator("#reg-dagbesteding-hulp")
    expect(tip).to_be_hidden()
    icon.focus()
    expect(tip).to_be_visible()
    expect(tip).to_contain_text("gestructureerde (5 dagen of meer per maand) dagbesteding")
    expect(
        region(page).get_by_role("combobox", name=re.compile("^Dagbesteding"))
    ).to_have_accessible_description(re.compile("gestructureerde"))
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()
    expect(icon).to_be_focused()
    region(page).get_by_role("button", name="Uitleg bij Zwanger").hover()
    expect(region(page).locator("#reg-zwanger-hulp")).to_be_visible()
    page.mouse.move(0, 0)


def fill_beginregistratie(page: Page) -> None:
    """R-2 with R-5: Valideren lists what is missing (nothing saved), Opslaan saves."""
    help_icon(page)
    select(page, "Dagbesteding", "Voltijds onderwijs")
    choose(page, "Niet Begeleide Minderjarige", "Nee")
    # The leerjaar and graad belong to secondary education: they appear with it.
    expect(question(page, "leerjaar")).to_have_count(0)
    select(page, "Opleidingsniveau", "Gewoon secundair onderwijs: eerste graad A-stroom", True)
    expect(question(page, "leerjaar")).to_be_visible()
    expect(question(page, "graad")).to_be_visible()

    swap(page, lambda: region(page).get_by_role("button", name="Valideren").click(), 422)
    summary = region(page).get_by_role("alert")
    expect(summary).to_contain_text("Nog niet volledig. Vul deze verplichte gegevens in:")
    expect(summary.get_by_role("link", name="Leerjaar")).to_be_visible()
    expect(summary.get_by_role("link", name="Thuistaal")).to_be_visible()
    expect(summary.get_by_role("link", name="Dagbesteding")).to_have_count(0)
    expect(summary).to_be_focused()
    expect(question(page, "thuistaal")).to_contain_text("Dit gegeven is verplicht.")
    expect(region(page).get_by_role("combobox", name=re.compile("^Dagbesteding"))).to_have_value(
        "voltijds_onderwijs"
    )
    assert stored_count() == 0  # Valideren saves nothing
    check_accessibility(page)
    # A link of the list puts the keyboard focus in its field.
    summary.get_by_role("link", name="Thuistaal").click()
    expect(region(page).get_by_role("combobox", name=re.compile("^Thuistaal"))).to_be_focused()

    select(page, "Leerjaar", "1ste leerjaar")
    choose(page, "Graad", "Eerste graad")
    select(page, "Aantal jaren schoolachterstand", "1 jaar")
    choose(page, "Buitengewoon Onderwijs achtergrond", "Nee")
    choose(page, "Zwanger", "Nee")
    choose(page, "Tienerouder", "Nee")
    select(page, "Gezinssituatie", "Eenoudergezin: moeder", True)
    choose(page, "Gaat het om een pleeg- of adoptiegezin?", "Nee")
    choose(page, "Opleidingsniveau ouders", "Diploma hoger secundair onderwijs")
    select(page, "Thuistaal", "Nederlands")
    swap(page, lambda: region(page).get_by_role("button", name="Valideren").click())
    expect(region(page).get_by_role("status")).to_have_text("De beginregistratie is volledig.")
    expect(region(page).get_by_role("alert")).to_have_count(0)
    assert stored_count() == 0

    swap(page, lambda: region(page).get_by_role("button", name="Opslaan").click())
    expect(region(page).get_by_role("status")).to_have_text(
        "Beginregistratie opgeslagen: volledig."
    )
    assert stored_count() == 1
    check_accessibility(page)


def fill_eindregistratie(page: Page) -> None:
    """R-3: every branch appears as it opens, and disappears when closed again."""
    choose(
        page, "Welk type interventie gebeurde in dit traject?", "Leerlingondersteuning individueel"
    )
    choose(page, "Welk type interventie gebeurde in dit traject?", "Herstelgesprekken")
    choose(page, "Welke actoren waren betrokken in dit traject?", "CLB")
    choose(page, "Welke actoren waren betrokken in dit traject?", "Ouders")
    shared = "Werd de begeleiding van dit traject gedeeld"
    choose(page, shared, "Ja", True)
    expect(group(page, "Selecteer NAFT-aanbieder")).to_be_visible()
    choose(page, shared, "Nee", True)
    expect(question(page, "naft_aanbieders")).to_have_count(0)
    choose(page, "Werd het NAFT-traject vroegtijdig afgebroken?", "Nee")
    choose(page, "Zijn de doelen van het NAFT-traject bereikt?", "Grotendeels")

    school = "Gaat de jongere (terug) naar school?"
    expect(question(page, "verderzetting")).to_have_count(0)
    choose(page, school, "Nee", True)
    expect(group(page, "Wat doet de jongere als hij of zij niet naar school gaat?")).to_be_visible()
    choose(page, school, "Ja", True)
    expect(question(page, "situatie_zonder_school")).to_have_count(0)
    expect(group(page, "Verderzetting van het schooltraject")).to_be_visible()
    expect(question(page, "andere_klas")).to_have_count(0)
    choose(page, "Verderzetting van het schooltraject", "In een nieuw schooltraject", True)
    for name in ("Andere klas", "Andere school", "Andere studierichting", "Andere onderwijsvorm"):
        expect(group(page, name)).to_be_visible()

    swap(page, lambda: region(page).get_by_role("button", name="Valideren").click(), 422)
    summary = region(page).get_by_role("alert")
    expect(summary.get_by_role("listitem")).to_have_count(6)
    summary.get_by_role("link", name="Andere school").click()
    expect(group(page, "Andere school").get_by_label("Ja", exact=True)).to_be_focused()
    check_accessibility(page)

    choose(page, "Andere klas", "Ja")
    choose(page, "Andere school", "Nee")
    choose(page, "Andere studierichting", "Onbekend")
    choose(page, "Andere onderwijsvorm", "Nee")
    choose(
        page,
        "Inschatting van vertraging in het schooltraject",
        "Schooltraject wordt (vermoedelijk) verdergezet zonder vertraging",
    )
    choose(
        page,
        "Inschatting van de problematische afwezigheden",
        "Er was geen sprake van problematische afwezigheden",
    )
    swap(page, lambda: region(page).get_by_role("button", name="Opslaan").click())
    expect(region(page).get_by_role("status")).to_have_text("Eindregistratie opgeslagen: volledig.")
    check_accessibility(page)


def br_icon(page: Page, code: str) -> Locator:
    row = page.locator("#dossierlijst tbody tr").filter(has_text=code)
    return row.locator(".br")


def test_fill_both_registrations_see_the_icon_turn_green_and_close(
    page, live_server, world, console_errors
):
    dossier = world.brug_dossier
    today = datetime.now(BRUSSELS).date()
    decided = beslissing(dossier, today - timedelta(days=60), today + timedelta(days=120))
    schakeling(decided, today - timedelta(days=55), today - timedelta(days=1))
    db.session.commit()
    code = dossier.code

    log_in_at_provider(page, live_server, JAN)
    arrived(page, "Overzicht Dossiers")
    expect(br_icon(page, code)).to_have_class(re.compile("br-onvolledig"))
    expect(br_icon(page, code)).to_contain_text("Beginregistratie onvolledig")

    page.goto(f"{live_server}/dossiers/{dossier.id}")
    arrived(page, "Raadplegen Dossier")
    section = page.locator("#registraties")
    expect(section).to_contain_text("Beginregistratie: onvolledig (nog niet ingevuld")
    section.get_by_role("link", name="Beginregistratie").click()
    arrived(page, "Beginregistratie")
    mark_page(page)
    check_accessibility(page)
    fill_beginregistratie(page)

    page.get_by_role("link", name="Overzicht Dossiers").first.click()
    arrived(page, "Overzicht Dossiers")
    expect(br_icon(page, code)).to_have_class(re.compile("br-volledig"))
    expect(br_icon(page, code)).to_contain_text("Beginregistratie volledig")

    page.goto(f"{live_server}/dossiers/{dossier.id}")
    arrived(page, "Raadplegen Dossier")
    expect(section).to_contain_text("Beginregistratie: volledig")
    # Closing is refused while the eindregistratie is missing, and says so.
    page.get_by_role("navigation", name="Acties dossier").get_by_role(
        "link", name="Afsluiten dossier"
    ).click()
    arrived(page, "Afsluiten dossier")
    expect(page.get_by_role("alert").get_by_role("listitem")).to_have_text(
        ["Verplicht gegeven ontbreekt: Eindregistratie (nog niet ingevuld)"]
    )
    page.get_by_role("link", name="Terug naar het dossier").click()
    arrived(page, "Raadplegen Dossier")
    section.get_by_role("link", name="Eindregistratie").click()
    arrived(page, "Eindregistratie")
    mark_page(page)
    check_accessibility(page)
    fill_eindregistratie(page)

    page.get_by_role("link", name="Terug naar het dossier").click()
    arrived(page, "Raadplegen Dossier")
    expect(section).to_contain_text("Eindregistratie: volledig")
    page.get_by_role("navigation", name="Acties dossier").get_by_role(
        "link", name="Afsluiten dossier"
    ).click()
    arrived(page, "Afsluiten dossier")
    expect(page.get_by_role("alert")).to_have_count(0)
    page.get_by_role("button", name="Dossier afsluiten").click()
    arrived(page, "Raadplegen Dossier")
    expect(fact(page, "Status")).to_have_text(f"afgesloten op {today:%d/%m/%Y}")
    # the registrations stay editable without reopening.
    expect(section).to_contain_text("zonder het dossier te heropenen")

    expected_422 = r"status of 422 \(UNPROCESSABLE ENTITY\) \(" + re.escape(live_server)
    assert_no_browser_problems(console_errors, live_server, allow=(expected_422,))
