"""F-1..F-5: store a shared document with its recipients, find the documents a person may see,
log each opening, and remove the files of expired documents.

Every query that reaches a document goes through ``visible`` or the two lists below, which ask
``rules.document_access``: there is no other way in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import g
from huey import crontab
from sqlalchemy import and_, false, func, or_, select
from sqlalchemy.orm import selectinload

from binc_web import storage
from binc_web.activity import record_activity
from binc_web.extensions import db
from binc_web.jobs import periodic_task
from binc_web.models import (
    Document,
    DocumentOpening,
    DocumentShare,
    Dossier,
    Membership,
    Person,
    Service,
    ServiceContact,
    StoredFile,
)
from binc_web.models.base import utcnow
from binc_web.rules.directory import CONSULENT_STAFF_FUNCTIONS
from binc_web.rules.document_access import Viewer, is_live, may_open, receives, sees_as_sender
from binc_web.templating import today


@dataclass(frozen=True)
class Recipient:
    """One checked recipient row of the form."""

    service: Service
    naam_medewerker: str
    email: str
    delen_tot_en_met: date
    personal_recipient: Person | None = None


def current_viewer() -> Viewer:
    """The person acting now, as ``rules.document_access`` sees them."""
    return Viewer(
        person_id=g.person.id,
        organisation_id=g.organisation.id,
        acts_for_agency=g.organisation.kind == "agency",
        email=g.person.email,
    )


def share_document(
    *,
    dossier: Dossier | None,
    beschrijving: str,
    vertrouwelijk: bool,
    file_name: str,
    content_type: str,
    content: bytes,
    recipients: list[Recipient],
) -> Document:
    """F-1/F-3: add the document, its file and its shares, and the 15.1.1 activity entries, to
    the session (the caller commits them together, then asks for the e-mails)."""
    stored = storage.store(g.organisation.id, file_name, content_type, content)
    document = Document(
        organisation_id=g.organisation.id,
        sender_id=g.person.id,
        dossier_id=dossier.id if dossier else None,
        beschrijving=beschrijving,
        vertrouwelijk=vertrouwelijk,
        stored_file=stored,
        file_name=file_name,
        content_type=content_type,
        size=stored.size,
        sha256=stored.sha256,
        available_until=max(r.delen_tot_en_met for r in recipients),
    )
    document.shares = [
        DocumentShare(
            service=r.service,
            naam_medewerker=r.naam_medewerker,
            email=r.email,
            personal_recipient=r.personal_recipient,
            delen_tot_en_met=r.delen_tot_en_met,
        )
        for r in recipients
    ]
    db.session.add(document)
    db.session.flush()
    if dossier is not None:
        for share in document.shares:
            record_activity(
                "document_gedeeld",
                document,
                f"Document '{file_name}' gedeeld met {share.service.name} "
                f"({share.naam_medewerker}) tot en met {share.delen_tot_en_met:%d/%m/%Y}",
                dossier_id=dossier.id,
            )
    return document


def _with_shares(statement):
    return statement.options(
        selectinload(Document.shares)
        .selectinload(DocumentShare.service)
        .selectinload(Service.contacts),
        selectinload(Document.shares).selectinload(DocumentShare.first_opened_by),
        selectinload(Document.sender),
    )


def visible(document_id: int) -> tuple[Document, DocumentShare | None]:
    """F-2: the document if the person acting may open it today, with the share that lets
    them in (None on the sending side); None for everything else (the view answers 404)."""
    document = db.session.scalars(
        _with_shares(select(Document).where(Document.id == document_id))
    ).first()
    viewer, day = current_viewer(), today()
    if document is None or not may_open(viewer, document.facts, _facts(document), day):
        return None, None
    if sees_as_sender(viewer, document.facts):
        return document, None
    share = next(s for s in document.shares if receives(viewer, s.facts, day))
    return document, share


def _facts(document: Document):
    return [share.facts for share in document.shares]


@dataclass(frozen=True)
class SentPage:
    """One page of "Beheer documenten"."""

    documents: list[Document]
    page: int
    last: int
    total: int


def sent_documents(dossier: Dossier | None, page: int, size: int) -> SentPage:
    """F-1 "Beheer documenten": what the organisation sent (of ``dossier``, or all), newest
    first, a page at a time; a vertrouwelijk document only for its sender; expired ones stay
    listed."""
    where = [
        Document.organisation_id == g.organisation.id,
        or_(Document.vertrouwelijk.is_(False), Document.sender_id == g.person.id),
    ]
    if dossier is not None:
        where.append(Document.dossier_id == dossier.id)
    total = db.session.scalar(select(db.func.count()).select_from(Document).where(*where))
    last = max(1, -(-total // size))
    page = min(max(page, 1), last)
    documents = db.session.scalars(
        _with_shares(select(Document).where(*where))
        .order_by(Document.created_at.desc(), Document.id.desc())
        .limit(size)
        .offset((page - 1) * size)
    ).all()
    return SentPage(list(documents), page, last, total)


@dataclass(frozen=True)
class ReceivedPage:
    """One page of "Ontvangen documenten": per document the share that lets the person in."""

    shares: list[DocumentShare]
    page: int
    last: int
    total: int


def _receiving(viewer: Viewer, day: date) -> list:
    """The WHERE clause of ``rules.document_access.receives`` in SQL, so that the list can be
    counted and cut into pages by the database (the rule still checks every row shown)."""
    for_anyone_or_them = or_(
        DocumentShare.personal_recipient_id.is_(None),
        DocumentShare.personal_recipient_id == viewer.person_id,
    )
    to_organisation = and_(Service.organisation_id == viewer.organisation_id, for_anyone_or_them)
    by_address = (
        and_(Service.organisation_id.is_(None), _addressed_to(viewer.email.strip().lower()))
        if viewer.acts_for_agency and viewer.email
        else false()
    )
    return [DocumentShare.delen_tot_en_met >= day, or_(to_organisation, by_address)]


def _addressed_to(address: str):
    """The share names ``address``, or it went to a consulent-type service where ``address``
    is the administratief medewerker or teamverantwoordelijke (15.1)."""
    staff = (
        select(ServiceContact.id)
        .where(
            ServiceContact.service_id == Service.id,
            ServiceContact.email == address,
            ServiceContact.functie.in_(CONSULENT_STAFF_FUNCTIONS),
        )
        .exists()
    )
    return or_(func.lower(DocumentShare.email) == address, and_(Service.kind == "consulent", staff))


def received_shares(page: int, size: int) -> ReceivedPage:
    """F-5 "Ontvangen documenten": per document the person acting receives, the newest live
    share that lets them in, newest first, a page at a time."""
    viewer, day = current_viewer(), today()
    # A document shared twice with the organisation is listed once, under its newest share.
    newest = func.max(DocumentShare.id)
    per_document = (
        select(newest)
        .join(DocumentShare.service)
        .where(*_receiving(viewer, day))
        .group_by(DocumentShare.document_id)
    )
    total = db.session.scalar(select(func.count()).select_from(per_document.subquery()))
    last = max(1, -(-total // size))
    page = min(max(page, 1), last)
    share_ids = db.session.scalars(
        per_document.order_by(newest.desc()).limit(size).offset((page - 1) * size)
    ).all()
    shares = db.session.scalars(
        select(DocumentShare)
        .where(DocumentShare.id.in_(share_ids))
        .options(
            selectinload(DocumentShare.service).selectinload(Service.contacts),
            selectinload(DocumentShare.document).selectinload(Document.organisation),
            selectinload(DocumentShare.document).selectinload(Document.sender),
        )
        .order_by(DocumentShare.id.desc())
    ).all()
    return ReceivedPage(
        [share for share in shares if receives(viewer, share.facts, day)], page, last, total
    )


def record_opening(document: Document, share: DocumentShare | None) -> None:
    """15.1.1/F-5: log a download (the sender's log, the share's first opening, and the
    dossier's "Activiteiten dossier", which belongs to the sending organisation)."""
    _log(document, share, "download", "geopend door")
    if share is not None and share.first_opened_at is None:
        share.first_opened_at, share.first_opened_by_id = utcnow(), g.person.id


def record_listing(shares: list[DocumentShare]) -> None:
    """F-5: the first time a document shows in a person's "Ontvangen documenten", log it like
    a download (once per person: the list is looked at far more often than it changes)."""
    already = set(
        db.session.scalars(
            select(DocumentOpening.document_id).where(
                DocumentOpening.person_id == g.person.id,
                DocumentOpening.kind == "lijst",
                DocumentOpening.document_id.in_([share.document_id for share in shares]),
            )
        )
    )
    for share in shares:
        if share.document_id not in already:
            _log(share.document, share, "lijst", "getoond in 'Ontvangen documenten' van")


def _log(document: Document, share: DocumentShare | None, kind: str, what: str) -> None:
    db.session.add(
        DocumentOpening(
            document_id=document.id,
            share_id=share.id if share else None,
            person_id=g.person.id,
            organisation_id=g.organisation.id,
            kind=kind,
        )
    )
    if document.dossier_id is not None:
        record_activity(
            f"document_{kind}",
            document,
            f"Document '{document.file_name}' {what} {g.person.display_name} "
            f"({g.organisation.name})",
            dossier_id=document.dossier_id,
            organisation_id=document.organisation_id,
        )


def openings(document: Document) -> list[DocumentOpening]:
    """F-3: the log of downloads of a document, as its sender sees it."""
    return db.session.scalars(
        select(DocumentOpening)
        .where(DocumentOpening.document_id == document.id)
        .options(selectinload(DocumentOpening.person), selectinload(DocumentOpening.organisation))
        .order_by(DocumentOpening.at.desc(), DocumentOpening.id.desc())
    ).all()


def file_is_available(document: Document) -> bool:
    """The bytes are still there and at least one share is live."""
    return document.stored_file_id is not None and any(
        is_live(share.facts, today()) for share in document.shares
    )


def findable_person(number: str, organisation_id: int) -> Person | None:
    """15.3.1 "Zoek persoon": the person with national number ``number`` who works for the
    organisation (any role) and logged in at least once; None for anyone else, whoever they
    are, so that the answer says nothing about people outside the organisation."""
    return db.session.scalars(
        select(Person).where(
            Person.national_number == number,
            Person.last_login_at.is_not(None),
            Person.id.in_(
                select(Membership.person_id).where(Membership.organisation_id == organisation_id)
            ),
        )
    ).first()


def remove_expired_files(day: date) -> int:
    """F-2: the files of documents whose last share ended before ``day`` are removed; the
    documents, shares and activity entries stay. How many files went."""
    expired = db.session.scalars(
        select(StoredFile)
        .join(Document, Document.stored_file_id == StoredFile.id)
        .where(Document.available_until < day)
    ).all()
    storage.remove(expired)
    db.session.commit()
    return len(expired)


@periodic_task(crontab(minute="5", hour="0"))
def remove_expired_document_files() -> int:
    """Every night just after midnight: the files of expired documents go (F-2)."""
    return remove_expired_files(today())
