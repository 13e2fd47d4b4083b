"""Typemodules (M-1), the moduledatabank (M-2) and capacities (C-2)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from binc_web.extensions import db
from binc_web.models.base import utcnow
from binc_web.rules.modules import BENUTTING_UNITS, FUNCTIONS


class TypeModule(db.Model):
    """M-1: a module of the catalogue, with its unit of benutting and Groeipakket effect."""

    __tablename__ = "type_modules"
    __table_args__ = (
        CheckConstraint("access IN ('RTJ', 'NRTJ')", name="access"),
        CheckConstraint(
            "function IN (" + ", ".join(repr(f) for f in FUNCTIONS) + ")", name="function"
        ),
        CheckConstraint(
            "benutting_unit IN (" + ", ".join(repr(u) for u in BENUTTING_UNITS) + ")",
            name="benutting_unit",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    access: Mapped[str] = mapped_column(String(4))
    function: Mapped[str] = mapped_column(String(40))
    benutting_unit: Mapped[str] = mapped_column(String(20))
    affects_groeipakket: Mapped[bool] = mapped_column(Boolean, default=False)
    groeipakket_until_18: Mapped[bool] = mapped_column(Boolean, default=False)


class ModuleApproval(db.Model):
    """M-2: the organisation is approved for a typemodule over a period (moduledatabank)."""

    __tablename__ = "module_approvals"
    __table_args__ = (
        UniqueConstraint("organisation_id", "type_module_id", "valid_from"),
        CheckConstraint("valid_until IS NULL OR valid_until >= valid_from", name="period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    type_module_id: Mapped[int] = mapped_column(ForeignKey("type_modules.id"))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    # History (M-2): who added the period and who ended it; a period is never rewritten.
    created_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"))

    type_module: Mapped[TypeModule] = relationship()


class Capaciteit(db.Model):
    """C-2: capacity of a typemodule for an organisation from a date on (history, never edited)."""

    __tablename__ = "capacities"
    __table_args__ = (
        UniqueConstraint("organisation_id", "type_module_id", "valid_from"),
        CheckConstraint("capacity >= 0", name="capacity"),
        CheckConstraint("verzekerd_aanbod >= 0", name="verzekerd_aanbod"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    type_module_id: Mapped[int] = mapped_column(ForeignKey("type_modules.id"))
    valid_from: Mapped[date] = mapped_column(Date)
    capacity: Mapped[int] = mapped_column(Integer)
    verzekerd_aanbod: Mapped[int] = mapped_column(Integer, default=0)
    toelichting: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"))

    type_module: Mapped[TypeModule] = relationship()


class Benutting(db.Model):
    """M-3: the benutting of one module on one day of a dossier, in hundredths of its unit."""

    __tablename__ = "benuttingen"
    __table_args__ = (
        # One cell per dossier, module and day: two people saving it at once cannot both insert.
        UniqueConstraint("dossier_id", "type_module_id", "day"),
        CheckConstraint("hundredths > 0 AND hundredths <= 2400", name="hundredths"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"))
    type_module_id: Mapped[int] = mapped_column(ForeignKey("type_modules.id"))
    day: Mapped[date] = mapped_column(Date)
    hundredths: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"))

    type_module: Mapped[TypeModule] = relationship()


class OrganisatieBenutting(db.Model):
    """M-3 (FAQ crisisverblijf): a month's total of contextcontacten not tied to a dossier, per
    contextbegeleiding module of the organisation, in hundredths of an hour."""

    __tablename__ = "organisatie_benuttingen"
    __table_args__ = (
        UniqueConstraint("organisation_id", "type_module_id", "month"),
        CheckConstraint("hundredths > 0", name="hundredths"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    type_module_id: Mapped[int] = mapped_column(ForeignKey("type_modules.id"))
    month: Mapped[date] = mapped_column(Date)  # the month's first day
    hundredths: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"))
