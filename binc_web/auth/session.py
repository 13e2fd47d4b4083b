"""A-2: who is logged in and which organisation they act for, loaded once per request."""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

from flask import Flask, abort, g, redirect, request, session, url_for

from binc_web.extensions import db
from binc_web.htmx import is_htmx
from binc_web.models import Membership, Organisation, Person

PUBLIC_ENDPOINTS = {
    "static",
    "auth.login",
    "auth.login_start",
    "auth.callback",
    "auth.logged_out",
}
# Endpoints a logged-in person may use before choosing an organisation.
NO_ORGANISATION_ENDPOINTS = {"auth.choose_organisation", "auth.logout"}


@dataclass(frozen=True)
class Acting:
    """The organisation a person acts for, with the roles they hold there."""

    organisation: Organisation
    roles: tuple[str, ...]


def memberships_of(person_id: int) -> dict[int, Acting]:
    """Every organisation the person works for, with their roles there (one query)."""
    rows = db.session.execute(
        db.select(Organisation, Membership.role)
        .join(Membership, Membership.organisation_id == Organisation.id)
        .where(Membership.person_id == person_id)
        .order_by(Organisation.name, Membership.role)
    ).all()
    acting: dict[int, Acting] = {}
    for organisation, role in rows:
        previous = acting.get(organisation.id)
        roles = (*previous.roles, role) if previous else (role,)
        acting[organisation.id] = Acting(organisation, roles)
    return acting


def install_session_context(app: Flask) -> None:
    """Load ``g.person``, ``g.organisation`` and ``g.roles``; send strangers to "Aanmelden"."""

    @app.before_request
    def load_acting_person():
        g.person = g.organisation = None
        g.roles = ()
        g.organisation_count = 0
        person_id = session.get("person_id")
        if person_id is not None:
            g.person = db.session.get(Person, person_id)
        if request.endpoint in PUBLIC_ENDPOINTS:
            return None
        if g.person is None:
            session.clear()
            return login_redirect()
        everywhere = memberships_of(g.person.id)
        g.organisation_count = len(everywhere)
        organisation_id = session.get("organisation_id")
        if organisation_id is not None:
            acting = everywhere.get(organisation_id)
            if acting is not None:
                g.organisation, g.roles = acting.organisation, acting.roles
            else:
                session.pop("organisation_id", None)
        if g.organisation is None and request.endpoint not in NO_ORGANISATION_ENDPOINTS:
            return redirect(url_for("auth.choose_organisation"))
        return None


def login_redirect():
    """Send to "Aanmelden"; htmx requests get HX-Redirect instead of a login page fragment."""
    wanted = request.full_path.rstrip("?") if request.method == "GET" else None
    target = url_for("auth.login", next=wanted)
    if is_htmx():
        return "", 200, {"HX-Redirect": target}
    return redirect(target)


def role_required(*roles: str):
    """Only people holding one of ``roles`` for the organisation they act for (A-3)."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not set(roles) & set(g.roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
