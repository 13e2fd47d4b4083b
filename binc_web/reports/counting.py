"""P-1/P-2: the SQL that selects the dossier sets, and counting report tables in the database.

A report table has one row per dossier set (P-1) and one column per category; every cell is
one conditional aggregate, so a whole table is ONE query whose cost does not depend on the
number of rows it returns, and the number of queries of a report does not depend on the number
of dossiers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import and_, case, func, literal, not_, or_, select
from sqlalchemy.sql import ColumnElement

from binc_web.extensions import db
from binc_web.models import Dossier, Schakeling
from binc_web.rules.report_sets import SET_LABELS, DossierSet, Period


def dossier_facts(organisation_id: int):
    """P-1: per dossier of the organisation with at least one schakeling: the start of its
    first schakeling, the end of its last one (the latest end date), whether it is closed, and
    how many verlengingen it had. Dossiers without schakeling are in no set."""
    return (
        select(
            Dossier.id.label("dossier_id"),
            Dossier.client_id.label("client_id"),
            Dossier.status.label("status"),
            func.min(Schakeling.begindatum).label("first_start"),
            func.max(Schakeling.einddatum).label("last_end"),
            func.sum(case((Schakeling.kind == "verlenging", 1), else_=0)).label("verlengingen"),
        )
        .join(Schakeling, Schakeling.dossier_id == Dossier.id)
        .where(Dossier.organisation_id == organisation_id)
        .group_by(Dossier.id, Dossier.client_id, Dossier.status)
        .subquery("facts")
    )


def set_conditions(facts, period: Period) -> dict[DossierSet, ColumnElement[bool]]:
    """P-1: the SQL condition of membership of each set, over ``dossier_facts`` columns."""
    first, last, status = facts.c.first_start, facts.c.last_end, facts.c.status
    opgestart = first.between(period.start, period.end)
    afgesloten = and_(status == "closed", last.between(period.start, period.end))
    lopend = and_(first < period.start, status == "open")
    return {
        DossierSet.OPGESTART: opgestart,
        DossierSet.AFGESLOTEN: afgesloten,
        DossierSet.LOPEND: lopend,
        DossierSet.ALLE: or_(opgestart, afgesloten, lopend),
    }


@dataclass(frozen=True)
class Column:
    """P-2: one column of a report table: its heading, which counted rows fall in it, and
    optionally what it counts instead of rows (distinct values: unique minors)."""

    heading: str
    condition: ColumnElement[bool]
    distinct: ColumnElement | None = None


@dataclass(frozen=True)
class CountedTable:
    """P-2: a finished table: a title, what it counts, its column headings, and one row of
    whole numbers per dossier set."""

    title: str
    counts: str
    headings: tuple[str, ...]
    rows: tuple[tuple[str, tuple[int, ...]], ...]


def count_table(
    title: str,
    counts: str,
    source,
    conditions: dict[DossierSet, ColumnElement[bool]],
    columns: Sequence[Column],
    *,
    distinct=None,
    total: bool = True,
) -> CountedTable:
    """P-2: count, in one query over ``source`` (rows that carry the P-1 set conditions), the
    rows of each set in each column; ``distinct`` counts distinct values of that expression
    instead (unique minors), ``total`` adds a "Totaal" column counting the set itself."""
    all_columns = [*columns, Column("Totaal", literal(True))] if total else list(columns)
    aggregates = []
    for condition in conditions.values():
        for column in all_columns:
            hit = and_(condition, column.condition)
            counted = column.distinct if column.distinct is not None else distinct
            if counted is None:
                aggregates.append(func.coalesce(func.sum(case((hit, 1), else_=0)), 0))
            else:
                aggregates.append(func.count(func.distinct(case((hit, counted)))))
    query = select(*aggregates).select_from(source).where(conditions[DossierSet.ALLE])
    values = [int(value) for value in db.session.execute(query).one()]
    width = len(all_columns)
    rows = tuple(
        (SET_LABELS[dossier_set], tuple(values[index * width : (index + 1) * width]))
        for index, dossier_set in enumerate(conditions)
    )
    return CountedTable(title, counts, tuple(c.heading for c in all_columns), rows)


def none_of(columns: Sequence[Column]) -> ColumnElement[bool]:
    """The rows in none of ``columns`` (the "Niet ingevuld" column of a category table); a
    condition on an empty value is unknown in SQL, which counts as "not in that column"."""
    if not columns:
        return literal(True)
    return not_(func.coalesce(or_(*(column.condition for column in columns)), False))


def set_members(organisation_id: int, period: Period):
    """P-1/P-6: the organisation's dossiers in "alle dossiers" of the period, each with a
    flag per set (opgestart, afgesloten, lopend), in dossier order."""
    facts = dossier_facts(organisation_id)
    conditions = set_conditions(facts, period)
    flags = [
        case((condition, True), else_=False).label(dossier_set.value)
        for dossier_set, condition in conditions.items()
        if dossier_set is not DossierSet.ALLE
    ]
    return (
        select(facts.c.dossier_id, *flags)
        .where(conditions[DossierSet.ALLE])
        .order_by(facts.c.dossier_id)
    )
