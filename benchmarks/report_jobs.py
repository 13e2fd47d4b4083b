"""Report jobs at volume: how long a worker waits for "Nieuw rapport" (P-4, the whole catalogue
for one year of the largest organisation) and how long the P-3 calendar takes for one
organisation, measured in the job's own code (what the consumer runs), on SQLite or PostgreSQL.

    .venv/bin/python benchmarks/report_jobs.py --database sqlite:////tmp/bench.sqlite3 \\
        --dossiers 20000

The database is filled with ``flask binc demo --dossiers N`` when it has no dossiers yet.
Prints one line per figure: ``name: value unit``.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from datetime import date

from flask_migrate import upgrade
from sqlalchemy import event, func, select

from binc_web import create_app
from binc_web.catalogue import sync_catalogue
from binc_web.demo import load_demo, load_volume
from binc_web.extensions import db
from binc_web.models import Dossier, Organisation, ReportRequest
from binc_web.reports import catalogue, generation
from binc_web.rules.report_schedule import ReportPeriod
from binc_web.templating import today


def largest_organisation() -> Organisation:
    organisation_id = db.session.scalar(
        select(Dossier.organisation_id)
        .group_by(Dossier.organisation_id)
        .order_by(func.count().desc())
        .limit(1)
    )
    return db.session.get_one(Organisation, organisation_id)


def measure(label: str, action) -> None:
    """Run ``action`` once, printing its wall time, query count and peak Python memory."""
    queries = []
    listener = lambda *args: queries.append(1)  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    tracemalloc.start()
    started = time.perf_counter()
    action()
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    event.remove(db.engine, "before_cursor_execute", listener)
    print(f"{label}: {elapsed:.2f} s, {len(queries)} queries, peak {peak / 2**20:.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", required=True)
    parser.add_argument("--dossiers", type=int, default=20000)
    parser.add_argument("--year", type=int, default=2026)
    options = parser.parse_args()
    app = create_app(
        {
            "BINC_ENV": "development",
            "SQLALCHEMY_DATABASE_URI": options.database,
            "JOBS_IMMEDIATE": True,
        }
    )
    with app.app_context():
        upgrade()
        if not db.session.scalar(select(func.count()).select_from(Dossier)):
            sync_catalogue()
            load_demo(today())
            load_volume(options.dossiers, today())
            db.session.commit()
        organisation = largest_organisation()
        dossiers = db.session.scalar(
            select(func.count()).where(Dossier.organisation_id == organisation.id)
        )
        print(f"organisation: {organisation.name}, {dossiers} dossiers")
        keys = [definition.key for definition in catalogue.REPORTS]
        request = generation.request_reports(
            organisation.id, None, date(options.year, 1, 1), date(options.year, 12, 31), keys
        )
        db.session.commit()
        measure(
            f"P-4 request, {len(keys)} reports, one year",
            lambda: generation.generate_request(request.id),
        )
        assert db.session.get_one(ReportRequest, request.id).status == "klaar"
        for definition in catalogue.REPORTS:
            measure(
                f"  {definition.name}",
                lambda definition=definition: generation.write_file(
                    organisation, definition, date(options.year, 1, 1), date(options.year, 12, 31)
                ),
            )
            db.session.rollback()
        period = ReportPeriod(options.year - 1, 0)
        measure(
            "P-3 annual report (ZIP included)",
            lambda: generation.make_periodic_report(organisation, period, date(options.year, 3, 1)),
        )


if __name__ == "__main__":
    main()
