"""D-8: the append-only activity log of dossiers and organisations, and K-2's append-only log
of register look-ups and reads of shared client data."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, String, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from binc_web.extensions import db
from binc_web.models.base import utcnow
from binc_web.models.organisations import Organisation, Person


class ActivityEntry(db.Model):
    """Who did what when, with the values before and after (never changed afterwards)."""

    __tablename__ = "activity_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    # No foreign key: the log outlives a deleted dossier (D-9 deletion is itself logged).
    dossier_id: Mapped[int | None] = mapped_column(index=True)
    # K-2: a change to shared client data names its client, so that it shows in every dossier
    # of the youth (no foreign key, as for the dossier).
    client_id: Mapped[int | None] = mapped_column(index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None] = mapped_column()
    description: Mapped[str] = mapped_column(String(300))
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)

    person: Mapped[Person | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()


class RegisterLookup(db.Model):
    """K-2: a register look-up (K-1), or a read of a client's pages by an organisation without a
    dossier for the youth: who, acting for which organisation, when, which youth or search."""

    __tablename__ = "register_lookups"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"))
    # "nummer" or "naam" (a search), "verder" (a youth chosen) or "inzage" (a page read).
    kind: Mapped[str] = mapped_column(String(10))
    # No foreign key: the trace outlives the client.
    client_id: Mapped[int | None] = mapped_column(index=True)
    search: Mapped[str] = mapped_column(String(300))
    results: Mapped[int | None] = mapped_column()

    person: Mapped[Person | None] = relationship()


@event.listens_for(ActivityEntry, "before_update")
@event.listens_for(ActivityEntry, "before_delete")
@event.listens_for(RegisterLookup, "before_update")
@event.listens_for(RegisterLookup, "before_delete")
def _refuse_changes(mapper, connection, target) -> None:
    """D-8 and K-2: the logs are append-only."""
    raise PermissionError("Het activiteitenlogboek kan niet gewijzigd worden.")
