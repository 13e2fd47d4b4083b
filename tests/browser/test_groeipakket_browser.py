"""G-1 in a real Chromium: the agency's beleidsmedewerker opens "Groeipakket" from the red bar,
sees the night's run with its counts and downloads its file; axe-core on the page."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from binc_web.catalogue import sync_catalogue
from binc_web.extensions import db
from binc_web.groeipakket import feed
from tests.browser.conftest import (
    assert_no_browser_problems,
    check_accessibility,
    log_in_at_provider,
)
from tests.browser.test_privacy_browser import fits_a_phone
from tests.conftest import ANN
from tests.test_groeipakket import give

pytestmark = pytest.mark.browser


def test_g1_browser_the_agency_lists_the_runs_and_downloads_a_file(
    world, page, live_server, console_errors
):
    sync_catalogue()
    give(world.anker_dossier, date(2026, 1, 5), codes=("VB-HOOG",))
    db.session.commit()
    run = feed.run_feed(date(2026, 1, 5))
    log_in_at_provider(page, live_server, ANN)
    page.get_by_role("link", name="Groeipakket", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Groeipakket")
    row = page.locator("table.list tbody tr")
    expect(row).to_have_count(1)
    expect(row.first).to_contain_text(feed.file_name(run))
    check_accessibility(page)
    fits_a_phone(page)
    with page.expect_download() as waited:
        page.get_by_role("link", name=feed.file_name(run)).click()
    assert Path(waited.value.path()).read_bytes() == run.content
    assert_no_browser_problems(console_errors, live_server)
