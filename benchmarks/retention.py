"""G-2 measurements: the nightly retention at volume.

Builds a fresh database of its own (``flask binc demo --dossiers N``, then every organisation's
annual report of the current year stored as P-3 does), then measures, on a day when nobody is
due (the usual night) and on a day far enough ahead that ``--youths`` youths are due: the CPU
time (``time.process_time``) and the queries of finding the youths due, of a dry run and of the
real run, per youth. Prints one line per figure: ``name: value unit``. SQLite by default
(``benchmarks/.cache/bench_retention.sqlite3``) or ``--url postgresql+psycopg://…/bench_…``
(the database is dropped and created again). Run it niced:
``nice .venv/bin/python benchmarks/retention.py``.
"""

from __future__ import annotations

import argparse
import time
from datetime import date
from pathlib import Path

from run import bench_app, counting_queries, recreate_database
from sqlalchemy import func, select

from binc_web.extensions import db
from binc_web.models import Client, Organisation
from binc_web.privacy import retention
from binc_web.reports import generation
from binc_web.rules.report_schedule import ReportPeriod
from binc_web.rules.retention import RETENTION_AGE
from binc_web.templating import today

CACHE = Path(__file__).parent / ".cache" / "bench_retention.sqlite3"


def prepare(url: str, dossiers: int) -> None:
    """A new database with the demo at ``dossiers`` and this year's stored annual reports."""
    recreate_database(url)
    app = bench_app(url)
    runner = app.test_cli_runner()
    for args in (["db", "upgrade"], ["binc", "demo", "--dossiers", str(dossiers)]):
        result = runner.invoke(args=args, catch_exceptions=False)
        if result.exit_code != 0:
            raise SystemExit(result.output)
    with app.app_context():
        year = ReportPeriod(today().year, 0)
        for organisation in db.session.scalars(
            select(Organisation).where(Organisation.kind != "agency")
        ).all():
            generation.make_periodic_report(organisation, year, date(today().year + 1, 3, 1))


def day_when_due(youths: int) -> date:
    """The first day on which at least ``youths`` youths are due (birth dates in order)."""
    born = db.session.scalars(
        select(Client.birth_date).order_by(Client.birth_date).offset(youths - 1).limit(1)
    ).one()
    return born.replace(year=born.year + RETENTION_AGE + 1, day=1)


def measure(app, work) -> tuple[float, int, object]:
    """CPU seconds and queries of ``work()`` in the app context."""
    with counting_queries(app) as statements, app.app_context():
        started = time.process_time()
        result = work()
        cpu = time.process_time() - started
    return cpu, len(statements), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default=f"sqlite:///{CACHE}")
    parser.add_argument("--dossiers", type=int, default=5_000)
    parser.add_argument("--youths", type=int, default=200)
    options = parser.parse_args()
    prepare(options.url, options.dossiers)
    app = bench_app(options.url)
    with app.app_context():
        clients = db.session.scalar(select(func.count()).select_from(Client))
        busy_night = day_when_due(options.youths)
    print(f"clients: {clients}")
    cpu, queries, due = measure(app, lambda: retention.due_client_ids(today()))
    print(
        f"quiet night, find the {len(due)} youths due: {cpu * 1000:.2f} ms CPU, {queries} queries"
    )
    cpu, queries, quiet = measure(app, lambda: retention.erase_due(today()))
    ms = cpu * 1000
    print(f"quiet night, whole run ({quiet.youths} erased): {ms:.2f} ms CPU, {queries} queries")
    cpu, queries, dry = measure(app, lambda: retention.erase_due(busy_night, dry_run=True))
    print(f"busy night {busy_night}: {dry.youths} youths due")
    print(
        f"dry run: {cpu:.2f} s CPU, {cpu / dry.youths * 1000:.1f} ms CPU per youth, "
        f"{queries / dry.youths:.1f} queries per youth"
    )
    cpu, queries, real = measure(app, lambda: retention.erase_due(busy_night))
    print(
        f"real run: {cpu:.2f} s CPU, {cpu / real.youths * 1000:.1f} ms CPU per youth, "
        f"{queries / real.youths:.1f} queries per youth"
    )
    print(f"rows: {dict(sorted(real.counts.items()))}")


if __name__ == "__main__":
    main()
