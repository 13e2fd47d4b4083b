"""R-1..R-6: the begin- and eindregistratie of a dossier, answers stored with their set version."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from binc_web.extensions import db
from binc_web.models.base import OrganisationScoped
from binc_web.models.dossiers import Dossier
from binc_web.models.organisations import Person


class Registratie(OrganisationScoped, db.Model):
    """One begin- or eindregistratie of a dossier (R-1): the answers under one version of a
    parameter set, whether they are complete (R-6, read by the overview in SQL), and when the
    page was first opened (reports count only opened registrations).

    The row appears when the page is first opened; it counts as *aangemaakt* (created, D-13)
    from its first save: ``created_at`` stays empty until then.
    """

    __tablename__ = "registraties"
    __table_args__ = (
        CheckConstraint("kind IN ('begin', 'eind')", name="kind"),
        # D-13: one registration of each kind per dossier, also when two people open it at once.
        UniqueConstraint("dossier_id", "kind", name="uq_registraties_dossier_kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(5))
    set_code: Mapped[str] = mapped_column(String(60))
    set_version: Mapped[int] = mapped_column(Integer)
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    # every visible mandatory parameter answered, as of the last save.
    complete: Mapped[bool] = mapped_column(Boolean, default=False)
    # the day (Brussels) of the save that made it complete; empty while incomplete.
    completed_on: Mapped[date | None] = mapped_column(Date)
    opened_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"))
    created_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    version_id: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version_id}

    dossier: Mapped[Dossier] = relationship()
    created_by: Mapped[Person | None] = relationship(foreign_keys=[created_by_id])
    updated_by: Mapped[Person | None] = relationship(foreign_keys=[updated_by_id])

    @property
    def saved(self) -> bool:
        """Whether anyone saved it yet (D-13 "aangemaakt")."""
        return self.created_at is not None

    def stored(self) -> dict[str, object]:
        """The answers as ``registrations.engine`` stores and reads them (R-1)."""
        return {"set": self.set_code, "version": self.set_version, "answers": self.answers or {}}

    @classmethod
    def organisation_scope(cls, organisation_id: int):
        return cls.dossier_id.in_(
            select(Dossier.id).where(Dossier.organisation_id == organisation_id)
        )
