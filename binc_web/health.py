"""``GET /gezondheid``: is this instance able to serve? For monitoring, without login.

The answer says only "ok" or "fout" per part (no version, no names, no counts): a stranger
learns nothing from it. It is not rate limited and not in the request log.
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from binc_web.extensions import db, limiter

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


@blueprint.route("/gezondheid")
@limiter.exempt
def health():
    """200 with ``{"status": "ok", …}`` when every part works, else 503 naming the part."""
    parts = {"database": "ok" if database_reachable() else "fout"}
    healthy = all(state == "ok" for state in parts.values())
    body = {"status": "ok" if healthy else "fout", **parts}
    return jsonify(body), 200 if healthy else 503, {"Cache-Control": "no-store"}
