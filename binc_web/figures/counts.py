"""C-3/C-4: the counting in SQL, one statement per figure kind, whatever the number of
dossiers or days (no Python loop over either).

Portable between SQLite and PostgreSQL: window functions, CASE instead of LEAST/GREATEST,
the period's ranges as a UNION ALL of bound dates (SQLite has no column list on a VALUES
alias), and dates turned into day numbers by a function compiled per dialect.
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


class day_number(FunctionElement):
    """SQL: a date as a whole number of days (any fixed origin), so that the counting is plain
    integer arithmetic on both databases: the next day is n + 1, a span n..m has m - n + 1 days."""

    type = Integer()
    inherit_cache = True


@compiles(day_number)
def _day_number(element, compiler, **kw):
    (day,) = list(element.clauses)
    return f"({compiler.process(day, **kw)} - DATE '2000-01-01')"


@compiles(day_number, "sqlite")
def _day_number_sqlite(element, compiler, **kw):
    (day,) = list(element.clauses)
    return f"CAST(julianday({compiler.process(day, **kw)}) AS INTEGER)"


def _later(a, b):
    return case((a > b, a), else_=b)


def _earlier(a, b):
    return case((a < b, a), else_=b)


def _ranges_cte(period_ranges: Ranges, numbered: bool = False):
    """The ranges of the period as a table (idx, first, last), as day numbers if ``numbered``."""
    as_value = day_number if numbered else (lambda day: day)
    rows = [
        select(
            literal(index, Integer).label("idx"),
            as_value(literal(first, Date)).label("first"),
            as_value(literal(last, Date)).label("last"),
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
    count their shared days once: in begin order, each schakeling adds only its days after
    the furthest day its dossier's earlier schakelingen reached (a window function), and those
    new parts are intersected with the ranges.
    """
    first, last = period_ranges[0][0], period_ranges[-1][1]
    rows = _module_schakelingen(organisation_id, module_ids, first, last).subquery()
    first_n, last_n = day_number(literal(first, Date)), day_number(literal(last, Date))
    end = day_number(func.coalesce(rows.c.einddatum, literal(last, Date)))
    clipped = select(
        rows.c.dossier_id,
        rows.c.module_id,
        _later(day_number(rows.c.begindatum), first_n).label("b"),
        _earlier(end, last_n).label("e"),
    ).subquery()
    reach = (
        func.max(clipped.c.e)
        .over(
            partition_by=(clipped.c.dossier_id, clipped.c.module_id),
            order_by=(clipped.c.b, clipped.c.e),
            rows=(None, -1),
        )
        .label("reach")
    )
    ordered = select(clipped, reach).subquery()
    new_parts = (
        select(
            ordered.c.module_id,
            case((ordered.c.reach >= ordered.c.b, ordered.c.reach + 1), else_=ordered.c.b).label(
                "b"
            ),
            ordered.c.e,
        )
        .where(or_(ordered.c.reach.is_(None), ordered.c.e > ordered.c.reach))
        .cte("new_parts")
    )
    return _days_per_range(new_parts, period_ranges)


def _days_per_range(parts, period_ranges: Ranges) -> dict[tuple[int, int], int]:
    """{(module id, range index): Σ days of ``parts`` (module_id, b, e as day numbers) in the
    range}. The parts become +1/−1 events, summed per day into stretches of days with the same
    number of running parts (at most one per day of the period, whatever the number of
    dossiers), and only those stretches meet the ranges."""
    events = union_all(
        select(parts.c.module_id, parts.c.b.label("day"), literal(1).label("delta")),
        select(parts.c.module_id, (parts.c.e + 1).label("day"), literal(-1).label("delta")),
    ).subquery()
    per_day = (
        select(events.c.module_id, events.c.day, func.sum(events.c.delta).label("delta"))
        .group_by(events.c.module_id, events.c.day)
        .subquery()
    )
    in_order = {"partition_by": per_day.c.module_id, "order_by": per_day.c.day}
    stretches = select(
        per_day.c.module_id,
        per_day.c.day.label("b"),
        (func.lead(per_day.c.day).over(**in_order) - 1).label("e"),
        func.sum(per_day.c.delta).over(**in_order, rows=(None, 0)).label("running"),
    ).subquery()
    span = _ranges_cte(period_ranges, numbered=True)
    days = _earlier(stretches.c.e, span.c.last) - _later(stretches.c.b, span.c.first) + 1
    statement = (
        select(stretches.c.module_id, span.c.idx, func.sum(stretches.c.running * days))
        .join(span, and_(stretches.c.b <= span.c.last, stretches.c.e >= span.c.first))
        .where(stretches.c.running > 0)
        .group_by(stretches.c.module_id, span.c.idx)
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
