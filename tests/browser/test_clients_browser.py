"""K-1 to K-4 in a real Chromium: identification with htmx, the new client's Cliëntgegevens with
the "België" quick choice, and the Cliëntcontext; axe-core on every state."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from binc_web.extensions import db
from binc_web.models import Client, ContextPerson, RegisterEntry
from binc_web.rules.national_number import compose_national_number
from tests.browser.conftest import (
    assert_no_browser_problems,
    check_accessibility,
    log_in_at_provider,
)
from tests.conftest import JAN

pytestmark = pytest.mark.browser

WOUT = compose_national_number(date(2011, 4, 9), 3)


def test_k1_browser_identify_new_youth_fill_cliëntgegevens_and_context(
    page, live_server, console_errors
):
    db.session.add(
        RegisterEntry(
            national_number=WOUT,
            family_name="Maes",
            given_name="Wout",
            gender="M",
            birth_date=date(2011, 4, 9),
            nationality="België",
            street="Kerkstraat",
            house_number="12",
            postcode="9000",
            municipality="Gent",
            country="België",
        )
    )
    db.session.commit()
    log_in_at_provider(page, live_server, JAN)
    page.goto(live_server + "/clienten/identificatie")
    expect(page.get_by_role("heading", level=1)).to_have_text("Toevoegen nieuwe cliënt/dossier")
    check_accessibility(page)

    # A wrong number: the 422 answer is swapped in place by htmx.
    page.evaluate("() => { window.bincMarker = 'zelfde pagina'; }")
    number = page.get_by_role("textbox", name="Rijksregisternummer")
    number.fill(WOUT[:-1] + str((int(WOUT[-1]) + 1) % 10))
    with page.expect_response(lambda r: r.url.endswith("/clienten/identificatie")) as answer:
        page.get_by_role("button", name="Zoeken").click()
    assert answer.value.status == 422
    expect(page.locator("#national_number-error")).to_contain_text("Het controlegetal")
    expect(number).to_have_attribute("aria-invalid", "true")
    check_accessibility(page)

    number.fill(WOUT)
    with page.expect_response(lambda r: r.url.endswith("/clienten/identificatie")) as answer:
        page.get_by_role("button", name="Zoeken").click()
    assert answer.value.status == 200
    result = page.get_by_role("button", name=re.compile(WOUT))
    expect(result).to_be_visible()
    assert page.evaluate("() => window.bincMarker") == "zelfde pagina"
    check_accessibility(page)

    result.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cliëntgegevens")
    expect(page.get_by_label("Geboortedatum")).to_have_value("09/04/2011")
    check_accessibility(page)

    # "België" fills Land van origine at once (app.js), without a request.
    origin = page.get_by_label("Land van origine")
    page.evaluate("() => { window.bincMarker = 'nog steeds'; }")
    page.get_by_role("button", name="België als land van origine").click()
    expect(origin).to_have_value("België")
    assert page.evaluate("() => window.bincMarker") == "nog steeds"

    page.get_by_label("Omgangstaal").fill("Nederlands")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cliëntcontext")
    expect(page.get_by_role("status")).to_contain_text("De cliëntgegevens werden opgeslagen.")
    expect(page.get_by_text("wordt gedeeld met andere gebruikers van DoMinO")).to_be_visible()
    expect(page.get_by_role("link", name="Start Binc-dossier")).to_be_visible()
    check_accessibility(page)

    page.get_by_label("Relatie").select_option("moeder")
    page.get_by_role("textbox", name="Naam", exact=True).fill("Maes")
    page.get_by_role("textbox", name="Voornaam", exact=True).fill("Fatima")
    with page.expect_response(lambda r: r.url.endswith("/context")) as answer:
        page.get_by_role("button", name="Toevoegen").click()
    assert answer.value.status == 200
    expect(page.locator("#clientcontext table")).to_contain_text("Fatima")
    check_accessibility(page)

    client = db.session.scalars(db.select(Client).where(Client.national_number == WOUT)).one()
    assert (client.country_of_origin, client.language) == ("België", "Nederlands")
    assert db.session.scalars(db.select(ContextPerson.given_name)).all() == ["Fatima"]
    expected_422 = re.escape(
        f"Failed to load resource: the server responded with a status of 422 (UNPROCESSABLE "
        f"ENTITY) ({live_server}/clienten/identificatie)"
    )
    assert_no_browser_problems(console_errors, live_server, allow=(expected_422,))
