"""Figures in a real Chromium: Pieter Willems of Het Anker fills a month of benutting with the
keyboard (M-3), and Ann Wouters of Opgroeien changes a capacity that Jan Peeters of NAFT De
Brug then finds in its history (C-2, C-1). axe-core runs on every page."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from binc_web.catalogue import sync_catalogue
from binc_web.extensions import db
from binc_web.models import Benutting, Capaciteit
from binc_web.rules.benutting import month_days
from binc_web.templating import today
from tests.browser.conftest import (
    assert_no_browser_problems,
    check_accessibility,
    log_in_at_provider,
    open_page,
)
from tests.browser.test_dossier_journey_browser import arrived, mark_page, menu, same_page
from tests.browser.test_layout_browser import sideways
from tests.conftest import ANN, JAN, PIETER
from tests.factories_overview import beslissing, schakeling
from tests.test_traject import approve, module

pytestmark = pytest.mark.browser


def last_month() -> list[date]:
    """Every day of the month before this one (all in the past: each takes a value)."""
    return month_days((today().replace(day=1) - timedelta(days=1)).replace(day=1))


def value_for(day: date) -> str:
    """What Pieter types: a varied number of hours, in quarters."""
    return ["1", "0,25", "1,5", "", "2,75"][day.day % 5]


def test_m3_pieter_fills_a_month_of_benutting_with_the_keyboard(
    page: Page, live_server, world, console_errors
):
    days = last_month()
    sync_catalogue()
    approve(world.anker, "CB-LAAG")
    decided = beslissing(world.anker_dossier, days[0], days[-1] + timedelta(days=90))
    decided.modules = [module("CB-LAAG")]
    help_ = schakeling(decided, days[0], days[-1])
    help_.modules = [module("CB-LAAG")]
    db.session.commit()

    log_in_at_provider(page, live_server, PIETER)
    page.goto(f"{live_server}/dossiers/{world.anker_dossier.id}")
    arrived(page, "Raadplegen Dossier")
    link = page.get_by_role("link", name="Benutting Contextbegeleiding laagintensief registreren")
    expect(link).to_be_visible()  # the section loaded after the page
    check_accessibility(page)
    link.click()
    arrived(page, re.compile(r"^Benutting Contextbegeleiding laagintensief: "))
    check_accessibility(page)
    mark_page(page)

    first = page.get_by_label(f"{date_label(days[0])}", exact=True)
    first.focus()
    for day in days:
        field = page.locator(f"#dag-{day.day:02d}")
        expect(field).to_be_focused()
        typed = value_for(day)
        if typed:
            field.fill(typed)
            ending = f"/{day.day}"
            with page.expect_response(lambda r, ending=ending: r.url.endswith(ending)) as answer:
                page.keyboard.press("Enter")  # to the next day; leaving the field saves it
            assert answer.value.status == 200
        else:
            page.keyboard.press("ArrowDown")
    total = sum(hundredths(value_for(d)) for d in days)
    expect(page.locator("#maandtotaal")).to_contain_text(_amount(total))

    # A wrong step is refused at the day, with the focus back on it; corrected, it is saved.
    wrong = page.locator("#dag-03")
    wrong.fill("0,3")
    with page.expect_response(lambda r: r.url.endswith("/3")) as answer:
        page.keyboard.press("Enter")
    assert answer.value.status == 422
    expect(page.locator("#rij-03")).to_contain_text("registreer uren in stappen van 0,25")
    expect(wrong).to_be_focused()
    expect(wrong).to_have_attribute("aria-invalid", "true")
    check_accessibility(page)
    wrong.fill("0,5")
    with page.expect_response(lambda r: r.url.endswith("/3")) as answer:
        page.keyboard.press("Enter")
    assert answer.value.status == 200
    assert same_page(page), "every save happened in place"

    stored = {
        b.day: b.hundredths
        for b in db.session.scalars(
            db.select(Benutting).where(Benutting.type_module_id == module("CB-LAAG").id)
        )
    }
    expected = {d: hundredths(value_for(d)) for d in days if value_for(d)}
    expected[days[2]] = 50
    assert stored == expected
    page.reload()
    expect(page.locator("#dag-03")).to_have_value("0,5")
    expected_422 = r"status of 422 \(UNPROCESSABLE ENTITY\)"
    assert_no_browser_problems(console_errors, live_server, allow=(expected_422,))


def hundredths(typed: str) -> int:
    return round(float(typed.replace(",", ".") or 0) * 100)


def date_label(day: date) -> str:
    return ["ma", "di", "wo", "do", "vr", "za", "zo"][day.weekday()] + day.strftime(" %d/%m/%Y")


def _amount(hundredths: int) -> str:
    whole, rest = divmod(hundredths, 100)
    return str(whole) if not rest else f"{whole},{rest:02d}".rstrip("0")


def test_c2_ann_changes_a_capacity_and_jan_sees_its_history(
    page: Page, chromium_browser, live_server, world, console_errors
):
    sync_catalogue()
    approve(world.brug, "NAFT")
    db.session.add(
        Capaciteit(
            organisation_id=world.brug.id,
            type_module_id=module("NAFT").id,
            valid_from=date(2024, 1, 1),
            capacity=40,
            toelichting="Erkende capaciteit.",
        )
    )
    db.session.commit()
    start = today().replace(day=1)

    log_in_at_provider(page, live_server, ANN)
    menu(page, "Capaciteitsbeheer", "Capaciteitsbeheer")
    check_accessibility(page)
    page.get_by_label("Voorziening").select_option(label="NAFT De Brug")
    page.get_by_role("button", name="Toon").click()
    arrived(page, "Capaciteitsbeheer")
    page.locator("#typemodule").select_option(label="NAFT onderwijs-welzijnstraject")
    page.get_by_label("Vanaf").fill(start.strftime("%d/%m/%Y"))
    page.locator("#capaciteit").fill("46")
    page.get_by_label("Toelichting").fill("Uitbreiding na evaluatie.")
    page.get_by_role("button", name="Capaciteit opslaan").click()
    arrived(page, "Capaciteitsbeheer")
    expect(page.locator(".messages")).to_contain_text("Nieuwe capaciteit voor NAFT")
    check_accessibility(page)
    # The same start date again: refused in Dutch, at the field.
    page.locator("#typemodule").select_option(label="NAFT onderwijs-welzijnstraject")
    page.get_by_label("Vanaf").fill(start.strftime("%d/%m/%Y"))
    page.locator("#capaciteit").fill("50")
    page.get_by_label("Toelichting").fill("Nog eens.")
    page.get_by_role("button", name="Capaciteit opslaan").click()
    expect(page.locator(".error-summary")).to_contain_text("Er is al een capaciteit")
    check_accessibility(page)

    jan = open_page(chromium_browser, console_errors)
    try:
        log_in_at_provider(jan, live_server, JAN)
        menu(jan, "Raadplegen capaciteit", "Raadplegen capaciteit")
        row = jan.get_by_role("row", name=re.compile("NAFT onderwijs-welzijnstraject"))
        expect(row).to_contain_text("46")
        expect(row).to_contain_text("Uitbreiding na evaluatie.")
        check_accessibility(jan)
        jan.get_by_role("link", name="NAFT onderwijs-welzijnstraject").click()
        arrived(jan, "Historiek capaciteit: NAFT onderwijs-welzijnstraject")
        rows = jan.locator("tbody tr")
        expect(rows).to_have_count(2)
        expect(rows.nth(0)).to_contain_text("46")
        expect(rows.nth(0)).to_contain_text("(huidige)")
        expect(rows.nth(1)).to_contain_text("40")
        check_accessibility(jan)
    finally:
        jan.context.close()
    expected_422 = r"status of 422 \(UNPROCESSABLE ENTITY\)"
    assert_no_browser_problems(console_errors, live_server, allow=(expected_422,))


def test_figures_pages_fit_390_and_1280_px(page: Page, chromium_browser, live_server, world):
    """Convention 7 for the new pages: no sideways scrolling (tables scroll in their box)."""
    days = last_month()
    sync_catalogue()
    approve(world.anker, "CB-LAAG", "CB-AUTONOOM", "CB-KORT", "VB-HOOG")
    decided = beslissing(world.anker_dossier, days[0], days[-1] + timedelta(days=90))
    decided.modules = [module("CB-LAAG")]
    help_ = schakeling(decided, days[0], days[-1])
    help_.modules = [module("CB-LAAG"), module("VB-HOOG")]
    db.session.add(
        Capaciteit(
            organisation_id=world.anker.id,
            type_module_id=module("CB-AUTONOOM").id,
            valid_from=date(2024, 1, 1),
            capacity=8,
            toelichting="Een lange toelichting van het agentschap bij de capaciteit " * 3,
        )
    )
    db.session.commit()
    dossier = world.anker_dossier
    month = days[0].strftime("%Y-%m")
    visits = {
        PIETER: [
            f"/dossiers/{dossier.id}/benutting",
            f"/dossiers/{dossier.id}/benutting/{module('CB-LAAG').id}/{month}",
            "/capaciteit",
            f"/capaciteit/{module('CB-AUTONOOM').id}",
            "/benutting/organisatie",
        ],
        ANN: [
            f"/agentschap/capaciteit?voorziening={world.anker.id}",
            f"/agentschap/moduledatabank?voorziening={world.anker.id}",
        ],
    }
    wide = {}
    for someone, paths in visits.items():
        visitor = open_page(chromium_browser, [])
        try:
            log_in_at_provider(visitor, live_server, someone)
            for width in (390, 1280):
                visitor.set_viewport_size({"width": width, "height": 900})
                for path in paths:
                    visitor.goto(live_server + path)
                    visitor.wait_for_load_state("networkidle")
                    found = sideways(visitor)
                    if found:
                        wide[f"{width}px {path}"] = found
            check_accessibility(visitor)
        finally:
            visitor.context.close()
    assert not wide, "pages that scroll sideways:\n" + "\n".join(
        f"{k}: {v}" for k, v in wide.items()
    )
