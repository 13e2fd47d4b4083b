"""K-2 "Sharing leaves a trace": the append-only log of register look-ups (K-1) and of reads of a
client's pages by an organisation without a dossier for the youth, and the per-person limit on
register look-ups."""

from __future__ import annotations

from flask import current_app, g, request, session
from flask_limiter.util import get_remote_address

from binc_web.errors import render_error
from binc_web.extensions import db, limiter
from binc_web.models import RegisterLookup
from binc_web.rules.clients import SearchTerms

REGISTER_LIMIT_MESSAGE = (
    "Te veel opzoekingen in het rijksregister na elkaar. Wacht enkele minuten en probeer opnieuw."
)
# The page a read is logged with, by endpoint.
PAGES = {
    "clients.details": "Cliëntgegevens",
    "clients.context": "Cliëntcontext",
    "clients.edit_context_person": "Contextpersoon wijzigen",
    "clients.delete_context_person": "Contextpersoon verwijderen",
    "dossiers.new": "Start Binc-dossier",
    "privacy.inzage": "Inzage",
    "privacy.inzage_download": "Inzage (download)",
}
KINDS = {
    "nummer": "Opzoeking op rijksregisternummer",
    "naam": "Opzoeking op naam",
    "verder": "Jongere gekozen",
    "inzage": "Inzage",
}


def _person_key() -> str:
    """The limit counts per person (any organisation, any machine); before login, per address."""
    person_id = session.get("person_id")
    return f"persoon:{person_id}" if person_id else get_remote_address()


def _refused(_limit):
    return render_error(429, REGISTER_LIMIT_MESSAGE)


register_limit = limiter.shared_limit(
    lambda: current_app.config["REGISTER_LOOKUP_LIMIT"],
    scope="rijksregister",
    key_func=_person_key,
    methods=["POST"],
    on_breach=_refused,
)


def search_description(terms: SearchTerms) -> str:
    """The terms of a K-1 search as the log shows them."""
    if terms.option == "nummer":
        return f"rijksregisternummer {terms.national_number}"
    return f"naam {terms.family_name}, geslacht {terms.gender}, geboortejaar {terms.birth_year}"


def record_lookup(
    kind: str, search: str, *, client_id: int | None = None, results: int | None = None
) -> None:
    """Log a look-up or a read, committed at once: the trace does not depend on what follows."""
    db.session.add(
        RegisterLookup(
            organisation_id=g.organisation.id,
            person_id=g.person.id,
            kind=kind,
            client_id=client_id,
            search=search[:300],
            results=results,
        )
    )
    db.session.commit()


def record_read(client_id: int) -> None:
    """Log that the organisation acted for, without a dossier for the youth, read their page."""
    record_lookup(
        "inzage", PAGES.get(request.endpoint or "", request.endpoint or ""), client_id=client_id
    )
