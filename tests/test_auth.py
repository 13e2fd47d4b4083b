"""A-1: the real OpenID Connect login against an in-process oidc-provider-mock."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import requests

from binc_web.extensions import db
from binc_web.models import Person
from tests.conftest import ANN, JAN, SOFIE, STRANGER, csrf_token
from tests.oidc_flow import approve_at_provider, oidc_login, query, start_login


def test_a1_login_sends_pkce_state_and_nonce(client, world):
    params = query(start_login(client))
    assert params["response_type"] == "code"
    assert params["code_challenge_method"] == "S256"
    assert len(params["code_challenge"]) >= 43
    assert params["state"] and params["nonce"]
    assert "openid" in params["scope"].split()


def test_a1_login_with_one_organisation_lands_on_start_page(client, world):
    response = oidc_login(client, JAN.national_number)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert "Aangemeld als <strong>medewerker</strong> voor <strong>NAFT De Brug</strong>" in page
    assert "Overzicht Dossiers" in page


def test_a1_login_updates_name_and_email_from_claims(client, world):
    world.jan.given_name = "Oud"
    db.session.commit()
    oidc_login(client, JAN.national_number)
    db.session.expire_all()
    jan = db.session.get(Person, world.jan.id)
    assert (jan.given_name, jan.family_name) == ("Jan", "Peeters")
    assert jan.email == "jan@example.org"
    assert jan.last_login_at is not None


def test_a1_unknown_person_gets_a_dutch_page_not_a_crash(client, world):
    response = oidc_login(client, STRANGER.national_number)
    assert response.status_code == 403
    assert "Geen toegang tot Binc" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302
    assert (
        db.session.scalars(
            db.select(Person).where(Person.national_number == STRANGER.national_number)
        ).first()
        is None
    )


def test_a1_known_person_without_membership_is_refused(client, world):
    db.session.add(Person(national_number=STRANGER.national_number))
    db.session.commit()
    response = oidc_login(client, STRANGER.national_number)
    assert response.status_code == 403
    assert "Vraag de beheerder van uw voorziening" in response.get_data(as_text=True)


def test_a1_missing_national_number_claim_is_refused(client, world):
    response = oidc_login(client, "no-number")
    assert response.status_code == 400
    assert "Aanmelden mislukt" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_a1_wrong_state_is_refused(client, world):
    callback = approve_at_provider(start_login(client), JAN.national_number)
    params = query(callback)
    forged = f"/aanmelden/terug?code={params['code']}&state=vervalst"
    response = client.get(forged)
    assert response.status_code == 400
    assert "Aanmelden mislukt" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_a1_callback_from_another_browser_is_refused(app, client, world):
    callback = approve_at_provider(start_login(client), JAN.national_number)
    other_browser = app.test_client()
    response = other_browser.get(callback)
    assert response.status_code == 400
    assert other_browser.get("/").status_code == 302


def test_a1_wrong_nonce_is_refused(client, world):
    callback = approve_at_provider(start_login(client), JAN.national_number)
    with client.session_transaction() as session:
        key = next(k for k in session if k.startswith("_state_idp_"))
        state = dict(session[key])
        state["data"] = {**state["data"], "nonce": "een-andere-nonce"}
        session[key] = state
    response = client.get(callback)
    assert response.status_code == 400
    assert client.get("/").status_code == 302


def test_a1_replayed_callback_is_refused(app, client, world):
    callback = approve_at_provider(start_login(client), JAN.national_number)
    assert client.get(callback).status_code == 302
    assert client.get(callback).status_code == 400


def test_a1_next_path_is_followed_but_only_locally(client, world):
    response = oidc_login(client, JAN.national_number, next_path="/beheer/gebruikers")
    assert response.headers["Location"] == "/beheer/gebruikers"
    client.post("/afmelden", data={"csrf_token": csrf_token(client)})
    response = oidc_login(client, JAN.national_number, next_path="//evil.example/")
    assert response.headers["Location"] == "/"


def test_a1_logout_ends_local_and_provider_session(client, world, oidc_issuer):
    oidc_login(client, JAN.national_number)
    response = client.post("/afmelden", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 303
    location = response.headers["Location"]
    assert location.startswith(f"{oidc_issuer}/oauth2/end_session")
    params = query(location)
    assert params["id_token_hint"].count(".") == 2
    assert params["post_logout_redirect_uri"].endswith("/afgemeld")
    assert client.get("/").status_code == 302
    assert requests.get(location, timeout=10).status_code == 200
    assert "U bent afgemeld" in client.get("/afgemeld").get_data(as_text=True)


def test_a1_logout_without_csrf_token_is_refused(client, world):
    oidc_login(client, JAN.national_number)
    response = client.post("/afmelden")
    assert response.status_code == 400
    assert "Het formulier is verlopen" in response.get_data(as_text=True)
    assert client.get("/").status_code == 200


def test_a1_logout_without_end_session_goes_to_local_page(app, client, world, monkeypatch):
    oidc_login(client, JAN.national_number)
    token = csrf_token(client)
    idp = app.extensions["binc_oauth"].idp
    metadata = dict(idp.load_server_metadata())
    metadata.pop("end_session_endpoint")
    monkeypatch.setattr(idp, "server_metadata", metadata)
    response = client.post("/afmelden", data={"csrf_token": token})
    assert response.status_code == 303
    assert response.headers["Location"] == "/afgemeld"


def test_a1_login_is_rate_limited(client, world):
    statuses = [client.get("/aanmelden/start").status_code for _ in range(11)]
    assert statuses[:10] == [302] * 10
    assert statuses[10] == 429
    assert "Te veel pogingen" in client.get("/aanmelden/start").get_data(as_text=True)


def test_a1_unreachable_provider_gives_a_dutch_page(app, world):
    app.config["OIDC_DISCOVERY_URL"] = "http://127.0.0.1:9/.well-known/openid-configuration"
    from binc_web.auth import oidc

    oidc.init_app(app)
    response = app.test_client().get("/aanmelden/start")
    assert response.status_code == 502
    assert "niet bereikbaar" in response.get_data(as_text=True)


def test_a1_anonymous_pages_redirect_to_aanmelden(client, world):
    response = client.get(f"/dossiers/{world.brug_dossier.id}")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/aanmelden?next=/dossiers/")


def test_a1_anonymous_htmx_request_gets_hx_redirect(client, world):
    response = client.get("/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.headers["HX-Redirect"].startswith("/aanmelden")
    assert response.get_data(as_text=True) == ""


def test_a1_agency_person_logs_in(client, world):
    response = oidc_login(client, ANN.national_number)
    assert response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert "beleidsmedewerker en dossierbehandelaar" in page


def test_a2_login_with_two_organisations_asks_which(client, world):
    response = oidc_login(client, SOFIE.national_number)
    assert response.headers["Location"] == "/voorziening"
    assert client.get("/").headers["Location"] == "/voorziening"


@pytest.mark.parametrize(
    "next_path",
    [
        "/\t/evil.example",
        "/%09/evil.example",
        "/\n/evil.example",
        "/dossiers\r\nSet-Cookie: x=1",
        "/\\evil.example",
        "/%2f%2fevil.example",
        "https:evil.example",
        "///evil.example",
        "/／evil.example",
    ],
)
def test_a1_next_bypass_after_real_login_stays_on_our_site(client, world, next_path):
    response = oidc_login(client, JAN.national_number, next_path=next_path)
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert (location.scheme, location.netloc) in (("", ""), ("http", "localhost"))
    assert location.path.startswith("/") and not location.path.startswith("//")
    assert "\n" not in response.headers["Location"] and "\\" not in location.path


def test_a1_unknown_host_header_is_refused(client, world):
    response = client.get("/aanmelden/start", headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert "evil.example" not in response.headers.get("Location", "")
    assert "ongeldig" in response.get_data(as_text=True)
    assert client.get("/aanmelden", headers={"Host": "evil.example:5000"}).status_code == 400


def test_a1_redirect_uris_come_from_the_base_url_not_the_host_header(app, client, world):
    app.config["BASE_URL"] = "https://binc.example.org"
    app.config["TRUSTED_HOSTS"] = ["binc.example.org", "localhost"]
    params = query(start_login(client))
    assert params["redirect_uri"] == "https://binc.example.org/aanmelden/terug"
    oidc_login(client, JAN.national_number)
    response = client.post("/afmelden", data={"csrf_token": csrf_token(client)})
    params = query(response.headers["Location"])
    assert params["post_logout_redirect_uri"] == "https://binc.example.org/afgemeld"
