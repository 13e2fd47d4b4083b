"""Issue 16 "who read what": every page view of a youth's data writes one access entry.

The pages are declared in ``PAGES`` by endpoint: covering a new page (documents, benutting) is
one line. The entry is written after the page was built, only for a successful GET, as one
INSERT whose dossier's youth comes from a subquery: no query is added to the page itself, and
list pages (which are not declared) write nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from flask import g, request, session
from sqlalchemy import delete, insert, select

from binc_web.clients.access import SESSION_KEY
from binc_web.extensions import db
from binc_web.htmx import is_htmx
from binc_web.models import AccessEntry, Document, Dossier
from binc_web.models.base import utcnow
from binc_web.rules.access_log import access_log_cutoff
from binc_web.rules.ids import parse_id
from binc_web.templating import BRUSSELS


@dataclass(frozen=True)
class Page:
    """A page whose views are logged: its label and the URL part naming its subject."""

    label: str
    # "dossier_id" (a dossier's page), "client_id" (a client's page), "document_id" (a shared
    # document: its dossier's youth, when the document is the organisation's own), or None: a
    # page about no single youth whose use is logged all the same (the G-4 research export).
    subject: str | None
    # A section of a logged page (or a form opened inside it): logged when it is asked as a
    # whole page, not when htmx loads it into a page whose own view was logged already.
    section: bool = False


PAGES: dict[str, Page] = {
    "dossiers.show": Page("Raadplegen Dossier", "dossier_id"),
    "dossiers.activity": Page("Activiteiten dossier", "dossier_id"),
    "dossiers.registration": Page("Registratie", "dossier_id"),
    "figures.maand": Page("Benutting (maand)", "dossier_id"),
    "figures.dossier_benutting": Page("Benutting", "dossier_id", section=True),
    "dossiers.action_bar": Page("Raadplegen Dossier (acties)", "dossier_id", section=True),
    "dossiers.registrations_section": Page(
        "Raadplegen Dossier (registraties)", "dossier_id", section=True
    ),
    "dossiers.edit_aanmelding": Page("Aanmelding wijzigen", "dossier_id", section=True),
    "dossiers.new_beslissing": Page("Toevoegen jeugdhulpbeslissing", "dossier_id", section=True),
    "dossiers.edit_beslissing": Page("Wijzigen jeugdhulpbeslissing", "dossier_id", section=True),
    "dossiers.delete_beslissing": Page(
        "Verwijderen jeugdhulpbeslissing", "dossier_id", section=True
    ),
    "dossiers.new_schakeling": Page("Toevoegen schakeling", "dossier_id", section=True),
    "dossiers.edit_schakeling": Page("Wijzigen schakeling", "dossier_id", section=True),
    "dossiers.delete_schakeling": Page("Verwijderen schakeling", "dossier_id", section=True),
    "dossiers.edit_klas": Page("Klasgegevens wijzigen", "dossier_id"),
    "dossiers.close": Page("Afsluiten dossier", "dossier_id"),
    "dossiers.reopen": Page("Heropenen", "dossier_id"),
    "dossiers.delete": Page("Dossier verwijderen", "dossier_id"),
    "documents.add_for_dossier": Page("Toevoegen document", "dossier_id"),
    "documents.dossier_documents": Page("Delen documenten", "dossier_id"),
    "documents.show": Page("Gedeeld document", "document_id"),
    "documents.download": Page("Gedeeld document (download)", "document_id"),
    "clients.details": Page("Cliëntgegevens", "client_id"),
    "clients.context": Page("Cliëntcontext", "client_id"),
    "clients.edit_context_person": Page("Contextpersoon", "client_id"),
    "clients.delete_context_person": Page("Contextpersoon verwijderen", "client_id"),
    "privacy.inzage": Page("Inzage", "client_id"),
    "privacy.inzage_download": Page("Inzage (download)", "client_id"),
    # G-4: who exported the research file when (never its content).
    "privacy.research_xlsx": Page("Onderzoeksbestand (.xlsx)", None),
    "privacy.research_csv": Page("Onderzoeksbestand (.csv)", None),
    # G-1: who downloaded which run's file (many youths' national numbers) when.
    "groeipakket.download": Page("Groeipakket-bestand", None),
}
# The registration page is logged as the kind it shows.
REGISTRATION_LABELS = {"begin": "Beginregistratie", "eind": "Eindregistratie"}
LABELS = {
    **{endpoint: page.label for endpoint, page in PAGES.items()},
    **{f"dossiers.registration:{kind}": label for kind, label in REGISTRATION_LABELS.items()},
}


def page_key(endpoint: str, view_args: dict) -> str:
    """The key stored for a view of ``endpoint`` (a registration also names its kind)."""
    if endpoint == "dossiers.registration":
        return f"{endpoint}:{view_args.get('kind')}"
    if endpoint == "groeipakket.download":
        return f"{endpoint}:{view_args.get('run_id')}"
    return endpoint


def page_label(key: str) -> str:
    """The label of a stored page key, as the beheerder reads it."""
    endpoint, _, run = key.partition(":")
    if endpoint == "groeipakket.download":
        return f"{PAGES[endpoint].label} (run {run})"
    return LABELS.get(key, key)


def _client_id(ref: str) -> int | None:
    """The youth behind a client URL: an id, or this session's handle for the organisation."""
    identified = session.get(SESSION_KEY, {}).get(str(g.organisation.id), {})
    if ref in identified:
        return identified[ref]["client"]
    return parse_id(ref)


def _subject(page: Page, view_args: dict) -> dict:
    """The youth (and dossier) a view of ``page`` is about, as INSERT values: the dossier's
    youth as a subquery; nothing for a page about no single youth."""
    if page.subject is None:
        return {}
    subject = view_args.get(page.subject)
    if page.subject == "dossier_id":
        youth = select(Dossier.client_id).where(Dossier.id == subject).scalar_subquery()
        return {"dossier_id": subject, "client_id": youth}
    if page.subject == "document_id":
        # A recipient's download names no youth: their organisation has no dossier of it here.
        own_dossier = select(Document.dossier_id).where(
            Document.id == subject, Document.organisation_id == g.organisation.id
        )
        youth = select(Dossier.client_id).where(Dossier.id.in_(own_dossier)).scalar_subquery()
        return {"dossier_id": own_dossier.scalar_subquery(), "client_id": youth}
    return {"client_id": _client_id(str(subject))}


def log_page_view(response):
    """Write the access entry of a successful GET of a declared page (one INSERT, committed)."""
    page = PAGES.get(request.endpoint or "")
    if (
        page is None
        or request.method != "GET"
        or response.status_code != 200
        or g.get("organisation") is None
        or (page.section and is_htmx())
    ):
        return response
    view_args = request.view_args or {}
    values = {
        "at": utcnow(),
        "organisation_id": g.organisation.id,
        "person_id": g.person.id,
        "page": page_key(request.endpoint, view_args),
    }
    db.session.execute(insert(AccessEntry).values(**values, **_subject(page, view_args)))
    db.session.commit()
    return response


def purge_access_log(today: date, years: int) -> int:
    """Delete the entries older than the retention term (one DELETE); returns how many."""
    midnight = datetime.combine(access_log_cutoff(today, years), time(), BRUSSELS)
    # One DELETE in SQL: the ORM refuses to delete a log entry one by one (append-only).
    removed = db.session.execute(
        delete(AccessEntry).where(AccessEntry.at < midnight.astimezone(UTC)),
        execution_options={"synchronize_session": False},
    ).rowcount
    db.session.commit()
    return removed
