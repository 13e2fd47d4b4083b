"""C-3/C-5 in a real Chromium: Jan Peeters of NAFT De Brug opens "Bereken bezettingsgraad" from
the red bar, computes the NAFT bezetting of 2025 (capacity 20, then 26 from 01/07/2025), sees
the chart drawn without script (the Content-Security-Policy stays as it is) and the same
numbers as a table, at 390 and 1280 px without sideways scrolling, and downloads "Exporteer
resultaat"; axe-core on each state. (2025, not this year: a period reaching past today counts
only up to today, C-3, and the live server runs on the real clock.)"""

from __future__ import annotations

from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from binc_web.catalogue import sync_catalogue
from binc_web.extensions import db
from binc_web.models import ModuleApproval
from tests.browser.conftest import (
    assert_no_browser_problems,
    check_accessibility,
    log_in_at_provider,
)
from tests.browser.test_layout_browser import sideways
from tests.conftest import JAN
from tests.factories_figures import approval, capacity, module, traject

pytestmark = pytest.mark.browser


def test_c3_jan_computes_the_naft_bezetting_sees_the_chart_and_exports(
    page, live_server, world, console_errors
):
    sync_catalogue()
    approval(world.brug, "NAFT")
    capacity(world.brug, "NAFT", date(2024, 1, 1), 20)
    capacity(world.brug, "NAFT", date(2025, 7, 1), 26)
    for day in (date(2025, 2, 15), date(2025, 7, 1), date(2025, 12, 31)):
        traject(world.brug, ("NAFT",), (day, None))
    db.session.commit()

    log_in_at_provider(page, live_server, JAN)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Bereken bezettingsgraad"
    ).click()
    expect(page.get_by_role("heading", name="Bereken bezettingsgraad", level=1)).to_be_visible()
    # The only module of De Brug is preselected, as in the manual.
    expect(page.get_by_label("Typemodule")).to_have_value(str(module("NAFT").id))
    check_accessibility(page)

    page.get_by_label("Van").fill("01/01/2025")
    page.get_by_label("Tot en met").fill("31/12/2025")
    page.get_by_role("button", name="Bereken bezettingsgraad").click()

    figures = page.locator("#bezetting-cijfers")
    expect(figures.get_by_role("row", name="NAFT onderwijs-welzijnstraject")).to_contain_text(
        "13,0 %"
    )
    chart = page.get_by_role("img", name="Staafdiagram: bezettingsgraad per maand")
    expect(chart).to_be_visible()
    expect(chart.locator("rect")).to_have_count(3)  # bars only where a dossier started
    expect(chart).to_contain_text("capaciteit 26")
    expect(page.locator("#bezetting-per-maand tbody tr")).to_have_count(12)
    check_accessibility(page)
    # Convention 7: the figures, the chart and the month table fit a phone and a desktop.
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert not sideways(page), width

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Exporteer resultaat").click()
    download = download_info.value
    assert download.suggested_filename.startswith("NAFT De Brug - Bezettingsgraad - ")
    workbook = load_workbook(BytesIO(Path(download.path()).read_bytes()))
    row = [cell.value for cell in workbook["Bezettingsgraad"][8]]
    assert row[:3] == ["NAFT onderwijs-welzijnstraject", 3, pytest.approx(8404 / 365)]
    assert f"{row[3] * 100:.1f}" == "13.0"
    assert_no_browser_problems(console_errors, live_server)


def test_c3_c4_a_refused_period_takes_the_focus_to_its_message(
    page, live_server, world, console_errors
):
    """Found walking chapters 11 and 13 by keyboard: after a refused period the focus stayed
    at the top of the page, a whole menu away from the message that says what to fix."""
    sync_catalogue()
    approval(world.brug, "NAFT")
    db.session.commit()
    log_in_at_provider(page, live_server, JAN)
    for path, button in (
        ("/bezettingsgraad", "Bereken bezettingsgraad"),
        ("/inzet", "Bereken inzet"),
    ):
        page.goto(live_server + path)
        page.get_by_label("Van").fill("01/06/2026")
        page.get_by_label("Tot en met").fill("01/01/2026")
        page.get_by_role("button", name=button).click()
        summary = page.locator(".error-summary")
        expect(summary).to_contain_text("De einddatum mag niet vóór de begindatum liggen.")
        expect(summary).to_be_focused()
    assert_no_browser_problems(console_errors, live_server, allow=(r"status of 422",))


def test_c5_an_export_refused_as_stale_shows_its_message_not_a_failed_download(
    page, live_server, world, console_errors
):
    """Found walking chapter 11: "Exporteer resultaat" of a result that no longer holds (here
    the module is no longer offered: another tab switched voorziening, or its approval went)
    answered 422 behind a link marked ``download``, so the browser showed a failed download and
    no message. Now the page with the Dutch message opens; a good export still downloads."""
    sync_catalogue()
    approval(world.brug, "NAFT")
    db.session.commit()
    log_in_at_provider(page, live_server, JAN)
    page.goto(f"{live_server}/bezettingsgraad")
    page.get_by_label("Van").fill("01/01/2026")
    page.get_by_label("Tot en met").fill("31/03/2026")
    page.get_by_role("button", name="Bereken bezettingsgraad").click()
    export = page.get_by_role("link", name="Exporteer resultaat")
    expect(export).to_be_visible()
    db.session.execute(db.delete(ModuleApproval))
    db.session.commit()
    export.click()
    expect(page.get_by_role("heading", name="Bereken bezettingsgraad", level=1)).to_be_visible()
    expect(
        page.get_by_text("Uw voorziening heeft nog geen modules in de moduledatabank.")
    ).to_be_visible()
    assert_no_browser_problems(console_errors, live_server, allow=(r"status of 422",))
