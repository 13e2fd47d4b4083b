"""A-4 for shared clients: an organisation opens a client's pages only when it has a dossier
for the client or identified the client in this session (K-1), for at most
``IDENTIFIED_ACCESS_SECONDS``.

The URL of a client's pages carries the client's id only for an organisation with a dossier for
the youth; otherwise it carries an opaque handle that only this session, acting for this
organisation, can use (K-1: no internal ids of youths the organisation does not work with).
Reads through a handle, by an organisation without a dossier, are logged (K-2).
"""

from __future__ import annotations

import secrets
import time

from flask import abort, current_app, g, request, session
from sqlalchemy import exists, select

from binc_web.clients.trace import record_read
from binc_web.errors import render_error
from binc_web.extensions import db
from binc_web.models import Client, ContextPerson, Dossier
from binc_web.rules.ids import parse_id

# session[SESSION_KEY] = {organisation id: {handle: {"client": client id, "at": epoch seconds}}}
SESSION_KEY = "identified_clients"
# Only the most recent identifications are remembered: a worker identifies one youth at a time,
# and a short list bounds what a stolen session could still open.
REMEMBERED = 20
GONE_MESSAGE = (
    "Deze contextpersoon bestaat niet meer. Mogelijk werd ze inmiddels verwijderd door een "
    "andere gebruiker."
)


def _identified() -> dict[str, dict]:
    """This session's identifications for the organisation acted for that have not expired."""
    oldest = time.time() - current_app.config["IDENTIFIED_ACCESS_SECONDS"]
    known = session.get(SESSION_KEY, {}).get(str(g.organisation.id), {})
    return {handle: entry for handle, entry in known.items() if entry["at"] > oldest}


def remember_identified(client_id: int) -> str:
    """Remember that the organisation acted for identified this client now; returns the
    handle that opens the client's pages in this session."""
    entries = {h: e for h, e in _identified().items() if e["client"] != client_id}
    handle = secrets.token_urlsafe(12)
    entries[handle] = {"client": client_id, "at": int(time.time())}
    recent = sorted(entries.items(), key=lambda item: item[1]["at"])[-REMEMBERED:]
    known = dict(session.get(SESSION_KEY, {}))
    known[str(g.organisation.id)] = dict(recent)
    session[SESSION_KEY] = known
    return handle


def has_dossier(client_id: int) -> bool:
    """Whether the organisation acted for has a dossier for the client (once per request)."""
    cache = g.setdefault("client_dossiers", {})
    if client_id not in cache:
        cache[client_id] = bool(
            db.session.scalar(
                select(
                    exists().where(
                        Dossier.client_id == client_id,
                        Dossier.organisation_id == g.organisation.id,
                    )
                )
            )
        )
    return cache[client_id]


def client_ref(client: Client) -> str:
    """The URL segment of the client's pages: the id for an organisation with a dossier for the
    youth, otherwise this session's handle."""
    if has_dossier(client.id):
        return str(client.id)
    for handle, entry in _identified().items():
        if entry["client"] == client.id:
            return handle
    abort(404)


def load_visible_client(ref: str) -> Client:
    """The client, when the organisation acted for may see them (A-4), or 404."""
    entry = _identified().get(ref)
    if entry is not None:
        client = db.session.get(Client, entry["client"])
        if client is None:
            abort(404)
        if request.method == "GET" and not has_dossier(client.id):
            record_read(client.id)
        return client
    # An id that does not fit the column is no id: 404, never a database error.
    client_id = parse_id(ref)
    client = db.session.get(Client, client_id) if client_id is not None else None
    if client is None or not has_dossier(client.id):
        abort(404)
    return client


def load_visible_context_person(client_ref: str, context_person_id: int) -> ContextPerson:
    """A context person of a visible client, or 404 (with the K-4 message when the client is
    visible but the person is gone)."""
    client = load_visible_client(client_ref)
    person = db.session.get(ContextPerson, context_person_id)
    if person is None or person.client_id != client.id:
        abort(render_error(404, GONE_MESSAGE))
    return person
