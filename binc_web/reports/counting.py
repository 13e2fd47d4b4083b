"""P-1/P-2: the SQL that selects the dossier sets, and counting report tables in the database.

A report table has one row per dossier set (P-1) and one column per category; every cell is
one conditional aggregate. The dossiers of "alle dossiers", with a flag per set, are computed
once per query in a materialized CTE (``dossier_facts``), and the tables of a report that count
the same rows are counted together in ONE query: the number of queries of a report does not
depend on the number of dossiers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import and_, case, func, literal, not_, or_, select
from sqlalchemy.sql import ColumnElement

from binc_web.extensions import db
from binc_web.models import Dossier, Schakeling
from binc_web.rules.report_sets import SET_LABELS, DossierSet, Period

MATERIALIZED = "MATERIALIZED"  # computed once per query (SQLite 3.35+, PostgreSQL 12+)
SET_FLAGS = {
    DossierSet.OPGESTART: "opgestart",
    DossierSet.AFGESLOTEN: "afgesloten",
    DossierSet.LOPEND: "lopend",
}


def dossier_facts(organisation_id: int, period: Period):
    """P-1: the organisation's dossiers in "alle dossiers" of the period, one row each: the
    start of the first schakeling, the end of the last one (the latest end date), the status,
    the number of verlengingen, and a 0/1 flag per set (``SET_FLAGS``). Dossiers without
    schakeling are in no set."""
    per_dossier = (
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
        .subquery("per_dossier")
    )
    conditions = membership(per_dossier, period)
    flags = [
        case((conditions[dossier_set], 1), else_=0).label(name)
        for dossier_set, name in SET_FLAGS.items()
    ]
    return (
        select(*per_dossier.c, *flags)
        .where(or_(*conditions.values()))
        .cte("facts")
        .prefix_with(MATERIALIZED)
    )


def membership(per_dossier, period: Period) -> dict[DossierSet, ColumnElement[bool]]:
    """P-1: the SQL condition of each set (but "alle") over first start, last end and status."""
    first, last, status = per_dossier.c.first_start, per_dossier.c.last_end, per_dossier.c.status
    return {
        DossierSet.OPGESTART: first.between(period.start, period.end),
        DossierSet.AFGESLOTEN: and_(status == "closed", last.between(period.start, period.end)),
        DossierSet.LOPEND: and_(first < period.start, status == "open"),
    }


def set_conditions(rows) -> dict[DossierSet, ColumnElement[bool]]:
    """P-1: the condition of each set over ``rows`` that carry the flags of ``dossier_facts``
    (every such row is in "alle dossiers")."""
    conditions = {s: rows.c[name] == 1 for s, name in SET_FLAGS.items()}
    return {**conditions, DossierSet.ALLE: literal(True)}


@dataclass(frozen=True)
class Column:
    """P-2: one column of a report table: its heading, which counted rows fall in it, and
    optionally what it counts instead of rows (distinct values: unique minors)."""

    heading: str
    condition: ColumnElement[bool]
    distinct: ColumnElement | None = None


@dataclass(frozen=True)
class CountedTable:
    """P-2: a finished table: a title, what it counts, its column headings, and its rows (a
    label, then the values: whole numbers per dossier set, unless ``number_formats`` says
    otherwise), under the heading ``row_heading``."""

    title: str
    counts: str
    headings: tuple[str, ...]
    rows: tuple[tuple[str, tuple[object, ...]], ...]
    row_heading: str = "Dossiers"
    number_formats: tuple[str | None, ...] | None = None


@dataclass(frozen=True)
class TableSpec:
    """P-2: a table to count: title, what it counts, its columns, what its cells count
    (``distinct``: distinct values of that expression, e.g. unique minors; else rows), and
    whether a "Totaal" column counts the set itself."""

    title: str
    counts: str
    columns: Sequence[Column]
    distinct: ColumnElement | None = None
    total: bool = True

    def all_columns(self) -> list[Column]:
        return (
            [*self.columns, Column("Totaal", literal(True))] if self.total else list(self.columns)
        )


# Aggregates per query at most: PostgreSQL allows 1,664 result columns, SQLite 2,000.
MAX_AGGREGATES = 1000


def count_tables(
    source, conditions: dict[DossierSet, ColumnElement[bool]], specs: Sequence[TableSpec]
) -> list[CountedTable]:
    """P-2: count the tables ``specs`` over the rows of ``source`` (which carry the P-1 set
    conditions ``conditions``): every cell the rows of a set in a column. One query for all of
    them (more only past ``MAX_AGGREGATES`` cells)."""
    values: list[int] = []
    batch: list = []
    for spec in specs:
        cells = _aggregates(spec, conditions)
        if batch and len(batch) + len(cells) > MAX_AGGREGATES:
            values += _run(source, batch)
            batch = []
        batch += cells
    if batch:
        values += _run(source, batch)
    tables, position = [], 0
    for spec in specs:
        columns = spec.all_columns()
        rows = []
        for dossier_set in conditions:
            rows.append(
                (SET_LABELS[dossier_set], tuple(values[position : position + len(columns)]))
            )
            position += len(columns)
        tables.append(
            CountedTable(spec.title, spec.counts, tuple(c.heading for c in columns), tuple(rows))
        )
    return tables


def count_table(source, conditions, spec: TableSpec) -> CountedTable:
    """P-2: one table counted in one query (``count_tables``)."""
    return count_tables(source, conditions, [spec])[0]


def _aggregates(spec: TableSpec, conditions: dict[DossierSet, ColumnElement[bool]]) -> list:
    """The cells of one table, set by set, column by column."""
    cells = []
    for condition in conditions.values():
        for column in spec.all_columns():
            hit = and_(condition, column.condition)
            counted = column.distinct if column.distinct is not None else spec.distinct
            if counted is None:
                cells.append(func.coalesce(func.sum(case((hit, 1), else_=0)), 0))
            else:
                cells.append(func.count(func.distinct(case((hit, counted)))))
    return cells


def _run(source, aggregates: list) -> list[int]:
    return [
        int(value) for value in db.session.execute(select(*aggregates).select_from(source)).one()
    ]


def none_of(columns: Sequence[Column]) -> ColumnElement[bool]:
    """The rows in none of ``columns`` (the "Niet ingevuld" column of a category table); a
    condition on an empty value is unknown in SQL, which counts as "not in that column"."""
    if not columns:
        return literal(True)
    return not_(func.coalesce(or_(*(column.condition for column in columns)), False))
