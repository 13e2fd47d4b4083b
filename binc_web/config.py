"""Configuration defaults.

Secrets and site settings come from ``instance/config.py`` or from ``BINC_*`` environment
variables (``BINC_OIDC_CLIENT_SECRET=...`` sets ``OIDC_CLIENT_SECRET``); ``DATABASE_URL`` sets the
database. ``BINC_ENV`` chooses the profile: ``production`` (the default, so that a forgotten
setting never weakens a real installation), ``development`` (set by ``make run``) or ``testing``.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

ENVIRONMENTS = ("production", "development", "testing")


class Defaults:
    """Settings every installation starts from."""

    BINC_ENV = "production"
    SQLALCHEMY_DATABASE_URI = None  # filled in by load_config: SQLite file in instance/
    # hide_parameters: a failed statement's error (and so the log) never holds the values.
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True, "hide_parameters": True}
    # PostgreSQL: a statement running longer than this many seconds is cancelled (the request
    # then fails instead of holding a worker and a connection); 0 switches that off.
    DATABASE_STATEMENT_TIMEOUT = 30
    SESSION_COOKIE_NAME = "binc_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    # sessions live on the server (the database, or Redis when SESSION_URL is set); the
    # cookie holds an opaque id. They end after SESSION_IDLE_TIMEOUT seconds without a request
    # and SESSION_ABSOLUTE_LIFETIME seconds after login, whatever the activity.
    SESSION_URL = None
    SESSION_IDLE_TIMEOUT = 30 * 60
    SESSION_ABSOLUTE_LIFETIME = 8 * 3600
    SESSION_CLEANUP_N_REQUESTS = 1000
    SESSION_REFRESH_EACH_REQUEST = False
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    MAX_CONTENT_LENGTH = 11 * 1024 * 1024

    # OpenID Connect identity provider (eHealth/FAS, Keycloak, ... or the development mock).
    OIDC_DISCOVERY_URL = None
    OIDC_CLIENT_ID = "binc-web"
    OIDC_CLIENT_SECRET = None
    OIDC_SCOPE = "openid profile email"
    OIDC_NATIONAL_NUMBER_CLAIM = "egovNRN"

    # the first administrator: national number, organisation name and kind.
    FIRST_ADMIN_NATIONAL_NUMBER = None
    FIRST_ADMIN_ORGANISATION = None
    FIRST_ADMIN_ORGANISATION_KIND = "jeugdhulp"

    # Security baseline.
    LOGIN_RATE_LIMIT = "10 per minute"
    # One app process counts alone; "redis://host:6379/0" shares the counts between workers.
    RATELIMIT_STORAGE_URI = "memory://"
    # Reverse proxies in front of the app whose X-Forwarded-* headers are trusted (werkzeug's
    # ProxyFix); 0 ignores the header, so that a client cannot choose its own address.
    PROXY_FIX_X_FOR = 0
    PROXY_FIX_X_PROTO = 0
    PROXY_FIX_X_HOST = 0
    PROXY_FIX_X_PORT = 0
    PROXY_FIX_X_PREFIX = 0
    RATELIMIT_HEADERS_ENABLED = True

    # K-2: register look-ups per person (searches and "verder", by every machine together), and
    # how long a youth identified without a dossier stays open in the session.
    REGISTER_LOOKUP_LIMIT = "30 per 10 minutes"
    IDENTIFIED_ACCESS_SECONDS = 3600

    # K-1: the national register; a dotted path to a class with find_by_number/find_by_name.
    REGISTER_ADAPTER = "binc_web.register.RegisterTableAdapter"

    PAGE_SIZE = 50

    # Background jobs (binc_web.jobs): not set = SqliteHuey in instance/jobs.sqlite3;
    # "redis://host:6379/0" = RedisHuey shared by every machine. JOBS_IMMEDIATE runs each task
    # at once in the caller (tests); JOBS_WORKERS is the consumer's number of threads.
    JOBS_URL = None
    JOBS_IMMEDIATE = False
    JOBS_WORKERS = 2
    # /gezondheid answers 503 when no consumer recorded its (minutely) heartbeat for this long.
    JOBS_HEARTBEAT_MAX_AGE = 180

    # G-4: the file holding the secret key of the research pseudonyms (default
    # instance/research_key, created on first use with mode 0600). Keep it out of backups that
    # researchers can read: whoever has it can link pseudonyms to national numbers.
    RESEARCH_KEY_PATH = None
    # Issue 16: years the access log ("Raadplegingen") is kept; `flask binc purge-access-log`.
    ACCESS_LOG_RETENTION_YEARS = 5

    # F-4: e-mail (binc_web.mail, Flask-Mailman). MAIL_BACKEND empty: by profile, "smtp" in
    # production, "file" (one file per batch in MAIL_FILE_PATH, default instance/outbox) in
    # development, "locmem" in tests. SMTP: the server, its port, STARTTLS (MAIL_USE_TLS) or
    # TLS from the start (MAIL_USE_SSL, port 465), the login if the server asks one, and the
    # seconds to wait for it. MAIL_DEFAULT_SENDER empty: binc-web <noreply@host of BASE_URL>.
    MAIL_BACKEND = None
    MAIL_FILE_PATH = None
    MAIL_SERVER = "localhost"
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_USERNAME = None
    MAIL_PASSWORD = None
    MAIL_TIMEOUT = 30
    MAIL_DEFAULT_SENDER = None

    # the address people use, e.g. https://binc.example.org (no path). The identity
    # provider's redirect URIs are built from it, never from the Host header; requests for
    # another host are refused (400) unless TRUSTED_HOSTS lists it.
    BASE_URL = None
    TRUSTED_HOSTS = None


PROFILES = {
    "production": {},
    "development": {
        "SESSION_COOKIE_SECURE": False,
        "OIDC_DISCOVERY_URL": "http://127.0.0.1:9400/.well-known/openid-configuration",
        "OIDC_CLIENT_SECRET": "binc-web-development",
        "BASE_URL": "http://127.0.0.1:5000",
    },
    "testing": {
        "SESSION_COOKIE_SECURE": False,
        "TESTING": True,
        "OIDC_CLIENT_SECRET": "binc-web-testing",
        "RATELIMIT_ENABLED": True,
        "JOBS_IMMEDIATE": True,
        "BASE_URL": "http://localhost",
    },
}


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs written the usual way (``postgres://``)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def load_config(app, overrides: dict | None = None) -> None:
    """Fill ``app.config``: defaults, profile, instance file, environment, then overrides."""
    app.config.from_object(Defaults)
    env = (overrides or {}).get("BINC_ENV") or os.environ.get("BINC_ENV", "production")
    if env not in ENVIRONMENTS:
        raise RuntimeError(f"BINC_ENV moet een van {', '.join(ENVIRONMENTS)} zijn, niet {env!r}.")
    app.config["BINC_ENV"] = env
    app.config.update(PROFILES[env])
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("BINC")
    if os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    app.config.update(overrides or {})
    app.config["BINC_ENV"] = env
    app.config["BASE_URL"] = checked_base_url(app.config.get("BASE_URL"))
    if app.config.get("TRUSTED_HOSTS") is None:
        app.config["TRUSTED_HOSTS"] = [urlsplit(app.config["BASE_URL"]).hostname]
    # The store forgets a session, and the browser its cookie, once it has been idle too long.
    app.config["PERMANENT_SESSION_LIFETIME"] = app.config["SESSION_IDLE_TIMEOUT"]

    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + str(
            Path(app.instance_path) / "binc.sqlite3"
        )
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(
        app.config["SQLALCHEMY_DATABASE_URI"]
    )
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"hide_parameters": True}
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(Path(app.instance_path))
    debug_requested = os.environ.get("FLASK_DEBUG", "").lower() in ("1", "true", "yes", "on")
    if env == "production" and (app.debug or app.config.get("DEBUG") or debug_requested):
        raise RuntimeError("De debugmodus mag nooit aan staan in productie (BINC_ENV=production).")


def checked_base_url(url: str | None) -> str:
    """``BASE_URL`` without a trailing slash; refuse to start without a usable one."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/"):
        raise RuntimeError(
            "Stel BINC_BASE_URL in op het adres van binc-web, zonder pad "
            f"(bijvoorbeeld https://binc.voorbeeld.be), niet {url!r}."
        )
    return f"{parts.scheme}://{parts.netloc}"


def instance_secret_key(instance: Path) -> str:
    """Read the secret key from ``instance/secret_key``, creating it on first start.

    Several processes may start at once (gunicorn workers, a second instance, the consumer):
    the key is written to a file of its own and linked into place, which only one of them
    can do; the others read the winner's key."""
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    handle, draft = tempfile.mkstemp(dir=instance, prefix=".secret_key.")
    try:
        with os.fdopen(handle, "w") as file:
            file.write(secrets.token_hex(32))
        with contextlib.suppress(FileExistsError):
            os.link(draft, path)
    finally:
        os.unlink(draft)
    return path.read_text().strip()
