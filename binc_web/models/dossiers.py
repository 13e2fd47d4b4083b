"""Dossiers with their aanmelding, beslissingen and schakelingen (D, S)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    DDL,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    event,
    inspect,
    literal_column,
    select,
    update,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship
from sqlalchemy.orm.attributes import set_committed_value

from binc_web.extensions import db
from binc_web.models.base import OrganisationScoped, utcnow
from binc_web.models.clients import Client, Klas
from binc_web.models.modules import TypeModule
from binc_web.models.organisations import Organisation, Person
from binc_web.rules.overview import SORT_NAME_LENGTH, sort_name

beslissing_modules = Table(
    "beslissing_modules",
    db.metadata,
    Column("beslissing_id", ForeignKey("beslissingen.id", ondelete="CASCADE"), primary_key=True),
    Column("type_module_id", ForeignKey("type_modules.id"), primary_key=True),
)

schakeling_modules = Table(
    "schakeling_modules",
    db.metadata,
    Column("schakeling_id", ForeignKey("schakelingen.id", ondelete="CASCADE"), primary_key=True),
    Column("type_module_id", ForeignKey("type_modules.id"), primary_key=True),
)


# The operator classes of ix_dossiers_name_trgm (trigrams, and an integer in a GIN index), for
# schemas made by create_all (tests); migrations 0009b and 0013 install them on a migrated database.
for extension in ("pg_trgm", "btree_gin"):
    event.listen(
        db.metadata,
        "before_create",
        DDL(f"CREATE EXTENSION IF NOT EXISTS {extension}").execute_if(dialect="postgresql"),
    )


class Dossier(OrganisationScoped, db.Model):
    """A Binc-dossier: one traject of one youth (or one class) at one organisation."""

    __tablename__ = "dossiers"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'closed')", name="status"),
        CheckConstraint("(client_id IS NULL) <> (klas_id IS NULL)", name="client_or_klas"),
        # D-3: one open dossier per client per organisation, guaranteed by the database.
        Index(
            "uq_dossiers_open_client",
            "organisation_id",
            "client_id",
            unique=True,
            sqlite_where=db.text("status = 'open' AND client_id IS NOT NULL"),
            postgresql_where=db.text("status = 'open' AND client_id IS NOT NULL"),
        ),
        # D-4: the lists of a view in name order, and their A–Z counts, from the index alone;
        Index("ix_dossiers_overview_name", "organisation_id", "status", "sort_name", "id"),
        # D-5 on SQLite: a name search reads the organisation's folded names (a LIKE '%…%' has
        # no range) from these entries, in the list's order, with the columns it joins on, and
        # the table only for the matches. PostgreSQL has ix_dossiers_name_trgm.
        Index(
            "ix_dossiers_search_name", "organisation_id", "sort_name", "id", "client_id", "klas_id"
        ).ddl_if(dialect="sqlite"),
        # D-4 "Beslis. > tot" and "Actie nodig": a view's dossiers in the order of the derived
        # dates, so that the sort and the date windows are ranges of an index. The sort puts
        # the dossiers without beslissing first (the FAQ): SQLite's indexes hold NULLs first,
        # PostgreSQL's only when told so (else it sorted all the view's entries, migration 0013).
        Index(
            "ix_dossiers_beslissing_end",
            "organisation_id",
            "status",
            "beslissing_end",
            "sort_name",
            "id",
        ).ddl_if(dialect="sqlite"),
        Index(
            "ix_dossiers_beslissing_end_nulls_first",
            "organisation_id",
            "status",
            literal_column("beslissing_end NULLS FIRST"),
            "sort_name",
            "id",
        ).ddl_if(dialect="postgresql"),
        # D-5 on PostgreSQL: a name search's LIKE '%…%' on the folded name, within the
        # organisation, from one trigram index (extensions pg_trgm and btree_gin, migrations
        # 0009b and 0013): the search reads the organisation's matches, not those of every
        # organisation. SQLite reads the organisation's index entries.
        Index(
            "ix_dossiers_name_trgm",
            "organisation_id",
            "sort_name",
            postgresql_using="gin",
            postgresql_ops={"sort_name": "gin_trgm_ops"},
        ).ddl_if(dialect="postgresql"),
        Index(
            "ix_dossiers_owes_begin",
            "organisation_id",
            "status",
            "owes_begin_since",
            "sort_name",
            "id",
        ),
        # "Actie nodig", open dossiers zonder beslissing: the oldest aanmeldingen first.
        Index(
            "ix_dossiers_awaits_beslissing",
            "organisation_id",
            "status",
            "awaits_beslissing_since",
            "sort_name",
            "id",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id"), index=True)
    klas_id: Mapped[int | None] = mapped_column(ForeignKey("klassen.id"), unique=True)
    status: Mapped[str] = mapped_column(String(10), default="open")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"))
    assigned_to_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    closed_at: Mapped[date | None] = mapped_column(Date)
    # D-4: rules.overview.sort_name of the client or class, kept current by
    # _keep_sort_names_current. The "C" collation makes PostgreSQL compare it byte by byte,
    # as SQLite does, so both sort alike and a letter of the A–Z bar is a range of keys.
    sort_name: Mapped[str] = mapped_column(
        String(SORT_NAME_LENGTH).with_variant(String(SORT_NAME_LENGTH, collation="C"), "postgresql")
    )
    # Derived dates (binc_web.models.derived), kept in the transaction of every write of the
    # aanmelding, the beslissingen, the schakelingen or the registraties: R-6's start of help
    # (the first schakeling's begindatum, else the aanmelding's date); the same date while the
    # dossier owes its beginregistratie (required and not complete), else NULL; the end of the
    # latest beslissing (NULL without beslissing: every beslissing has an einddatum); and the
    # aanmelding's date while the dossier has no beslissing, else NULL.
    help_start: Mapped[date | None] = mapped_column(Date)
    owes_begin_since: Mapped[date | None] = mapped_column(Date)
    beslissing_end: Mapped[date | None] = mapped_column(Date)
    awaits_beslissing_since: Mapped[date | None] = mapped_column(Date)
    version_id: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version_id}

    organisation: Mapped[Organisation] = relationship()
    client: Mapped[Client | None] = relationship()
    klas: Mapped[Klas | None] = relationship()
    created_by: Mapped[Person | None] = relationship(foreign_keys=[created_by_id])
    assigned_to: Mapped[Person | None] = relationship(foreign_keys=[assigned_to_id])
    aanmelding: Mapped[Aanmelding | None] = relationship(
        back_populates="dossier", cascade="all, delete-orphan", uselist=False
    )
    beslissingen: Mapped[list[Beslissing]] = relationship(
        back_populates="dossier",
        cascade="all, delete-orphan",
        order_by="(Beslissing.begindatum.desc(), Beslissing.id.desc())",
    )

    @property
    def display_name(self) -> str:
        if self.klas is not None:
            return self.klas.name
        assert self.client is not None
        return f"{self.client.family_name} {self.client.given_name}"


def _changed(target, *names: str) -> bool:
    """Whether any of the attributes ``names`` of ``target`` has a change to flush."""
    attributes = inspect(target).attrs
    return any(attributes[name].history.has_changes() for name in names)


def _owner(session: Session, dossier: Dossier, relation: str, model):
    """The dossier's client or class (``relation``), also when only its id was set."""
    key = getattr(dossier, f"{relation}_id")
    if key is None or _changed(dossier, relation):
        return getattr(dossier, relation)
    return session.get(model, key)


def _refresh_sort_name(session: Session, dossier: Dossier) -> None:
    """Set the dossier's sort name from its client or class (K-5)."""
    client = _owner(session, dossier, "client", Client)
    klas = None if client else _owner(session, dossier, "klas", Klas)
    if client is not None:
        key = sort_name(client.family_name, client.given_name)
    elif klas is not None:
        key = sort_name(klas.name)
    else:
        return  # neither: the database refuses the dossier (client_or_klas)
    if dossier.sort_name != key:
        dossier.sort_name = key


def _rename(session: Session, owner_id, owner: int, key: str) -> None:
    """Write ``key`` on the dossiers of a renamed client or class, in the database and in the
    session, without making that a change of the dossiers."""
    table = Dossier.__table__
    session.execute(
        update(table)
        .where(owner_id == owner)
        # Not a change of the dossier: without this, Core would apply updated_at's onupdate.
        .values(sort_name=key, updated_at=table.c.updated_at)
    )
    # Loaded dossiers see the new key too; expired ones read it from the database anyway.
    for state in list(session.identity_map.all_states()):
        if (
            issubclass(state.class_, Dossier)
            and state.dict.get(owner_id.key) == owner
            and "sort_name" in state.dict
            and not _changed(state.obj(), "sort_name")
        ):
            set_committed_value(state.obj(), "sort_name", key)


@event.listens_for(Session, "before_flush")
def _keep_sort_names_current(session: Session, _flush_context, _instances) -> None:
    """D-4: ``Dossier.sort_name`` follows the names it is made of, whichever code changes them.

    A new dossier, or one given another client or class, gets the key of its client or class. A
    renamed client or class rewrites the key of its dossiers with one UPDATE that is no change of
    those dossiers (their version and "Laatst gewijzigd" stay: D-13 must not refuse a colleague's
    save because the youth's name was corrected). Bulk inserts (``flask binc demo``) bypass the
    session and set the key themselves.
    """
    for target in session.new:
        if isinstance(target, Dossier):
            _refresh_sort_name(session, target)
    for target in session.dirty:
        if isinstance(target, Dossier):
            if _changed(target, "client_id", "klas_id", "client", "klas"):
                _refresh_sort_name(session, target)
        elif isinstance(target, Client) and _changed(target, "family_name", "given_name"):
            key = sort_name(target.family_name, target.given_name)
            _rename(session, Dossier.client_id, target.id, key)
        elif isinstance(target, Klas) and _changed(target, "name"):
            _rename(session, Dossier.klas_id, target.id, sort_name(target.name))


class DossierCodeCounter(db.Model):
    """D-2: the last sequence number handed out per creation day (never reused)."""

    __tablename__ = "dossier_code_counters"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last_value: Mapped[int] = mapped_column(Integer, default=0)


class Aanmelding(db.Model):
    """D-1: how the youth reached the organisation; registered once per dossier."""

    __tablename__ = "aanmeldingen"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(
        ForeignKey("dossiers.id", ondelete="CASCADE"), unique=True
    )
    uw_referentie: Mapped[str | None] = mapped_column(String(100), index=True)
    via_toegangspoort: Mapped[bool] = mapped_column(Boolean, default=False)
    aanmelder: Mapped[str] = mapped_column(String(40))
    reden_niet_clb: Mapped[str | None] = mapped_column(String(40))
    reden_niet_clb_andere: Mapped[str | None] = mapped_column(String(200))
    datum_aanmelding: Mapped[date] = mapped_column(Date)
    time_out: Mapped[bool] = mapped_column(Boolean, default=False)
    startdatum_lopend_dossier: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    version_id: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version_id}

    dossier: Mapped[Dossier] = relationship(back_populates="aanmelding")


class Beslissing(OrganisationScoped, db.Model):
    """S-1: a jeugdhulpbeslissing with the typemodules it allows."""

    __tablename__ = "beslissingen"
    __table_args__ = (
        CheckConstraint("einddatum >= begindatum", name="period"),
        # The latest beslissing of a dossier (latest begindatum, newest first: every list row
        # and the derived dates read it) is the last entry of the dossier in this index.
        Index("ix_beslissingen_latest", "dossier_id", "begindatum", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"))
    via_toegangspoort: Mapped[bool] = mapped_column(Boolean, default=False)
    begindatum: Mapped[date] = mapped_column(Date)
    einddatum: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    version_id: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version_id}

    dossier: Mapped[Dossier] = relationship(back_populates="beslissingen")
    modules: Mapped[list[TypeModule]] = relationship(secondary=beslissing_modules)
    schakelingen: Mapped[list[Schakeling]] = relationship(
        back_populates="beslissing",
        cascade="all, delete-orphan",
        order_by="(Schakeling.begindatum.desc(), Schakeling.id.desc())",
    )

    @property
    def kind(self) -> str:
        return "NRTJ" if self.via_toegangspoort else "RTJ"

    @classmethod
    def organisation_scope(cls, organisation_id: int):
        return cls.dossier_id.in_(
            select(Dossier.id).where(Dossier.organisation_id == organisation_id)
        )


class Schakeling(OrganisationScoped, db.Model):
    """S-2: help actually delivered under a beslissing, with its modules."""

    __tablename__ = "schakelingen"
    __table_args__ = (
        CheckConstraint("einddatum IS NULL OR einddatum >= begindatum", name="period"),
        CheckConstraint("kind IN ('start', 'verlenging')", name="kind"),
        # S-5: only one schakeling without end date per dossier, guaranteed by the database.
        Index(
            "uq_schakelingen_open_per_dossier",
            "dossier_id",
            unique=True,
            sqlite_where=db.text("einddatum IS NULL"),
            postgresql_where=db.text("einddatum IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    beslissing_id: Mapped[int] = mapped_column(
        ForeignKey("beslissingen.id", ondelete="CASCADE"), index=True
    )
    # Denormalised from the beslissing so the database can guard "one open schakeling".
    dossier_id: Mapped[int] = mapped_column(
        ForeignKey("dossiers.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(12), default="start")
    begindatum: Mapped[date] = mapped_column(Date)
    einddatum: Mapped[date | None] = mapped_column(Date)
    verzekerd_aanbod: Mapped[bool] = mapped_column(Boolean, default=False)
    zwaartepunt_andere_sector: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    version_id: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version_id}

    beslissing: Mapped[Beslissing] = relationship(back_populates="schakelingen")
    modules: Mapped[list[TypeModule]] = relationship(secondary=schakeling_modules)

    @property
    def kind_label(self) -> str:
        return "Start hulpaanbod" if self.kind == "start" else "Verlenging"

    @classmethod
    def organisation_scope(cls, organisation_id: int):
        return cls.dossier_id.in_(
            select(Dossier.id).where(Dossier.organisation_id == organisation_id)
        )
