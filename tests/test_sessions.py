"""A-1/A-2: server-side sessions: the cookie holds an opaque id only; logout, the idle timeout,
the absolute lifetime, "Afmelden op alle toestellen" and a revoked role end them on the server."""

from __future__ import annotations

import base64
import re
import zlib
from datetime import datetime, timedelta

import pytest
import time_machine

from binc_web import create_app
from binc_web.extensions import db
from binc_web.models import Membership, StoredSession
from tests.conftest import JAN, SOFIE, IsolatedClient, app_config, csrf_token
from tests.oidc_flow import oidc_login

COOKIE = "binc_session"
START = datetime(2026, 3, 2, 8, 0)


def cookie_of(client) -> str:
    cookie = client.get_cookie(COOKIE)
    assert cookie is not None
    return cookie.value


def copy_cookie(app, value: str):
    """Another browser that was handed a copy of the session cookie."""
    other = app.test_client()
    other.set_cookie(COOKIE, value)
    return other


def every_reading(value: str) -> str:
    """The cookie as an attacker would read it: raw, and each dot-separated part base64-decoded
    (and inflated when compressed), as Flask's signed cookies can be read without the key."""
    readings = [value]
    for part in value.lstrip(".").split("."):
        try:
            raw = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        except ValueError:
            continue
        for data in (raw, _inflate(raw)):
            readings.append(data.decode("utf-8", "replace"))
    return "\n".join(readings)


def _inflate(raw: bytes) -> bytes:
    try:
        return zlib.decompress(raw)
    except zlib.error:
        return b""


def redirected_to_login(response) -> bool:
    return response.status_code == 302 and response.headers["Location"].startswith("/aanmelden")


def test_a1_cookie_copied_before_logout_no_longer_works(app, client, world):
    oidc_login(client, JAN.national_number)
    copied = cookie_of(client)
    client.post("/afmelden", data={"csrf_token": csrf_token(client)})

    thief = copy_cookie(app, copied)
    assert redirected_to_login(thief.get("/"))
    assert redirected_to_login(thief.get(f"/dossiers/{world.brug_dossier.id}"))


def test_a1_cookie_copied_before_logout_cannot_write(app, client, world):
    oidc_login(client, JAN.national_number)
    token = csrf_token(client)
    copied = cookie_of(client)
    client.post("/afmelden", data={"csrf_token": token})

    thief = copy_cookie(app, copied)
    response = thief.post(
        "/voorziening", data={"csrf_token": token, "organisation_id": world.brug.id}
    )
    assert response.status_code == 400 or redirected_to_login(response)


def test_a1_cookie_holds_no_personal_data(client, world):
    oidc_login(client, JAN.national_number)
    client.get("/dossiers/zoeken?naam=Zoeknaamjongere&geboortedatum=01/02/2010")
    cookie = cookie_of(client)
    # Only the random session id (Flask-Session's token_urlsafe(32)): room for nothing else.
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", cookie)
    reading = every_reading(cookie)
    # Short values ("Jan", "2010") are not searched for: random bytes hold them now and then.
    for secret in (
        JAN.national_number,
        JAN.family,
        "jan@example.org",
        "Zoeknaamjongere",
        "person_id",
        "id_token",
    ):
        assert secret not in reading


def test_a1_session_id_rotates_at_login(app, client, world):
    client.get("/aanmelden/start")
    planted = cookie_of(client)
    victim = copy_cookie(app, planted)
    oidc_login(victim, JAN.national_number)
    assert cookie_of(victim) != planted
    assert victim.get("/").status_code == 200
    attacker = copy_cookie(app, planted)
    assert redirected_to_login(attacker.get("/"))


def test_a1_idle_timeout_ends_the_session_on_the_server(app, client, world):
    with time_machine.travel(START, tick=False) as clock:
        oidc_login(client, JAN.national_number)
        copied = cookie_of(client)
        clock.shift(timedelta(minutes=29))
        assert client.get("/").status_code == 200
        clock.shift(timedelta(minutes=31))
        # The browser's cookie may outlive the session: the server decides.
        assert redirected_to_login(copy_cookie(app, copied).get("/"))


def test_a1_idle_timeout_is_configurable(app, client, world):
    app.config["SESSION_IDLE_TIMEOUT"] = 120
    with time_machine.travel(START, tick=False) as clock:
        oidc_login(client, JAN.national_number)
        copied = cookie_of(client)
        clock.shift(timedelta(minutes=3))
        assert redirected_to_login(copy_cookie(app, copied).get("/"))


def test_a1_absolute_lifetime_of_eight_hours_never_slides(app, client, world):
    with time_machine.travel(START, tick=False) as clock:
        oidc_login(client, JAN.national_number)
        for _ in range(23):  # active every 20 minutes: 7 h 40 min after login
            clock.shift(timedelta(minutes=20))
            assert client.get("/").status_code == 200
        clock.shift(timedelta(minutes=21))  # 8 h 1 min after login
        assert redirected_to_login(client.get("/"))


def test_a1_expired_session_on_htmx_request_gets_hx_redirect(app, client, world):
    with time_machine.travel(START, tick=False) as clock:
        oidc_login(client, JAN.national_number)
        copied = cookie_of(client)
        clock.shift(timedelta(hours=1))
        response = copy_cookie(app, copied).get("/acties", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.headers["HX-Redirect"].startswith("/aanmelden")
    assert response.get_data(as_text=True) == ""


def test_a1_logout_everywhere_ends_every_session_of_the_person(app, client, world):
    oidc_login(client, JAN.national_number)
    laptop = app.test_client()
    oidc_login(laptop, JAN.national_number)
    colleague = app.test_client()
    oidc_login(colleague, SOFIE.national_number)
    assert "Afmelden op alle toestellen" in client.get("/").get_data(as_text=True)

    response = client.post("/afmelden/overal", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 303
    assert redirected_to_login(client.get("/"))
    assert redirected_to_login(laptop.get("/"))
    assert colleague.get("/voorziening").status_code == 200
    oidc_login(laptop, JAN.national_number)
    assert laptop.get("/").status_code == 200


def test_a3_revoking_a_role_ends_the_persons_sessions(app, client, world):
    sofie = app.test_client()
    oidc_login(sofie, SOFIE.national_number)
    sofie.post(
        "/voorziening",
        data={"csrf_token": csrf_token(sofie, "/voorziening"), "organisation_id": world.anker.id},
    )
    assert sofie.get("/").status_code == 200

    oidc_login(client, "79021402168")  # Tom, beheerder of NAFT De Brug
    membership = db.session.scalars(
        db.select(Membership).where(
            Membership.person_id == world.sofie.id,
            Membership.organisation_id == world.brug.id,
        )
    ).one()
    response = client.post(
        f"/beheer/gebruikers/{membership.id}/intrekken",
        data={"csrf_token": csrf_token(client, "/beheer/gebruikers")},
    )
    assert response.status_code == 303
    assert redirected_to_login(sofie.get("/"))


def test_a1_expired_sessions_are_purged(app, client, world):
    runner = app.test_cli_runner()
    with time_machine.travel(START, tick=False) as clock:
        oidc_login(client, JAN.national_number)
        other = app.test_client()
        oidc_login(other, SOFIE.national_number)
        clock.shift(timedelta(minutes=20))
        other.get("/voorziening")
        clock.shift(timedelta(minutes=15))
        result = runner.invoke(args=["binc", "purge-sessions"])
        assert result.exit_code == 0, result.output
        assert "1 verlopen sessie verwijderd" in result.output
        assert db.session.scalar(db.select(db.func.count()).select_from(StoredSession)) == 1
        assert other.get("/voorziening").status_code == 200


@pytest.fixture
def redis_app(database_url, oidc_issuer, app):
    import redis

    url = "redis://127.0.0.1:6379/1"
    redis.Redis.from_url(url).flushdb()
    config = {**app_config(database_url, oidc_issuer), "SESSION_URL": url}
    redis_app = create_app(config)
    redis_app.test_client_class = IsolatedClient
    yield redis_app, redis.Redis.from_url(url)
    redis.Redis.from_url(url).flushdb()


def test_a1_sessions_in_redis_when_configured(redis_app, world):
    app, store = redis_app
    browser = app.test_client()
    oidc_login(browser, JAN.national_number)
    sid = cookie_of(browser)
    assert store.exists(f"session:{sid}")
    assert 0 < store.ttl(f"session:{sid}") <= 30 * 60
    # A second app machine shares the session through Redis.
    second = app.test_client()
    second.set_cookie(COOKIE, sid)
    assert second.get("/").status_code == 200

    browser.post("/afmelden", data={"csrf_token": csrf_token(browser)})
    assert not store.exists(f"session:{sid}")
    assert redirected_to_login(second.get("/"))


def test_a1_logout_everywhere_with_redis(redis_app, world):
    app, _store = redis_app
    phone, laptop = app.test_client(), app.test_client()
    oidc_login(phone, JAN.national_number)
    oidc_login(laptop, JAN.national_number)
    phone.post("/afmelden/overal", data={"csrf_token": csrf_token(phone)})
    assert redirected_to_login(laptop.get("/"))
