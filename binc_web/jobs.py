"""The background queue (Huey), built from the configuration, and the consumer's heartbeat.

One ``huey`` for the whole application: features declare their work with :func:`task` and
:func:`periodic_task` (the report schedule, later e-mails, expiry, the Groeipakket feed,
retention), and every task body runs inside a fresh Flask application context with its own
database session. Where the queue lives follows ``JOBS_URL`` (``BINC_JOBS_URL``):

- not set: ``SqliteHuey`` in ``instance/jobs.sqlite3`` (nothing to install);
- ``sqlite:////absolute/path.sqlite3``: ``SqliteHuey`` in that file;
- ``redis://host:6379/0``: ``RedisHuey`` (several app machines and consumers).

``JOBS_IMMEDIATE`` (on in the testing profile) runs each task at once, in the caller's thread.
The consumer is ``flask binc jobs consumer`` (``binc_web.cli``), which creates the app first.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask, current_app, has_app_context
from huey import Huey, crontab
from huey.storage import RedisStorage, SqliteStorage

HEARTBEAT_KEY = "binc-consumer-heartbeat"
# An idle consumer polls a SqliteHuey queue less and less often (Huey's backoff), up to this
# many seconds: a report asked after a quiet hour starts within a second, not within Huey's
# default of ten. (RedisHuey blocks on the queue instead of polling.)
IDLE_POLL_MAX = 1.0

huey = Huey("binc-web", immediate=True)
huey.flask_app = None


def storage_settings(app: Flask) -> tuple[type, dict]:
    """The Huey storage class and its arguments for ``app``'s ``JOBS_URL``."""
    url = app.config.get("JOBS_URL") or ""
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisStorage, {"url": url}
    if url.startswith("sqlite:///"):
        return SqliteStorage, {"filename": url.removeprefix("sqlite:///")}
    if url:
        raise RuntimeError(f"BINC_JOBS_URL moet met redis:// of sqlite:/// beginnen, niet {url!r}.")
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    return SqliteStorage, {"filename": str(Path(app.instance_path) / "jobs.sqlite3")}


def install_jobs(app: Flask) -> None:
    """Point the queue at ``app``'s storage (or immediate mode) and remember the app, so that a
    consumer thread can open its application context."""
    huey.flask_app = app
    immediate = bool(app.config.get("JOBS_IMMEDIATE"))
    if not immediate:
        huey.storage_class, huey.storage_kwargs = storage_settings(app)
    huey.immediate = immediate
    huey.storage = huey.create_storage()


def _task_app() -> Flask:
    """The app a task runs in: the caller's (immediate mode), else the one configured."""
    if has_app_context():
        return current_app._get_current_object()  # type: ignore[attr-defined]
    return huey.flask_app


def _in_app_context(func):
    """Wrap ``func`` so that it runs in an application context of its own: its database
    session is never the caller's (a task in immediate mode must not commit a request's
    half-done work)."""

    @functools.wraps(func)
    def wrapped(*args, **kwargs):
        with _task_app().app_context():
            return func(*args, **kwargs)

    return wrapped


def task(**options):
    """Declare a background task (Huey's ``task`` options: retries, retry_delay, …)."""
    return lambda func: huey.task(name=func.__name__, **options)(_in_app_context(func))


def periodic_task(schedule, **options):
    """Declare a task the consumer runs on ``schedule`` (a ``huey.crontab``)."""
    return lambda func: huey.periodic_task(schedule, name=func.__name__, **options)(
        _in_app_context(func)
    )


def create_consumer(workers: int):
    """The consumer ``flask binc consumer`` runs: ``workers`` threads and the periodic tasks,
    looking at an idle queue at least every ``IDLE_POLL_MAX`` seconds."""
    return huey.create_consumer(
        workers=workers, worker_type="thread", periodic=True, max_delay=IDLE_POLL_MAX
    )


def record_heartbeat() -> datetime:
    """Store "the consumer is alive now" in the queue's own storage (seen by every machine)."""
    moment = datetime.now(UTC)
    huey.put(HEARTBEAT_KEY, moment.isoformat())
    return moment


def consumer_heartbeat() -> datetime | None:
    """When a consumer last showed it was running (UTC), or None if never: for monitoring."""
    value = huey.get(HEARTBEAT_KEY, peek=True)
    return datetime.fromisoformat(value) if value else None


@huey.periodic_task(crontab(), name="heartbeat")
def heartbeat() -> None:
    """Every minute: the consumer records that it runs (its periodic scheduler works)."""
    record_heartbeat()


@huey.on_startup(name="heartbeat")
def heartbeat_at_startup() -> None:
    """A consumer that has just started is alive before its first minute has passed."""
    record_heartbeat()
