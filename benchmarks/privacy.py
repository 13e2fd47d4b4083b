"""Issue 16 measurements: the access log's cost per page view, list pages with it, the
beheerder's log page over many entries, the Inzage and the G-4 research export at volume.

Uses its own PostgreSQL database ``binc_bench_privacy`` (``--url`` for another; created with
``flask binc demo --dossiers N`` when missing or at another revision) and prints one line per
figure: ``name: value unit``. Run it niced: ``nice .venv/bin/python benchmarks/privacy.py``.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import UTC, datetime, timedelta

from run import (
    bench_app,
    counting_queries,
    database_state,
    recreate_database,
    schema_head,
    volume_person,
)
from sqlalchemy import func, insert, select, text

from binc_web.auth.session import start_session
from binc_web.extensions import db
from binc_web.models import AccessEntry, Dossier, Membership, Organisation, Person
from binc_web.privacy.access_log import PAGES

URL = "postgresql+psycopg://postgres@127.0.0.1:5432/binc_bench_privacy"
LOG_ENTRIES = 200_000
ANN, AGENCY = "75010101087", "Opgroeien"  # the demo's beleidsmedewerker and her agency


def prepare(url: str, dossiers: int) -> None:
    """The volume data (once), and ``LOG_ENTRIES`` access entries for the volume organisation."""
    revision, found = database_state(url)
    if revision != schema_head() or found < dossiers:
        print(f"# loading flask binc demo --dossiers {dossiers}", flush=True)
        recreate_database(url)
        runner = bench_app(url).test_cli_runner()
        for args in (["db", "upgrade"], ["binc", "demo", "--dossiers", str(dossiers)]):
            result = runner.invoke(args=args, catch_exceptions=False)
            if result.exit_code != 0:
                raise SystemExit(result.output)
    app = bench_app(url)
    person_id, organisation_id = volume_person(app)
    with app.app_context():
        if db.session.scalar(select(func.count()).select_from(AccessEntry)) < LOG_ENTRIES:
            dossier_ids = db.session.scalars(
                select(Dossier.id).where(Dossier.organisation_id == organisation_id).limit(1000)
            ).all()
            start = datetime.now(UTC) - timedelta(days=365)
            db.session.execute(
                insert(AccessEntry),
                [
                    {
                        "at": start + timedelta(minutes=n),
                        "organisation_id": organisation_id,
                        "person_id": person_id,
                        "dossier_id": dossier_ids[n % len(dossier_ids)],
                        "page": "dossiers.show",
                    }
                    for n in range(LOG_ENTRIES)
                ],
            )
            db.session.execute(text("ANALYZE"))
            db.session.commit()


def logged_in_client(app, person_id: int, organisation_id: int):
    """A test client with the session of a login (A-1) acting for the organisation."""
    client = app.test_client()
    with app.app_context(), client.session_transaction() as session:
        start_session(session, db.session.get(Person, person_id))
        session["organisation_id"] = organisation_id
    return client


def median_ms(client, url: str, requests: int, **options) -> float:
    client.get(url, **options)
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        answer = client.get(url, **options)
        timings.append((time.perf_counter() - started) * 1000)
        if answer.status_code != 200:
            raise SystemExit(f"{url} answered {answer.status_code}")
    return statistics.median(timings)


def interleaved_dossier_views(client, url: str, requests: int) -> tuple[float, float]:
    """Median of the dossier page with and without its access entry, requests alternating so
    that the machine's load weighs on both alike."""
    timings: dict[bool, list[float]] = {True: [], False: []}
    logged = PAGES["dossiers.show"]
    for _ in range(requests):
        for with_log in (True, False):
            if not with_log:
                PAGES.pop("dossiers.show")
            started = time.perf_counter()
            client.get(url)
            timings[with_log].append((time.perf_counter() - started) * 1000)
            PAGES["dossiers.show"] = logged
    return statistics.median(timings[True]), statistics.median(timings[False])


def queries(app, client, url: str) -> int:
    with counting_queries(app) as statements:
        client.get(url)
    return len(statements)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default=URL)
    parser.add_argument("--dossiers", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=30)
    options = parser.parse_args()
    prepare(options.url, options.dossiers)
    app = bench_app(options.url)
    # The test client's host, as the browser tests' live server allows its own (A-1).
    app.config.update(BASE_URL="http://localhost", TRUSTED_HOSTS=["localhost"])
    person_id, organisation_id = volume_person(app)
    with app.app_context():
        beheerder = {
            "person_id": person_id,
            "organisation_id": organisation_id,
            "role": "beheerder",
        }
        if not db.session.scalars(select(Membership).filter_by(**beheerder)).first():
            db.session.add(Membership(**beheerder))
            db.session.commit()
        ann = db.session.scalars(select(Person).where(Person.national_number == ANN)).one()
        agency = db.session.scalars(select(Organisation).where(Organisation.name == AGENCY)).one()
        ann_id, agency_id = ann.id, agency.id
        dossier = db.session.scalars(
            select(Dossier).where(Dossier.organisation_id == organisation_id).limit(1)
        ).one()
        dossier_id, client_id = dossier.id, dossier.client_id
        total = db.session.scalar(select(func.count()).select_from(Dossier))
    client = logged_in_client(app, person_id, organisation_id)
    researcher = logged_in_client(app, ann_id, agency_id)
    n = options.requests
    pages = {
        "overview": "/",
        "dossier": f"/dossiers/{dossier_id}",
        "inzage": f"/clienten/{client_id}/inzage",
        "access_log": "/beheer/raadplegingen",
        "access_log_page_100": "/beheer/raadplegingen?pagina=100",
        "access_log_youth": f"/beheer/raadplegingen?jongere={client_id}",
    }
    for name, url in pages.items():
        print(f"privacy.{name}.median: {median_ms(client, url, n):.1f} ms")
        print(f"privacy.{name}.queries: {queries(app, client, url)} queries")
    with_log, without_log = interleaved_dossier_views(client, pages["dossier"], n)
    print(f"privacy.dossier_interleaved_with_log.median: {with_log:.1f} ms")
    print(f"privacy.dossier_interleaved_without_log.median: {without_log:.1f} ms")
    logged = PAGES.pop("dossiers.show")
    print(f"privacy.dossier_without_log.queries: {queries(app, client, pages['dossier'])} queries")
    PAGES["dossiers.show"] = logged
    for fmt in ("xlsx", "csv"):
        started = time.perf_counter()
        answer = researcher.get(f"/onderzoek/onderzoeksbestand.{fmt}", buffered=True)
        seconds = time.perf_counter() - started
        print(f"privacy.research_{fmt}.status: {answer.status_code}")
        print(f"privacy.research_{fmt}.seconds: {seconds:.1f} s for {total} dossiers")
        print(f"privacy.research_{fmt}.size: {len(answer.data) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
