"""P-2: a report as an .xlsx workbook: one table per sheet, under a header that states the
organisation, the period, which dossiers were counted and when the file was generated.

Each table is a real Excel table (filters on its headings, a table style), its heading row is
frozen, and its cells are numbers. The workbook is written in openpyxl's write-only mode, sheet
by sheet, straight into the output stream.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from datetime import datetime
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from binc_web.reports.counting import CountedTable
from binc_web.rules.report_sets import Period
from binc_web.templating import format_date, format_datetime

SHEET_TITLE_LENGTH = 31  # Excel's limit
_NOT_IN_SHEET_TITLES = re.compile(r"[\[\]:*?/\\']")
_HEADER_ROWS = 6  # the header lines, then an empty row, then the table


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
    workbook = Workbook(write_only=True)
    taken: set[str] = set()
    for number, table in enumerate(tables, start=1):
        sheet = workbook.create_sheet(sheet_title(table.title, taken))
        _write_sheet(
            sheet,
            number,
            table,
            (
                f"{report_name}: {table.title}",
                f"Voorziening: {organisation_name}",
                f"Periode: {format_date(period.start)} tot en met {format_date(period.end)}",
                f"Geteld: {table.counts}",
                f"Gegenereerd op {format_datetime(generated_at)}",
            ),
        )
    if not taken:
        workbook.create_sheet("Rapport")
    workbook.save(stream)


def _write_sheet(sheet, number: int, table: CountedTable, header: tuple[str, ...]) -> None:
    """One table on its own sheet, below the header lines."""
    heading_row = _HEADER_ROWS + 1
    sheet.freeze_panes = f"B{heading_row + 1}"  # write-only mode takes it before any row
    for index, line in enumerate(header):
        cell = WriteOnlyCell(sheet, value=line)
        if index == 0:
            cell.font = Font(bold=True, size=13)
        sheet.append([cell])
    for _blank in range(_HEADER_ROWS - len(header)):
        sheet.append([])
    headings = ["Dossiers", *table.headings]
    widths = [max(len(label) for label, _values in table.rows) + 2] + [
        max(len(heading) + 4, 10) for heading in table.headings
    ]
    for position, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = min(width, 60)
    headings = _distinct(headings)
    sheet.append([_bold(sheet, heading) for heading in headings])
    for label, values in table.rows:
        sheet.append([label, *values])
    last = f"{get_column_letter(len(headings))}{heading_row + len(table.rows)}"
    ref = f"A{heading_row}:{last}"
    excel_table = Table(displayName=f"Tabel{number}", ref=ref, autoFilter=AutoFilter(ref=ref))
    # Write-only mode cannot read the headings back from the sheet: name the columns here.
    excel_table.tableColumns = [
        TableColumn(id=position, name=heading) for position, heading in enumerate(headings, 1)
    ]
    excel_table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    with warnings.catch_warnings():
        # openpyxl always warns in write-only mode that columns must be named: they are, above.
        warnings.filterwarnings("ignore", "In write-only mode", UserWarning)
        sheet.add_table(excel_table)


def _bold(sheet, value: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = Font(bold=True)
    return cell


def _distinct(headings: list[str]) -> list[str]:
    """The headings made distinct (case-insensitively): an Excel table requires it."""
    taken: set[str] = set()
    distinct = []
    for heading in headings:
        candidate, number = heading, 1
        while candidate.casefold() in taken:
            number += 1
            candidate = f"{heading} ({number})"
        taken.add(candidate.casefold())
        distinct.append(candidate)
    return distinct
