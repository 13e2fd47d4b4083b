"""A-2: who is logged in and which organisation they act for, loaded once per request."""

from __future__ import annotations

import time
from collections.abc import MutableMapping
from dataclasses import dataclass
from functools import wraps

from flask import Flask, abort, current_app, g, redirect, request, session, url_for
from werkzeug.exceptions import SecurityError

from binc_web.extensions import db
from binc_web.htmx import is_htmx
from binc_web.models import Membership, Organisation, Person
from binc_web.rules.sessions import a1_session_ended

PUBLIC_ENDPOINTS = {
    "static",
    "auth.login",
    "auth.login_start",
    "auth.callback",
    "auth.logged_out",
    "health.health",
    "schema.published_schema",  # P-6: the published XSD, fetched by the organisations' own systems
}
UNTRUSTED_HOST_MESSAGE = "Dit adres is ongeldig: binc-web is niet bereikbaar onder deze naam."
# Endpoints a logged-in person may use before choosing an organisation.
NO_ORGANISATION_ENDPOINTS = {
    "auth.choose_organisation",
    "auth.logout",
    "auth.logout_everywhere",
}
# "seen_at" is written at most this often (seconds), so that a page with its htmx sections
# costs one session write, not one per request; the idle timeout is that much less precise.
SEEN_RESOLUTION = 60


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
        if isinstance(request.routing_exception, SecurityError):
            # A host outside TRUSTED_HOSTS: refused before anything is built from it; no
            # page, since no URL can be built for an untrusted host.
            return UNTRUSTED_HOST_MESSAGE, 400, {"Content-Type": "text/plain; charset=utf-8"}
        g.person = current_person()
        if request.endpoint in PUBLIC_ENDPOINTS:
            return None
        if g.person is None:
            if session:
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


def start_session(store: MutableMapping, person: Person) -> None:
    """A-1: the session of a person who just logged in (``store`` is the session)."""
    now = time.time()
    store["person_id"] = person.id
    store["login_at"] = store["seen_at"] = now
    store["generation"] = person.session_generation


def current_person() -> Person | None:
    """The logged-in person, or None; an ended session is emptied (and so deleted from the
    session store, with its cookie)."""
    person_id = session.get("person_id")
    if person_id is None:
        return None
    person = db.session.get(Person, person_id)
    now = time.time()
    config = current_app.config
    if person is None or a1_session_ended(
        login_at=session.get("login_at"),
        seen_at=session.get("seen_at"),
        generation=session.get("generation"),
        current_generation=person.session_generation,
        now=now,
        idle_timeout=config["SESSION_IDLE_TIMEOUT"],
        absolute_lifetime=config["SESSION_ABSOLUTE_LIFETIME"],
    ):
        session.clear()
        return None
    if now - session["seen_at"] >= SEEN_RESOLUTION:
        session["seen_at"] = now
    return person


def end_all_sessions(person: Person) -> None:
    """A-1: every session of ``person`` ends at its next request (committed by the caller)."""
    person.session_generation += 1


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
