"""G-3 "Inzage" in a real Chromium: from the youth's Cliëntcontext to the Inzage, its print
view (the Inzage alone), the downloaded HTML file opened on its own; axe-core on each."""

from __future__ import annotations

import zipfile

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    assert_no_browser_problems,
    check_accessibility,
    log_in_at_provider,
)
from tests.conftest import ANN, JAN, TOM
from tests.factories_privacy import NUMBER, SECRETS, rich_youth

pytestmark = pytest.mark.browser


def test_g3_browser_inzage_print_view_and_download(world, page, live_server, console_errors):
    youth = rich_youth(world)
    log_in_at_provider(page, live_server, JAN)
    page.goto(f"{live_server}/clienten/{youth.client.id}/context")
    page.get_by_role("link", name="Inzage", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inzage: Vanderstraeten Zoë")
    inzage = page.locator("#inzage")
    expect(inzage).to_contain_text(NUMBER)
    expect(inzage).to_contain_text(SECRETS["mother"])
    expect(page.get_by_role("heading", name=f"Dossier {youth.brug_dossier.code}")).to_be_visible()
    check_accessibility(page)
    fits_a_phone(page)

    page.emulate_media(media="print")
    for shell in (".site-header", ".hoofdmenu", ".site-footer", ".breadcrumbs", ".inzage-acties"):
        expect(page.locator(shell)).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(inzage).to_be_visible()
    check_accessibility(page)
    page.emulate_media(media="screen")

    with page.expect_download() as waited:
        page.get_by_role("link", name="Download inzage (ZIP)").click()
    archive = zipfile.ZipFile(waited.value.path())
    document = archive.read("inzage.html").decode()
    assert_no_browser_problems(console_errors, live_server)
    page.set_content(document)
    expect(page.get_by_role("heading", level=1)).to_have_text("Inzage: Vanderstraeten Zoë")
    expect(page.locator("#inzage")).to_contain_text(SECRETS["referentie"])
    check_accessibility(page)


def fits_a_phone(page) -> None:
    """Convention 7: no sideways scrolling at 390 px."""
    size = page.viewport_size
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size(size)


def test_access_log_and_research_pages_browser(world, page, live_server, console_errors):
    youth = rich_youth(world)
    log_in_at_provider(page, live_server, TOM)
    page.goto(f"{live_server}/dossiers/{youth.brug_dossier.id}")
    page.get_by_role("link", name="Raadplegingen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Raadplegingen")
    rows = page.locator("table.list tbody tr")
    expect(rows.first).to_contain_text("Tom Maes")
    page.get_by_role("combobox", name="Gebruiker").select_option(label="Jan Peeters")
    page.get_by_role("button", name="Filteren").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Jan Peeters")
    check_accessibility(page)
    fits_a_phone(page)
    assert_no_browser_problems(console_errors, live_server)

    page.context.clear_cookies()
    log_in_at_provider(page, live_server, ANN)
    page.get_by_role("link", name="Onderzoeksbestand").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Onderzoeksbestand")
    check_accessibility(page)
    fits_a_phone(page)


def test_g2_retention_page_browser(world, page, live_server, console_errors):
    """G-2: the agency's Bewaartermijn page with a run, on a phone, axe-core clean."""
    from datetime import date

    from binc_web.privacy.retention import erase_due

    rich_youth(world)
    erase_due(date(2045, 7, 22))
    log_in_at_provider(page, live_server, ANN)
    page.get_by_role("link", name="Bewaartermijn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bewaartermijn")
    expect(page.locator("table.list").last).to_contain_text("22/07/2045")
    expect(page.locator("main")).not_to_contain_text(SECRETS["family_name"])
    check_accessibility(page)
    fits_a_phone(page)
    assert_no_browser_problems(console_errors, live_server)
