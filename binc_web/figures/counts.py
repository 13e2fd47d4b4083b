"""C-3/C-4: the counting in SQL, one statement per figure kind, whatever the number of
dossiers or days (no Python loop over either).

Portable between SQLite and PostgreSQL: window functions, CASE instead of LEAST/GREATEST,
the period's ranges as a UNION ALL of bound dates (SQLite has no column list on a VALUES
alias), and dates turned into day numbers by a function compiled per dialect.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache

from sqlalchemy import (
    Date,
    Integer,
    and_,
    bindparam,
    case,
    distinct,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from binc_web.extensions import db
from binc_web.models import Capaciteit, ModuleApproval, ModuleSpan, TypeModule
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


def _ranges_cte(range_count: int, numbered: bool = False):
    """The period's ranges as a table (idx, first, last), from the parameters first_<i> and
    last_<i> (``_range_parameters``); as day numbers if ``numbered``."""
    as_value = day_number if numbered else (lambda day: day)
    rows = [
        select(
            literal(index, Integer).label("idx"),
            as_value(bindparam(f"first_{index}", type_=Date)).label("first"),
            as_value(bindparam(f"last_{index}", type_=Date)).label("last"),
        )
        for index in range(range_count)
    ]
    return (union_all(*rows) if len(rows) > 1 else rows[0]).cte("period_ranges")


def _range_parameters(organisation_id: int, module_ids: Sequence[int], ranges: Ranges) -> dict:
    """The parameters of a statement built for ``len(ranges)`` ranges."""
    parameters = {
        "organisation_id": organisation_id,
        "module_ids": list(module_ids),
        "first": ranges[0][0],
        "last": ranges[-1][1],
    }
    for index, (first, last) in enumerate(ranges):
        parameters[f"first_{index}"], parameters[f"last_{index}"] = first, last
    return parameters


def _module_spans():
    """(schakeling, module, dates, covered_until) of the organisation's schakelingen with one of
    the modules that ran on a day of the period (C-4's "deployed"), from the module spans
    (``models.spans``: one range of one index); parameters organisation_id, module_ids, first
    and last."""
    first, last = bindparam("first", type_=Date), bindparam("last", type_=Date)
    return select(
        ModuleSpan.schakeling_id,
        ModuleSpan.type_module_id.label("module_id"),
        ModuleSpan.begindatum,
        ModuleSpan.einddatum,
        ModuleSpan.covered_until,
    ).where(
        ModuleSpan.organisation_id == bindparam("organisation_id"),
        ModuleSpan.type_module_id.in_(bindparam("module_ids", expanding=True)),
        ModuleSpan.begindatum <= last,
        or_(ModuleSpan.einddatum.is_(None), ModuleSpan.einddatum >= first),
    )


def occupied_days(
    organisation_id: int, module_ids: Sequence[int], period_ranges: Ranges
) -> dict[tuple[int, int], int]:
    """C-3 (other modules): {(module id, range index): occupied module-days}.

    A day is occupied once per dossier on which a schakeling of that dossier with the module
    runs (from begindatum to einddatum, both included; without einddatum to the period's end).
    Overlapping schakelingen, such as a verlenging starting on the day its predecessor ends,
    count their shared days once: each schakeling adds only its days after ``covered_until``,
    the furthest day its dossier's earlier schakelingen with the module reach (kept on the
    module span), and those new parts are intersected with the ranges.
    """
    statement = _occupied_statement(len(period_ranges))
    parameters = _range_parameters(organisation_id, module_ids, period_ranges)
    return {(m, index): int(count) for m, index, count in db.session.execute(statement, parameters)}


@lru_cache(maxsize=32)
def _occupied_statement(range_count: int):
    """The statement of ``occupied_days``, built once per number of ranges (building and
    hashing a statement this size costs more than running it on a small organisation)."""
    spans = _module_spans().subquery()
    first, last = bindparam("first", type_=Date), bindparam("last", type_=Date)
    begin = day_number(spans.c.begindatum)
    # The first day not covered by the dossier's earlier schakelingen (NULL compares false).
    fresh = case(
        (spans.c.covered_until >= spans.c.begindatum, day_number(spans.c.covered_until) + 1),
        else_=begin,
    )
    end = day_number(func.coalesce(spans.c.einddatum, last))
    clipped = select(
        spans.c.module_id,
        _later(fresh, day_number(first)).label("b"),
        _earlier(end, day_number(last)).label("e"),
    ).subquery()
    new_parts = select(clipped).where(clipped.c.b <= clipped.c.e).cte("new_parts")
    return _days_per_range(new_parts, range_count)


def _days_per_range(parts, range_count: int):
    """Per module and range: Σ days of ``parts`` (module_id, b, e as day numbers) in the
    range. The parts become +1/−1 events, summed per day into stretches of days with the same
    number of running parts (at most one per day of the period, whatever the number of
    dossiers), and only those stretches meet the ranges.

    A part running to the period's last day needs no −1 event: the day after lies outside
    every range, so the last stretch simply ends on the last day. At volume most parts belong
    to open schakelingen: this leaves about 40 % fewer events for the GROUP BY to sort."""
    last = day_number(bindparam("last", type_=Date))
    events = union_all(
        select(parts.c.module_id, parts.c.b.label("day"), literal(1).label("delta")),
        select(parts.c.module_id, (parts.c.e + 1).label("day"), literal(-1).label("delta")).where(
            parts.c.e < last
        ),
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
        func.coalesce(func.lead(per_day.c.day).over(**in_order) - 1, last).label("e"),
        func.sum(per_day.c.delta).over(**in_order, rows=(None, 0)).label("running"),
    ).subquery()
    span = _ranges_cte(range_count, numbered=True)
    days = _earlier(stretches.c.e, span.c.last) - _later(stretches.c.b, span.c.first) + 1
    return (
        select(stretches.c.module_id, span.c.idx, func.sum(stretches.c.running * days))
        .join(span, and_(stretches.c.b <= span.c.last, stretches.c.e >= span.c.first))
        .where(stretches.c.running > 0)
        .group_by(stretches.c.module_id, span.c.idx)
    )


def started_dossiers(
    organisation_id: int, module_ids: Sequence[int], period_ranges: Ranges
) -> dict[tuple[int, int], int]:
    """C-3 (NAFT): {(module id, range index): dossiers whose first schakeling with the module
    starts in that range}."""
    statement = _started_statement(len(period_ranges))
    parameters = _range_parameters(organisation_id, module_ids, period_ranges)
    return {(m, index): int(count) for m, index, count in db.session.execute(statement, parameters)}


@lru_cache(maxsize=32)
def _started_statement(range_count: int):
    """The statement of ``started_dossiers``, built once per number of ranges: a dossier's first
    schakeling with the module is its span without ``covered_until``."""
    first, last = bindparam("first", type_=Date), bindparam("last", type_=Date)
    firsts = (
        select(ModuleSpan.type_module_id.label("module_id"), ModuleSpan.begindatum.label("day"))
        .where(
            ModuleSpan.organisation_id == bindparam("organisation_id"),
            ModuleSpan.type_module_id.in_(bindparam("module_ids", expanding=True)),
            ModuleSpan.begindatum >= first,
            ModuleSpan.begindatum <= last,
            ModuleSpan.covered_until.is_(None),
        )
        .subquery()
    )
    span = _ranges_cte(range_count)
    return (
        select(firsts.c.module_id, span.c.idx, func.count())
        .join(span, and_(firsts.c.day >= span.c.first, firsts.c.day <= span.c.last))
        .group_by(firsts.c.module_id, span.c.idx)
    )


def deployments(
    organisation_id: int, module_ids: Sequence[int], first: date, last: date
) -> dict[int, tuple[int, int]]:
    """C-4: {module id: (schakelingen in which it was deployed, of which started in the
    period)}."""
    rows = _module_spans().subquery()
    started = func.sum(case((rows.c.begindatum >= bindparam("first", type_=Date), 1), else_=0))
    statement = select(rows.c.module_id, func.count(), started).group_by(rows.c.module_id)
    parameters = _range_parameters(organisation_id, module_ids, [(first, last)])
    return {
        module: (int(count), int(begun or 0))
        for module, count, begun in db.session.execute(statement, parameters)
    }


def combined_deployments(
    organisation_id: int, module_ids: Sequence[int], first: date, last: date
) -> tuple[int, int]:
    """C-4 "Combinatie geselecteerde modules": (schakelingen in which all the modules were
    deployed together, of which started in the period)."""
    rows = _module_spans().subquery()
    together = (
        select(rows.c.schakeling_id, func.min(rows.c.begindatum).label("begindatum"))
        .group_by(rows.c.schakeling_id)
        .having(func.count(distinct(rows.c.module_id)) == len(set(module_ids)))
        .subquery()
    )
    started = func.sum(case((together.c.begindatum >= bindparam("first", type_=Date), 1), else_=0))
    statement = select(func.count(), started).select_from(together)
    parameters = _range_parameters(organisation_id, module_ids, [(first, last)])
    count, begun = db.session.execute(statement, parameters).one()
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
