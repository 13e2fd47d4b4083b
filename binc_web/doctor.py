"""``flask binc check``: the configuration doctor for the administrator.

Every check returns findings: a label, and for a problem what is wrong and what to do. The
command prints one line per finding and exits with 1 when any is a problem. Checks that talk to
another service (database, identity provider, Redis, mail server) give up after a few seconds.
"""

from __future__ import annotations

import os
import smtplib
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import requests
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from redis import Redis
from redis.exceptions import RedisError
from sqlalchemy.exc import SQLAlchemyError

from binc_web.config import PROFILES
from binc_web.extensions import db

TIMEOUT = 5
DISCOVERY_SUFFIX = "/.well-known/openid-configuration"
# Secrets that appear in this repository, its tests or its documentation: never in production.
KNOWN_SECRETS = {
    "",
    "x",
    "dev",
    "secret",
    "changeme",
    "change-me",
    "development",
    "test-secret",
    *(profile.get("OIDC_CLIENT_SECRET") for profile in PROFILES.values()),
}
MINIMUM_SECRET_LENGTH = 32
REDIS_SETTINGS = ("SESSION_URL", "RATELIMIT_STORAGE_URI", "JOBS_URL")


@dataclass(frozen=True)
class Finding:
    """One line of the report: ``problem`` is None when the check passed."""

    label: str
    problem: str | None = None

    def line(self) -> str:
        if self.problem is None:
            return f"ok       {self.label}"
        return f"PROBLEEM {self.label}: {self.problem}"


def check_secret_key(config) -> list[Finding]:
    """SECRET_KEY and the client secret are set, long enough and not a known one."""
    findings = []
    key = str(config.get("SECRET_KEY") or "")
    if key in KNOWN_SECRETS:
        findings.append(
            Finding(
                "Geheime sleutel",
                "de ontwikkelsleutel of geen; verwijder BINC_SECRET_KEY (dan wordt "
                "instance/secret_key aangemaakt) of zet er een lange willekeurige waarde in "
                "(python3 -c 'import secrets; print(secrets.token_hex(32))').",
            )
        )
    elif len(key) < MINIMUM_SECRET_LENGTH:
        findings.append(
            Finding(
                "Geheime sleutel",
                f"korter dan {MINIMUM_SECRET_LENGTH} tekens; kies een lange willekeurige waarde.",
            )
        )
    else:
        findings.append(Finding("Geheime sleutel"))
    client_secret = str(config.get("OIDC_CLIENT_SECRET") or "")
    if config["BINC_ENV"] == "production" and client_secret in KNOWN_SECRETS:
        findings.append(
            Finding(
                "Clientgeheim identiteitsdienst",
                "niet ingesteld of het ontwikkelgeheim; zet BINC_OIDC_CLIENT_SECRET op het "
                "geheim dat de identiteitsdienst voor binc-web gaf.",
            )
        )
    else:
        findings.append(Finding("Clientgeheim identiteitsdienst"))
    return findings


def check_database(app: Flask) -> list[Finding]:
    """The database answers and has every migration (``flask db upgrade``)."""
    label = "Databank"
    try:
        with db.engine.connect() as connection:
            current = set(MigrationContext.configure(connection).get_current_heads())
    except SQLAlchemyError as error:
        reason = type(error.orig or error).__name__
        return [Finding(label, f"onbereikbaar ({reason}); controleer DATABASE_URL.")]
    script = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config())
    heads = set(script.get_heads())
    if current != heads:
        found = ", ".join(sorted(current)) or "geen"
        return [
            Finding(
                label,
                f"migratie {found}, verwacht {', '.join(sorted(heads))}; "
                "voer `flask db upgrade` uit.",
            )
        ]
    return [Finding(label)]


def check_identity_provider(config) -> list[Finding]:
    """A-1: the discovery document answers and names the issuer it was asked for; the
    national-number claim is configured."""
    label = "Identiteitsdienst"
    url = config.get("OIDC_DISCOVERY_URL") or ""
    claim = Finding("Claim rijksregisternummer")
    if not config.get("OIDC_NATIONAL_NUMBER_CLAIM"):
        claim = Finding(
            claim.label,
            "niet ingesteld; zet BINC_OIDC_NATIONAL_NUMBER_CLAIM (eHealth/FAS: egovNRN).",
        )
    if not url.endswith(DISCOVERY_SUFFIX):
        return [
            Finding(label, f"BINC_OIDC_DISCOVERY_URL moet op {DISCOVERY_SUFFIX} eindigen."),
            claim,
        ]
    try:
        answer = requests.get(url, timeout=TIMEOUT)
        answer.raise_for_status()
        issuer = answer.json().get("issuer")
    except (requests.RequestException, ValueError) as error:
        reason = type(error).__name__
        return [Finding(label, f"{url} onbereikbaar of geen JSON ({reason})."), claim]
    expected = url.removesuffix(DISCOVERY_SUFFIX)
    if issuer != expected:
        return [
            Finding(label, f"de issuer is {issuer!r}, niet {expected!r}: verkeerd adres?"),
            claim,
        ]
    return [Finding(label), claim]


def check_redis(config) -> list[Finding]:
    """Every Redis the configuration names answers a PING."""
    findings = []
    for setting in REDIS_SETTINGS:
        url = config.get(setting) or ""
        if not url.startswith(("redis://", "rediss://", "unix://")):
            continue
        label = f"Redis ({setting})"
        try:
            Redis.from_url(url, socket_connect_timeout=TIMEOUT, socket_timeout=TIMEOUT).ping()
        except RedisError as error:
            findings.append(Finding(label, f"onbereikbaar ({type(error).__name__}); {url}?"))
        else:
            findings.append(Finding(label))
    return findings


def check_mail(config) -> list[Finding]:
    """F-4: the mail server, when mail leaves by SMTP, accepts a connection (over TLS when so
    configured) and the login, when one is configured."""
    if config.get("MAIL_BACKEND") != "smtp":
        return []
    host = config.get("MAIL_SERVER") or "localhost"
    port = int(config.get("MAIL_PORT") or 25)
    connection = smtplib.SMTP_SSL if config.get("MAIL_USE_SSL") else smtplib.SMTP
    try:
        with connection(host, port, timeout=TIMEOUT) as server:
            if config.get("MAIL_USE_TLS"):
                server.starttls()
            if config.get("MAIL_USERNAME"):
                server.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            server.noop()
    except smtplib.SMTPAuthenticationError:
        return [Finding("Mailserver", f"{host}:{port} weigert de login van BINC_MAIL_USERNAME.")]
    except smtplib.SMTPException as error:
        reason = type(error).__name__
        return [Finding("Mailserver", f"{host}:{port} weigert ({reason}): TLS- of loginsettings?")]
    except OSError as error:
        reason = type(error).__name__
        return [Finding("Mailserver", f"{host}:{port} onbereikbaar ({reason}).")]
    return [Finding("Mailserver")]


def https_problems(config) -> list[str]:
    """In production: people, cookies and the identity provider only over HTTPS, and behind
    a proxy that is trusted for the client address also for the scheme."""
    if config["BINC_ENV"] != "production":
        return []
    problems = []
    if urlsplit(config["BASE_URL"]).scheme != "https":
        problems.append("BINC_BASE_URL moet met https:// beginnen")
    if not config.get("SESSION_COOKIE_SECURE"):
        problems.append("BINC_SESSION_COOKIE_SECURE moet true zijn")
    if urlsplit(config.get("OIDC_DISCOVERY_URL") or "").scheme != "https":
        problems.append("BINC_OIDC_DISCOVERY_URL moet met https:// beginnen")
    if int(config.get("PROXY_FIX_X_FOR") or 0) and not int(config.get("PROXY_FIX_X_PROTO") or 0):
        problems.append(
            "achter een proxy (BINC_PROXY_FIX_X_FOR) hoort ook BINC_PROXY_FIX_X_PROTO=1"
        )
    return problems


def check_https(config) -> list[Finding]:
    problems = https_problems(config)
    return [Finding("HTTPS", "; ".join(problems) + "." if problems else None)]


def _open_to_others(path: Path) -> bool:
    return bool(path.stat().st_mode & (stat.S_IRWXO))


def check_instance(app: Flask) -> list[Finding]:
    """instance/ is writable by binc-web and closed to other users, its secrets too."""
    folder = Path(app.instance_path)
    label = f"Map {folder}"
    if not os.access(folder, os.W_OK | os.X_OK):
        return [Finding(label, "binc-web kan er niet schrijven; geef de gebruiker binc rechten.")]
    exposed = [folder] if _open_to_others(folder) else []
    database = app.config["SQLALCHEMY_DATABASE_URI"]
    candidates = [folder / "secret_key"]
    if database.startswith("sqlite:///"):
        candidates.append(Path(database.removeprefix("sqlite:///")))
    exposed += [path for path in candidates if path.exists() and _open_to_others(path)]
    if exposed:
        names = ", ".join(str(path) for path in exposed)
        return [Finding(label, f"leesbaar voor andere gebruikers: {names}; chmod o-rwx.")]
    return [Finding(label)]


CHECKS: tuple[Callable[[Flask], Iterable[Finding]], ...] = (
    lambda app: check_secret_key(app.config),
    check_database,
    lambda app: check_identity_provider(app.config),
    lambda app: check_redis(app.config),
    lambda app: check_mail(app.config),
    lambda app: check_https(app.config),
    check_instance,
)


def run_checks(app: Flask) -> list[Finding]:
    """Every check, in the order of the report."""
    return [finding for check in CHECKS for finding in check(app)]
