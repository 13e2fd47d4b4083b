"""Clients (youths), their context, classes (K-5) and the register table (K-1 adapter data)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from binc_web.extensions import db
from binc_web.models.base import utcnow

GENDER_CHECK = "gender IN ('M', 'V', 'X')"


class RegisterEntry(db.Model):
    """A row of the national register table read by the default register adapter (K-1)."""

    __tablename__ = "register_entries"
    __table_args__ = (CheckConstraint(GENDER_CHECK, name="gender"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    national_number: Mapped[str] = mapped_column(String(11), unique=True)
    family_name: Mapped[str] = mapped_column(String(120), index=True)
    given_name: Mapped[str] = mapped_column(String(120))
    gender: Mapped[str] = mapped_column(String(1))
    birth_date: Mapped[date] = mapped_column(Date)
    nationality: Mapped[str | None] = mapped_column(String(80))
    street: Mapped[str | None] = mapped_column(String(200))
    house_number: Mapped[str | None] = mapped_column(String(20))
    postcode: Mapped[str | None] = mapped_column(String(10))
    municipality: Mapped[str | None] = mapped_column(String(120))
    country: Mapped[str | None] = mapped_column(String(80))


class Client(db.Model):
    """A youth known to binc-web, shared by every organisation that works with them (K-2)."""

    __tablename__ = "clients"
    __table_args__ = (CheckConstraint(GENDER_CHECK, name="gender"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    national_number: Mapped[str] = mapped_column(String(11), unique=True)
    family_name: Mapped[str] = mapped_column(String(120), index=True)
    given_name: Mapped[str] = mapped_column(String(120))
    gender: Mapped[str] = mapped_column(String(1))
    # Indexed for G-2's nightly "who turned 35" (binc_web.privacy.retention).
    birth_date: Mapped[date] = mapped_column(Date, index=True)
    nationality: Mapped[str | None] = mapped_column(String(80))
    country_of_origin: Mapped[str | None] = mapped_column(String(80))
    language: Mapped[str | None] = mapped_column(String(80))
    street: Mapped[str | None] = mapped_column(String(200))
    house_number: Mapped[str | None] = mapped_column(String(20))
    postcode: Mapped[str | None] = mapped_column(String(10))
    municipality: Mapped[str | None] = mapped_column(String(120))
    country: Mapped[str | None] = mapped_column(String(80))
    # G-2: the day the youth's personal data was erased (they turned 35); the row then stays
    # only as the anonymous owner of the dossiers the reports count (docs/privacy.md).
    erased_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    version_id: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version_id}

    context_persons: Mapped[list[ContextPerson]] = relationship(
        back_populates="client", cascade="all, delete-orphan"
    )


class ContextPerson(db.Model):
    """K-4: a person in the youth's context (parent, guardian, other important person)."""

    __tablename__ = "context_persons"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    relation: Mapped[str] = mapped_column(String(80))
    family_name: Mapped[str] = mapped_column(String(120))
    given_name: Mapped[str | None] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    address: Mapped[str | None] = mapped_column(Text)
    version_id: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version_id}

    client: Mapped[Client] = relationship(back_populates="context_persons")


class Klas(db.Model):
    """K-5: a class followed by a NAFT organisation as one class dossier."""

    __tablename__ = "klassen"
    __table_args__ = (CheckConstraint("participants > 0", name="participants"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    participants: Mapped[int] = mapped_column(Integer)
    onderwijsvorm: Mapped[str | None] = mapped_column(String(80))
    graad: Mapped[str | None] = mapped_column(String(20))
    leerjaar: Mapped[str | None] = mapped_column(String(20))
