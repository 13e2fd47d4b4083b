"""The issue's "done when" in a real Chromium: a worker identifies a youth, starts a dossier,
finds it back in every view, changes its aanmelding, starts a class dossier; a colleague takes
the dossier over; its activity is listed and it is deleted (K-1..K-5, D-1..D-9).

Everything goes through the real login and the menus a worker uses; axe-core runs on every
distinct page and htmx state on the way.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Locator, Page, expect

from binc_web.extensions import db
from binc_web.models import RegisterEntry
from binc_web.rules.national_number import compose_national_number
from binc_web.templating import today
from tests.browser.conftest import (
    assert_no_browser_problems,
    check_accessibility,
    log_in_at_provider,
    open_page,
)
from tests.conftest import JAN, SOFIE

pytestmark = pytest.mark.browser

FAMILY, GIVEN = "Willaert", "Noor"
BORN = date(2010, 11, 3)
NUMBER = compose_national_number(BORN, 124)  # even serial: a girl
KLAS = "Kompas 2B"
OUDERS = "Ouders of opvoedingsverantwoordelijken"
REDEN = "Jongere zat voorheen niet in Nederlandstalig onderwijs"
CODE = re.compile(r"BNC_\d{8}_\d+")
TIMESTAMP = re.compile(r"^\d{2}/\d{2}/\d{4} \d{2}:\d{2}$")


def arrived(page: Page, heading: str) -> None:
    """A full page load shows ``heading`` as its h1 and has run its deferred scripts (htmx,
    app.js): only then does the test act on it, so that no script load is cut off."""
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    page.wait_for_load_state("load")


def menu(page: Page, item: str, heading: str) -> None:
    """Click an item of the red Hoofdmenu; a full page load with ``heading`` as its h1."""
    page.wait_for_load_state("load")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name=item, exact=True
    ).click()
    arrived(page, heading)


def mark_page(page: Page) -> None:
    """A marker on window survives an htmx swap, not a page load."""
    page.evaluate("() => { window.bincMarker = 'zelfde pagina'; }")


def same_page(page: Page) -> bool:
    return page.evaluate("() => window.bincMarker") == "zelfde pagina"


def dossier_list(page: Page):
    return page.locator("#dossierlijst")


def listed(page: Page, name: str):
    """The link to a dossier in the list on the page (a youth's family name or a class name)."""
    return dossier_list(page).get_by_role("link", name=name, exact=True)


def fact(page: Page | Locator, label: str):
    """The value of ``label`` in a fact list (dt/dd) of the page."""
    return page.locator(f"dl.facts dt:text-is('{label}') + dd")


def identify_youth(page: Page, live_server: str) -> None:
    """K-1..K-3: from the Hoofdmenu to the register, then the Cliëntgegevens of the youth."""
    menu(page, "Toevoegen nieuwe cliënt/dossier", "Toevoegen nieuwe cliënt/dossier")
    expect(page.get_by_role("radio", name=re.compile("rijksregisternummer", re.I))).to_be_checked()
    check_accessibility(page)

    mark_page(page)
    number = page.get_by_role("textbox", name="Rijksregisternummer")
    number.fill(NUMBER[:-1] + str((int(NUMBER[-1]) + 1) % 10))
    with page.expect_response(lambda r: r.url.endswith("/clienten/identificatie")) as answer:
        page.get_by_role("button", name="Zoeken").click()
    assert answer.value.status == 422
    message = "Het controlegetal (laatste twee cijfers) klopt niet."
    expect(page.locator("#national_number-error")).to_have_text(message)
    expect(number).to_have_attribute("aria-invalid", "true")
    expect(number).to_have_accessible_description(re.compile(re.escape(message)))
    check_accessibility(page)

    number.fill(NUMBER)
    with page.expect_response(lambda r: r.url.endswith("/clienten/identificatie")) as answer:
        page.get_by_role("button", name="Zoeken").click()
    assert answer.value.status == 200
    results = page.get_by_role("region", name="Resultaat van de opzoeking")
    expect(results.get_by_role("row")).to_have_count(2)  # header and the youth
    expect(results).to_contain_text(FAMILY)
    found = results.get_by_role(
        "button", name=re.compile(rf"^{NUMBER}\s*: verder met {GIVEN} {FAMILY}$")
    )
    expect(found).to_have_css("text-decoration-line", "underline")
    assert same_page(page)
    check_accessibility(page)

    found.click()
    arrived(page, "Cliëntgegevens")
    expect(page.get_by_role("status")).to_contain_text("De jongere werd geïdentificeerd.")
    expect(page.get_by_role("textbox", name="Naam", exact=True)).to_have_value(FAMILY)
    expect(page.get_by_label("Geboortedatum")).to_have_value(BORN.strftime("%d/%m/%Y"))
    check_accessibility(page)

    # The register has no nationality for this youth: saving names every missing field.
    page.get_by_role("button", name="Opslaan", exact=True).click()
    summary = page.get_by_role("alert").filter(has_text="Gelieve volgende verplichte velden")
    expect(summary).to_contain_text("Nationaliteit, Land van origine, Omgangstaal")
    expect(page.get_by_label("Omgangstaal")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Omgangstaal")).to_have_accessible_description(
        re.compile("Omgangstaal is verplicht.")
    )
    check_accessibility(page)

    page.get_by_role("button", name="België als nationaliteit").click()
    expect(page.get_by_label("Nationaliteit")).to_have_value("België")
    page.get_by_label("Land van origine").fill("Marokko")
    page.get_by_label("Omgangstaal").fill("Nederlands")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    arrived(page, "Cliëntcontext")
    expect(page.get_by_role("status")).to_contain_text("De cliëntgegevens werden opgeslagen.")
    check_accessibility(page)


def start_dossier(page: Page, aanmelding_date: str) -> str:
    """D-1/D-2: "Start Binc-dossier" for NAFT; returns the dossier code on Raadplegen Dossier."""
    page.get_by_role("link", name="Start Binc-dossier").click()
    arrived(page, "Start Binc-dossier")
    expect(page.get_by_role("combobox", name="Aanmelder", exact=True)).to_have_value("clb")
    expect(page.get_by_text("Via toegangspoort (NRTJ) nee")).to_be_visible()
    check_accessibility(page)

    page.get_by_label("Uw referentie").fill("BRUG-017")
    page.get_by_label("Datum aanmelding").fill(aanmelding_date)
    page.get_by_role("button", name="Opslaan", exact=True).click()
    arrived(page, "Raadplegen Dossier")
    created = page.get_by_role("status")
    expect(created).to_contain_text(CODE)
    code = CODE.search(created.inner_text()).group(0)
    expect(fact(page, "Dossiercode")).to_have_text(code)
    expect(fact(page, "Naam")).to_have_text(FAMILY)
    aanmelding = page.get_by_role("region", name="Aanmelding")
    expect(fact(aanmelding, "Aanmelder")).to_have_text("CLB")
    expect(fact(aanmelding, "Datum aanmelding")).to_have_text(aanmelding_date)
    check_accessibility(page)
    return code


def find_in_overview(page: Page, live_server: str, code: str) -> None:
    """D-4: the A–Z bar swaps the list in place, pushes the URL and the back button works."""
    menu(page, "Overzicht Dossiers", "Overzicht Dossiers")
    expect(dossier_list(page).locator("tbody tr")).to_have_count(2)  # Peeters and ours
    letter = FAMILY[0]
    mark_page(page)
    with page.expect_response(lambda r: f"letter={letter}" in r.url) as answer:
        page.locator(".az-balk").get_by_role("link", name=letter, exact=True).click()
    assert answer.value.request.headers.get("hx-request") == "true"
    expect(page).to_have_url(f"{live_server}/?letter={letter}")
    assert "letter=" + letter in page.url
    expect(dossier_list(page).locator("tbody tr")).to_have_count(1)
    expect(dossier_list(page).locator("tbody tr")).to_contain_text(code)
    expect(page.locator(f"#letter-{letter}")).to_have_attribute("aria-current", "true")
    assert same_page(page)
    check_accessibility(page)

    page.go_back()
    expect(page).to_have_url(live_server + "/")
    expect(dossier_list(page).locator("tbody tr")).to_have_count(2)
    expect(page.locator("#letter-alle")).to_have_attribute("aria-current", "true")
    page.go_forward()
    expect(page).to_have_url(f"{live_server}/?letter={letter}")
    expect(dossier_list(page).locator("tbody tr")).to_have_count(1)

    listed(page, FAMILY).click()
    arrived(page, "Raadplegen Dossier")
    expect(fact(page, "Dossiercode")).to_have_text(code)


def find_by_search(page: Page, live_server: str, code: str) -> None:
    """D-5: "Opzoeken dossier" by rijksregisternummer (kept out of the URL) and by name, open
    the result, "Resultaten dossiers" returns."""
    menu(page, "Opzoeken dossier", "Opzoeken dossier")
    search = page.get_by_role("search", name="Opzoeken dossier")
    search.get_by_role("textbox", name="Rijksregisternummer").fill(NUMBER)
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        search.get_by_role("button", name="Zoeken").click()
    assert answer.value.status == 200 and "hx-push-url" in answer.value.headers
    # The number stays out of the address bar (and so out of the history): the youth's id.
    expect(page).to_have_url(re.compile(r"/dossiers/zoeken\?jongere=[0-9]+$"))
    expect(dossier_list(page).locator("tbody tr")).to_have_count(1)
    search.get_by_role("textbox", name="Rijksregisternummer").fill("")
    search.get_by_role("textbox", name="Naam", exact=True).fill(FAMILY.lower()[:5])
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        search.get_by_role("button", name="Zoeken").click()
    assert answer.value.status == 200
    expect(page).to_have_url(re.compile(r"/dossiers/zoeken\?naam=willa$"))
    expect(dossier_list(page).locator("tbody tr")).to_have_count(1)
    expect(dossier_list(page)).to_contain_text(code)
    check_accessibility(page)

    listed(page, FAMILY).click()
    arrived(page, "Raadplegen Dossier")
    page.get_by_role("link", name="Resultaten dossiers").click()
    arrived(page, "Opzoeken dossier")
    expect(page).to_have_url(re.compile(r"/dossiers/zoeken\?.*naam=willa"))
    expect(search.get_by_role("textbox", name="Naam", exact=True)).to_have_value("willa")
    expect(listed(page, FAMILY)).to_be_visible()
    listed(page, FAMILY).click()
    arrived(page, "Raadplegen Dossier")
    expect(fact(page, "Dossiercode")).to_have_text(code)


def change_aanmelding(page: Page) -> None:
    """D-1 "wijzigen": the form replaces the Aanmelding card in place, and the saved card
    comes back in place."""
    mark_page(page)
    aanmelding = page.locator("#aanmelding")
    with page.expect_response(lambda r: r.url.endswith("/aanmelding")) as answer:
        aanmelding.get_by_role("link", name="wijzigen (aanmelding)").click()
    assert answer.value.request.headers.get("hx-request") == "true"
    expect(aanmelding.get_by_role("heading", level=2)).to_have_text("Aanmelding wijzigen")
    # Focus moves from the replaced link to the form's region, not back to the page's top.
    form = page.get_by_role("region", name="Aanmelding wijzigen")
    expect(form).to_be_focused()
    expect(form.get_by_role("combobox", name="Aanmelder", exact=True)).to_have_value("clb")
    expect(form.get_by_label("Uw referentie")).to_have_value("BRUG-017")
    check_accessibility(page)

    # Not the CLB: NAFT then asks why (manual 4.1).
    form.get_by_role("combobox", name="Aanmelder", exact=True).select_option(label=OUDERS)
    form.get_by_role("combobox", name="Reden niet CLB-aanmelding").select_option(label=REDEN)
    form.get_by_label("Uw referentie").fill("BRUG-017-ouders")
    with page.expect_response(lambda r: r.url.endswith("/aanmelding")) as answer:
        form.get_by_role("button", name="Opslaan").click()
    assert answer.value.request.method == "POST"
    assert answer.value.status == 200, answer.value.text()
    card = page.get_by_role("region", name="Aanmelding", exact=True)
    expect(fact(card, "Aanmelder")).to_have_text(OUDERS)
    expect(fact(card, "Reden niet CLB-aanmelding")).to_have_text(REDEN)
    expect(fact(card, "Uw referentie")).to_have_text("BRUG-017-ouders")
    expect(card.get_by_role("link", name="wijzigen (aanmelding)")).to_be_visible()
    expect(card).to_be_focused()
    assert same_page(page)
    check_accessibility(page)


def start_klas(page: Page, aanmelding_date: str) -> None:
    """K-5 "Start klastraject"; the overview lists the class with empty first name and birth
    date."""
    menu(page, "Start klastraject", "Start klastraject")
    expect(page.get_by_role("combobox", name="Aanmelder", exact=True)).to_have_value("clb")
    check_accessibility(page)
    page.get_by_label("Naam klas").fill(KLAS)
    page.get_by_label("Aantal deelnemers").fill("14")
    page.get_by_label("Onderwijsvorm").select_option(label="Beroepssecundair onderwijs (bso)")
    page.get_by_label("Graad").select_option(label="2de graad")
    page.get_by_label("Leerjaar").select_option(label="3de leerjaar")
    page.get_by_label("Datum aanmelding").fill(aanmelding_date)
    page.get_by_role("button", name="Opslaan", exact=True).click()
    arrived(page, "Raadplegen Dossier")
    expect(page.get_by_role("status")).to_contain_text("Klasdossier BNC_")
    expect(fact(page, "Naam klas")).to_have_text(KLAS)

    menu(page, "Overzicht Dossiers", "Overzicht Dossiers")
    row = (
        dossier_list(page)
        .locator("tbody tr")
        .filter(has=page.get_by_role("link", name=KLAS, exact=True))
    )
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(1)).to_have_text("")  # Voornaam
    expect(row.locator("td").nth(2)).to_have_text("")  # Geboortedatum
    page.locator(".az-balk").get_by_role("link", name=KLAS[0], exact=True).click()
    expect(page).to_have_url(re.compile(rf"letter={KLAS[0]}"))
    expect(dossier_list(page).locator("tbody tr")).to_have_count(1)
    expect(listed(page, KLAS)).to_be_visible()


def show_view(page: Page, view: str) -> None:
    """D-4: one of the views above the list (htmx swap)."""
    page.get_by_role("navigation", name="Weergave").get_by_role(
        "link", name=view, exact=True
    ).click()
    expect(page.locator(".weergaven [aria-current='true']")).to_have_text(view)


def take_over(page: Page, live_server: str, code: str) -> None:
    """D-7 as Sofie Janssens for NAFT De Brug: take Jan's new dossier, not his class."""
    log_in_at_provider(page, live_server, SOFIE)
    arrived(page, "Selecteer de voorziening")
    page.get_by_role("button", name=re.compile("NAFT De Brug")).click()
    arrived(page, "Overzicht Dossiers")

    menu(page, "Overdragen dossier naar mezelf", "Overdragen dossier naar mezelf")
    colleagues = page.locator(".choice-list").get_by_role("listitem")
    expect(colleagues).to_have_count(1)
    expect(colleagues).to_have_text("Jan Peeters (2 open dossiers)")
    check_accessibility(page)

    page.get_by_role("link", name="Jan Peeters", exact=True).click()
    of_jan = page.get_by_role("table", name="Open dossiers van Jan Peeters")
    expect(of_jan.get_by_role("checkbox")).to_have_count(2)
    page.wait_for_load_state("load")
    expect(of_jan.get_by_role("checkbox", name=f"{KLAS} overdragen")).not_to_be_checked()
    check_accessibility(page)
    of_jan.get_by_role("checkbox", name=f"{FAMILY} {GIVEN} overdragen").check()
    page.get_by_role("button", name="Dossier overdragen naar mezelf").click()
    expect(page.get_by_role("status")).to_contain_text("1 dossier overgedragen")
    expect(colleagues).to_have_text("Jan Peeters (1 open dossier)")

    menu(page, "Overzicht Dossiers", "Overzicht Dossiers")
    show_view(page, "Mijn dossiers")
    expect(page).to_have_url(live_server + "/?weergave=mijn")
    expect(dossier_list(page).locator("tbody tr")).to_have_count(1)
    expect(listed(page, FAMILY)).to_be_visible()
    expect(dossier_list(page)).to_contain_text(code)


def check_activity(page: Page, code: str) -> None:
    """D-8: creation, the aanmelding change and the transfer, with who and when."""
    page.get_by_role("navigation", name="Acties dossier").get_by_role(
        "link", name="Activiteiten dossier"
    ).click()
    arrived(page, "Activiteiten dossier")
    rows = page.get_by_role("table").locator("tbody tr")
    expect(rows).to_have_count(3)
    expected = [  # most recent first
        ("Sofie Janssens", "Dossier overgedragen van Jan Peeters naar Sofie Janssens"),
        ("Jan Peeters", "Aanmelding gewijzigd"),
        ("Jan Peeters", f"Dossier {code} aangemaakt"),
    ]
    for index, (who, what) in enumerate(expected):
        cells = rows.nth(index).locator("td")
        expect(cells.nth(0)).to_have_text(TIMESTAMP)
        expect(cells.nth(1)).to_have_text(who)
        expect(cells.nth(2)).to_have_text(what)
    transfer, change = rows.nth(0).locator("td"), rows.nth(1).locator("td")
    expect(transfer.nth(3)).to_contain_text("Jan Peeters")
    expect(transfer.nth(4)).to_contain_text("Sofie Janssens")
    expect(change.nth(3)).to_contain_text(re.compile("clb", re.I))
    expect(change.nth(4)).to_contain_text(re.compile("ouders", re.I))
    check_accessibility(page)


def delete_dossier(page: Page, live_server: str, code: str) -> None:
    """D-9: confirm, and the dossier is gone from the overview and its A–Z bar."""
    page.get_by_role("navigation", name="Broodkruimels").get_by_role(
        "link", name=f"{FAMILY} {GIVEN}"
    ).click()
    arrived(page, "Raadplegen Dossier")
    page.get_by_role("link", name="Dossier verwijderen").click()
    arrived(page, "Dossier verwijderen")
    expect(page.get_by_role("main")).to_contain_text(f"Wil je dossier {code} van {FAMILY}")
    check_accessibility(page)

    page.get_by_role("button", name="Dossier verwijderen").click()
    expect(page).to_have_url(live_server + "/")
    arrived(page, "Overzicht Dossiers")
    expect(page.get_by_role("status")).to_contain_text(f"Dossier {code} werd verwijderd.")
    expect(listed(page, KLAS)).to_be_visible()
    expect(listed(page, FAMILY)).to_have_count(0)
    expect(dossier_list(page)).not_to_contain_text(code)
    expect(page.locator(".az-balk .letter-leeg", has_text=FAMILY[0])).to_have_attribute(
        "aria-disabled", "true"
    )


def test_dossier_journey_identify_start_find_transfer_activity_delete(
    chromium_browser, page, live_server, console_errors
):
    db.session.add(
        RegisterEntry(
            national_number=NUMBER,
            family_name=FAMILY,
            given_name=GIVEN,
            gender="V",
            birth_date=BORN,
            street="Molenstraat",
            house_number="5",
            postcode="8500",
            municipality="Kortrijk",
            country="België",
        )
    )
    db.session.commit()
    aanmelding_date = (today() - timedelta(days=3)).strftime("%d/%m/%Y")

    log_in_at_provider(page, live_server, JAN)
    arrived(page, "Overzicht Dossiers")
    identify_youth(page, live_server)
    code = start_dossier(page, aanmelding_date)
    find_in_overview(page, live_server, code)
    find_by_search(page, live_server, code)
    change_aanmelding(page)
    start_klas(page, aanmelding_date)

    colleague = open_page(chromium_browser, console_errors)
    try:
        take_over(colleague, live_server, code)

        # The dossier left Jan's "Mijn dossiers"; his class stays there.
        menu(page, "Overzicht Dossiers", "Overzicht Dossiers")
        show_view(page, "Mijn dossiers")
        expect(dossier_list(page).locator("tbody tr")).to_have_count(1)
        expect(listed(page, KLAS)).to_be_visible()
        show_view(page, "NAFT De Brug dossiers")
        listed(page, FAMILY).click()
        arrived(page, "Raadplegen Dossier")
        check_activity(page, code)
        delete_dossier(page, live_server, code)

        colleague.reload()
        expect(colleague.get_by_text("Er zijn geen dossiers in deze weergave.")).to_be_visible()
    finally:
        colleague.context.close()

    expected_422 = r"status of 422 \(UNPROCESSABLE ENTITY\) \(" + re.escape(live_server)
    assert_no_browser_problems(console_errors, live_server, allow=(expected_422,))
