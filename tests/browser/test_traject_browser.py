"""A whole NAFT traject in a real Chromium (S-1..S-5, D-10, D-11): Jan Peeters of NAFT De Brug
adds a jeugdhulpbeslissing and its "Start Hulpaanbod" in place, ends it through its underlined
link, adds a second beslissing (first closing the open schakeling: "Afsluiten vorig
hulpaanbod") whose "Verlenging" ends after it and is confirmed (S-4), is refused closing the
dossier while help runs on, closes it after fixing the end date, and reopens it.

Every htmx answer replaces ``#traject`` without a page load (a marker on window survives), the
keyboard focus lands inside it, and axe-core runs on every distinct state.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from binc_web.catalogue import sync_catalogue
from binc_web.extensions import db
from binc_web.models import ModuleApproval, TypeModule
from binc_web.rules.beslissingen import add_months, naft_default_einddatum
from binc_web.templating import BRUSSELS
from tests.browser.conftest import (
    assert_no_browser_problems,
    check_accessibility,
    log_in_at_provider,
)
from tests.browser.test_dossier_journey_browser import arrived, fact, mark_page, same_page
from tests.conftest import JAN
from tests.factories_registrations import registratie

pytestmark = pytest.mark.browser

NAFT_MODULE = "NAFT onderwijs-welzijnstraject (RTJ)"
SECTION = re.compile(r"^Beslissingen en schakelingen\b")  # the h2, then who it is about


def dmy(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def traject(page: Page):
    return page.locator("#traject")


def panel(page: Page):
    """The open form (or message) on top of the traject."""
    return page.locator("#traject-panel")


def htmx_swap(page: Page, click, path_end: str, method: str = "GET", status: int = 200):
    """Click something that asks htmx for ``path_end`` and wait for the swapped answer."""
    with page.expect_response(
        lambda r: r.request.method == method and r.url.split("?")[0].endswith(path_end)
    ) as answer:
        click()
    response = answer.value
    assert response.request.headers.get("hx-request") == "true"
    assert response.status == status, response.text()
    return response


def focus_on(page: Page, heading: str | re.Pattern) -> None:
    """After a swap the keyboard focus is inside #traject, on the heading of what is now on top
    (the open form's h3, or the section's h2 once the form closed), not back on <body>."""
    expect(traject(page).get_by_role("heading", name=heading, exact=True)).to_be_focused()
    inside = "() => document.getElementById('traject').contains(document.activeElement)"
    assert page.evaluate(inside)


def still_in_place(page: Page) -> None:
    assert same_page(page), "the page was reloaded instead of swapped in place"


def beslissing_headings(page: Page):
    return traject(page).locator("article.beslissing h3")


def schakeling_link(page: Page, label: str):
    return traject(page).locator("ul.schakelingen").get_by_role("link", name=label, exact=True)


def add_first_beslissing(page: Page, start: date, end: date) -> None:
    """S-1: NAFT's one module preselected, no NRTJ choice; an empty end date takes 6 months."""
    htmx_swap(
        page,
        lambda: traject(page).get_by_role("link", name="+ Toevoegen Jeugdhulpbeslissing").click(),
        "/beslissingen/nieuw",
    )
    form = panel(page)
    expect(form.get_by_role("heading", level=3)).to_have_text("Toevoegen Jeugdhulpbeslissing")
    focus_on(page, "Toevoegen Jeugdhulpbeslissing")
    still_in_place(page)
    expect(form.get_by_role("checkbox")).to_have_count(1)
    expect(form.get_by_role("checkbox", name=NAFT_MODULE)).to_be_checked()
    # A check box next to its label, not stretched like the text boxes.
    assert form.get_by_role("checkbox", name=NAFT_MODULE).bounding_box()["width"] < 40
    expect(form.get_by_role("checkbox", name=re.compile("toegangspoort"))).to_have_count(0)
    expect(form).to_contain_text("Via toegangspoort (NRTJ): nee")
    einddatum = form.get_by_role("textbox", name="Einddatum")
    expect(einddatum).to_have_accessible_description(re.compile("Standaard 6 maanden"))
    expect(einddatum).to_have_value("")
    check_accessibility(page)

    # Without a module it is refused; the list's link puts the focus in the group of modules.
    form.get_by_role("checkbox", name=NAFT_MODULE).uncheck()
    form.get_by_role("textbox", name="Begindatum").fill(dmy(start))
    htmx_swap(
        page,
        lambda: form.get_by_role("button", name="Opslaan").click(),
        "/beslissingen/nieuw",
        "POST",
        422,
    )
    form.get_by_role("alert").get_by_role("link", name="Modules").click()
    expect(form.get_by_role("checkbox", name=NAFT_MODULE)).to_be_focused()
    page.keyboard.press("Space")
    expect(form.get_by_role("checkbox", name=NAFT_MODULE)).to_be_checked()
    htmx_swap(
        page,
        lambda: form.get_by_role("button", name="Opslaan").click(),
        "/beslissingen/nieuw",
        "POST",
    )
    # S-3: "Toevoegen Start Hulpaanbod" opens in place, with the beslissing's data.
    expect(form.get_by_role("heading", level=3)).to_have_text("Toevoegen Start Hulpaanbod")
    focus_on(page, "Toevoegen Start Hulpaanbod")
    still_in_place(page)
    expect(fact(form, "Jeugdhulpbeslissing")).to_have_text(f"RTJ, {dmy(start)} tot {dmy(end)}")
    expect(fact(form, "Modules van de beslissing")).to_have_text("NAFT onderwijs-welzijnstraject")
    expect(form.get_by_role("textbox", name="Begindatum")).to_have_value("")
    expect(form.get_by_role("checkbox", name=NAFT_MODULE)).to_be_checked()
    expect(beslissing_headings(page)).to_have_text(
        [f"Jeugdhulpbeslissing RTJ: {dmy(start)} tot {dmy(end)}"]
    )
    check_accessibility(page)


def add_start_hulpaanbod(page: Page, start: date, beslissing: str) -> None:
    """By keyboard alone: from the focused heading, Tab reaches the begindatum; Enter saves."""
    begindatum = panel(page).get_by_role("textbox", name="Begindatum")
    page.keyboard.press("Tab")
    expect(begindatum).to_be_focused()
    page.keyboard.type(dmy(start))
    htmx_swap(page, lambda: page.keyboard.press("Enter"), "/schakelingen/nieuw", "POST")
    expect(panel(page)).to_have_count(0)
    focus_on(page, SECTION)
    still_in_place(page)
    expect(beslissing_headings(page)).to_have_text([beslissing])
    running = schakeling_link(page, f"Start hulpaanbod: vanaf {dmy(start)}, nog lopend")
    expect(running).to_be_visible()
    expect(running).to_have_css("text-decoration-line", "underline")
    check_accessibility(page)


def edit_schakeling(page: Page, link: str, title: str, einddatum: str, saved: str) -> None:
    """S-5: the most recent schakeling's underlined link opens its form in place; saved in
    place."""
    htmx_swap(page, lambda: schakeling_link(page, link).click(), "/wijzigen")
    form = panel(page)
    expect(form.get_by_role("heading", level=3)).to_have_text(f"Wijzigen {title}")
    focus_on(page, f"Wijzigen {title}")
    form.get_by_role("textbox", name="Einddatum").fill(einddatum)
    htmx_swap(page, lambda: form.get_by_role("button", name="Opslaan").click(), "/wijzigen", "POST")
    expect(panel(page)).to_have_count(0)
    focus_on(page, SECTION)
    expect(schakeling_link(page, saved)).to_be_visible()
    still_in_place(page)


def close_previous_then_beslissing(page: Page, running: str, einddatum: date) -> None:
    """S-3: "+ Toevoegen Jeugdhulpbeslissing" with a schakeling still running first asks for
    its end date, then goes on to the beslissing form (htmx follows the redirect)."""
    htmx_swap(
        page,
        lambda: traject(page).get_by_role("link", name="+ Toevoegen Jeugdhulpbeslissing").click(),
        "/beslissingen/nieuw",
    )
    form = panel(page)
    title = "Afsluiten vorig hulpaanbod (schakeling)"
    expect(form.get_by_role("heading", level=3)).to_have_text(title)
    focus_on(page, title)
    still_in_place(page)
    expect(form).to_contain_text(running)
    check_accessibility(page)

    # Without an end date: refused at the field, in place.
    field = form.get_by_role("textbox", name="Einddatum vorige schakeling")
    htmx_swap(
        page,
        lambda: form.get_by_role("button", name="Opslaan en verder").click(),
        "/schakelingen/afsluiten-vorige",
        "POST",
        status=422,
    )
    message = "Vul de einddatum van de vorige schakeling in."
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(re.compile(re.escape(message)))
    expect(form.get_by_role("alert")).to_contain_text(message)
    focus_on(page, title)
    check_accessibility(page)

    field.fill(dmy(einddatum))
    htmx_swap(
        page,
        lambda: form.get_by_role("button", name="Opslaan en verder").click(),
        "/beslissingen/nieuw",  # where the redirect after "Opslaan en verder" leads
    )
    expect(form.get_by_role("heading", level=3)).to_have_text("Toevoegen Jeugdhulpbeslissing")
    focus_on(page, "Toevoegen Jeugdhulpbeslissing")
    still_in_place(page)
    expect(traject(page).locator("ul.schakelingen")).not_to_contain_text("nog lopend")


def add_verlenging_beslissing(page: Page, start: date, end: date, first: str) -> str:
    """The second beslissing starts where the first ended; "Toevoegen Verlenging" follows with
    the previous end date and module carried over (S-3)."""
    form = panel(page)
    expect(form.get_by_role("textbox", name="Begindatum")).to_have_value(dmy(start))
    expect(form.get_by_role("checkbox", name=NAFT_MODULE)).to_be_checked()
    expect(form.get_by_role("textbox", name="Einddatum")).to_have_value("")
    htmx_swap(
        page,
        lambda: form.get_by_role("button", name="Opslaan").click(),
        "/beslissingen/nieuw",
        "POST",
    )
    expect(form.get_by_role("heading", level=3)).to_have_text("Toevoegen Verlenging")
    focus_on(page, "Toevoegen Verlenging")
    still_in_place(page)
    expect(fact(form, "Jeugdhulpbeslissing")).to_have_text(f"RTJ, {dmy(start)} tot {dmy(end)}")
    expect(form.get_by_role("textbox", name="Begindatum")).to_have_value(dmy(start))
    expect(form.get_by_role("checkbox", name=NAFT_MODULE)).to_be_checked()
    second = f"Jeugdhulpbeslissing RTJ: {dmy(start)} tot {dmy(end)}"
    expect(beslissing_headings(page)).to_have_text([second, first])  # most recent on top
    return second


def confirm_verlenging_after_beslissing(page: Page, start: date, end: date, beyond: date) -> None:
    """S-4: a Verlenging ending after its beslissing warns in place; confirming saves it."""
    form = panel(page)
    form.get_by_role("textbox", name="Einddatum").fill(dmy(beyond))
    htmx_swap(
        page,
        lambda: form.get_by_role("button", name="Opslaan", exact=True).click(),
        "/schakelingen/nieuw",
        "POST",
    )
    warning = form.get_by_role("alert")
    expect(warning).to_contain_text(f"eindigt na de beslissing ({dmy(end)})")
    expect(form.get_by_role("heading", level=3)).to_have_text("Toevoegen Verlenging")
    focus_on(page, "Toevoegen Verlenging")
    expect(form.get_by_role("textbox", name="Einddatum")).to_have_value(dmy(beyond))
    expect(traject(page).locator("ul.schakelingen")).not_to_contain_text("Verlenging")
    still_in_place(page)
    check_accessibility(page)

    htmx_swap(
        page,
        lambda: form.get_by_role("button", name="Bevestigen en opslaan").click(),
        "/schakelingen/nieuw",
        "POST",
    )
    expect(panel(page)).to_have_count(0)
    focus_on(page, SECTION)
    still_in_place(page)
    latest = traject(page).locator("article.beslissing").first
    expect(
        latest.get_by_role("link", name=f"Verlenging: vanaf {dmy(start)} tot {dmy(beyond)}")
    ).to_be_visible()
    # S-5: only the most recent schakeling is a link.
    expect(traject(page).locator("ul.schakelingen").get_by_role("link")).to_have_text(
        [f"Verlenging: vanaf {dmy(start)} tot {dmy(beyond)}", re.compile("^Verwijderen")]
    )
    expect(traject(page).locator("ul.schakelingen li").nth(1)).to_contain_text(
        "Start hulpaanbod: vanaf"
    )
    check_accessibility(page)


def dossier_action(page: Page, name: str):
    return page.get_by_role("navigation", name="Acties dossier").get_by_role("link", name=name)


def test_naft_traject_beslissingen_schakelingen_close_and_reopen(
    page, live_server, world, console_errors
):
    sync_catalogue()
    naft = db.session.scalar(db.select(TypeModule).where(TypeModule.code == "NAFT"))
    db.session.add(
        ModuleApproval(
            organisation_id=world.brug.id, type_module_id=naft.id, valid_from=date(2020, 1, 1)
        )
    )
    dossier = world.brug_dossier
    # D-10 also asks for complete registrations (filled in test_registrations_browser.py).
    registratie(dossier, "begin")
    registratie(dossier, "eind")
    db.session.commit()
    code, name = dossier.code, dossier.display_name

    today = datetime.now(BRUSSELS).date()
    first_start = add_months(today, -7)
    first_end = naft_default_einddatum(first_start)
    hulp_start = first_start + timedelta(days=7)
    second_end = naft_default_einddatum(first_end)
    verlenging_end = second_end + timedelta(days=14)
    real_end = today - timedelta(days=1)

    log_in_at_provider(page, live_server, JAN)
    arrived(page, "Overzicht Dossiers")
    page.goto(f"{live_server}/dossiers/{dossier.id}")
    arrived(page, "Raadplegen Dossier")
    expect(traject(page)).to_contain_text("Er zijn nog geen beslissingen geregistreerd.")
    mark_page(page)

    # 1. The first beslissing and its Start Hulpaanbod, in place.
    first = f"Jeugdhulpbeslissing RTJ: {dmy(first_start)} tot {dmy(first_end)}"
    add_first_beslissing(page, first_start, first_end)
    add_start_hulpaanbod(page, hulp_start, first)

    # 2. The end date through the underlined link (the most recent schakeling).
    running = f"Start hulpaanbod: vanaf {dmy(hulp_start)}, nog lopend"
    ended = f"Start hulpaanbod: vanaf {dmy(hulp_start)} tot {dmy(first_end)}"
    edit_schakeling(page, running, "Start Hulpaanbod", dmy(first_end), ended)

    # 3. The traject goes on: the end date is taken away again, so the new beslissing first
    #    asks to close the running schakeling; then its Verlenging, confirmed past its end.
    edit_schakeling(page, ended, "Start Hulpaanbod", "", running)
    close_previous_then_beslissing(page, f"Start hulpaanbod vanaf {dmy(hulp_start)}", first_end)
    add_verlenging_beslissing(page, first_end, second_end, first)
    confirm_verlenging_after_beslissing(page, first_end, second_end, verlenging_end)

    # 4. Closing is refused while the Verlenging ends in the future; every condition is named.
    dossier_action(page, "Afsluiten dossier").click()
    arrived(page, "Afsluiten dossier")
    refusal = page.get_by_role("alert")
    expect(refusal).to_contain_text(f"Dossier {code} kan niet afgesloten worden")
    expect(refusal.get_by_role("listitem")).to_have_text(
        ["1 schakeling met een einddatum in de toekomst."]
    )
    expect(page.get_by_role("button", name="Dossier afsluiten")).to_have_count(0)
    check_accessibility(page)
    page.get_by_role("link", name="Terug naar het dossier").click()
    arrived(page, "Raadplegen Dossier")
    mark_page(page)
    verlenging = f"Verlenging: vanaf {dmy(first_end)} tot {dmy(verlenging_end)}"
    fixed = f"Verlenging: vanaf {dmy(first_end)} tot {dmy(real_end)}"
    edit_schakeling(page, verlenging, "Verlenging", dmy(real_end), fixed)

    dossier_action(page, "Afsluiten dossier").click()
    arrived(page, "Afsluiten dossier")
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(page.get_by_role("main")).to_contain_text(f"Wil je dossier {code} van {name}")
    check_accessibility(page)
    page.get_by_role("button", name="Dossier afsluiten").click()
    arrived(page, "Raadplegen Dossier")
    expect(page.get_by_role("status")).to_contain_text(f"Dossier {code} werd afgesloten.")
    expect(fact(page, "Status")).to_have_text(f"afgesloten op {dmy(today)}")
    expect(dossier_action(page, "Afsluiten dossier")).to_have_count(0)
    check_accessibility(page)

    # 5. Heropenen: the last schakeling ended less than a year ago, so directly.
    dossier_action(page, "Heropenen").click()
    arrived(page, "Heropenen")
    expect(page.get_by_role("main")).to_contain_text(f"Wil je dossier {code} van {name}")
    check_accessibility(page)
    page.get_by_role("button", name="Heropenen").click()
    arrived(page, "Raadplegen Dossier")
    expect(page.get_by_role("status")).to_contain_text(f"Dossier {code} werd heropend.")
    expect(fact(page, "Status")).to_have_text("open")
    expect(dossier_action(page, "Heropenen")).to_have_count(0)
    expect(dossier_action(page, "Afsluiten dossier")).to_be_visible()
    expect(traject(page).locator("ul.schakelingen li")).to_have_count(2)

    expected_422 = r"status of 422 \(UNPROCESSABLE ENTITY\) \(" + re.escape(live_server)
    assert_no_browser_problems(console_errors, live_server, allow=(expected_422,))


def test_s7_quick_add_from_the_overview_opens_the_same_forms_in_place(
    page, live_server, world, console_errors
):
    """S-7: the dark blue "+" of a row opens "Toevoegen Jeugdhulpbeslissing" above the list,
    takes the keyboard focus there, and saving goes on to "Toevoegen Start Hulpaanbod"."""
    sync_catalogue()
    naft = db.session.scalar(db.select(TypeModule).where(TypeModule.code == "NAFT"))
    db.session.add(
        ModuleApproval(
            organisation_id=world.brug.id, type_module_id=naft.id, valid_from=date(2020, 1, 1)
        )
    )
    db.session.commit()
    code = world.brug_dossier.code
    start = datetime.now(BRUSSELS).date() - timedelta(days=3)

    log_in_at_provider(page, live_server, JAN)
    arrived(page, "Overzicht Dossiers")
    mark_page(page)
    quick = page.locator("#snelle-actie")
    with page.expect_response(lambda r: r.url.endswith("/beslissingen/nieuw")):
        page.get_by_role("link", name=f"+ beslissing toevoegen in dossier {code}").click()
    expect(quick.locator("#traject-panel h3")).to_have_text("Toevoegen Jeugdhulpbeslissing")
    expect(quick.get_by_role("heading", name=SECTION)).to_contain_text(code)
    expect(quick.locator("#traject-panel h3")).to_be_focused()
    assert same_page(page)
    check_accessibility(page)

    quick.get_by_role("textbox", name="Begindatum").fill(dmy(start))
    with page.expect_response(lambda r: r.request.method == "POST"):
        quick.get_by_role("button", name="Opslaan").click()
    expect(quick.locator("#traject-panel h3")).to_have_text("Toevoegen Start Hulpaanbod")
    assert same_page(page)
    expect(page).to_have_url(f"{live_server}/")
    check_accessibility(page)
    assert_no_browser_problems(console_errors, live_server)
