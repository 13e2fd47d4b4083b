"""C-3/C-4/C-5 at volume: server time of "Bereken bezettingsgraad" and "Bereken inzet" (page and
export) for a full year of the 5,000-open-dossier organisation of the 100k demo, against the
floor page, on SQLite and PostgreSQL; prints ``name: value unit`` lines.

Runs on its own (``.venv/bin/python benchmarks/figures.py``) with databases of its own
(``benchmarks/.cache/binc-bench-figures.sqlite3`` and PostgreSQL ``binc_bench_figures``, or the
URLs in ``BINC_BENCH_FIGURES_SQLITE_URL`` and ``BINC_BENCH_FIGURES_POSTGRES_URL``), loaded once by
the loader of ``benchmarks/run.py`` and kept between runs.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from datetime import date, timedelta

from flask import url_for
from run import (
    CACHE,
    bench_app,
    counting_queries,
    describe_machine,
    postgres_version,
    prepare,
    volume_person,
)
from sqlalchemy.engine import make_url

from binc_web.auth.session import start_session
from binc_web.extensions import db
from binc_web.models import Person, TypeModule

SQLITE_URL = os.environ.get(
    "BINC_BENCH_FIGURES_SQLITE_URL", f"sqlite:///{CACHE / 'binc-bench-figures.sqlite3'}"
)
POSTGRES_URL = os.environ.get(
    "BINC_BENCH_FIGURES_POSTGRES_URL",
    "postgresql+psycopg://postgres@127.0.0.1:5432/binc_bench_figures",
)


def logged_in_client(app, person_id: int, organisation_id: int):
    """A test client acting for the organisation, logged in as tests/conftest.py does."""
    app.config["TRUSTED_HOSTS"] = ["localhost"]  # the test client's host
    client = app.test_client()
    with app.app_context(), client.session_transaction() as session:
        start_session(session, db.session.get(Person, person_id))
        session["organisation_id"] = organisation_id
    return client


def figure_urls(app) -> dict[str, str]:
    """The floor and the four figures for the year that ends today."""
    last = date.today()
    first = last.replace(year=last.year - 1) + timedelta(days=1)
    with app.app_context():
        module = db.session.scalars(db.select(TypeModule).where(TypeModule.code == "CB-LAAG")).one()
    period = {"begindatum": f"{first:%d/%m/%Y}", "einddatum": f"{last:%d/%m/%Y}"}
    with app.test_request_context():
        return {
            "floor": url_for("auth.choose_organisation"),
            "bezetting": url_for("figures.bezetting", module=module.id, **period),
            "bezetting_export": url_for("figures.bezetting_export", module=module.id, **period),
            "inzet": url_for("figures.inzet", modules=module.id, **period),
            "inzet_export": url_for("figures.inzet_export", modules=module.id, **period),
        }


def measure(app, label: str, requests: int, seed: int) -> None:
    """Per URL: median server time and CPU time, the ratio to the floor (taken per round, then
    the median: the machine's load moves both alike) and the SQL statements of one request.
    Every round requests every URL once, in a new random order."""
    client = logged_in_client(app, *volume_person(app))
    urls = figure_urls(app)
    for url in urls.values():
        for _ in range(3):
            if client.get(url).status_code != 200:
                raise SystemExit(f"{label}: {url} answered an error")
    timings: dict[str, list[float]] = {name: [] for name in urls}
    cpu: dict[str, list[float]] = {name: [] for name in urls}
    order = list(urls)
    shuffle = random.Random(seed).shuffle
    for _ in range(requests):
        shuffle(order)
        for name in order:
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(urls[name]).get_data()
            timings[name].append((time.perf_counter() - started) * 1000)
            cpu[name].append((time.process_time() - started_cpu) * 1000)
    for name, url in urls.items():
        with counting_queries(app) as statements:
            client.get(url).get_data()
        print(f"{label}.{name}.median: {statistics.median(timings[name]):.1f} ms")
        print(f"{label}.{name}.cpu_median: {statistics.median(cpu[name]):.1f} ms")
        print(f"{label}.{name}.queries: {len(statements)} queries")
        if name != "floor":
            ratios = [t / f for t, f in zip(timings[name], timings["floor"], strict=True)]
            cpu_ratios = [t / f for t, f in zip(cpu[name], cpu["floor"], strict=True)]
            print(f"{label}.{name}.floor_ratio: {statistics.median(ratios):.2f} x")
            print(f"{label}.{name}.cpu_floor_ratio: {statistics.median(cpu_ratios):.2f} x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=30, help="rounds")
    parser.add_argument("--seed", type=int, default=13, help="seed of the random URL order")
    parser.add_argument("--databases", default="sqlite,postgresql")
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
        measure(app, label, options.requests, options.seed)
        print(f"# {label}: load average after: {os.getloadavg()[0]:.1f}")
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
