"""F-1..F-5: shared documents, their recipients (shares), the log of who opened them, and the
"Gebruikersbeheer documenten" list of each organisation (manual chapter 15).

The bytes are a stored file (``binc_web.storage``); the document keeps its own copy of the
name, type, size and sha256, so that what was sent stays listed after the bytes expired.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from binc_web.extensions import db
from binc_web.models.base import OrganisationScoped, utcnow
from binc_web.models.directory import Service
from binc_web.models.files import StoredFile
from binc_web.models.organisations import Organisation, Person
from binc_web.rules.document_access import SentDocument, ShareFacts
from binc_web.rules.document_files import DESCRIPTION_LENGTH


class Document(OrganisationScoped, db.Model):
    """One uploaded document sent by a person of ``organisation_id`` (F-1 from a dossier, F-3
    from the start page without one)."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    sender_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"))
    # A deleted dossier (D-9) leaves its sent documents listed.
    dossier_id: Mapped[int | None] = mapped_column(
        ForeignKey("dossiers.id", ondelete="SET NULL"), index=True
    )
    beschrijving: Mapped[str] = mapped_column(String(DESCRIPTION_LENGTH), default="")
    vertrouwelijk: Mapped[bool] = mapped_column(Boolean, default=False)
    # Null once the file expired (F-2): the bytes go, the rest stays.
    stored_file_id: Mapped[int | None] = mapped_column(
        ForeignKey("stored_files.id", ondelete="SET NULL")
    )
    file_name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The latest "delen tot en met" of its shares: the day after it, the file is removed.
    available_until: Mapped[date] = mapped_column(Date, index=True)

    organisation: Mapped[Organisation] = relationship()
    sender: Mapped[Person | None] = relationship()
    stored_file: Mapped[StoredFile | None] = relationship()
    shares: Mapped[list[DocumentShare]] = relationship(
        back_populates="document", order_by="DocumentShare.id", passive_deletes=True
    )

    @property
    def facts(self) -> SentDocument:
        """What ``rules.document_access`` needs of the document."""
        return SentDocument(self.organisation_id, self.sender_id, self.vertrouwelijk)


class DocumentShare(db.Model):
    """One recipient row of a document: the service ("Dienst"), "Naam medewerker", "E-mail
    medewerker", "delen tot en met", optionally the person it is personal for (F-3), and when
    and by whom it was first opened (15.1.1)."""

    __tablename__ = "document_shares"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), index=True)
    naam_medewerker: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    personal_recipient_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="SET NULL")
    )
    delen_tot_en_met: Mapped[date] = mapped_column(Date)
    first_opened_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    first_opened_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="SET NULL")
    )

    document: Mapped[Document] = relationship(back_populates="shares")
    service: Mapped[Service] = relationship()
    personal_recipient: Mapped[Person | None] = relationship(foreign_keys=[personal_recipient_id])
    first_opened_by: Mapped[Person | None] = relationship(foreign_keys=[first_opened_by_id])

    @property
    def facts(self) -> ShareFacts:
        """What ``rules.document_access`` needs of the share (its service and the service's
        contacts loaded)."""
        return ShareFacts(
            self.service.organisation_id,
            self.email,
            self.personal_recipient_id,
            self.delen_tot_en_met,
            self.service.consulent_staff,
        )


OPENING_KINDS = {"download": "gedownload", "lijst": "getoond in Ontvangen documenten"}


class DocumentOpening(db.Model):
    """15.1.1, F-3 and F-5: a download of a document, or the first time it was listed in a
    person's "Ontvangen documenten": who, acting for which organisation, when, through which
    share (none for the sending side). The sender's log."""

    __tablename__ = "document_openings"
    __table_args__ = (
        CheckConstraint(
            "kind IN (" + ", ".join(f"'{k}'" for k in OPENING_KINDS) + ")", name="kind"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    share_id: Mapped[int | None] = mapped_column(
        ForeignKey("document_shares.id", ondelete="CASCADE")
    )
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL")
    )
    kind: Mapped[str] = mapped_column(String(10), default="download")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    person: Mapped[Person | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()

    @property
    def kind_label(self) -> str:
        return OPENING_KINDS[self.kind]


class DocumentRecipient(OrganisationScoped, db.Model):
    """15.3.1 "Gebruikersbeheer documenten": a person of the organisation the agency may send a
    "persoonlijk document voor ontvanger" to."""

    __tablename__ = "document_recipients"
    __table_args__ = (UniqueConstraint("organisation_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"))
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    person: Mapped[Person] = relationship(foreign_keys=[person_id])
