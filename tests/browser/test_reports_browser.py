"""P-3/P-4 in a real Chromium: "Nieuw rapport" → the request waits on the queue with its
progress bar → a real consumer process generates it → the bar fills by itself (htmx polling)
→ download; "Overzicht Binc Rapporten": expand a quarter with its "+" and download a file."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import openpyxl
import pytest
from playwright.sync_api import expect

from binc_web.extensions import db
from binc_web.reports import catalogue, generation
from binc_web.templating import today
from tests.browser.conftest import (
    assert_no_browser_problems,
    check_accessibility,
    log_in_at_provider,
)
from tests.conftest import JAN
from tests.factories_jobs import periodic_report
from tests.test_jobs import consumer_process, queue_at

pytestmark = pytest.mark.browser


def opened(download) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(open(download.path(), "rb").read()))


def test_p4_new_report_progress_and_download(
    app, world, page, live_server, console_errors, tmp_path
):
    url = f"sqlite:///{tmp_path / 'jobs.sqlite3'}"
    definition = catalogue.REPORTS[0]
    with queue_at(app, url):
        log_in_at_provider(page, live_server, JAN)
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
            "link", name="Nieuw rapport"
        ).click()
        expect(page.get_by_role("heading", name="Nieuw rapport", level=1)).to_be_visible()
        for table in definition.tables:
            expect(page.get_by_text(table, exact=True).first).to_be_visible()
        check_accessibility(page)
        page.get_by_label("Begindatum").fill("01/01/2026")
        page.get_by_label("Einddatum").fill("31/12/2026")
        page.get_by_role("checkbox", name=definition.name).check()
        page.get_by_role("button", name="Genereer Rapporten").click()
        page.wait_for_url("**/rapporten/op-aanvraag")
        bar = page.get_by_role("progressbar")
        expect(bar).to_have_attribute("aria-valuenow", "0")  # waiting for a consumer
        check_accessibility(page)
        with consumer_process(app, url):
            expect(bar).to_have_attribute("aria-valuenow", "100", timeout=180_000)
        expect(page.get_by_text("Klaar: 1 rapport")).to_be_visible()
        with page.expect_download() as info:
            page.get_by_role("link", name="Download").first.click()
    download = info.value
    expected = catalogue.file_name(world.brug.name, definition, today())
    assert download.suggested_filename == expected
    if definition.extension == "xlsx":
        assert opened(download).sheetnames
    check_accessibility(page)
    assert_no_browser_problems(console_errors, live_server)


def test_p3_overview_expand_and_download(app, world, page, live_server, console_errors):
    periodic_report(world.brug, 2026, 3)  # the real catalogue, one quarter
    log_in_at_provider(page, live_server, JAN)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Overzicht Binc Rapporten"
    ).click()
    expect(page.get_by_role("heading", name="Overzicht Binc Rapporten")).to_be_visible()
    check_accessibility(page)
    first_set = page.locator(".report-set").first
    file_link = first_set.locator(".report-files a").first
    expect(file_link).to_be_hidden()
    first_set.locator("summary").click()  # the "+"
    expect(file_link).to_be_visible()
    check_accessibility(page)
    with page.expect_download() as info:
        file_link.click()
    assert info.value.suggested_filename.startswith(f"{world.brug.name} - ")
    with page.expect_download() as zipped:
        first_set.get_by_role("link", name="Download ZIP").click()
    assert zipped.value.suggested_filename.endswith(".zip")
    assert_no_browser_problems(console_errors, live_server)


def test_p4_a_failed_report_offers_a_retry_that_delivers(
    app, world, page, live_server, console_errors, monkeypatch
):
    """P-4: a request whose generation fails shows the failure and "Opnieuw proberen" (no
    endless polling); the retry, once the cause is gone, fills the bar and offers the file."""
    definition = catalogue.REPORTS[0]
    real = catalogue.report

    def failing(key):
        def write(stream, context):
            raise RuntimeError("schijf vol")

        return replace(real(key), write=write)

    monkeypatch.setattr(catalogue, "report", failing)
    log_in_at_provider(page, live_server, JAN)
    page.goto(f"{live_server}/rapporten/nieuw")
    page.get_by_label("Begindatum").fill("01/01/2026")
    page.get_by_label("Einddatum").fill("31/03/2026")
    page.get_by_role("checkbox", name=definition.name).check()
    page.get_by_role("button", name="Genereer Rapporten").click()
    page.wait_for_url("**/rapporten/op-aanvraag")
    expect(page.get_by_text("Het genereren van de rapporten is mislukt")).to_be_visible()
    retry = page.get_by_role("button", name="Opnieuw proberen")
    expect(retry).to_be_visible()
    expect(page.locator("[hx-trigger]")).to_have_count(0)  # nothing keeps polling
    check_accessibility(page)
    monkeypatch.undo()  # the cause is gone
    retry.click()
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "100")
    expect(page.get_by_text("Het genereren van de rapporten is mislukt")).to_have_count(0)
    with page.expect_download() as info:
        page.get_by_role("link", name="Download").first.click()
    assert info.value.suggested_filename == catalogue.file_name(
        world.brug.name, definition, today()
    )
    check_accessibility(page)
    assert_no_browser_problems(console_errors, live_server)


def test_p4_without_javascript_a_waiting_request_can_be_refreshed(
    app, world, chromium_browser, live_server
):
    """Found walking "Op aanvraag" without JavaScript: the progress never moved and nothing
    said how to see it move; a link reloads the list."""
    request = generation.request_reports(
        world.brug.id, world.jan.id, date(2026, 1, 1), date(2026, 3, 31), ["aantal-dossiers"]
    )
    db.session.commit()
    context = chromium_browser.new_context(locale="nl-BE", java_script_enabled=False)
    page = context.new_page()
    try:
        log_in_at_provider(page, live_server, JAN)
        page.goto(live_server + "/rapporten/op-aanvraag")
        row = page.locator(f"#aanvraag-{request.id}")
        expect(row).to_contain_text("In de wachtrij: 1 rapport")
        generation.generate_request(request.id)
        row.get_by_role("link", name="Voortgang vernieuwen").click()
        expect(page.locator(f"#aanvraag-{request.id}")).to_contain_text("Klaar: 1 rapport")
    finally:
        context.close()


def test_p4_a_refused_nieuw_rapport_takes_the_focus_to_its_message(world, page, live_server):
    """Found walking chapter 14.2 by keyboard: the refused form left the focus at the top."""
    log_in_at_provider(page, live_server, JAN)
    page.goto(live_server + "/rapporten/nieuw")
    page.get_by_role("button", name="Genereer Rapporten").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Kies minstens één rapport.")
    expect(summary).to_be_focused()
