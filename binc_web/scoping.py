"""A-4: the one way to load organisation-scoped objects."""

from __future__ import annotations

from typing import TypeVar

from flask import abort, g
from werkzeug.routing import BaseConverter

from binc_web.errors import render_error
from binc_web.extensions import db
from binc_web.rules.ids import ID_PATTERN, parse_id

T = TypeVar("T")


def find_scoped(model: type[T], object_id: int) -> T | None:
    """``model`` by id if it belongs to the organisation acted for, else None: another
    organisation's object is indistinguishable from one that does not exist."""
    statement = db.select(model).where(
        model.id == object_id,  # type: ignore[attr-defined]
        model.organisation_scope(g.organisation.id),  # type: ignore[attr-defined]
    )
    return db.session.scalars(statement).first()


def load_scoped(model: type[T], object_id: int, missing: str | None = None) -> T:
    """Load ``model`` by id for the organisation acted for (``find_scoped``), or answer 404
    (with ``missing`` as the message, e.g. a D-13 text)."""
    found = find_scoped(model, object_id)
    if found is None:
        abort(render_error(404, missing) if missing else 404)
    return found


class IdConverter(BaseConverter):
    """``<id:name>`` in a route: an id that fits its column; anything else answers 404."""

    regex = ID_PATTERN

    def to_python(self, value: str) -> int:
        return int(value)  # the regex admits only ids that fit

    def to_url(self, value) -> str:
        return str(int(value))


def database_id(text: str) -> int:
    """``request.args.get(name, type=database_id)``: an id that fits its column, else None
    (werkzeug turns the ValueError into the default)."""
    number = parse_id(text)
    if number is None:
        raise ValueError(text)
    return number
