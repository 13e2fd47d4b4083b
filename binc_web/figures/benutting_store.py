"""M-3: reading and writing benutting cells. A write names the value the user saw, so that two
people saving one cell at once never overwrite each other unseen: the first save wins and the
other is told (D-13), whatever the database interleaving."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask import g
from sqlalchemy import and_, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from binc_web.extensions import db
from binc_web.models import Benutting, Schakeling, TypeModule
from binc_web.models.dossiers import schakeling_modules
from binc_web.rules.benutting import UNIT_RULES, has_benutting, help_periods


@dataclass(frozen=True)
class DossierModule:
    """M-3: a module of the dossier's schakelingen that registers benutting, with its days of
    help (merged periods up to today)."""

    module: TypeModule
    periods: list[tuple[date, date]]
    schakelingen: list[tuple[date, date | None]]

    @property
    def rule(self):
        return UNIT_RULES[self.module.benutting_unit]


def dossier_modules(dossier_id: int, today: date) -> list[DossierModule]:
    """M-3: the modules with a unit deployed in the dossier's schakelingen (one query), by name."""
    rows = db.session.execute(
        select(TypeModule, Schakeling.begindatum, Schakeling.einddatum)
        .join(schakeling_modules, schakeling_modules.c.type_module_id == TypeModule.id)
        .join(Schakeling, Schakeling.id == schakeling_modules.c.schakeling_id)
        .where(Schakeling.dossier_id == dossier_id)
        .order_by(TypeModule.name, Schakeling.begindatum)
    ).all()
    by_module: dict[int, tuple[TypeModule, list]] = {}
    for module, start, end in rows:
        if has_benutting(module.benutting_unit):
            by_module.setdefault(module.id, (module, []))[1].append((start, end))
    return [
        DossierModule(module, help_periods(schakelingen, today), schakelingen)
        for module, schakelingen in by_module.values()
    ]


def month_values(dossier_id: int, type_module_id: int, first: date, last: date) -> dict[date, int]:
    """The stored cells of one module in a dossier between two days, by day."""
    return dict(
        db.session.execute(
            select(Benutting.day, Benutting.hundredths).where(
                Benutting.dossier_id == dossier_id,
                Benutting.type_module_id == type_module_id,
                Benutting.day >= first,
                Benutting.day <= last,
            )
        ).all()
    )


def totals(dossier_id: int, first: date, last: date) -> dict[int, tuple[int, int]]:
    """Per module of the dossier: (total of the month from ``first`` to ``last``, total of all
    time), in hundredths (one aggregate query)."""
    in_month = and_(Benutting.day >= first, Benutting.day <= last)
    rows = db.session.execute(
        select(
            Benutting.type_module_id,
            func.coalesce(func.sum(Benutting.hundredths).filter(in_month), 0),
            func.sum(Benutting.hundredths),
        )
        .where(Benutting.dossier_id == dossier_id)
        .group_by(Benutting.type_module_id)
    ).all()
    return {module_id: (month, total) for module_id, month, total in rows}


class Conflict(Exception):
    """A cell changed since the user saw it (D-13): nothing of the request is saved."""

    def __init__(self, day: date, current: int | None):
        super().__init__(day)
        self.day, self.current = day, current


def write_cell(model, key: dict, was: int | None, new: int | None) -> None:
    """Change one cell from the value the user saw (``was``) to ``new`` (None: empty).

    Each statement only applies when the cell still holds ``was`` (an insert only when it is
    still empty: the unique constraint decides); otherwise the whole transaction is rolled
    back and ``Conflict`` names the day and the value a colleague saved meanwhile. The caller
    commits. (No savepoint: pysqlite would commit at its release.)"""
    if was == new:
        return
    where = [getattr(model, column) == value for column, value in key.items()]
    stamp = {"updated_at": datetime.now(UTC), "updated_by_id": g.person.id}
    if was is None:
        statement = insert(model).values(**key, hundredths=new, **stamp)
    elif new is None:
        statement = delete(model).where(*where, model.hundredths == was)
    else:
        statement = (
            update(model).where(*where, model.hundredths == was).values(hundredths=new, **stamp)
        )
    try:
        result = db.session.execute(statement)
        # An insert either succeeds or breaks the unique constraint (its rowcount is not
        # reported the same way by every driver); an update or delete must hit one row.
        applied = was is None or result.rowcount == 1
    except IntegrityError:
        applied = False
    if not applied:
        db.session.rollback()
        current = db.session.scalar(select(model.hundredths).where(*where))
        raise Conflict(key.get("day") or key.get("month"), current)
