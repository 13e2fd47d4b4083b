"""Fixtures: the app on a fresh database per test, a real OIDC provider, login helpers.

The suite runs on SQLite by default and on PostgreSQL when BINC_TEST_DATABASE_URL is set.
BINC_TEST_CLOCK (ISO 8601, e.g. "2026-11-29T23:30+00:00", already the 30th in Brussels) starts
the whole run at that moment, the clock ticking on, to flush out tests that mix up the host's
date and the app's Belgian date.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date, datetime, time

import pytest

os.environ.setdefault("AUTHLIB_INSECURE_TRANSPORT", "1")

import oidc_provider_mock
import time_machine
from flask import has_app_context
from flask.globals import _cv_app
from flask.testing import FlaskClient
from jinja2 import BytecodeCache

from binc_web import create_app
from binc_web.auth.session import start_session
from binc_web.extensions import db
from binc_web.models import Client, Person
from binc_web.templating import BRUSSELS
from tests import factories
from tests.mutation import kept_for_mutant

CLAIM = "egovNRN"


def pytest_configure(config):
    """Start the session clock of BINC_TEST_CLOCK before test modules are imported (their
    module-level dates see it too)."""
    moment = os.environ.get("BINC_TEST_CLOCK")
    if moment:
        config._binc_clock = time_machine.travel(moment, tick=True)
        config._binc_clock.start()


def pytest_unconfigure(config):
    clock = getattr(config, "_binc_clock", None)
    if clock is not None:
        clock.stop()


def pinned_to(day: date) -> time_machine.travel:
    """The clock on ``day`` at the current Belgian time of day (at the latest 23:00, so a test
    cannot tick past midnight), ticking on: a test building dates from its module's TODAY keeps
    agreeing with the app even when the run crosses midnight, and under BINC_TEST_CLOCK it
    stays just after midnight (still the previous day in UTC). It ticks because a frozen clock
    would give a change the same timestamp as the row's creation, which is then no change."""
    now = datetime.now(BRUSSELS).time()
    return time_machine.travel(datetime.combine(day, min(now, time(23)), BRUSSELS), tick=True)


def pytest_report_header(config):
    moment = os.environ.get("BINC_TEST_CLOCK")
    return f"binc clock: started at {moment} (BINC_TEST_CLOCK)" if moment else None


@dataclass(frozen=True)
class Someone:
    national_number: str
    given: str
    family: str


JAN = Someone("85073003328", "Jan", "Peeters")
SOFIE = Someone("88112201883", "Sofie", "Janssens")
TOM = Someone("79021402168", "Tom", "Maes")
PIETER = Someone("92060504731", "Pieter", "Willems")
ANN = Someone("75010101087", "Ann", "Wouters")
STRANGER = Someone("90020199704", "Onbekende", "Bezoeker")
PROVIDER_USERS = [JAN, SOFIE, TOM, PIETER, ANN, STRANGER]


def provider_user(someone: Someone, **extra) -> oidc_provider_mock.User:
    claims = {
        CLAIM: someone.national_number,
        "given_name": someone.given,
        "family_name": someone.family,
        "email": f"{someone.given.lower()}@example.org",
    }
    claims.update(extra)
    return oidc_provider_mock.User(sub=someone.national_number, claims=claims)


def on_postgresql() -> bool:
    return os.environ.get("BINC_TEST_DATABASE_URL", "").startswith("postgresql")


def pytest_collection_modifyitems(config, items):
    """Run ``postgres`` tests only on PostgreSQL: SQLite serialises writers on one file lock,
    so the races they stage cannot happen there. Deselected, not skipped: CI runs them on
    PostgreSQL. Under `make mutants`, run a mutant's tests as `tests.mutation` selects."""
    kept = kept_for_mutant(items)
    if not on_postgresql():
        kept = [item for item in kept if item.get_closest_marker("postgres") is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept


@pytest.fixture(scope="session")
def oidc_issuer():
    """A real OpenID Connect provider (oidc-provider-mock) on a free local port."""
    users = [provider_user(s) for s in PROVIDER_USERS]
    users.append(oidc_provider_mock.User(sub="no-number", claims={"email": "x@example.org"}))
    with oidc_provider_mock.run_server_in_thread(
        port=0, require_nonce=True, user_claims=users
    ) as s:
        yield f"http://localhost:{s.server_port}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("BINC_TEST_DATABASE_URL")
    if url:
        return url
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "binc-test.sqlite3")


def app_config(database_url: str, issuer: str) -> dict:
    return {
        "BINC_ENV": "testing",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "OIDC_DISCOVERY_URL": f"{issuer}/.well-known/openid-configuration",
        "OIDC_NATIONAL_NUMBER_CLAIM": CLAIM,
        "SECRET_KEY": "test-secret",
        "SERVER_NAME": None,
    }


@pytest.fixture(scope="session")
def _schema(database_url, oidc_issuer):
    """Create the schema once per run (tests empty the tables afterwards)."""
    app = create_app(app_config(database_url, oidc_issuer))
    with app.app_context():
        db.drop_all()
        db.session.execute(db.text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()
        db.create_all()
    return True


class SharedTemplateCode(BytecodeCache):
    """Compiled templates, shared by the apps of all tests of a run (in memory).

    Each test gets an app of its own, and each app compiled the templates it rendered again (a
    sixth of the CPU time of test_traject.py; under `make mutants` every forked run of a mutant
    starts with the code compiled during mutmut's first run). Jinja checks each template's
    source checksum before it uses the stored code.
    """

    def __init__(self):
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket):
        self.code[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CODE = SharedTemplateCode()


class IsolatedClient(FlaskClient):
    """A test client whose requests run in their own app context, as in production.

    The test itself holds an app context for ``db.session``; without this, requests would share
    its ``g`` and database session and hide bugs (a CSRF token or a half-done change leaking
    from one request into the next). The test's own pending changes are committed first, and
    its objects are reloaded afterwards so it sees what the request wrote.
    """

    def open(self, *args, **kwargs):
        db.session.commit()
        # A streamed body (stream_with_context) is read here too, inside the request's context,
        # not later in the test's.
        kwargs.setdefault("buffered", True)
        hidden = _cv_app.set(None)
        try:
            return super().open(*args, **kwargs)
        finally:
            _cv_app.reset(hidden)
            db.session.expire_all()


@pytest.fixture
def app(_schema, database_url, oidc_issuer, tmp_path):
    """The application on an empty database."""
    application = create_app(app_config(database_url, oidc_issuer))
    # G-4: a test that reaches the research export creates its key here, not in instance/.
    application.config["RESEARCH_KEY_PATH"] = str(tmp_path / "research_key")
    # G-1: the Groeipakket feed's drop folder, per test.
    application.config["GROEIPAKKET_PATH"] = str(tmp_path / "groeipakket")
    application.test_client_class = IsolatedClient
    application.jinja_env.bytecode_cache = TEMPLATE_CODE
    factories.restart_numbering()
    with application.app_context():
        yield application
        db.session.rollback()
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())
        # Each test's app has its own pool: closed here, not when garbage-collected, so that
        # parallel runs on one PostgreSQL server stay under its connection limit.
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@dataclass
class World:
    """Three organisations, their people and one dossier each."""

    brug: object
    anker: object
    agency: object
    jan: object
    sofie: object
    tom: object
    pieter: object
    ann: object
    brug_dossier: object
    anker_dossier: object


@pytest.fixture
def world(app) -> World:
    brug = factories.organisation("NAFT De Brug", "naft")
    anker = factories.organisation("Jeugdhulp Het Anker", "jeugdhulp")
    agency = factories.organisation("Opgroeien", "agency")
    people = {}
    for someone in (JAN, SOFIE, TOM, PIETER, ANN):
        people[someone.given.lower()] = factories.person(
            someone.national_number, someone.given, someone.family
        )
    factories.grant(people["jan"], brug, "medewerker")
    factories.grant(people["sofie"], brug, "medewerker")
    factories.grant(people["sofie"], anker, "medewerker")
    factories.grant(people["tom"], brug, "beheerder", "medewerker")
    factories.grant(people["pieter"], anker, "medewerker")
    factories.grant(people["ann"], agency, "dossierbehandelaar", "beleidsmedewerker")
    brug_dossier = factories.dossier(brug)
    anker_dossier = factories.dossier(anker)
    db.session.commit()
    return World(
        brug,
        anker,
        agency,
        people["jan"],
        people["sofie"],
        people["tom"],
        people["pieter"],
        people["ann"],
        brug_dossier,
        anker_dossier,
    )


def log_in_client(http, person, organisation=None, **extra):
    """Give the test client ``http`` the session of ``person`` acting for ``organisation``,
    as the login would (fast; the real flow is in test_auth.py). Ids are accepted too (worker
    threads), and ``extra`` goes into the session as is."""
    if has_app_context():
        db.session.commit()  # the test's pending changes, so that the login below sees them
    # An app context of its own (worker threads have none; the test's is left alone): the
    # session store writes the session outside any request.
    with http.application.app_context(), http.session_transaction() as session:
        session.clear()
        start_session(session, db.session.get(Person, getattr(person, "id", person)))
        session.update(extra)
        if organisation is not None:
            session["organisation_id"] = getattr(organisation, "id", organisation)
    return http


@pytest.fixture
def login_as(client):
    """Log in directly through the session (fast); the real flow is in test_auth.py."""

    def login(person, organisation=None):
        return log_in_client(client, person, organisation)

    return login


CSRF_PATTERN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
HX_CSRF_PATTERN = re.compile(r'"X-CSRFToken": "([^"]+)"')


def csrf_token(client, path: str = "/") -> str:
    """The CSRF token a real page hands out (so tests post like a browser does)."""
    body = client.get(path).get_data(as_text=True)
    match = HX_CSRF_PATTERN.search(body) or CSRF_PATTERN.search(body)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


@pytest.fixture
def two_workers(app, world):
    """D-13: Jan and Sofie of De Brug, each in a browser of their own (cookies, session), and
    De Brug's client, for two people saving the same form."""

    def browser(person):
        http = app.test_client_class(app, app.response_class, use_cookies=True)
        return log_in_client(http, person, world.brug)

    client = db.session.get(Client, world.brug_dossier.client_id)
    return browser(world.jan), browser(world.sofie), client
