"""`make bench`: server time of the D-4 overview and D-5 search at volume, against a floor page.

Loads ``flask binc demo --dossiers 100000`` once per database and keeps it between runs (SQLite
in ``benchmarks/.cache/``, PostgreSQL database ``binc_bench`` on 127.0.0.1); a database is
rebuilt only when it is missing, incomplete or at another schema revision. Then, for a volume
organisation holding 5,000 open dossiers, each page is requested through the whole app stack
(session, before-request hooks, views, templates, after-request hooks) with Flask's test client.
Prints one line per figure: ``name: value unit``.
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import statistics
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory
from flask import url_for
from sqlalchemy import create_engine, event, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from binc_web import create_app
from binc_web.database import MIGRATIONS
from binc_web.dossiers import queries
from binc_web.extensions import db
from binc_web.models import Beslissing, Dossier, Membership, Organisation, Person
from binc_web.rules.national_number import compose_national_number
from binc_web.rules.overview import ListState

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "benchmarks" / ".cache"
SQLITE_URL = f"sqlite:///{CACHE / 'binc-bench.sqlite3'}"
POSTGRES_URL = os.environ.get(
    "BINC_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/binc_bench"
)
VOLUME_DOSSIERS = 100_000
ORGANISATION = "Volume 001"
SMALL_ORGANISATION = "NAFT De Brug"  # the demo organisation: 16 dossiers
SMALL_ORGANISATION_PERSON = "79021402168"  # Tom Maes, who works there
BENCH_PERSON = compose_national_number(date(1980, 1, 1), 997)


def schema_head() -> str:
    """The Alembic head revision of the code being measured."""
    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    return ScriptDirectory.from_config(config).get_current_head()


def bench_app(url: str):
    """The application as `make run` configures it, on the benchmark database."""
    return create_app(
        {
            "BINC_ENV": "development",
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "binc-bench",
            "RATELIMIT_ENABLED": False,
        }
    )


def database_state(url: str) -> tuple[str | None, int]:
    """(schema revision, number of dossiers) of an existing database, or (None, 0)."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            dossiers = connection.execute(text("SELECT count(*) FROM dossiers")).scalar()
            return revision, dossiers
    except SQLAlchemyError:
        return None, 0
    finally:
        engine.dispose()


def recreate_database(url: str) -> None:
    """An empty database: a new SQLite file, or DROP/CREATE DATABASE on PostgreSQL."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database)
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    server = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    server.dispose()


def prepare(url: str, label: str) -> None:
    """Load the volume data unless the cached database is complete and current."""
    head = schema_head()
    revision, dossiers = database_state(url)
    if revision == head and dossiers >= VOLUME_DOSSIERS:
        print(f"# {label}: cached database at revision {head} with {dossiers} dossiers")
        return
    print(f"# {label}: loading flask binc demo --dossiers {VOLUME_DOSSIERS} (once)", flush=True)
    recreate_database(url)
    app = bench_app(url)
    runner = app.test_cli_runner()
    started = time.monotonic()
    for args in (["db", "upgrade"], ["binc", "demo", "--dossiers", str(VOLUME_DOSSIERS)]):
        result = runner.invoke(args=args, catch_exceptions=False)
        if result.exit_code != 0:
            raise SystemExit(f"{label}: flask {' '.join(args)} failed:\n{result.output}")
    if make_url(url).get_backend_name() == "postgresql":
        with app.app_context():
            db.session.execute(text("ANALYZE"))
            db.session.commit()
    print(f"# {label}: loaded in {time.monotonic() - started:.0f} s", flush=True)


def volume_person(app) -> tuple[int, int]:
    """A medewerker of the measured volume organisation (created once): (person, organisation)."""
    with app.app_context():
        organisation = db.session.scalars(
            db.select(Organisation).where(Organisation.name == ORGANISATION)
        ).one()
        person = db.session.scalars(
            db.select(Person).where(Person.national_number == BENCH_PERSON)
        ).first()
        if person is None:
            person = Person(national_number=BENCH_PERSON, given_name="Bench", family_name="Meter")
            db.session.add(person)
            db.session.flush()
            db.session.add(
                Membership(person_id=person.id, organisation_id=organisation.id, role="medewerker")
            )
            db.session.commit()
        return person.id, organisation.id


@contextmanager
def counting_queries(app):
    """Collect the SQL statements executed while the block runs."""
    statements: list[str] = []
    with app.app_context():
        engine = db.engine

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def small_person(app) -> tuple[int, int]:
    """Tom Maes of the demo data and NAFT De Brug: (person, organisation)."""
    with app.app_context():
        organisation = db.session.scalars(
            db.select(Organisation).where(Organisation.name == SMALL_ORGANISATION)
        ).one()
        person = db.session.scalars(
            db.select(Person).where(Person.national_number == SMALL_ORGANISATION_PERSON)
        ).one()
        return person.id, organisation.id


def logged_in_client(app, person_id: int, organisation_id: int):
    """A test client whose session acts for the organisation, as tests/conftest.py logs in."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["person_id"] = person_id
        session["organisation_id"] = organisation_id
    return client


def page_urls(app) -> dict[str, tuple[str, dict[str, str]]]:
    """The measured pages and their request headers: the floor ("Selecteer de voorziening": the
    session and membership look-ups every page makes, and the page shell), the D-4/D-5 lists,
    the list alone as htmx swaps it, and "Actie nodig" as the start page loads it after itself."""
    htmx = {"HX-Request": "true"}
    with app.test_request_context():
        return {
            "floor": (url_for("auth.choose_organisation"), {}),
            "overview": (url_for("dossiers.overview"), {}),
            "overview_list_htmx": (url_for("dossiers.overview"), htmx),
            "overview_beslis_tot": (url_for("dossiers.overview", sorteer="beslis-tot"), {}),
            "overview_last_page": (url_for("dossiers.overview", pagina=100), {}),
            "search_name": (url_for("dossiers.search", naam="peeters"), {}),
            "actie_nodig_htmx": (url_for("dossiers.actions"), htmx),
        }


def measure_pages(app, label: str, requests: int) -> None:
    """Median server time and SQL queries per request of each page, requests interleaved so
    that a busy machine slows every page alike."""
    client = logged_in_client(app, *volume_person(app))
    urls = page_urls(app)
    timings: dict[str, list[float]] = {name: [] for name in urls}
    for url, headers in urls.values():
        for _ in range(3):
            response = client.get(url, headers=headers)
            if response.status_code != 200:
                raise SystemExit(f"{label}: {url} answered {response.status_code}")
    for _ in range(requests):
        for name, (url, headers) in urls.items():
            started = time.perf_counter()
            client.get(url, headers=headers)
            timings[name].append((time.perf_counter() - started) * 1000)
    floor = statistics.median(timings["floor"])
    for name, (url, headers) in urls.items():
        with counting_queries(app) as statements:
            client.get(url, headers=headers)
        median = statistics.median(timings[name])
        print(f"{label}.{name}.median: {median:.1f} ms")
        print(f"{label}.{name}.queries: {len(statements)} queries")
        if name != "floor":
            print(f"{label}.{name}.floor_ratio: {median / floor:.1f} x")
    small = logged_in_client(app, *small_person(app))
    with counting_queries(app) as statements:
        small.get(urls["overview"][0])
    print(f"{label}.overview_small_organisation.queries: {len(statements)} queries")


def latest_beslissing_by_window(where):
    """The latest beslissing's end date per dossier with a window function (the alternative
    to the correlated subquery of binc_web.dossiers.queries)."""
    ranked = (
        select(
            Beslissing.dossier_id,
            Beslissing.einddatum,
            func.row_number()
            .over(
                partition_by=Beslissing.dossier_id,
                order_by=(Beslissing.begindatum.desc(), Beslissing.id.desc()),
            )
            .label("position"),
        )
        .where(Beslissing.dossier_id.in_(select(Dossier.id).where(*where)))
        .subquery()
    )
    return ranked, (ranked.c.dossier_id == Dossier.id) & (ranked.c.position == 1)


def measure_latest_beslissing(app, label: str, requests: int) -> None:
    """Sorting on "Beslis. > tot" needs the latest beslissing of every listed dossier: the
    first page's ids by correlated subquery (as the app does) against a window function."""
    person_id, organisation_id = volume_person(app)
    with app.app_context():
        where = queries.overview_filter(organisation_id, "voorziening", person_id, date.today())
        state = ListState(sort="beslis-tot")
        keys = [queries.BESLISSING_END, *queries.TIE_BREAKERS]
        by_subquery = (
            queries.select_dossiers(Dossier.id)
            .where(*where)
            .order_by(*queries.ordered(keys, state.descending))
            .limit(50)
        )
        ranked, joined = latest_beslissing_by_window(where)
        window_keys = [ranked.c.einddatum, *queries.TIE_BREAKERS]
        by_window = (
            queries.select_dossiers(Dossier.id)
            .outerjoin(ranked, joined)
            .where(*where)
            .order_by(*queries.ordered(window_keys, state.descending))
            .limit(50)
        )
        first = db.session.scalars(by_subquery).all()
        if first != db.session.scalars(by_window).all():
            raise SystemExit(f"{label}: the two strategies disagree")
        timings: dict[str, list[float]] = {"subquery": [], "window": []}
        for _ in range(requests):
            for name, statement in (("subquery", by_subquery), ("window", by_window)):
                started = time.perf_counter()
                db.session.scalars(statement).all()
                timings[name].append((time.perf_counter() - started) * 1000)
        for name, values in timings.items():
            print(f"{label}.latest_beslissing.{name}.median: {statistics.median(values):.1f} ms")


def postgres_version() -> str | None:
    """The server version at POSTGRES_URL, or None when no server answers there."""
    server = create_engine(make_url(POSTGRES_URL).set(database="postgres"))
    try:
        with server.connect() as connection:
            return connection.execute(text("SHOW server_version")).scalar()
    except SQLAlchemyError:
        return None
    finally:
        server.dispose()


def describe_machine(postgres: str | None) -> None:
    """One comment line: cores, Python, SQLite and PostgreSQL versions."""
    print(f"# machine: {os.cpu_count()} cores, Python {platform.python_version()}, ", end="")
    print(f"SQLite {sqlite3.sqlite_version}", end="")
    print(f", PostgreSQL {postgres}" if postgres else "")


def main() -> None:
    """Prepare each database, then print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=40, help="requests per page (>= 30)")
    parser.add_argument(
        "--databases", default="sqlite,postgresql", help="comma-separated: sqlite,postgresql"
    )
    options = parser.parse_args()
    chosen = {name.strip() for name in options.databases.split(",")}
    postgres = postgres_version() if "postgresql" in chosen else None
    describe_machine(postgres)
    targets = [("sqlite", SQLITE_URL)] if "sqlite" in chosen else []
    if postgres:
        targets.append(("postgresql", POSTGRES_URL))
    elif "postgresql" in chosen:
        print(f"# postgresql: no server at {make_url(POSTGRES_URL).host}, skipped")
    for label, url in targets:
        prepare(url, label)
        app = bench_app(url)
        measure_pages(app, label, max(options.requests, 30))
        measure_latest_beslissing(app, label, max(options.requests, 30))
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
