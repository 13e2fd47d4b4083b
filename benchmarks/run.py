"""`make bench`: server time of the hot pages at volume, against a floor page, in random order.

Loads ``flask binc demo --dossiers 100000`` once per database and keeps it between runs (SQLite
in ``benchmarks/.cache/``, PostgreSQL database ``binc_bench`` on 127.0.0.1 or
``BINC_BENCH_POSTGRES_URL``); a database is rebuilt only when it is missing, incomplete or at
another schema revision. Then, for a volume organisation holding 5,000 open dossiers, another
holding 3,334 and the demo's small organisation, each page is requested through the whole app
stack (session, before-request hooks, views, templates, after-request hooks) with Flask's test
client, every page once per round in a new random order. Prints one line per figure:
``name: value unit`` (wall and CPU time: median and quartiles, the ratio to the floor per
round, the extra cost per 1,000 open dossiers; the queries of one request).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import sqlite3
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from itertools import cycle
from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory
from flask import url_for
from sqlalchemy import create_engine, event, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from binc_web import create_app
from binc_web.auth.session import start_session
from binc_web.database import MIGRATIONS
from binc_web.extensions import db
from binc_web.models import Beslissing, Dossier, Membership, Organisation, Person
from binc_web.rules.national_number import compose_national_number

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "benchmarks" / ".cache"
SQLITE_URL = f"sqlite:///{CACHE / 'binc-bench.sqlite3'}"
POSTGRES_URL = os.environ.get(
    "BINC_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/binc_bench"
)
VOLUME_DOSSIERS = 100_000
ORGANISATION = "Volume 001"  # 5,000 open dossiers
# The volume organisation the demo fills last (3,334 open dossiers of the 100,000): its lists
# and searches fill whole pages too, so the difference to ORGANISATION is the cost of size alone.
OTHER_ORGANISATION = "Volume 017"
SMALL_ORGANISATION = "NAFT De Brug"  # the demo organisation: 16 dossiers
SMALL_ORGANISATION_PERSON = "79021402168"  # Tom Maes, who works there
BENCH_PERSON = compose_national_number(date(1980, 1, 1), 997)
OTHER_BENCH_PERSON = compose_national_number(date(1980, 1, 1), 995)


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
            # The test client asks for host "localhost"; the app answers only trusted hosts.
            "TRUSTED_HOSTS": ["localhost"],
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
        # What autovacuum gives a production server after such a load: statistics, and a
        # visibility map, without which an index-only scan reads the table rows too.
        with app.app_context(), db.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(
                text("VACUUM ANALYZE")
            )
    print(f"# {label}: loaded in {time.monotonic() - started:.0f} s", flush=True)


def volume_person(
    app, name: str = ORGANISATION, national_number: str = BENCH_PERSON
) -> tuple[int, int]:
    """A medewerker of a volume organisation (created once): (person, organisation)."""
    with app.app_context():
        organisation = db.session.scalars(
            db.select(Organisation).where(Organisation.name == name)
        ).one()
        person = db.session.scalars(
            db.select(Person).where(Person.national_number == national_number)
        ).first()
        if person is None:
            person = Person(
                national_number=national_number, given_name="Bench", family_name="Meter"
            )
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
    """A test client whose session acts for the organisation, as tests/conftest.py logs in
    (the server-side session the login starts, without the identity provider)."""
    client = app.test_client()
    with app.app_context(), client.session_transaction() as session:
        start_session(session, db.session.get(Person, person_id))
        session["organisation_id"] = organisation_id
    return client


@dataclass(frozen=True)
class Page:
    """One measured request: who asks (a logged-in test client) and what. A POST when forms are
    given, each request the next of them."""

    client: object
    url: str
    headers: dict[str, str]
    forms: Iterator[dict[str, str]] | None = None

    def request(self):
        if self.forms is None:
            return self.client.get(self.url, headers=self.headers)
        return self.client.post(self.url, data=next(self.forms), headers=self.headers)


def csrf_token(client, url: str) -> str:
    """The CSRF token of the form on ``url`` for this client's session."""
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def a_dossier_with_traject(app, organisation_id: int) -> int:
    """An open dossier of the organisation with a beslissing (its page shows the traject)."""
    with app.app_context():
        return db.session.scalar(
            select(Dossier.id)
            .where(
                Dossier.organisation_id == organisation_id,
                Dossier.status == "open",
                Dossier.id.in_(select(Beslissing.dossier_id)),
            )
            .order_by(Dossier.id)
            .limit(1)
        )


def open_dossiers(app, organisation_id: int) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count()).where(
                Dossier.organisation_id == organisation_id, Dossier.status == "open"
            )
        )


def pages_of(app, person_id: int, organisation_id: int) -> dict[str, Page]:
    """The measured pages for one organisation: the floor ("Selecteer de voorziening": the
    session and membership look-ups every page makes, and the page shell, listing nothing),
    the D-4 overview (whole, as htmx swaps its list, sorted on "Beslis. > tot", its last full
    page: read backwards, with as many rows as the first, so that organisations of another size
    compare the cost of their size and not that of a shorter last page),
    "Actie nodig" as the start page loads it after itself, a dossier page, and the D-5 search
    by name as the form posts it (htmx: the results come back at once) and as its URL."""
    client = logged_in_client(app, person_id, organisation_id)
    htmx = {"HX-Request": "true"}
    last_full_page = max(1, open_dossiers(app, organisation_id) // app.config["PAGE_SIZE"])
    with app.test_request_context():
        urls = {
            "floor": url_for("auth.choose_organisation"),
            "overview": url_for("dossiers.overview"),
            "overview_beslis_tot": url_for("dossiers.overview", sorteer="beslis-tot"),
            "overview_last_page": url_for("dossiers.overview", pagina=last_full_page),
            "actie_nodig_htmx": url_for("dossiers.actions"),
            "dossier": url_for(
                "dossiers.show", dossier_id=a_dossier_with_traject(app, organisation_id)
            ),
            "search_name": url_for("dossiers.search", naam="peeters"),
            "search_post": url_for("dossiers.search_posted"),
        }
    token = csrf_token(client, urls["search_post"])
    return {
        "floor": Page(client, urls["floor"], {}),
        "overview": Page(client, urls["overview"], {}),
        "overview_list_htmx": Page(client, urls["overview"], htmx),
        "overview_beslis_tot": Page(client, urls["overview_beslis_tot"], {}),
        "overview_last_page": Page(client, urls["overview_last_page"], {}),
        "actie_nodig_htmx": Page(client, urls["actie_nodig_htmx"], htmx),
        "dossier": Page(client, urls["dossier"], {}),
        "search_name": Page(client, urls["search_name"], {}),
        # A new search each time, as a user's: the same dossiers, but another URL to remember,
        # so the session is written every time (the same results again would not write it).
        "search_post": Page(
            client,
            urls["search_post"],
            htmx,
            cycle({"csrf_token": token, "naam": naam} for naam in ("peeters", "PEETERS")),
        ),
    }


def spread(values: list[float]) -> tuple[float, float, float]:
    """(first quartile, median, third quartile)."""
    low, middle, high = statistics.quantiles(values, n=4, method="inclusive")
    return low, middle, high


def measure_pages(app, label: str, rounds: int, seed: int) -> None:
    """Server time of each page for three organisations, in rounds: every round requests every
    page of each once, in a new random order (so that no page is always measured right after
    the heaviest one, on cold caches), the floors included. Each request's wall time and the
    CPU time of this process (Python, Jinja, and SQLite's own work; not PostgreSQL's server)
    are kept. A page's ratio to its floor is taken per round, then summarised: the machine's
    load moves both alike. The extra cost per 1,000 open dossiers compares the volume
    organisation with another one whose pages are as full (the cost of size alone) and with
    the demo's small one (which also shows fewer rows)."""
    who = {
        "": volume_person(app),
        "other.": volume_person(app, OTHER_ORGANISATION, OTHER_BENCH_PERSON),
        "small.": small_person(app),
    }
    pages = {prefix: pages_of(app, *person) for prefix, person in who.items()}
    sizes = {prefix: open_dossiers(app, organisation) for prefix, (_, organisation) in who.items()}
    print(
        f"# {label}: open dossiers: {sizes['']} ({ORGANISATION}), "
        f"{sizes['other.']} ({OTHER_ORGANISATION}), {sizes['small.']} ({SMALL_ORGANISATION})"
    )
    everything = {
        f"{prefix}{name}": page for prefix, named in pages.items() for name, page in named.items()
    }
    for name, page in everything.items():
        for _ in range(3):
            response = page.request()
            if response.status_code != 200:
                raise SystemExit(f"{label}: {name} {page.url} answered {response.status_code}")
    order = list(everything)
    shuffle = random.Random(seed).shuffle
    wall: dict[str, list[float]] = {name: [] for name in everything}
    cpu: dict[str, list[float]] = {name: [] for name in everything}
    for _ in range(rounds):
        shuffle(order)
        for name in order:
            started, started_cpu = time.perf_counter(), time.process_time()
            everything[name].request()
            cpu[name].append((time.process_time() - started_cpu) * 1000)
            wall[name].append((time.perf_counter() - started) * 1000)
    for prefix in who:
        for name in pages[""]:
            report_page(label, f"{prefix}{name}", f"{prefix}floor", wall, cpu)
            with counting_queries(app) as statements:
                everything[f"{prefix}{name}"].request()
            print(f"{label}.{prefix}{name}.queries: {len(statements)} queries")
    for prefix, suffix in (("other.", "_full_pages"), ("small.", "")):
        extra_dossiers = (sizes[""] - sizes[prefix]) / 1000
        for name in pages[""]:
            for times, kind in ((wall, ""), (cpu, "cpu_")):
                extra = statistics.median(times[name]) - statistics.median(times[prefix + name])
                per_1000 = extra / extra_dossiers
                print(f"{label}.{name}.{kind}extra_per_1000_open{suffix}: {per_1000:.2f} ms")


def report_page(label: str, key: str, floor: str, wall: dict, cpu: dict) -> None:
    """Median and quartiles of a page's wall and CPU time, and of its ratios to the floor."""
    for times, kind in ((wall, ""), (cpu, "cpu_")):
        low, median, high = spread(times[key])
        print(f"{label}.{key}.{kind}median: {median:.1f} ms")
        print(f"{label}.{key}.{kind}quartiles: {low:.1f}-{high:.1f} ms")
        if key == floor:
            continue
        ratios = [value / base for value, base in zip(times[key], times[floor], strict=True)]
        low, median, high = spread(ratios)
        print(f"{label}.{key}.{kind}floor_ratio: {median:.2f} x")
        print(f"{label}.{key}.{kind}floor_ratio_quartiles: {low:.2f}-{high:.2f} x")


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
    parser.add_argument(
        "--requests", type=int, default=40, help="rounds: requests per page (>= 30)"
    )
    parser.add_argument("--seed", type=int, default=13, help="seed of the random page order")
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
        print(f"# {label}: load average before: {os.getloadavg()[0]:.1f}", flush=True)
        measure_pages(app, label, max(options.requests, 30), options.seed)
        print(f"# {label}: load average after: {os.getloadavg()[0]:.1f}")
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
