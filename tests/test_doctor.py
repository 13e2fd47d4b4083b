"""Issue 17 item 3: ``flask binc check`` passes a good production configuration and names
each broken setting (one line per check, exit code 1)."""

from __future__ import annotations

import secrets
import socket
import threading

import oidc_provider_mock
import pytest
from flask_migrate import upgrade
from werkzeug.serving import make_server

from binc_web import create_app
from binc_web.doctor import check_identity_provider
from binc_web.extensions import db
from tests.conftest import PROVIDER_USERS, provider_user
from tests.tls import make_certificates

REDIS_URL = "redis://127.0.0.1:6379/6"
NOWHERE = "127.0.0.1:1"


@pytest.fixture(scope="module")
def certificates(tmp_path_factory):
    return make_certificates(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def https_issuer(certificates):
    """oidc-provider-mock over HTTPS, signed by the test authority."""
    provider = oidc_provider_mock.app(user_claims=[provider_user(s) for s in PROVIDER_USERS])
    server = make_server(
        "localhost",
        0,
        provider,
        threaded=True,
        ssl_context=(str(certificates.certificate), str(certificates.key)),
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"https://localhost:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def mail_server():
    """Just enough SMTP for a greeting, NOOP and QUIT; yields its port."""
    listener = socket.create_server(("127.0.0.1", 0))

    def serve():
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            with connection, connection.makefile("rwb") as stream:
                stream.write(b"220 test ESMTP\r\n")
                stream.flush()
                for line in stream:
                    quitting = line.upper().startswith(b"QUIT")
                    stream.write(b"221 bye\r\n" if quitting else b"250 ok\r\n")
                    stream.flush()
                    if quitting:
                        break

    threading.Thread(target=serve, daemon=True).start()
    yield listener.getsockname()[1]
    listener.close()


@pytest.fixture(scope="module")
def migrated_database(tmp_path_factory):
    """A SQLite database at the migration head (the checks only read it)."""
    path = tmp_path_factory.mktemp("doctor") / "binc.sqlite3"
    app = create_app(
        {
            "BINC_ENV": "testing",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
            "SECRET_KEY": "x",
            "OIDC_DISCOVERY_URL": "http://127.0.0.1:9/x",
        }
    )
    with app.app_context():
        upgrade()
        db.engine.dispose()
    path.chmod(0o600)
    return f"sqlite:///{path}"


@pytest.fixture
def good(tmp_path, monkeypatch, certificates, https_issuer, mail_server, migrated_database):
    """The settings of a sound production installation; a test breaks one of them."""
    instance = tmp_path / "instance"
    instance.mkdir(mode=0o700)
    monkeypatch.setenv("BINC_INSTANCE_PATH", str(instance))
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(certificates.authority))
    return {
        "BINC_ENV": "production",
        "SQLALCHEMY_DATABASE_URI": migrated_database,
        "SECRET_KEY": secrets.token_hex(32),
        "BASE_URL": "https://binc.example.org",
        "OIDC_DISCOVERY_URL": f"{https_issuer}/.well-known/openid-configuration",
        "OIDC_CLIENT_SECRET": secrets.token_urlsafe(24),
        "SESSION_URL": REDIS_URL,
        "RATELIMIT_STORAGE_URI": REDIS_URL,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": mail_server,
        "PROXY_FIX_X_FOR": 1,
        "PROXY_FIX_X_PROTO": 1,
    }


def check(settings: dict) -> tuple[int, list[str]]:
    app = create_app(settings)
    result = app.test_cli_runner().invoke(args=["binc", "check"])
    with app.app_context():
        db.engine.dispose()
    return result.exit_code, result.output.splitlines()


def problems(lines: list[str]) -> list[str]:
    return [line for line in lines if line.startswith("PROBLEEM")]


def test_a_sound_production_configuration_passes_every_check(good):
    code, lines = check(good)
    assert problems(lines) == []
    assert code == 0
    labels = [line.split(maxsplit=1)[1] for line in lines]
    assert labels[:5] == [
        "Geheime sleutel",
        "Clientgeheim identiteitsdienst",
        "Databank",
        "Identiteitsdienst",
        "Claim rijksregisternummer",
    ]
    assert "Redis (SESSION_URL)" in labels
    assert "Mailserver" in labels
    assert "HTTPS" in labels


BROKEN = {
    "development secret key": ({"SECRET_KEY": "test-secret"}, "Geheime sleutel"),
    "short secret key": ({"SECRET_KEY": "kort"}, "Geheime sleutel"),
    "development client secret": (
        {"OIDC_CLIENT_SECRET": "binc-web-development"},
        "Clientgeheim identiteitsdienst",
    ),
    "database unreachable": (
        {"SQLALCHEMY_DATABASE_URI": f"postgresql://nobody@{NOWHERE}/binc?connect_timeout=2"},
        "Databank: onbereikbaar",
    ),
    "provider unreachable": (
        {"OIDC_DISCOVERY_URL": f"https://{NOWHERE}/.well-known/openid-configuration"},
        "Identiteitsdienst",
    ),
    "not a discovery url": ({"OIDC_DISCOVERY_URL": "https://localhost/"}, "Identiteitsdienst"),
    "no national-number claim": (
        {"OIDC_NATIONAL_NUMBER_CLAIM": ""},
        "Claim rijksregisternummer",
    ),
    "session redis unreachable": ({"SESSION_URL": f"redis://{NOWHERE}/0"}, "Redis (SESSION_URL)"),
    "limit redis unreachable": (
        {"RATELIMIT_STORAGE_URI": f"redis://{NOWHERE}/0"},
        "Redis (RATELIMIT_STORAGE_URI)",
    ),
    "mail server unreachable": ({"MAIL_PORT": 1}, "Mailserver"),
    "mail server without starttls": ({"MAIL_USE_TLS": True}, "Mailserver: 127.0.0.1"),
    "mail server without login": ({"MAIL_USERNAME": "binc"}, "Mailserver: 127.0.0.1"),
    "plain http base url": ({"BASE_URL": "http://binc.example.org"}, "HTTPS: BINC_BASE_URL"),
    "cookies without secure": ({"SESSION_COOKIE_SECURE": False}, "HTTPS: BINC_SESSION_COOKIE"),
    "proxy without proto": ({"PROXY_FIX_X_PROTO": 0}, "HTTPS: achter een proxy"),
}


@pytest.mark.parametrize("broken", list(BROKEN), ids=list(BROKEN))
def test_each_broken_setting_is_named_and_fails_the_check(good, broken):
    change, expected = BROKEN[broken]
    code, lines = check({**good, **change})
    assert code == 1
    assert [line for line in problems(lines) if line.startswith(f"PROBLEEM {expected}")], lines
    assert len(problems(lines)) == 1, lines


def test_a_database_without_the_migrations_is_named(good, tmp_path):
    empty = tmp_path / "leeg.sqlite3"
    empty.touch(mode=0o600)
    code, lines = check({**good, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{empty}"})
    assert code == 1
    assert len(problems(lines)) == 1
    assert problems(lines)[0].startswith("PROBLEEM Databank: migratie geen, verwacht ")
    assert problems(lines)[0].endswith("; voer `flask db upgrade` uit.")


@pytest.fixture
def wrong_issuer():
    """A discovery document naming another issuer than its own address."""

    def document(environ, start_response):
        start_response("200 OK", [("Content-Type", "application/json")])
        return [b'{"issuer": "https://elders.example.org"}']

    server = make_server("127.0.0.1", 0, document)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


def test_an_issuer_at_another_address_is_named(wrong_issuer):
    """The discovery document must name the issuer binc-web was configured with."""
    url = f"{wrong_issuer}/.well-known/openid-configuration"
    findings = check_identity_provider(
        {"OIDC_DISCOVERY_URL": url, "OIDC_NATIONAL_NUMBER_CLAIM": "egovNRN"}
    )
    assert [finding.line() for finding in findings] == [
        "PROBLEEM Identiteitsdienst: de issuer is 'https://elders.example.org', "
        f"niet {wrong_issuer!r}: verkeerd adres?",
        "ok       Claim rijksregisternummer",
    ]


def test_an_instance_folder_open_to_others_is_named(good, tmp_path):
    (tmp_path / "instance").chmod(0o755)
    code, lines = check(good)
    assert code == 1
    assert problems(lines) == [
        f"PROBLEEM Map {tmp_path / 'instance'}: leesbaar voor andere gebruikers: "
        f"{tmp_path / 'instance'}; chmod o-rwx."
    ]


def test_f4_mail_that_does_not_leave_by_smtp_needs_no_mail_server(good):
    code, lines = check({**good, "MAIL_BACKEND": "file", "MAIL_PORT": 1})
    assert code == 0, lines
    assert not [line for line in lines if "Mailserver" in line]
