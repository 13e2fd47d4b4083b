"""The background queue: tasks in their own app context, a real consumer process on SqliteHuey
and on RedisHuey (Redis database 5; CI starts Redis, as for the session tests), and the
consumer heartbeat."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import date

import pytest

from binc_web import create_app
from binc_web.extensions import db
from binc_web.jobs import (
    IDLE_POLL_MAX,
    consumer_heartbeat,
    create_consumer,
    huey,
    install_jobs,
    record_heartbeat,
    task,
)
from binc_web.models import Organisation, ReportRequest
from binc_web.reports import catalogue
from binc_web.reports.generation import request_reports
from binc_web.reports.tasks import generate_request
from tests import factories
from tests.conftest import app_config

REDIS_URL = "redis://127.0.0.1:6379/5"


@task()
def add_organisation(name: str) -> int:
    """A test task that writes to the database and commits."""
    organisation = Organisation(name=name, kind="naft")
    db.session.add(organisation)
    db.session.commit()
    return organisation.id


def organisation_names() -> set[str]:
    return set(db.session.scalars(db.select(Organisation.name)))


def test_an_immediate_task_runs_in_its_own_session(app):
    """A task commits its own work, never the caller's pending changes."""
    db.session.add(Organisation(name="Nog niet bewaard", kind="naft"))
    add_organisation("Door de taak")
    db.session.rollback()
    assert organisation_names() == {"Door de taak"}


@contextmanager
def queue_at(app, jobs_url: str):
    """The global queue on ``jobs_url`` (not immediate) for the test; immediate again after."""
    queued = create_app(
        app_config(app.config["SQLALCHEMY_DATABASE_URI"], "http://127.0.0.1:9")
        | {"JOBS_IMMEDIATE": False, "JOBS_URL": jobs_url}
    )
    install_jobs(queued)
    huey.flush()
    try:
        yield queued
    finally:
        huey.flush()
        install_jobs(app)


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
def test_a_queued_task_waits_for_a_consumer(app, tmp_path, backend):
    """Enqueued work is stored in the queue (not run by the caller) and a consumer's worker
    runs it from there: the task crosses the storage serialised, as between machines."""
    url = {"sqlite": f"sqlite:///{tmp_path / 'jobs.sqlite3'}", "redis": REDIS_URL}[backend]
    with queue_at(app, url):
        result = add_organisation("Via de wachtrij")
        assert huey.pending_count() == 1
        assert "Via de wachtrij" not in organisation_names()
        huey.execute(huey.dequeue())
        assert result.get() is not None
    db.session.rollback()
    assert "Via de wachtrij" in organisation_names()


def consumer_environment(app, jobs_url: str) -> dict[str, str]:
    return os.environ | {
        "FLASK_APP": "binc_web.wsgi",
        "BINC_ENV": "testing",
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "BINC_SECRET_KEY": "test-secret",
        "BINC_JOBS_IMMEDIATE": "false",
        "BINC_JOBS_URL": jobs_url,
    }


@contextmanager
def consumer_process(app, jobs_url: str):
    """``flask binc consumer`` as production runs it, stopped (by its own id) afterwards."""
    process = subprocess.Popen(
        [sys.executable, "-m", "flask", "binc", "consumer", "--workers", "2"],
        env=consumer_environment(app, jobs_url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        yield process
    finally:
        process.terminate()
        process.wait(timeout=20)


def wait_for(condition, seconds: float = 180.0):
    """Poll ``condition`` until it is true (a consumer needs a moment to start; the deadline
    only stops a hung test, a loaded CI machine can be slow)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("the consumer did not get there in time")


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
def test_a_real_consumer_process_generates_a_requested_report(app, tmp_path, backend):
    """``flask binc consumer``, as production runs it, picks up a P-4 request enqueued by the
    app and generates its files; its heartbeat reaches the app through the queue storage."""
    url = {"sqlite": f"sqlite:///{tmp_path / 'jobs.sqlite3'}", "redis": REDIS_URL}[backend]
    organisation = factories.organisation("NAFT De Brug", "naft")
    keys = [catalogue.REPORTS[0].key]  # one real report: the queue is tested, not the catalogue
    request = request_reports(organisation.id, None, date(2026, 1, 1), date(2026, 3, 31), keys)
    db.session.commit()
    with queue_at(app, url):
        assert consumer_heartbeat() is None
        generate_request(request.id)
        assert huey.pending_count() == 1
        with consumer_process(app, url) as process:

            def done():
                assert process.poll() is None, process.stderr.read().decode()
                db.session.rollback()
                return db.session.get(ReportRequest, request.id).status == "klaar"

            wait_for(done)
            # The consumer's heartbeat (recorded at its start) reaches the app through the
            # queue storage; none was there before.
            wait_for(consumer_heartbeat)
    assert len(db.session.get(ReportRequest, request.id).files) == len(keys)


def test_consumer_heartbeat_reports_the_last_beat(app):
    """``consumer_heartbeat`` returns the moment of the latest beat (for /gezondheid)."""
    huey.flush()
    assert consumer_heartbeat() is None
    first = record_heartbeat()
    assert consumer_heartbeat() == first
    later = record_heartbeat()
    assert consumer_heartbeat() == later >= first
    huey.flush()


def test_an_idle_consumer_looks_at_the_queue_at_least_every_second():
    """P-4: a report asked after a quiet while starts within a second (Huey's default: 10 s)."""
    assert create_consumer(2).max_delay == IDLE_POLL_MAX <= 1.0


def test_the_consumer_refuses_to_run_in_immediate_mode(app):
    result = app.test_cli_runner().invoke(args=["binc", "consumer"])
    assert result.exit_code == 1
    assert "JOBS_IMMEDIATE" in result.output
