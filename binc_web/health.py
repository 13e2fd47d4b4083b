"""``GET /gezondheid``: is this instance able to serve? For monitoring, without login.

The parts: the database answers, and (when jobs go through a queue) a consumer showed it was
alive within ``JOBS_HEARTBEAT_MAX_AGE`` seconds (it records a heartbeat every minute). The
answer says only "ok" or "fout" per part (no version, no names, no counts): a stranger learns
nothing from it. It is not rate limited and not in the request log.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from flask import Blueprint, current_app, jsonify
from redis.exceptions import RedisError
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from binc_web.extensions import db, limiter
from binc_web.jobs import consumer_heartbeat, huey

blueprint = Blueprint("health", __name__)


def database_reachable() -> bool:
    """One trivial query on the application's database."""
    try:
        db.session.execute(text("SELECT 1"))
        return True
    except SQLAlchemyError:
        current_app.logger.warning("gezondheid: databank onbereikbaar", exc_info=True)
        return False
    finally:
        db.session.rollback()


def consumer_alive() -> bool:
    """A consumer recorded its heartbeat recently enough."""
    try:
        beat = consumer_heartbeat()
    except (RedisError, sqlite3.Error, OSError):
        current_app.logger.warning("gezondheid: wachtrij onbereikbaar", exc_info=True)
        return False
    if beat is None:
        return False
    age = (datetime.now(UTC) - beat).total_seconds()
    return age <= current_app.config["JOBS_HEARTBEAT_MAX_AGE"]


@blueprint.route("/gezondheid")
@limiter.exempt
def health():
    """200 with ``{"status": "ok", …}`` when every part works, else 503 naming the part."""
    parts = {"database": "ok" if database_reachable() else "fout"}
    if not huey.immediate:
        parts["jobs"] = "ok" if consumer_alive() else "fout"
    healthy = all(state == "ok" for state in parts.values())
    body = {"status": "ok" if healthy else "fout", **parts}
    return jsonify(body), 200 if healthy else 503, {"Cache-Control": "no-store"}
