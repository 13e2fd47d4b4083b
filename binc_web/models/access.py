"""Issue 16 "who read what": the append-only log of every read of a youth's data (a dossier, a
client page, a registration, an Inzage) by a worker, acting for an organisation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from binc_web.extensions import db
from binc_web.models.base import utcnow
from binc_web.models.organisations import Person


class AccessEntry(db.Model):
    """One page view: who, acting for which organisation, when, which page of which youth."""

    __tablename__ = "access_entries"
    __table_args__ = (
        # The beheerder's page: an organisation's entries, newest first, a page at a time.
        Index("ix_access_entries_organisation_at", "organisation_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL")
    )
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="SET NULL"), index=True
    )
    # No foreign keys: the log outlives a deleted dossier (D-9) and the youth's data (G-2).
    client_id: Mapped[int | None] = mapped_column(index=True)
    dossier_id: Mapped[int | None] = mapped_column()
    # What was read, as a key of binc_web.privacy.access_log.PAGES.
    page: Mapped[str] = mapped_column(String(40))

    person: Mapped[Person | None] = relationship()


@event.listens_for(AccessEntry, "before_update")
@event.listens_for(AccessEntry, "before_delete")
def _refuse_changes(mapper, connection, target) -> None:
    """The access log is append-only (its retention is a bulk delete, docs/privacy.md)."""
    raise PermissionError("Het logboek van raadplegingen kan niet gewijzigd worden.")
