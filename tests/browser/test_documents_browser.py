"""F-1/F-5 and 15.1.1 in a real Chromium: Jan shares a document from a dossier with Het Anker
(the directory's autocomplete, a second recipient with the blue "+"), Pieter finds it under
"Ontvangen documenten" and downloads it, and Jan sees "geopend door" in "Activiteiten
dossier"; axe-core on each page."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from binc_web.directory import service_of
from binc_web.extensions import db
from binc_web.models import ServiceContact
from tests.browser.conftest import (
    assert_no_browser_problems,
    check_accessibility,
    log_in_at_provider,
    open_page,
)
from tests.conftest import JAN, PIETER, SOFIE
from tests.factories_documents import PDF

pytestmark = pytest.mark.browser


def choose(page, field_id: str, typed: str, option: str) -> None:
    """Type in an autocomplete field and pick the option (as a user does, by keyboard)."""
    field = page.locator(f"#{field_id}")
    field.fill(typed)
    expect(page.locator(f"#{field_id}-lijst").get_by_role("option", name=option)).to_be_visible()
    field.press("ArrowDown")
    field.press("Enter")
    expect(field).to_have_value(option)


def test_f1_f5_share_receive_download_and_receipt(
    app, world, page, live_server, console_errors, chromium_browser
):
    db.session.add(
        ServiceContact(
            service_id=service_of(world.anker).id,
            name="Pieter Willems",
            email="pieter@anker.example",
        )
    )
    db.session.commit()
    dossier = world.brug_dossier
    log_in_at_provider(page, live_server, JAN)
    page.goto(f"{live_server}/dossiers/{dossier.id}")
    page.get_by_role("navigation", name="Acties dossier").get_by_role(
        "link", name="Delen documenten"
    ).click()
    expect(page.get_by_role("heading", name="Delen documenten", level=1)).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Toevoegen document").click()
    expect(page.get_by_role("heading", name="Toevoegen document")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Korte beschrijving").fill("Evolutieverslag")
    page.get_by_label("Bestand opladen").set_input_files(
        {"name": "evolutieverslag.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    choose(page, "ontvangers-0-dienst", "Anker", "Jeugdhulp Het Anker")
    choose(page, "ontvangers-0-naam", "Piet", "Pieter Willems")
    expect(page.locator("#ontvangers-0-email")).to_have_value("pieter@anker.example")
    # The "+" by keyboard: the focus moves to the new row's first field ("Dienst"), not to the
    # top of the page (the "+" that had it is replaced by the next row's).
    page.get_by_role("button", name="Nog een ontvanger toevoegen").press("Enter")
    expect(page.locator("#ontvangers-1-dienst")).to_be_visible()
    expect(page.locator("#ontvangers-1-dienst")).to_be_focused()
    # The new row is on the page before htmx has bound its active search (at the settle): a
    # user cannot type that fast, a test can.
    page.wait_for_function(
        "() => document.getElementById('ontvangers-1-dienst')['htmx-internal-data'] !== undefined"
    )
    choose(page, "ontvangers-1-dienst", "het anker", "Jeugdhulp Het Anker")
    page.locator("#ontvangers-1-naam").fill("Sofie Janssens")
    page.locator("#ontvangers-1-email").fill("sofie@anker.example")
    check_accessibility(page)
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url(f"**/dossiers/{dossier.id}/documenten")
    expect(page.get_by_role("link", name="evolutieverslag.pdf")).to_be_visible()
    expect(page.get_by_text("Sofie Janssens (sofie@anker.example)")).to_be_visible()
    check_accessibility(page)

    pieter = open_page(chromium_browser, console_errors)
    try:
        log_in_at_provider(pieter, live_server, PIETER)
        pieter.get_by_role("navigation", name="Hoofdmenu").get_by_role(
            "link", name="Ontvangen documenten"
        ).click()
        expect(pieter.get_by_role("heading", name="Ontvangen documenten")).to_be_visible()
        check_accessibility(pieter)
        with pieter.expect_download() as info:
            pieter.get_by_role("link", name="evolutieverslag.pdf").click()
        assert info.value.suggested_filename == "evolutieverslag.pdf"
        with open(info.value.path(), "rb") as downloaded:
            assert downloaded.read() == PDF
    finally:
        pieter.context.close()

    page.goto(f"{live_server}/dossiers/{dossier.id}/activiteiten")
    expect(page.get_by_text("geopend door Pieter Willems (Jeugdhulp Het Anker)")).to_be_visible()
    check_accessibility(page)
    # The sender's log of downloads, and "Gebruikersbeheer documenten".
    page.goto(f"{live_server}/dossiers/{dossier.id}/documenten")
    page.get_by_role("link", name="evolutieverslag.pdf").click()
    expect(page.get_by_role("heading", name="Geopend")).to_be_visible()
    expect(page.get_by_role("cell", name="gedownload")).to_be_visible()
    expect(page.get_by_role("cell", name="getoond in Ontvangen documenten")).to_be_visible()
    check_accessibility(page)
    assert_no_browser_problems(console_errors, live_server)


def test_15_3_1_zoek_persoon_shows_the_colleague_before_voeg_toe(
    app, world, page, live_server, console_errors
):
    world.sofie.last_login_at = datetime.now(UTC)
    db.session.commit()
    log_in_at_provider(page, live_server, JAN)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Gebruikersbeheer documenten"
    ).click()
    search = page.get_by_label("Zoek persoon")
    found = page.get_by_role("status").filter(has=page.locator("#gevonden-persoon"))
    # A colleague's number, typed key by key: shown as soon as it is complete, before [Voeg toe].
    search.press_sequentially(SOFIE.national_number[:10])
    search.press_sequentially(SOFIE.national_number[10:])
    expect(found).to_contain_text(f"Gevonden: Sofie Janssens ({SOFIE.national_number})")
    check_accessibility(page)
    # Someone of another voorziening is not found (the same answer as for nobody).
    search.fill(PIETER.national_number)
    expect(found).to_contain_text("Geen persoon gevonden met dit rijksregisternummer")
    search.fill(SOFIE.national_number)
    expect(found).to_contain_text("Gevonden: Sofie Janssens")
    search.press("Enter")  # [Voeg toe] by keyboard: the form's submit
    expect(page.get_by_text("Sofie Janssens werd toegevoegd aan de lijst.")).to_be_visible()
    expect(page.get_by_role("cell", name="Sofie Janssens", exact=True)).to_be_visible()
    check_accessibility(page)
    assert_no_browser_problems(console_errors, live_server)
