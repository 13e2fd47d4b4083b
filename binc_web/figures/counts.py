"""C-3/C-4: the counting in SQL, one statement per figure kind, whatever the number of
dossiers or days (no Python loop over either).

Portable between SQLite and PostgreSQL: CASE instead of LEAST/GREATEST,
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
    module span).

    The database counts those new parts as +1 events on their first day and −1 events on the
    day after their last, per range: W (the events' sum) and X (Σ weight × the days from the
    event to the range's end). Within range k a part then occupies X_k plus, for every part
    started in an earlier range and not yet ended, all its days: X_k + days_k × Σ W of the
    earlier ranges. That sum runs over the ranges (at most a year's months and capacity
    changes), never over days or dossiers.
    """
    statement = _occupied_statement(len(period_ranges))
    parameters = _range_parameters(organisation_id, module_ids, period_ranges)
    per_range = {
        (module, index): (int(weight), int(to_end))
        for module, index, weight, to_end in db.session.execute(statement, parameters)
    }
    counted = {}
    for module in module_ids:
        running = 0  # parts started in earlier ranges and running into this one
        for index, (first, last) in enumerate(period_ranges):
            weight, to_end = per_range.get((module, index), (0, 0))
            counted[(module, index)] = running * ((last - first).days + 1) + to_end
            running += weight
    return counted


@lru_cache(maxsize=32)
def _occupied_statement(range_count: int):
    """The statement of ``occupied_days``, built once per number of ranges (building and
    hashing a statement this size costs more than running it on a small organisation):
    per module and range, the sum of the events in it and Σ weight × (range's last day + 1 −
    event's day)."""
    events = _part_events().subquery()
    span = _ranges_cte(range_count, numbered=True)
    return (
        select(
            events.c.module_id,
            span.c.idx,
            func.sum(events.c.weight),
            # literal: an anonymous parameter beside span.c.last would be named like last_<i>.
            func.sum(events.c.weight * (span.c.last - events.c.day + literal(1))),
        )
        .join(span, and_(events.c.day >= span.c.first, events.c.day <= span.c.last))
        .group_by(events.c.module_id, span.c.idx)
    )


def _part_events():
    """(module_id, day as day number, weight) of the new parts of the spans within the period
    (parameters organisation_id, module_ids, first, last): +n on a day n parts start (the
    period's first day for parts begun before it), −n on the day after n parts end before the
    period's last day (a part running to the end needs no −1: the day after lies outside every
    range).

    Each branch reads one range of an index of ``module_spans`` (the counting index; the ends
    index; the partial index of covered spans) and groups by a column, so dates become day
    numbers once per distinct day instead of once per span (on SQLite that conversion and
    the sort of one event per span were most of the statement). A span is *covered* when its
    dossier's earlier schakelingen with the module reach its begindatum: its new part starts
    the day after ``covered_until`` (rare: a verlenging or a second schakeling)."""
    first, last = bindparam("first", type_=Date), bindparam("last", type_=Date)
    span = ModuleSpan
    module = span.type_module_id.label("module_id")
    in_scope = and_(
        span.organisation_id == bindparam("organisation_id"),
        span.type_module_id.in_(bindparam("module_ids", expanding=True)),
    )
    reaches_period = or_(span.einddatum.is_(None), span.einddatum >= first)
    uncovered = or_(span.covered_until.is_(None), span.covered_until < span.begindatum)
    starts_before = (
        select(module, day_number(first).label("day"), func.count().label("weight"))
        .where(in_scope, span.begindatum < first, reaches_period, uncovered)
        .group_by(span.type_module_id)
    )
    starts_within = (
        select(module, day_number(span.begindatum), func.count())
        .where(in_scope, span.begindatum >= first, span.begindatum <= last, uncovered)
        .group_by(span.type_module_id, span.begindatum)
    )
    own_end = _earlier(func.coalesce(span.einddatum, last), last)
    covered_starts = (
        select(module, _later(day_number(span.covered_until) + 1, day_number(first)), func.count())
        .where(
            in_scope,
            span.covered_until >= span.begindatum,
            span.covered_until < own_end,
            reaches_period,
        )
        .group_by(span.type_module_id, span.covered_until)
    )
    ends = (
        select(module, day_number(span.einddatum) + 1, -func.count())
        .where(
            in_scope,
            span.einddatum >= first,
            span.einddatum < last,
            or_(span.covered_until.is_(None), span.covered_until < span.einddatum),
        )
        .group_by(span.type_module_id, span.einddatum)
    )
    return union_all(starts_before, starts_within, covered_starts, ends)


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
    parameters = {"organisation_id": organisation_id}
    return list(db.session.scalars(_modules_statement(), parameters))


@lru_cache(maxsize=1)
def _modules_statement():
    """The statement of ``organisation_modules``, built once (every figures page asks it)."""
    organisation = bindparam("organisation_id")
    approved = select(ModuleApproval.type_module_id).where(
        ModuleApproval.organisation_id == organisation
    )
    with_capacity = select(Capaciteit.type_module_id).where(
        Capaciteit.organisation_id == organisation
    )
    return (
        select(TypeModule)
        .where(or_(TypeModule.id.in_(approved), TypeModule.id.in_(with_capacity)))
        .order_by(TypeModule.name, TypeModule.id)
    )


def capacity_steps(organisation_id: int, module_ids: Sequence[int]) -> dict[int, list]:
    """C-2/C-3: {module id: [CapacityStep, …] in date order} of the organisation."""
    steps: dict[int, list[CapacityStep]] = {module: [] for module in module_ids}
    parameters = {"organisation_id": organisation_id, "module_ids": list(module_ids)}
    for module, valid_from, capacity in db.session.execute(_steps_statement(), parameters):
        steps[module].append(CapacityStep(valid_from, capacity))
    return steps


@lru_cache(maxsize=1)
def _steps_statement():
    """The statement of ``capacity_steps``, built once."""
    return (
        select(Capaciteit.type_module_id, Capaciteit.valid_from, Capaciteit.capacity)
        .where(
            Capaciteit.organisation_id == bindparam("organisation_id"),
            Capaciteit.type_module_id.in_(bindparam("module_ids", expanding=True)),
        )
        .order_by(Capaciteit.type_module_id, Capaciteit.valid_from)
    )
