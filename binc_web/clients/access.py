"""A-4 for shared clients: an organisation opens a client's pages only when it has a dossier
for the client or identified the client in this session (K-1)."""

from __future__ import annotations

from flask import abort, g, session
from sqlalchemy import exists, select

from binc_web.errors import render_error
from binc_web.extensions import db
from binc_web.models import Client, ContextPerson, Dossier

SESSION_KEY = "identified_clients"
# The session cookie stays small: only the most recent identifications are remembered.
REMEMBERED = 50
GONE_MESSAGE = (
    "Deze contextpersoon bestaat niet meer. Mogelijk werd ze inmiddels verwijderd door een "
    "andere gebruiker."
)


def _identified() -> list[int]:
    return session.get(SESSION_KEY, {}).get(str(g.organisation.id), [])


def remember_identified(client_id: int) -> None:
    """Remember that the organisation acted for identified this client in this session."""
    known = dict(session.get(SESSION_KEY, {}))
    ids = [i for i in known.get(str(g.organisation.id), []) if i != client_id]
    known[str(g.organisation.id)] = [*ids, client_id][-REMEMBERED:]
    session[SESSION_KEY] = known


def load_visible_client(client_id: int) -> Client:
    """The client, when the organisation acted for may see them (A-4), or 404."""
    client = db.session.get(Client, client_id)
    if client is None:
        abort(404)
    if client.id in _identified():
        return client
    has_dossier = db.session.scalar(
        select(
            exists().where(
                Dossier.client_id == client.id, Dossier.organisation_id == g.organisation.id
            )
        )
    )
    if not has_dossier:
        abort(404)
    return client


def load_visible_context_person(client_id: int, context_person_id: int) -> ContextPerson:
    """A context person of a visible client, or 404 (with the K-4 message when the client is
    visible but the person is gone)."""
    client = load_visible_client(client_id)
    person = db.session.get(ContextPerson, context_person_id)
    if person is None or person.client_id != client.id:
        abort(render_error(404, GONE_MESSAGE))
    return person
