"""A-1/A-2/A-3 and the page shell in a real Chromium: login through the provider, the
organisation choice, htmx errors swapped in place, skip link; axe-core on every state."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    assert_no_browser_problems,
    check_accessibility,
    log_in_at_provider,
    open_page,
)
from tests.conftest import JAN, SOFIE, STRANGER, TOM

pytestmark = pytest.mark.browser


def test_a2_browser_login_as_sofie_picks_het_anker(page, live_server, console_errors, oidc_issuer):
    page.goto(live_server + "/")
    expect(page).to_have_url(re.compile(re.escape(live_server) + r"/aanmelden(\?.*)?$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Aanmelden")
    check_accessibility(page)

    log_in_at_provider(page, live_server, SOFIE)
    expect(page).to_have_url(live_server + "/voorziening")
    expect(page.get_by_role("heading", level=1)).to_have_text("Selecteer de voorziening")
    check_accessibility(page)

    page.get_by_role("button", name=re.compile("Jeugdhulp Het Anker")).click()
    expect(page).to_have_url(live_server + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Overzicht Dossiers")
    acting = "Aangemeld als medewerker voor Jeugdhulp Het Anker"
    expect(page.locator(".site-header .acting")).to_have_text(acting)
    expect(page.locator(".site-header .acting")).to_be_visible()
    assert acting in page.locator("header").inner_text()  # the text as rendered, not the HTML
    expect(page.get_by_role("link", name="Wijzig voorziening")).to_be_visible()
    check_accessibility(page)
    assert_no_browser_problems(console_errors, live_server)

    # "Sluit af": our form posts to /afmelden, which sends the browser to the provider's
    # end-session page (allowed by the CSP form-action); confirming there brings us back.
    page.get_by_role("button", name="Sluit af").click()
    page.wait_for_url(re.compile(re.escape(oidc_issuer) + r"/oauth2/end_session\?"))
    assert "id_token_hint=" in page.url
    page.get_by_role("button", name="End session").click()
    expect(page).to_have_url(live_server + "/afgemeld")
    expect(page.get_by_role("heading", level=1)).to_have_text("U bent afgemeld")
    expect(page.get_by_role("button", name="Sluit af")).to_have_count(0)
    check_accessibility(page)

    page.goto(live_server + "/")
    expect(page).to_have_url(re.compile(re.escape(live_server) + r"/aanmelden(\?.*)?$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Aanmelden")
    assert_no_browser_problems(console_errors, live_server)


def test_a3_browser_role_admin_shows_htmx_errors_in_place(page, live_server, console_errors):
    log_in_at_provider(page, live_server, TOM)
    expect(page).to_have_url(live_server + "/")  # one organisation: no choice page
    expect(page.locator(".site-header .acting")).to_have_text(
        "Aangemeld als beheerder en medewerker voor NAFT De Brug"
    )

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Gebruikersbeheer", exact=True
    ).click()
    expect(page).to_have_url(live_server + "/beheer/gebruikers")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gebruikersbeheer")
    check_accessibility(page)

    # A marker on window survives only if htmx swaps the fragment instead of navigating.
    page.evaluate("() => { window.bincMarker = 'zelfde pagina'; }")
    number = page.get_by_label("Rijksregisternummer")
    number.fill("85073003329")
    page.get_by_label("Rol").select_option("medewerker")
    with page.expect_response(
        lambda r: r.url == live_server + "/beheer/gebruikers" and r.request.method == "POST"
    ) as answer:
        page.get_by_role("button", name="Rol toekennen").click()
    response = answer.value
    assert response.status == 422
    assert response.request.headers.get("hx-request") == "true"

    message = page.locator("#national_number-error")
    expect(message).to_have_text("Het controlegetal (laatste twee cijfers) klopt niet.")
    expect(message).to_be_visible()
    expect(number).to_have_attribute("aria-invalid", "true")
    expect(number).to_have_attribute("aria-describedby", re.compile(r"\bnational_number-error\b"))
    expect(number).to_have_value("85073003329")
    expect(page.get_by_role("alert").filter(has_text="De rol werd niet toegekend")).to_be_visible()
    assert page.evaluate("() => window.bincMarker") == "zelfde pagina"
    expect(page.locator("#banner")).to_be_hidden()
    check_accessibility(page)

    number.fill(STRANGER.national_number)
    with page.expect_response(
        lambda r: r.url == live_server + "/beheer/gebruikers" and r.request.method == "POST"
    ) as answer:
        page.get_by_role("button", name="Rol toekennen").click()
    assert answer.value.status == 200
    row = page.locator("table.list tbody tr").filter(has_text=STRANGER.national_number)
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(0)).to_have_text("(nog niet aangemeld)")
    expect(row.locator("td").nth(2)).to_have_text("medewerker")
    expect(page.get_by_role("status")).to_contain_text(
        f"De rol medewerker werd toegekend aan {STRANGER.national_number}."
    )
    expect(page.locator("#national_number-error")).to_have_count(0)
    assert page.evaluate("() => window.bincMarker") == "zelfde pagina"
    check_accessibility(page)
    # Chromium logs every 4xx answer as a console error; the 422 is the point of this test.
    expected_422 = re.escape(
        f"Failed to load resource: the server responded with a status of 422 (UNPROCESSABLE "
        f"ENTITY) ({live_server}/beheer/gebruikers)"
    )
    assert_no_browser_problems(console_errors, live_server, allow=(expected_422,))


def test_shell_browser_skip_link_and_focus(page, live_server, console_errors):
    log_in_at_provider(page, live_server, JAN)
    page.goto(live_server + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Overzicht Dossiers")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Ga naar de inhoud")
    expect(skip).to_be_focused()
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Ga naar de inhoud"
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0, "skip link off screen on focus"

    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server + "/#inhoud")
    expect(page.locator("main#inhoud")).to_be_focused()
    assert page.evaluate("() => document.activeElement.id") == "inhoud"
    check_accessibility(page)
    assert_no_browser_problems(console_errors, live_server)


def test_a1_browser_after_sluit_af_a_copied_cookie_and_back_show_aanmelden(
    page, live_server, console_errors, oidc_issuer, chromium_browser
):
    log_in_at_provider(page, live_server, JAN)
    expect(page).to_have_url(live_server + "/")
    copied = page.context.cookies(live_server)
    assert [c["name"] for c in copied] == ["binc_session"]

    page.get_by_role("button", name="Sluit af").click()
    page.wait_for_url(re.compile(re.escape(oidc_issuer) + r"/oauth2/end_session\?"))
    page.get_by_role("button", name="End session").click()
    expect(page).to_have_url(live_server + "/afgemeld")

    # Back to the start page: the page is not kept (no-store) and the session is gone.
    page.go_back()
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aanmelden")

    # A second browser handed the cookie copied before "Sluit af" gets "Aanmelden" too.
    thief = open_page(chromium_browser, console_errors)
    try:
        thief.context.add_cookies(copied)
        thief.goto(live_server + "/")
        expect(thief).to_have_url(re.compile(re.escape(live_server) + r"/aanmelden(\?.*)?$"))
        expect(thief.get_by_role("heading", level=1)).to_have_text("Aanmelden")
    finally:
        thief.context.close()
    assert_no_browser_problems(console_errors, live_server)


def test_a1_browser_afmelden_op_alle_toestellen_ends_the_other_browser(
    page, live_server, console_errors, oidc_issuer, chromium_browser
):
    other = open_page(chromium_browser, console_errors)
    try:
        log_in_at_provider(other, live_server, JAN)
        expect(other).to_have_url(live_server + "/")
        log_in_at_provider(page, live_server, JAN)
        expect(page).to_have_url(live_server + "/")
        check_accessibility(page)
        page.get_by_role("button", name="Afmelden op alle toestellen").click()
        page.wait_for_url(re.compile(re.escape(oidc_issuer) + r"/oauth2/end_session\?"))
        other.reload()
        expect(other.get_by_role("heading", level=1)).to_have_text("Aanmelden")
    finally:
        other.context.close()
    assert_no_browser_problems(console_errors, live_server)
