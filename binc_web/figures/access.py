"""A-3/A-4 for the figures: workers see their own organisation's figures, the agency's
beleidsmedewerker manages capacities and the moduledatabank of every voorziening."""

from __future__ import annotations

from functools import wraps

from flask import abort, g, request
from sqlalchemy import select

from binc_web.extensions import db
from binc_web.models import Organisation, TypeModule
from binc_web.scoping import database_id


def medewerker_only(view):
    """A-3: the worker's figures are for a medewerker of the organisation acted for."""

    @wraps(view)
    def guarded(*args, **kwargs):
        if "medewerker" not in g.roles:
            abort(403)
        return view(*args, **kwargs)

    return guarded


def beleidsmedewerker_only(view):
    """A-3/C-2: only a beleidsmedewerker acting for the agency; to anyone else these pages do
    not exist (404, like the agency's other pages)."""

    @wraps(view)
    def guarded(*args, **kwargs):
        if g.organisation.kind != "agency" or "beleidsmedewerker" not in g.roles:
            abort(404)
        return view(*args, **kwargs)

    return guarded


def voorzieningen() -> list[Organisation]:
    """The organisations the agency manages (every one but the agency), by name."""
    return list(
        db.session.scalars(
            select(Organisation).where(Organisation.kind != "agency").order_by(Organisation.name)
        )
    )


def chosen_voorziening(source=None) -> Organisation | None:
    """The voorziening named by ``voorziening`` in the query string (or ``source``), if any."""
    number = (source or request.args).get("voorziening", type=database_id)
    if number is None:
        return None
    organisation = db.session.get(Organisation, number)
    return organisation if organisation is not None and organisation.kind != "agency" else None


def chosen_typemodule(form) -> TypeModule | None:
    """The typemodule a valid agency form names; otherwise None, with the field's message."""
    module = db.session.get(TypeModule, form.typemodule.data) if form.typemodule.data else None
    if module is None:
        form.typemodule.errors = ["Kies een typemodule."]
    return module
