"""A-4: the one way to load organisation-scoped objects."""

from __future__ import annotations

from typing import TypeVar

from flask import abort, g

from binc_web.errors import render_error
from binc_web.extensions import db

T = TypeVar("T")


def load_scoped(model: type[T], object_id: int, missing: str | None = None) -> T:
    """Load ``model`` by id for the organisation acted for, or answer 404 (with ``missing`` as
    the message, e.g. a D-13 text).

    Another organisation's object is indistinguishable from one that does not exist.
    """
    statement = db.select(model).where(
        model.id == object_id,  # type: ignore[attr-defined]
        model.organisation_scope(g.organisation.id),  # type: ignore[attr-defined]
    )
    found = db.session.scalars(statement).first()
    if found is None:
        abort(render_error(404, missing) if missing else 404)
    return found
