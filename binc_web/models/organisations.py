"""Organisations (voorzieningen), people and their roles (A-2, A-3)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from binc_web.extensions import db
from binc_web.models.base import OrganisationScoped, utcnow
from binc_web.rules.roles import ORGANISATION_KINDS, ROLES


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Organisation(db.Model):
    """A voorziening (or the agency) that owns dossiers and employs workers."""

    __tablename__ = "organisations"
    __table_args__ = (
        CheckConstraint(_in("kind", ORGANISATION_KINDS), name="kind"),
        # A unique index, not a constraint: SQLite adds it without rebuilding the table.
        Index("ix_organisations_erkenningsnummer", "erkenningsnummer", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(30))
    # G-1: the agency's erkenningsnummer of the voorziening, sent to the Groeipakket payer with
    # the internal id; empty until the agency fills it in (Moduledatabank).
    erkenningsnummer: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    memberships: Mapped[list[Membership]] = relationship(back_populates="organisation")

    @property
    def kind_label(self) -> str:
        return ORGANISATION_KINDS[self.kind]


class Person(db.Model):
    """Someone who can log in, identified by their national number (never a password)."""

    __tablename__ = "persons"

    id: Mapped[int] = mapped_column(primary_key=True)
    national_number: Mapped[str] = mapped_column(String(11), unique=True)
    family_name: Mapped[str | None] = mapped_column(String(120))
    given_name: Mapped[str | None] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254))
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # raised to end every session of the person ("Afmelden op alle toestellen", a role
    # revoked); a session remembers the value it was started with.
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="person", foreign_keys="Membership.person_id"
    )

    @property
    def display_name(self) -> str:
        name = " ".join(part for part in (self.given_name, self.family_name) if part)
        return name or self.national_number


class Membership(OrganisationScoped, db.Model):
    """One role of one person for one organisation (A-3)."""

    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("person_id", "organisation_id", "role"),
        CheckConstraint(_in("role", ROLES), name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(30))
    granted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"))

    person: Mapped[Person] = relationship(back_populates="memberships", foreign_keys=[person_id])
    organisation: Mapped[Organisation] = relationship(back_populates="memberships")
