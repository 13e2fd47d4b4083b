"""G-1: the Groeipakket feed's outbox and its runs (docs/groeipakket.md).

Every flush that writes a schakeling (added, changed, ended, deleted, its modules or its box
"Zwaartepunt verblijf ligt in een andere sector" changed), deletes a dossier or beslissing (their
schakelingen go with them) or corrects a youth's national number or birth date, adds the rows
of ``rules.groeipakket.feed_changes`` to ``groeipakket_outbox`` in the same transaction
(``_record_groeipakket_changes``). No view calls it: the listener sees every ORM write, so no
write path can forget the feed. The nightly run (``binc_web.groeipakket.feed``) hands the
pending rows to the payer.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    event,
    func,
    insert,
    inspect,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from binc_web.extensions import db
from binc_web.models.base import utcnow
from binc_web.models.clients import Client
from binc_web.models.dossiers import Dossier, Schakeling, _changed, schakeling_modules
from binc_web.models.modules import TypeModule
from binc_web.rules.groeipakket import (
    GROEIPAKKET_MODULES,
    OFF,
    ON,
    ModuleFacts,
    Period,
    desired_periods,
    feed_changes,
)


class GroeipakketRun(db.Model):
    """G-1: one run of the feed: the file it made of the rows it took, kept here as well so
    that it can be written again (a run killed before the file was delivered) and downloaded."""

    __tablename__ = "groeipakket_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The night the run is for (``flask binc groeipakket run --date``; default today).
    night: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    rows_on: Mapped[int] = mapped_column(Integer)
    rows_off: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    # When the file was last written into the drop folder; NULL: still to deliver.
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class GroeipakketRow(db.Model):
    """G-1: one row of the feed, pending until a run takes it (``run_id``).

    G-2 retention: ``rijksregisternummer`` is the youth's national number and ``client_id`` the
    youth; both are erased when the youth turns 35 (the rows stay, without identity).
    """

    __tablename__ = "groeipakket_outbox"
    __table_args__ = (
        CheckConstraint(f"status IN ('{ON}', '{OFF}')", name="status"),
        # What the payer was told of a dossier's schakelingen: the latest row per module.
        Index("ix_groeipakket_outbox_dossier", "dossier_id", "schakeling_id", "module_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # No foreign keys: the rows outlive a deleted schakeling or dossier (its "uit" refers to it).
    dossier_id: Mapped[int] = mapped_column(Integer)
    schakeling_id: Mapped[int] = mapped_column(Integer)
    client_id: Mapped[int | None] = mapped_column(Integer, index=True)
    rijksregisternummer: Mapped[str | None] = mapped_column(String(11))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    module_code: Mapped[str] = mapped_column(String(40))
    van: Mapped[date] = mapped_column(Date)
    tot: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(3))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("groeipakket_runs.id"), index=True)


def _touched_dossiers(session: Session) -> set[int]:
    """The dossiers whose Groeipakket periods this flush may have changed."""
    dossier_ids: set[int] = set()
    client_ids: set[int] = set()
    for target in (*session.new, *session.dirty, *session.deleted):
        # The values as loaded: a deleted object is not read again.
        values = inspect(target).dict
        if isinstance(target, Schakeling):
            dossier_ids.add(values.get("dossier_id"))
        elif target in session.new:
            continue  # a new dossier or client has no schakeling yet
        elif isinstance(target, Dossier) and (
            target in session.deleted or _changed(target, "client_id", "organisation_id")
        ):
            dossier_ids.add(values.get("id"))
        elif isinstance(target, Client) and _changed(target, "national_number", "birth_date"):
            client_ids.add(values.get("id"))
    if client_ids:
        dossier_ids.update(
            session.connection().scalars(
                select(Dossier.id).where(Dossier.client_id.in_(client_ids))
            )
        )
    dossier_ids.discard(None)
    return dossier_ids


def _announced(connection, dossier_ids: list[int]) -> dict:
    """What the payer was told (or will be, rows still pending) of these dossiers'
    schakelingen: the latest row per schakeling and module, when it is an ``aan`` that still
    names its youth (G-2 erases the national number at 35: nothing is withdrawn after that)."""
    rows = GroeipakketRow.__table__
    latest = (
        select(func.max(rows.c.id))
        .where(rows.c.dossier_id.in_(dossier_ids))
        .group_by(rows.c.schakeling_id, rows.c.module_code)
    )
    found = connection.execute(
        select(rows).where(
            rows.c.id.in_(latest), rows.c.status == ON, rows.c.rijksregisternummer.is_not(None)
        )
    )
    return {
        (row.schakeling_id, row.module_code): (
            Period(row.rijksregisternummer, row.organisation_id, row.module_code, row.van, row.tot),
            row.dossier_id,
            row.client_id,
        )
        for row in found
    }


def _current(connection, dossier_ids: list[int]) -> tuple[dict, dict]:
    """The Groeipakket modules of these dossiers' schakelingen as this transaction has them,
    and per schakeling its dossier and youth."""
    statement = (
        select(
            Schakeling.id,
            Schakeling.dossier_id,
            Dossier.client_id,
            TypeModule.code,
            Dossier.organisation_id,
            Client.national_number,
            Client.birth_date,
            Schakeling.begindatum,
            Schakeling.einddatum,
            Schakeling.zwaartepunt_andere_sector,
            Client.erased_on.is_not(None),
        )
        .join(schakeling_modules, schakeling_modules.c.schakeling_id == Schakeling.id)
        .join(TypeModule, TypeModule.id == schakeling_modules.c.type_module_id)
        .join(Dossier, Dossier.id == Schakeling.dossier_id)
        .join(Client, Client.id == Dossier.client_id)
        .where(Schakeling.dossier_id.in_(dossier_ids), TypeModule.code.in_(GROEIPAKKET_MODULES))
    )
    facts, owners = [], {}
    for row in connection.execute(statement):
        schakeling_id, dossier_id, client_id, *rest = row
        facts.append(ModuleFacts(schakeling_id, *rest))
        owners[schakeling_id] = (dossier_id, client_id)
    return desired_periods(facts), owners


@event.listens_for(Session, "after_flush")
def _record_groeipakket_changes(session: Session, _flush_context) -> None:
    """G-1: the feed rows of this flush's changes, in the same transaction.

    Compares, for every touched dossier, what the payer was told with what holds after the
    flush. The dossiers' rows are locked first (as ``derived._keep_derived_dates_current``
    does), so two transactions changing one dossier write their rows one after the other, each
    against what the other wrote.
    """
    dossier_ids = sorted(_touched_dossiers(session))
    if not dossier_ids:
        return
    connection = session.connection()
    connection.execute(select(Dossier.id).where(Dossier.id.in_(dossier_ids)).with_for_update())
    announced = _announced(connection, dossier_ids)
    desired, owners = _current(connection, dossier_ids)
    changes = feed_changes({key: value[0] for key, value in announced.items()}, desired)
    if not changes:
        return
    now = utcnow()
    rows = []
    for change in changes:
        schakeling_id = change.key[0]
        # An "uit" withdraws what was told, of the youth it was told of.
        owner = announced[change.key][1:] if change.status == OFF else owners[schakeling_id]
        dossier_id, client_id = owner
        period = change.period
        rows.append(
            {
                "created_at": now,
                "dossier_id": dossier_id,
                "schakeling_id": schakeling_id,
                "client_id": client_id,
                "rijksregisternummer": period.rijksregisternummer,
                "organisation_id": period.organisation_id,
                "module_code": period.module_code,
                "van": period.van,
                "tot": period.tot,
                "status": change.status,
            }
        )
    connection.execute(insert(GroeipakketRow.__table__), rows)
