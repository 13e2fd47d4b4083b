"""P-2: a report as an .xlsx workbook: one table per sheet, under a header that states the
organisation, the period, which dossiers were counted and when the file was generated.

Each table is a real Excel table (filters on its headings), its heading row is frozen and its
cells are numbers; ``exports.xlsx`` writes it, sheet by sheet, into the output stream.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import BinaryIO

from binc_web.exports.xlsx import INTEGER, Column, Sheet, write_workbook
from binc_web.reports.counting import CountedTable
from binc_web.rules.report_sets import Period
from binc_web.templating import format_date, format_datetime

SHEET_TITLE_LENGTH = 31  # Excel's limit
_NOT_IN_SHEET_TITLES = re.compile(r"[\[\]:*?/\\']")


def sheet_title(title: str, taken: set[str]) -> str:
    """An Excel sheet title for ``title``: allowed characters, at most 31 of them, and not
    yet in ``taken`` (case-insensitively, as Excel compares them); it is added to ``taken``."""
    base = _NOT_IN_SHEET_TITLES.sub(" ", title).strip() or "Tabel"
    candidate = base[:SHEET_TITLE_LENGTH].strip()
    number = 1
    while candidate.casefold() in taken:
        number += 1
        suffix = f" ({number})"
        candidate = base[: SHEET_TITLE_LENGTH - len(suffix)].strip() + suffix
    taken.add(candidate.casefold())
    return candidate


def write_report(
    stream: BinaryIO,
    *,
    report_name: str,
    organisation_name: str,
    period: Period,
    generated_at: datetime,
    tables: Iterable[CountedTable],
) -> None:
    """P-2: write the workbook of one report, one sheet per table, into ``stream``."""
    head = (
        ("Voorziening", organisation_name),
        ("Periode", f"{format_date(period.start)} tot en met {format_date(period.end)}"),
    )
    generated = ("Gegenereerd op", format_datetime(generated_at))
    write_workbook(stream, _sheets(report_name, tables, head, generated))


def _sheets(report_name: str, tables: Iterable[CountedTable], head, generated) -> Iterator[Sheet]:
    """One sheet per table, built as the workbook is written."""
    taken: set[str] = set()
    for table in tables:
        width = max((len(label) for label, _values in table.rows), default=10) + 2
        formats = table.number_formats or (INTEGER,) * len(table.headings)
        columns = [Column(table.row_heading, min(width, 60))]
        columns.extend(
            Column(heading, min(max(len(heading) + 4, 10), 60), number_format)
            for heading, number_format in zip(
                _distinct(table.headings, table.row_heading), formats, strict=True
            )
        )
        preamble = (
            ("Rapport", f"{report_name}: {table.title}"),
            *head,
            ("Geteld", table.counts),
            generated,
        )
        rows = [(label, *values) for label, values in table.rows]
        yield Sheet(sheet_title(table.title, taken), columns, rows, preamble, filterable=True)


def _distinct(headings: Iterable[str], row_heading: str) -> list[str]:
    """The headings made distinct (case-insensitively, also from the row heading): an Excel
    table requires it."""
    taken = {row_heading.casefold()}
    distinct = []
    for heading in headings:
        candidate, number = heading, 1
        while candidate.casefold() in taken:
            number += 1
            candidate = f"{heading} ({number})"
        taken.add(candidate.casefold())
        distinct.append(candidate)
    return distinct
