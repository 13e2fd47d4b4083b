"""One JSON line per request and per background job, for the administrator; nothing in it
identifies a youth.

A line holds the time, the request id (also sent back as ``X-Request-ID`` and shown on error
pages, so that a user can quote it), the method, the route *pattern* (``/dossiers/<id:…>``,
never the path or its query string: search pages carry names there), the status, the duration
and the ids of the person and organisation acted for. Never a national number, a name or a
form value. ``/gezondheid`` is not logged: monitoring would drown everything else. A job's
lines name the task, its id, what happened (executing, complete, error, retrying, …) and, once
it ended, its duration; never its arguments.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, g, request
from huey import signals
from sqlalchemy import inspect

from binc_web.jobs import huey

LOGGER_NAME = "binc_web.requests"
REQUEST_ID_HEADER = "X-Request-ID"
# A request id set by the reverse proxy (nginx: $request_id) is kept so that its log and ours
# share it; anything else a client sends is replaced, so nobody can write into the log.
ACCEPTED_REQUEST_ID = re.compile(r"[A-Za-z0-9-]{8,64}")
UNLOGGED_ENDPOINTS = {"health.health", "static"}
JOB_ENDINGS = {signals.SIGNAL_COMPLETE, signals.SIGNAL_ERROR, signals.SIGNAL_CANCELED}

logger = logging.getLogger(LOGGER_NAME)


def json_line(**fields) -> str:
    """``fields`` as one compact JSON line, starting with the UTC time."""
    moment = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return json.dumps({"time": moment, **fields}, ensure_ascii=False, separators=(",", ":"))


def request_id() -> str | None:
    """The id of the current request (None outside a request of this app)."""
    return g.get("request_id")


def _incoming_request_id() -> str:
    offered = request.headers.get(REQUEST_ID_HEADER, "")
    return offered if ACCEPTED_REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex


def _stored_id(instance) -> int | None:
    """The primary key of a loaded row without a query (the request's transaction may have
    failed, and an expired row would otherwise be reloaded)."""
    if instance is None:
        return None
    identity = inspect(instance).identity
    return identity[0] if identity else None


def request_fields(status: int) -> dict:
    """What the line of the current request says."""
    return {
        "request_id": request_id(),
        "method": request.method,
        "route": request.url_rule.rule if request.url_rule else None,
        "status": status,
        "duration_ms": round((time.perf_counter() - g.request_started) * 1000, 1),
        "person_id": _stored_id(g.get("person")),
        "organisation_id": _stored_id(g.get("organisation")),
    }


def install_handler() -> None:
    """Write the lines to stderr (journald under systemd), once per process."""
    # Alembic's logging set-up (migrations/env.py) disables the loggers that exist before it.
    logger.disabled = False
    if logger.handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


def init_app(app: Flask) -> None:
    """Give every request an id and log it when its response is ready."""
    install_handler()

    @app.before_request
    def start_request():
        g.request_id = _incoming_request_id()
        g.request_started = time.perf_counter()

    @app.after_request
    def log_request(response):
        if "request_id" not in g:
            return response
        response.headers[REQUEST_ID_HEADER] = g.request_id
        if request.endpoint not in UNLOGGED_ENDPOINTS:
            logger.info(json_line(**request_fields(response.status_code)))
        return response


_job_started: dict[str, float] = {}


@huey.signal()
def log_job(signal: str, task, *args, **kwargs) -> None:
    """One line per event of a job (every signal Huey sends), with its duration at the end."""
    fields = {"job": task.name, "job_id": task.id, "event": signal}
    if signal == signals.SIGNAL_EXECUTING:
        _job_started[task.id] = time.perf_counter()
    elif signal in JOB_ENDINGS and task.id in _job_started:
        elapsed = time.perf_counter() - _job_started.pop(task.id)
        fields["duration_ms"] = round(elapsed * 1000, 1)
    logger.info(json_line(**fields))
