"""D-4/D-5 in a real Chromium: sorting, the A–Z bar and paging swap the list in place and push
shareable URLs, the back button restores earlier states, search validates in place; axe-core
on every state."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from binc_web.extensions import db
from tests import factories_overview as make
from tests.browser.conftest import (
    assert_no_browser_problems,
    check_accessibility,
    log_in_at_provider,
)
from tests.conftest import JAN

pytestmark = pytest.mark.browser


def row_names(page) -> list[str]:
    return page.locator("#dossierlijst tbody tr td:first-child a:first-child").all_inner_texts()


def test_d4_browser_overview_in_place_with_history(app, world, page, live_server, console_errors):
    app.config["PAGE_SIZE"] = 2
    for family in ("Aerts", "Bogaert", "Claes", "Dubois"):
        make.dossier(world.brug, family)
    db.session.commit()
    log_in_at_provider(page, live_server, JAN)
    expect(page).to_have_url(live_server + "/")
    expect(page.locator(".az-balk .letter-leeg", has_text="Z")).to_have_attribute(
        "aria-disabled", "true"
    )
    expect(page.locator(".az-balk").get_by_role("link", name="Z", exact=True)).to_have_count(0)
    assert row_names(page) == ["Aerts", "Bogaert"]
    check_accessibility(page)
    # A marker on window survives only if htmx swaps the region instead of loading a page.
    page.evaluate("() => { window.bincMarker = 'zelfde pagina'; }")

    with page.expect_response(lambda r: "richting=af" in r.url) as answer:
        page.locator("#sorteer-naam").click()
    assert answer.value.request.headers.get("hx-request") == "true"
    expect(page).to_have_url(live_server + "/?richting=af")
    expect(page.locator('th[aria-sort="descending"]')).to_contain_text("Naam")
    expect(page.locator("#dossierlijst tbody tr")).to_have_count(2)
    assert row_names(page) == ["Peeters", "Dubois"]
    expect(page.locator("#sorteer-naam")).to_be_focused()
    check_accessibility(page)

    page.locator(".az-balk").get_by_role("link", name="C", exact=True).click()
    expect(page).to_have_url(live_server + "/?richting=af&letter=C")
    expect(page.locator("#dossierlijst tbody tr")).to_have_count(1)
    assert row_names(page) == ["Claes"]

    page.locator("#letter-alle").click()
    expect(page).to_have_url(live_server + "/?richting=af")
    page.locator("#pagina-volgende").click()
    expect(page).to_have_url(live_server + "/?richting=af&pagina=2")
    expect(page.get_by_text("Pagina 2 van 3")).to_be_visible()
    assert row_names(page) == ["Claes", "Bogaert"]
    assert page.evaluate("() => window.bincMarker") == "zelfde pagina"
    check_accessibility(page)

    # Back and forward: htmx asks the server for the whole page (historyCacheSize 0). Each
    # step waits for its content, so that no restore request overtakes another.
    def back_to(query: str, first_row: str, rows: int) -> None:
        page.go_back()
        expect(page).to_have_url(live_server + "/" + query)
        expect(page.locator("#dossierlijst tbody tr")).to_have_count(rows)
        expect(page.locator("#dossierlijst tbody tr").first).to_contain_text(first_row)

    back_to("?richting=af", "Peeters", 2)
    expect(page.get_by_text("Pagina 1 van 3")).to_be_visible()
    back_to("?richting=af&letter=C", "Claes", 1)
    back_to("?richting=af", "Peeters", 2)
    back_to("", "Aerts", 2)
    expect(page.locator('th[aria-sort="ascending"]')).to_contain_text("Naam")
    assert row_names(page) == ["Aerts", "Bogaert"]
    page.go_forward()
    expect(page).to_have_url(live_server + "/?richting=af")
    expect(page.locator('th[aria-sort="descending"]')).to_contain_text("Naam")
    expect(page.locator("h1")).to_have_count(1)
    check_accessibility(page)

    # The URL is the whole state: loading it fresh shows the same list.
    page.goto(live_server + "/?richting=af&pagina=2")
    assert row_names(page) == ["Claes", "Bogaert"]
    assert_no_browser_problems(console_errors, live_server)


def test_d5_browser_search_in_place(world, page, live_server, console_errors):
    make.dossier(world.brug, "Aerts", "Yara", referentie="GENT-001")
    make.dossier(world.brug, "Van Damme", "Noor", referentie="gent-042")
    db.session.commit()
    log_in_at_provider(page, live_server, JAN)
    page.goto(live_server + "/dossiers/zoeken")
    expect(page.get_by_role("heading", level=1)).to_have_text("Opzoeken dossier")
    check_accessibility(page)

    page.get_by_label("Uw referentie").fill("gent")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.get_by_role("button", name="Zoeken").click()
    assert answer.value.status == 200
    expect(page).to_have_url(re.compile(r"/dossiers/zoeken\?.*referentie=gent"))
    expect(page.locator("#dossierlijst tbody tr")).to_have_count(2)
    assert row_names(page) == ["Aerts", "Van Damme"]
    expect(page.get_by_role("link", name="Resultaten dossiers")).to_be_visible()
    check_accessibility(page)

    page.get_by_label("Uw referentie").fill("")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.get_by_role("button", name="Zoeken").click()
    assert answer.value.status == 422
    # A refused search adds nothing to the history: the address still shows the last results.
    expect(page).to_have_url(re.compile(r"/dossiers/zoeken\?referentie=gent$"))
    expect(page.get_by_role("alert").filter(has_text="Vul minstens 1 zoekterm in.")).to_be_visible()
    expect(page.locator("#banner")).to_be_hidden()
    check_accessibility(page)

    page.get_by_role("link", name="Resultaten dossiers").click()
    expect(page).to_have_url(live_server + "/dossiers/zoeken?referentie=gent")
    assert row_names(page) == ["Aerts", "Van Damme"]
    page.get_by_role("link", name="Van Damme", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Raadplegen Dossier")
    expected_422 = r"status of 422 \(UNPROCESSABLE ENTITY\) \(" + re.escape(live_server)
    assert_no_browser_problems(console_errors, live_server, allow=(expected_422,))


def test_actie_nodig_arrives_after_the_start_page(world, page, live_server, console_errors):
    """ "Actie nodig" is loaded into the start page once it is shown, without taking the
    keyboard focus; its "+ Beslissing toevoegen" opens the form above the list (S-7)."""
    make.dossier(world.brug, "Janssens")  # no beslissing yet
    db.session.commit()
    log_in_at_provider(page, live_server, JAN)
    expect(page).to_have_url(live_server + "/")
    actions = page.get_by_role("region", name="Actie nodig")
    expect(
        actions.get_by_role("heading", name="Open dossiers zonder beslissing (2)")
    ).to_be_visible()
    expect(actions).not_to_have_attribute("aria-busy", "true")
    assert page.evaluate("document.activeElement === document.body")
    check_accessibility(page)
    add = actions.get_by_role("link", name="+ Beslissing toevoegen voor Janssens", exact=False)
    with page.expect_response(lambda r: "/beslissingen/nieuw" in r.url) as answer:
        add.click()
    assert answer.value.status == 200
    expect(page.locator("#snelle-actie").get_by_role("heading", level=3)).to_have_text(
        "Toevoegen Jeugdhulpbeslissing"
    )
    assert_no_browser_problems(console_errors, live_server)
