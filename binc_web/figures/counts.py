"""C-3/C-4: the counting in SQL, one statement per figure kind, whatever the number of
dossiers or days (no Python loop over either).

Portable between SQLite and PostgreSQL: window functions, CASE instead of LEAST/GREATEST,
the period's ranges as a UNION ALL of bound dates (SQLite has no column list on a VALUES
alias), and a day difference compiled per dialect.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import Date, Integer, and_, case, distinct, func, literal, or_, select, union_all
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from binc_web.extensions import db
from binc_web.models import Capaciteit, Dossier, ModuleApproval, Schakeling, TypeModule
from binc_web.models.dossiers import schakeling_modules
from binc_web.rules.bezetting import CapacityStep

Ranges = Sequence[tuple[date, date]]


class days_between(FunctionElement):
    """SQL: the number of days from the second date to the first (an integer)."""

    type = Integer()
    inherit_cache = True


@compiles(days_between)
def _days_between(element, compiler, **kw):
    later, earlier = list(element.clauses)
    return f"({compiler.process(later, **kw)} - {compiler.process(earlier, **kw)})"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element, compiler, **kw):
    later, earlier = list(element.clauses)
    return (
        f"CAST(julianday({compiler.process(later, **kw)})"
        f" - julianday({compiler.process(earlier, **kw)}) AS INTEGER)"
    )


def _later(a, b):
    return case((a > b, a), else_=b)


def _earlier(a, b):
    return case((a < b, a), else_=b)


def _ranges_cte(period_ranges: Ranges):
    """The ranges of the period as a table (idx, first, last)."""
    rows = [
        select(
            literal(index, Integer).label("idx"),
            literal(first, Date).label("first"),
            literal(last, Date).label("last"),
        )
        for index, (first, last) in enumerate(period_ranges)
    ]
    return (union_all(*rows) if len(rows) > 1 else rows[0]).cte("period_ranges")


def _module_schakelingen(organisation_id: int, module_ids: Sequence[int], first: date, last: date):
    """(dossier, module, schakeling) of the organisation's schakelingen with one of the modules
    that ran on a day of first..last (C-4's "deployed")."""
    return (
        select(
            Schakeling.id.label("schakeling_id"),
            Schakeling.dossier_id,
            schakeling_modules.c.type_module_id.label("module_id"),
            Schakeling.begindatum,
            Schakeling.einddatum,
        )
        .join(schakeling_modules, schakeling_modules.c.schakeling_id == Schakeling.id)
        .join(Dossier, Dossier.id == Schakeling.dossier_id)
        .where(
            Dossier.organisation_id == organisation_id,
            schakeling_modules.c.type_module_id.in_(module_ids),
            Schakeling.begindatum <= last,
            or_(Schakeling.einddatum.is_(None), Schakeling.einddatum >= first),
        )
    )


def occupied_days(
    organisation_id: int, module_ids: Sequence[int], period_ranges: Ranges
) -> dict[tuple[int, int], int]:
    """C-3 (other modules): {(module id, range index): occupied module-days}.

    A day is occupied once per dossier on which a schakeling of that dossier with the module
    runs (from begindatum to einddatum, both included; without einddatum to the period's end).
    Overlapping schakelingen, such as a verlenging starting on the day its predecessor ends,
    are merged per dossier first ("gaps and islands"), so no day counts twice.
    """
    first, last = period_ranges[0][0], period_ranges[-1][1]
    rows = _module_schakelingen(organisation_id, module_ids, first, last).subquery()
    end = case((rows.c.einddatum.is_(None), literal(last, Date)), else_=rows.c.einddatum)
    clipped = select(
        rows.c.dossier_id,
        rows.c.module_id,
        _later(rows.c.begindatum, literal(first, Date)).label("b"),
        _earlier(end, literal(last, Date)).label("e"),
    ).subquery()
    per_dossier = (clipped.c.dossier_id, clipped.c.module_id)
    reach = (
        func.max(clipped.c.e)
        .over(partition_by=per_dossier, order_by=(clipped.c.b, clipped.c.e), rows=(None, -1))
        .label("reach")
    )
    ordered = select(clipped, reach).subquery()
    # A schakeling starts a new island unless it begins on or before a day already reached.
    starts_island = case((ordered.c.b <= ordered.c.reach, 0), else_=1)
    numbered = select(
        ordered.c.dossier_id,
        ordered.c.module_id,
        ordered.c.b,
        ordered.c.e,
        func.sum(starts_island)
        .over(
            partition_by=(ordered.c.dossier_id, ordered.c.module_id),
            order_by=(ordered.c.b, ordered.c.e),
            rows=(None, 0),
        )
        .label("island"),
    ).subquery()
    islands = (
        select(
            numbered.c.module_id,
            func.min(numbered.c.b).label("b"),
            func.max(numbered.c.e).label("e"),
        )
        .group_by(numbered.c.dossier_id, numbered.c.module_id, numbered.c.island)
        .subquery()
    )
    span = _ranges_cte(period_ranges)
    days = days_between(_earlier(islands.c.e, span.c.last), _later(islands.c.b, span.c.first)) + 1
    statement = (
        select(islands.c.module_id, span.c.idx, func.sum(days))
        .join(span, and_(islands.c.b <= span.c.last, islands.c.e >= span.c.first))
        .group_by(islands.c.module_id, span.c.idx)
    )
    return {(module, index): int(count) for module, index, count in db.session.execute(statement)}


def started_dossiers(
    organisation_id: int, module_ids: Sequence[int], period_ranges: Ranges
) -> dict[tuple[int, int], int]:
    """C-3 (NAFT): {(module id, range index): dossiers whose first schakeling with the module
    starts in that range}."""
    first, last = period_ranges[0][0], period_ranges[-1][1]
    first_day = func.min(Schakeling.begindatum)
    firsts = (
        select(schakeling_modules.c.type_module_id.label("module_id"), first_day.label("day"))
        .join(schakeling_modules, schakeling_modules.c.schakeling_id == Schakeling.id)
        .join(Dossier, Dossier.id == Schakeling.dossier_id)
        .where(
            Dossier.organisation_id == organisation_id,
            schakeling_modules.c.type_module_id.in_(module_ids),
            Schakeling.begindatum <= last,
        )
        .group_by(Schakeling.dossier_id, schakeling_modules.c.type_module_id)
        .having(first_day >= first)
        .subquery()
    )
    span = _ranges_cte(period_ranges)
    statement = (
        select(firsts.c.module_id, span.c.idx, func.count())
        .join(span, and_(firsts.c.day >= span.c.first, firsts.c.day <= span.c.last))
        .group_by(firsts.c.module_id, span.c.idx)
    )
    return {(module, index): int(count) for module, index, count in db.session.execute(statement)}


def deployments(
    organisation_id: int, module_ids: Sequence[int], first: date, last: date
) -> dict[int, tuple[int, int]]:
    """C-4: {module id: (schakelingen in which it was deployed, of which started in the
    period)}."""
    rows = _module_schakelingen(organisation_id, module_ids, first, last).subquery()
    started = func.sum(case((rows.c.begindatum >= first, 1), else_=0))
    statement = select(rows.c.module_id, func.count(), started).group_by(rows.c.module_id)
    return {
        module: (int(count), int(begun or 0))
        for module, count, begun in db.session.execute(statement)
    }


def combined_deployments(
    organisation_id: int, module_ids: Sequence[int], first: date, last: date
) -> tuple[int, int]:
    """C-4 "Combinatie geselecteerde modules": (schakelingen in which all the modules were
    deployed together, of which started in the period)."""
    rows = _module_schakelingen(organisation_id, module_ids, first, last).subquery()
    together = (
        select(rows.c.schakeling_id, func.min(rows.c.begindatum).label("begindatum"))
        .group_by(rows.c.schakeling_id)
        .having(func.count(distinct(rows.c.module_id)) == len(set(module_ids)))
        .subquery()
    )
    started = func.sum(case((together.c.begindatum >= first, 1), else_=0))
    count, begun = db.session.execute(select(func.count(), started).select_from(together)).one()
    return int(count), int(begun or 0)


def organisation_modules(organisation_id: int) -> list[TypeModule]:
    """C-3/C-4: the modules the organisation is or was approved for (M-2) or has a capacity
    for (C-2), by name."""
    approved = select(ModuleApproval.type_module_id).where(
        ModuleApproval.organisation_id == organisation_id
    )
    with_capacity = select(Capaciteit.type_module_id).where(
        Capaciteit.organisation_id == organisation_id
    )
    return list(
        db.session.scalars(
            select(TypeModule)
            .where(or_(TypeModule.id.in_(approved), TypeModule.id.in_(with_capacity)))
            .order_by(TypeModule.name, TypeModule.id)
        )
    )


def capacity_steps(organisation_id: int, module_ids: Sequence[int]) -> dict[int, list]:
    """C-2/C-3: {module id: [CapacityStep, …] in date order} of the organisation."""
    steps: dict[int, list[CapacityStep]] = {module: [] for module in module_ids}
    statement = (
        select(Capaciteit.type_module_id, Capaciteit.valid_from, Capaciteit.capacity)
        .where(
            Capaciteit.organisation_id == organisation_id,
            Capaciteit.type_module_id.in_(module_ids),
        )
        .order_by(Capaciteit.type_module_id, Capaciteit.valid_from)
    )
    for module, valid_from, capacity in db.session.execute(statement):
        steps[module].append(CapacityStep(valid_from, capacity))
    return steps
