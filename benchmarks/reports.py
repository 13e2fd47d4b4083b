"""Reports at volume (P-2, P-6): the full report set for one year of a 6,000-dossier
organisation, and the raw XML of every dossier of the 100k demo, on SQLite and PostgreSQL.

Loads ``flask binc demo --dossiers 100000`` once per database into a database of its own (SQLite
in ``benchmarks/.cache/binc-bench-reports.sqlite3`` or ``BINC_BENCH_REPORTS_SQLITE_URL``,
PostgreSQL database ``binc_bench_reports`` or ``BINC_BENCH_REPORTS_POSTGRES_URL``), rebuilt when
missing, incomplete or at another schema revision; then gives every dossier of the measured
organisation a beginregistratie, and every closed one an eindregistratie, with answers to every
question (the demo's volume dossiers have none). Prints one line per figure.

Besides wall and CPU time, each figure says how long the process waited for a CPU while it was
runnable (``/proc/self/schedstat``): on a shared machine that, not the work, fills the wall time.

    nice .venv/bin/python benchmarks/reports.py [--only sqlite|postgresql] [--repeat 3]
        [--fresh] [--drop]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from run import database_state, recreate_database, schema_head
from sqlalchemy import create_engine, event, func, insert, select, text
from sqlalchemy.engine import make_url

from binc_web import create_app
from binc_web.extensions import db
from binc_web.models import Dossier, Organisation, Registratie
from binc_web.registrations import AnswerType, set_for, visible_parameters
from binc_web.reports.catalogue import REPORTS, ReportContext, report
from binc_web.templating import today

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "benchmarks" / ".cache"
URLS = {
    "sqlite": os.environ.get(
        "BINC_BENCH_REPORTS_SQLITE_URL", f"sqlite:///{CACHE / 'binc-bench-reports.sqlite3'}"
    ),
    "postgresql": os.environ.get(
        "BINC_BENCH_REPORTS_POSTGRES_URL",
        "postgresql+psycopg://postgres@127.0.0.1:5432/binc_bench_reports",
    ),
}
VOLUME_DOSSIERS = 100_000
ORGANISATION = "Volume 001"


def bench_app(url: str):
    return create_app(
        {"BINC_ENV": "development", "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "binc-bench"}
    )


def prepare(url: str, label: str, fresh: bool) -> None:
    """Load the volume data and the registrations once (kept between runs)."""
    revision, dossiers = database_state(url)
    if not fresh and revision == schema_head() and dossiers >= VOLUME_DOSSIERS:
        print(f"# {label}: cached database", flush=True)
        return
    print(f"# {label}: loading flask binc demo --dossiers {VOLUME_DOSSIERS}", flush=True)
    recreate_database(url)
    app = bench_app(url)
    runner = app.test_cli_runner()
    started = time.monotonic()
    for args in (["db", "upgrade"], ["binc", "demo", "--dossiers", str(VOLUME_DOSSIERS)]):
        result = runner.invoke(args=args, catch_exceptions=False)
        if result.exit_code != 0:
            raise SystemExit(f"{label}: flask {' '.join(args)} failed:\n{result.output}")
    with app.app_context():
        add_registrations()
        if make_url(url).get_backend_name() == "postgresql":
            db.session.execute(text("ANALYZE"))
        db.session.commit()
        db.engine.dispose()
    print(f"# {label}: loaded in {time.monotonic() - started:.0f} s", flush=True)


def drop_database(url: str) -> None:
    """Remove a benchmark database (``--drop``): the SQLite file, or DROP DATABASE."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{parsed.database}{suffix}").unlink(missing_ok=True)
        return
    server = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
    server.dispose()


def random_answers(pset, rng: random.Random) -> dict:
    """Answers to every visible question, chosen at random (a tenth left open)."""
    answers: dict = {}
    for _ in range(4):  # follow-up questions appear as the answers they hang on are given
        for parameter in visible_parameters(pset, answers):
            if parameter.code in answers or rng.random() < 0.1:
                continue
            options = list(parameter.options)
            if parameter.type is AnswerType.MULTIPLE:
                answers[parameter.code] = rng.sample(options, k=min(2, len(options)))
            elif options:
                answers[parameter.code] = rng.choice(options)
            elif parameter.type is AnswerType.NUMBER:
                answers[parameter.code] = rng.randint(parameter.minimum, parameter.maximum)
            elif parameter.type is AnswerType.DATE:
                answers[parameter.code] = "2026-01-15"
            else:
                answers[parameter.code] = "tekst"
    return answers


def add_registrations() -> None:
    """A beginregistratie for every dossier of the measured organisation, an eindregistratie
    for every closed one, in bulk."""
    organisation = db.session.scalars(
        select(Organisation).where(Organisation.name == ORGANISATION)
    ).one()
    rng = random.Random(14)
    now = datetime.now(UTC)
    rows = []
    for dossier_id, status in db.session.execute(
        select(Dossier.id, Dossier.status).where(Dossier.organisation_id == organisation.id)
    ):
        for kind in ("begin", "eind") if status == "closed" else ("begin",):
            pset = set_for(kind, organisation.kind, False)
            rows.append(
                {
                    "dossier_id": dossier_id,
                    "kind": kind,
                    "set_code": pset.code,
                    "set_version": pset.version,
                    "answers": random_answers(pset, rng),
                    "complete": False,
                    "opened_at": now,
                    "created_at": now,
                    "updated_at": now,
                    "version_id": 1,
                }
            )
    db.session.execute(insert(Registratie), rows)


@contextmanager
def counted_queries():
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


class Clock:
    """Wall time, CPU time of this process, the time it waited for a CPU while runnable (the
    run queue: the neighbours' share of a loaded machine), and, for a PostgreSQL server on this
    machine, the CPU time of the session's server process; from its creation on."""

    def __init__(self, server_pid: int | None = None) -> None:
        self.server_pid = server_pid
        self.start = self.now()

    def now(self) -> tuple[float, ...]:
        server = process_cpu(self.server_pid) if self.server_pid else 0.0
        return time.perf_counter(), time.process_time(), run_queue(), server

    def read(self) -> tuple[float, ...]:
        return tuple(end - start for end, start in zip(self.now(), self.start, strict=True))


def run_queue() -> float:
    """Seconds this process's thread has waited on a run queue (Linux schedstat)."""
    return int(Path("/proc/self/schedstat").read_text().split()[1]) / 1e9


def process_cpu(pid: int) -> float:
    """User and system CPU seconds of another process of this machine (/proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_pid() -> int | None:
    """The PostgreSQL server process of the session's connection, when it runs on this machine
    (its CPU time is then measured too); None on SQLite or a remote server."""
    if db.engine.dialect.name != "postgresql":
        return None
    pid = db.session.scalar(text("SELECT pg_backend_pid()"))
    return pid if Path(f"/proc/{pid}/stat").exists() else None


def times(wall: float, cpu: float, queued: float, server: float) -> str:
    measured = f"{wall:.2f} s wall, {cpu:.2f} s CPU, {queued:.2f} s waiting for a CPU"
    return measured + (f", {server:.2f} s server CPU" if server else "")


def memory_kib(field: str) -> int:
    """A line of /proc/self/status in KiB (VmRSS: now, VmHWM: the peak since the reset)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise RuntimeError(field)


def reset_peak() -> None:
    """Start VmHWM over at the current resident size (Linux: clear_refs 5)."""
    Path("/proc/self/clear_refs").write_text("5")


def measure_report_set(app, label: str, repeat: int) -> None:
    """Every workbook report for the last year of the measured organisation."""
    with app.app_context():
        organisation = db.session.scalars(
            select(Organisation).where(Organisation.name == ORGANISATION)
        ).one()
        end = today()
        context = ReportContext(organisation.id, end - timedelta(days=364), end, datetime.now(UTC))
        dossiers = db.session.scalar(
            select(func.count()).where(Dossier.organisation_id == organisation.id)
        )
        print(f"# {label}: {ORGANISATION}, {dossiers} dossiers, {context.start} to {context.end}")
        runs, pid = [], server_pid()
        for _ in range(repeat):
            clock = Clock(pid)
            for definition in REPORTS:
                if definition.extension == "xlsx":
                    with tempfile.TemporaryFile() as stream:
                        definition.write(stream, context)
            runs.append(clock.read())
            db.session.rollback()
        for definition in REPORTS:
            with counted_queries() as queries, tempfile.TemporaryFile() as stream:
                clock = Clock(pid)
                definition.write(stream, context)
                measured = clock.read()
                size = stream.tell()
            print(
                f"{label} {definition.key}: {times(*measured)}, {len(queries)} queries, "
                f"{size / 1024:.0f} KiB"
            )
        median = [statistics.median(run[i] for run in runs) for i in range(4)]
        print(f"{label} full workbook set (median of {repeat}): {times(*median)}")


def count_rows(stream, chunk: int = 1 << 20) -> int:
    """The ``<dossier>`` elements of a written file, read back in chunks."""
    stream.seek(0)
    found, tail = 0, b""
    while block := stream.read(chunk):
        data = tail + block
        found += data.count(b"<dossier>")
        tail = data[-8:]  # shorter than the tag: a tag cut in two is counted once
    return found


def measure_raw_data(app, label: str) -> None:
    """The raw XML of every organisation's dossiers over a period that holds them all."""
    with app.app_context():
        organisations = db.session.scalars(select(Organisation.id).order_by(Organisation.id)).all()
        first, last = datetime(1990, 1, 1).date(), datetime(2100, 12, 31).date()
        rows = size = 0
        reset_peak()
        before = memory_kib("VmRSS")
        clock = Clock(server_pid())
        with counted_queries() as queries:
            for organisation_id in organisations:
                with tempfile.TemporaryFile() as stream:
                    context = ReportContext(organisation_id, first, last, datetime.now(UTC))
                    report("ruwe-data").write(stream, context)
                    size += stream.tell()
                    rows += count_rows(stream)
        measured = clock.read()
        growth = (memory_kib("VmHWM") - before) / 1024
        print(
            f"{label} ruwe data, {len(organisations)} organisations: {rows} rows, "
            f"{size / 1024 / 1024:.0f} MiB in {times(*measured)}, {len(queries)} queries, "
            f"peak memory growth {growth:.0f} MiB"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=sorted(URLS))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--fresh", action="store_true", help="rebuild the databases first")
    parser.add_argument("--drop", action="store_true", help="drop the databases afterwards")
    options = parser.parse_args()
    for label, url in URLS.items():
        if options.only and options.only != label:
            continue
        prepare(url, label, options.fresh)
        app = bench_app(url)
        measure_report_set(app, label, options.repeat)
        measure_raw_data(app, label)
        if options.drop:
            with app.app_context():
                db.engine.dispose()
            drop_database(url)
            print(f"# {label}: database dropped", flush=True)


if __name__ == "__main__":
    main()
