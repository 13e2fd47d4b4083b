"""D-12: requests to reopen a dossier that closed too long ago to reopen directly."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from binc_web.extensions import db
from binc_web.models.base import OrganisationScoped, utcnow
from binc_web.models.dossiers import Dossier
from binc_web.models.organisations import Organisation, Person
from binc_web.rules.lifecycle import REQUEST_APPROVED, REQUEST_PENDING, REQUEST_REJECTED


class ReopenRequest(OrganisationScoped, db.Model):
    """D-12: asked by the dossier's organisation, decided by a dossierbehandelaar of the agency."""

    __tablename__ = "reopen_requests"
    __table_args__ = (
        CheckConstraint(
            f"status IN ('{REQUEST_PENDING}', '{REQUEST_APPROVED}', '{REQUEST_REJECTED}')",
            name="status",
        ),
        # At most one pending request per dossier, also when two people click at once.
        Index(
            "uq_reopen_requests_pending_per_dossier",
            "dossier_id",
            unique=True,
            sqlite_where=db.text(f"status = '{REQUEST_PENDING}'"),
            postgresql_where=db.text(f"status = '{REQUEST_PENDING}'"),
        ),
        Index("ix_reopen_requests_status", "status", "requested_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(
        ForeignKey("dossiers.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    status: Mapped[str] = mapped_column(String(20), default=REQUEST_PENDING)
    toelichting: Mapped[str | None] = mapped_column(Text)
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="SET NULL")
    )
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decision_note: Mapped[str | None] = mapped_column(Text)
    version_id: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version_id}

    dossier: Mapped[Dossier] = relationship()
    organisation: Mapped[Organisation] = relationship()
    requested_by: Mapped[Person | None] = relationship(foreign_keys=[requested_by_id])
    decided_by: Mapped[Person | None] = relationship(foreign_keys=[decided_by_id])
