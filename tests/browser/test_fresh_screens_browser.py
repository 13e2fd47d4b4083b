"""Convention 15 in a real Chromium (issue 11): after a save, every section that depends on the
dossier shows it without a reload — the overview row and "Actie nodig" after a quick "+"
(S-7), the action bar and the beginregistratie deadline on the dossier page."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from binc_web.catalogue import sync_catalogue
from binc_web.extensions import db
from binc_web.models import ModuleApproval, TypeModule
from binc_web.rules.registrations import begin_registration_deadline
from binc_web.templating import today
from tests.browser.conftest import (
    assert_no_browser_problems,
    check_accessibility,
    log_in_at_provider,
)
from tests.conftest import JAN
from tests.factories_overview import beslissing, schakeling

pytestmark = pytest.mark.browser


def dmy(day: date) -> str:
    return day.strftime("%d/%m/%Y")


@pytest.fixture
def naft(world):
    sync_catalogue()
    naft_module = db.session.scalar(db.select(TypeModule).where(TypeModule.code == "NAFT"))
    db.session.add(
        ModuleApproval(
            organisation_id=world.brug.id,
            type_module_id=naft_module.id,
            valid_from=date(2020, 1, 1),
        )
    )
    db.session.commit()
    return world


def mark(page: Page) -> None:
    page.evaluate("window.__noReload = true")


def not_reloaded(page: Page) -> None:
    assert page.evaluate("window.__noReload === true"), "the page was reloaded"


def save(page: Page, panel, path_end: str) -> None:
    with page.expect_response(
        lambda r: r.request.method == "POST" and r.url.split("?")[0].endswith(path_end)
    ) as answer:
        panel.get_by_role("button", name="Opslaan").click()
    assert answer.value.status == 200, answer.value.text()


def refused_as_stale(page, region):
    """D-13: the message of a save refused as stale, shown in ``region`` where the user acted
    (focused and in view, not in the banner); returned for further checks."""
    message = region.get_by_role("alert")
    expect(message).to_contain_text("De gevraagde actie kon niet uitgevoerd worden")
    expect(message).to_be_focused()
    expect(message).to_be_in_viewport()
    expect(page.locator("#banner")).to_be_hidden()
    return message


def test_s7_quick_add_refreshes_the_row_and_actie_nodig(naft, page, live_server, console_errors):
    dossier = naft.brug_dossier
    start = today() - timedelta(days=3)
    log_in_at_provider(page, live_server, JAN)
    actions = page.get_by_role("region", name="Actie nodig")
    without = actions.get_by_role("heading", name="Open dossiers zonder beslissing (1)")
    expect(without).to_be_visible()
    row = page.locator("#dossierlijst tbody tr", has_text=dossier.code)
    expect(row.locator("td").nth(7)).to_have_text("")
    mark(page)
    row.get_by_role("link", name=f"beslissing toevoegen in dossier {dossier.code}").click()
    panel = page.locator("#snelle-actie")
    panel.get_by_role("textbox", name="Begindatum").fill(dmy(start))
    save(page, panel, "/beslissingen/nieuw")
    # The beslissing is in the row and no longer "zonder beslissing", before any reload.
    expect(row.locator("td").nth(7)).to_have_text("RTJ")
    expect(without).to_have_count(0)
    expect(panel.locator("#traject-panel h3")).to_have_text("Toevoegen Start Hulpaanbod")
    panel.get_by_role("textbox", name="Begindatum").fill(dmy(start))
    save(page, panel, "/schakelingen/nieuw")
    expect(row.locator("td").nth(9)).to_have_text(dmy(start))
    not_reloaded(page)
    # The refreshes did not take the keyboard focus out of the panel.
    assert page.evaluate("document.getElementById('snelle-actie').contains(document.activeElement)")
    check_accessibility(page)
    assert_no_browser_problems(console_errors, live_server)


def test_d6_dossier_page_sections_follow_the_traject(naft, page, live_server, console_errors):
    dossier = naft.brug_dossier
    start = today() - timedelta(days=3)
    aangemeld = dossier.aanmelding.datum_aanmelding
    log_in_at_provider(page, live_server, JAN)
    page.goto(f"{live_server}/dossiers/{dossier.id}")
    actions = page.get_by_role("navigation", name="Acties dossier")
    registraties = page.locator("#registraties")
    expect(actions.get_by_role("link", name="Dossier verwijderen")).to_be_visible()
    expect(registraties).to_contain_text(dmy(begin_registration_deadline(aangemeld)))
    mark(page)
    page.get_by_role("link", name="+ Toevoegen Jeugdhulpbeslissing").click()
    panel = page.locator("#traject-panel")
    panel.get_by_role("textbox", name="Begindatum").fill(dmy(start))
    save(page, panel, "/beslissingen/nieuw")
    expect(actions.get_by_role("link", name="Dossier verwijderen")).to_have_count(0)
    panel.get_by_role("textbox", name="Begindatum").fill(dmy(start))
    save(page, panel, "/schakelingen/nieuw")
    expect(registraties).to_contain_text(dmy(begin_registration_deadline(start)))
    not_reloaded(page)
    check_accessibility(page)
    assert_no_browser_problems(console_errors, live_server)


def test_d13_a_stale_save_is_shown_where_the_user_acted(naft, page, live_server, console_errors):
    """D-13: the second tab's "Opslaan" on a schakeling changed in the first gets the manual's
    message in the panel above its form, with the focus on it and the typed date kept."""
    dossier = naft.brug_dossier
    decided = beslissing(dossier, date(2026, 1, 5), date(2026, 7, 5))
    running = schakeling(decided, date(2026, 1, 10))
    naft_module = db.session.scalar(db.select(TypeModule).where(TypeModule.code == "NAFT"))
    decided.modules, running.modules = [naft_module], [naft_module]
    db.session.commit()
    log_in_at_provider(page, live_server, JAN)
    other = page.context.new_page()
    label = "Start hulpaanbod: vanaf 10/01/2026, nog lopend"
    for tab in (page, other):
        tab.goto(f"{live_server}/dossiers/{dossier.id}")
        tab.locator("#traject").get_by_role("link", name=label).click()
        expect(tab.locator("#traject-panel form")).to_be_visible()
    other.locator("#traject-panel").get_by_role("textbox", name="Einddatum").fill("30/06/2026")
    with other.expect_response(lambda r: r.request.method == "POST"):
        other.locator("#traject-panel").get_by_role("button", name="Opslaan").click()
    expect(other.locator("#traject-panel")).to_have_count(0)
    other.close()
    page.set_viewport_size({"width": 1280, "height": 700})
    panel = page.locator("#traject-panel")
    panel.get_by_role("textbox", name="Einddatum").fill("01/07/2026")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        panel.get_by_role("button", name="Opslaan").click()
    assert answer.value.status == 409
    refused_as_stale(page, panel)
    expect(panel.get_by_role("textbox", name="Einddatum")).to_have_value("01/07/2026")
    check_accessibility(page)
    assert_no_browser_problems(console_errors, live_server, allow=(r"status of 409",))
    db.session.expire_all()
    assert db.session.get(type(running), running.id).einddatum == date(2026, 6, 30)


def test_d13_a_stale_save_of_cliëntgegevens_is_shown_above_its_form(
    world, page, live_server, console_errors
):
    """D-13 outside the traject: the Cliëntgegevens changed by a colleague after this form was
    opened; "Opslaan" gets the manual's message above the form, in view and focused, and the
    typed name is still in its field to redo the change. The colleague's change stays."""
    client = world.brug_dossier.client
    family_name = client.family_name
    client.nationality = client.country_of_origin = "België"
    client.language = "Nederlands"
    db.session.commit()
    log_in_at_provider(page, live_server, JAN)
    page.set_viewport_size({"width": 1280, "height": 500})
    page.goto(f"{live_server}/clienten/{client.id}/gegevens")
    form = page.locator("#clientgegevens")
    expect(form.get_by_role("textbox", name="Naam", exact=True)).to_be_visible()
    client.given_name = "Collega"
    db.session.commit()
    form.get_by_role("textbox", name="Naam", exact=True).fill("Nieuwenaam")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        form.locator("button[type=submit]:not([name])").last.click()
    assert answer.value.status == 409
    message = refused_as_stale(page, form)
    expect(form.get_by_role("textbox", name="Naam", exact=True)).to_have_value("Nieuwenaam")
    expect(message).to_contain_text("Voornaam: Collega")  # what is stored now, where it differs
    check_accessibility(page)
    db.session.expire_all()
    saved = db.session.get(type(client), client.id)
    assert (saved.given_name, saved.family_name) == ("Collega", family_name)
    # The form now carries the stored version: with the colleague's first name taken over,
    # a second "Opslaan" saves (no reload needed).
    form.get_by_role("textbox", name="Voornaam").fill("Collega")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        form.locator("button[type=submit]:not([name])").last.click()
    assert answer.value.status == 200
    expect(page.get_by_role("heading", name="Cliëntcontext", exact=False).first).to_be_visible()
    assert_no_browser_problems(
        console_errors, live_server, allow=(r"status of 409", r"Error Code 409")
    )
    db.session.expire_all()
    saved = db.session.get(type(client), client.id)
    assert (saved.given_name, saved.family_name) == ("Collega", "Nieuwenaam")


def test_d13_a_stale_save_of_the_aanmelding_in_place_is_shown_above_its_form(
    world, page, live_server, console_errors
):
    """D-13 on the dossier page: "Aanmelding wijzigen" opened in place, the aanmelding changed
    by a colleague meanwhile; "Opslaan" shows the message above that form, focused and in
    view, with the typed reference kept."""
    dossier = world.brug_dossier
    log_in_at_provider(page, live_server, JAN)
    page.set_viewport_size({"width": 1280, "height": 500})
    page.goto(f"{live_server}/dossiers/{dossier.id}")
    aanmelding = page.locator("#aanmelding")
    aanmelding.get_by_role("link", name="wijzigen (aanmelding)").click()
    form = page.get_by_role("region", name="Aanmelding wijzigen")
    expect(form).to_be_focused()
    dossier.aanmelding.uw_referentie = "COLLEGA-1"
    db.session.commit()
    form.get_by_label("Uw referentie").fill("BRUG-999")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        form.get_by_role("button", name="Opslaan").click()
    assert answer.value.status == 409
    message = refused_as_stale(page, form)
    expect(form.get_by_label("Uw referentie")).to_have_value("BRUG-999")
    expect(message).to_contain_text("Uw referentie: COLLEGA-1")
    check_accessibility(page)
    db.session.expire_all()
    assert db.session.get(type(dossier), dossier.id).aanmelding.uw_referentie == "COLLEGA-1"
    # A second "Opslaan" saves what was typed: the form took the stored version.
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        form.get_by_role("button", name="Opslaan").click()
    assert answer.value.status == 200
    expect(aanmelding).to_contain_text("BRUG-999")
    assert_no_browser_problems(
        console_errors, live_server, allow=(r"status of 409", r"Error Code 409")
    )
    db.session.expire_all()
    assert db.session.get(type(dossier), dossier.id).aanmelding.uw_referentie == "BRUG-999"


def test_a_refused_request_outside_a_form_shows_the_banner_in_view_and_focused(
    world, page, live_server, console_errors
):
    """A refused htmx request that no form sent (here the "wijzigen" link of the aanmelding,
    answered 409 at the route) shows the banner at the top: scrolled into view and focused,
    wherever the user was on the page."""
    dossier = world.brug_dossier
    log_in_at_provider(page, live_server, JAN)
    page.set_viewport_size({"width": 1280, "height": 300})
    page.goto(f"{live_server}/dossiers/{dossier.id}")
    page.route(
        "**/aanmelding",
        lambda route: route.fulfill(
            status=409, content_type="text/plain; charset=utf-8", body="Verouderd."
        ),
    )
    link = page.locator("#aanmelding").get_by_role("link", name="wijzigen (aanmelding)")
    link.scroll_into_view_if_needed()
    banner = page.locator("#banner")
    expect(banner).not_to_be_in_viewport()
    link.click()
    expect(banner).to_contain_text("Verouderd.")
    expect(banner).to_be_focused()
    expect(banner).to_be_in_viewport()
    assert_no_browser_problems(
        console_errors, live_server, allow=(r"status of 409", r"Error Code 409")
    )


def test_d1_aanmelding_wijzigen_on_its_own_page_returns_to_the_dossier(
    world, page, live_server, console_errors
):
    """D-1: "Aanmelding wijzigen" opened as a page of its own (a new tab, no JavaScript) ends
    on the dossier with a confirmation, not on a read-only card under "Aanmelding wijzigen"."""
    dossier = world.brug_dossier
    log_in_at_provider(page, live_server, JAN)
    page.goto(f"{live_server}/dossiers/{dossier.id}/aanmelding")
    page.get_by_role("textbox", name="Uw referentie").fill("BRUG-777")
    page.get_by_role("button", name="Opslaan").click()
    expect(page).to_have_url(f"{live_server}/dossiers/{dossier.id}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Raadplegen Dossier")
    expect(page.get_by_text("De aanmelding werd bewaard.")).to_be_visible()
    expect(page.locator("#aanmelding")).to_contain_text("BRUG-777")
    assert_no_browser_problems(console_errors, live_server)


def test_r5_an_answer_given_while_the_follow_up_questions_load_is_kept(
    world, page, live_server, console_errors
):
    """R-5 on a slow connection: "Opleidingsniveau" asks the server for its follow-up questions;
    an answer given to another question before that answer arrives is not reverted by the swap.
    The request is held at the route (a deterministic delay) until the second answer is given."""
    dossier = world.brug_dossier
    log_in_at_provider(page, live_server, JAN)
    page.goto(f"{live_server}/dossiers/{dossier.id}/registratie/begin")
    form = page.locator("#registratie")
    held = []

    def hold(route):
        if route.request.method == "POST":
            held.append(route)
        else:
            route.continue_()

    page.route("**/registratie/begin", hold)
    form.get_by_role("combobox", name=re.compile("^Opleidingsniveau")).select_option(
        label="Gewoon secundair onderwijs: ASO (doorstroomfinaliteit)"
    )
    page.wait_for_timeout(100)
    assert len(held) == 1, "the follow-up questions were not asked for"
    achterstand = form.get_by_role("combobox", name=re.compile("^Aantal jaren schoolachterstand"))
    achterstand.select_option(label="2 jaar")
    held.pop().continue_()
    expect(form.locator("#veld-leerjaar")).to_be_visible()  # the swap happened
    expect(achterstand).to_have_value("2")
    expect(form.get_by_role("combobox", name=re.compile("^Opleidingsniveau"))).to_have_value("aso")
    assert_no_browser_problems(console_errors, live_server)
