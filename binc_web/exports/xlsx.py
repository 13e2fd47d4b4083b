"""Excel workbooks (C-5 and the reports): rows in, bytes out. Two writers of the same layout:
openpyxl in write-only mode (``write_workbook``, ``workbook_bytes``), so that a long sheet
streams instead of building every cell in memory, and XlsxWriter in memory
(``small_workbook_bytes``) for the figures' workbooks of a few dozen cells, where openpyxl's
fixed cost per workbook (styles, theme, its object model) was most of the request.

Excel-friendly by construction: numbers and dates are written as numbers and dates (never as
text), each column has a width and, when it needs one, a number format (percentage, date), and
the column headings stay visible while scrolling (frozen panes). A sheet may start with a few
label/value lines (who exported, which organisation, which period) above its table, and its
table may be a real Excel table (filters on the headings, P-2).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from io import BytesIO
from typing import BinaryIO

import xlsxwriter
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

# Number formats Excel shows in every locale (Excel translates the separators itself).
PERCENT = "0.0%"
DATE = "DD/MM/YYYY"
INTEGER = "0"
DECIMAL = "0.00"

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Excel refuses these characters in a sheet title and allows 31 characters at most.
_TITLE_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


@dataclass(frozen=True)
class Column:
    """One column of a sheet's table: heading, width in characters, number format."""

    heading: str
    width: float = 14
    number_format: str | None = None


@dataclass(frozen=True)
class Sheet:
    """A sheet: optional label/value lines (``preamble``), then a table with frozen headings;
    with ``filterable`` that table is an Excel table (filters, style) whose headings must be
    distinct.

    ``rows`` may be a generator: it is consumed once, while the workbook is written.
    """

    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[object]]
    preamble: Sequence[tuple[str, object]] = field(default_factory=tuple)
    filterable: bool = False


def sheet_title(text: str) -> str:
    """A title Excel accepts: no ``[]:*?/\\`` and at most 31 characters."""
    return text.translate(_TITLE_FORBIDDEN).strip()[:31] or "Blad"


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """The .xlsx file holding ``sheets`` in order."""
    buffer = BytesIO()
    write_workbook(buffer, sheets)
    return buffer.getvalue()


def write_workbook(stream: BinaryIO, sheets: Iterable[Sheet]) -> None:
    """Write the .xlsx file holding ``sheets`` in order into ``stream``; ``sheets`` may be a
    generator, each sheet built only when its turn comes."""
    workbook = Workbook(write_only=True)
    for number, sheet in enumerate(sheets, start=1):
        _write_sheet(workbook, sheet, number)
    if not workbook.worksheets:
        workbook.create_sheet("Blad")  # a workbook needs a sheet
    workbook.save(stream)


def _widths(sheet: Sheet) -> list[float]:
    """The columns' widths; the first also fits the preamble's labels."""
    label_width = max((len(label) for label, _value in sheet.preamble), default=0)
    widths = [column.width for column in sheet.columns]
    if widths:
        widths[0] = max(widths[0], label_width + 2)
    return widths


def _header_row(sheet: Sheet) -> int:
    """The row number (from 1) of the table's headings: after the preamble and an empty row."""
    return len(sheet.preamble) + (2 if sheet.preamble else 1)


def _write_sheet(workbook: Workbook, sheet: Sheet, number: int) -> None:
    worksheet = workbook.create_sheet(sheet_title(sheet.title))
    for index, width in enumerate(_widths(sheet), start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = width
    header_row = _header_row(sheet)
    # Widths and frozen panes go into the sheet's header, written at the first row (write-only).
    worksheet.freeze_panes = f"A{header_row + 1}"
    bold = Font(bold=True)
    for label, value in sheet.preamble:
        worksheet.append([_cell(worksheet, label, font=bold), _cell(worksheet, value)])
    if sheet.preamble:
        worksheet.append([])
    worksheet.append([_cell(worksheet, c.heading, font=bold) for c in sheet.columns])
    last_row = header_row
    for row in sheet.rows:
        worksheet.append(
            [
                _cell(worksheet, value, column.number_format)
                for value, column in zip(row, sheet.columns, strict=True)
            ]
        )
        last_row += 1
    if sheet.filterable and last_row > header_row:  # Excel refuses a table without rows
        _add_table(
            worksheet,
            sheet,
            number,
            f"A{header_row}:{get_column_letter(len(sheet.columns))}{last_row}",
        )


def _add_table(worksheet, sheet: Sheet, number: int, ref: str) -> None:
    """Make the headings and rows at ``ref`` an Excel table with filters (P-2)."""
    table = Table(displayName=f"Tabel{number}", ref=ref, autoFilter=AutoFilter(ref=ref))
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    # Write-only mode cannot read the headings back from the sheet: name the columns here.
    table.tableColumns = [
        TableColumn(id=position, name=column.heading)
        for position, column in enumerate(sheet.columns, start=1)
    ]
    with warnings.catch_warnings():
        # openpyxl warns in write-only mode that columns must be named: they are, above.
        warnings.filterwarnings("ignore", "In write-only mode", UserWarning)
        worksheet.add_table(table)


def _cell(worksheet, value: object, number_format: str | None = None, font: Font | None = None):
    """A cell holding ``value`` as its own type (text always as text, never a formula); a date
    gets the date format unless the column names another one."""
    cell = WriteOnlyCell(worksheet, value=value)
    if isinstance(value, str):
        # openpyxl reads text starting with "=" as a formula: a name a worker typed
        # ('=HYPERLINK(…)') would run when the export is opened. Text stays text.
        cell.data_type = "s"
    if number_format:
        cell.number_format = number_format
    elif isinstance(value, date | datetime):
        cell.number_format = DATE
    if font is not None:
        cell.font = font
    return cell


def small_workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """The .xlsx file holding ``sheets`` in order, laid out as ``workbook_bytes`` lays them
    out, written in memory by XlsxWriter: for a few hundred cells at most (every cell is kept
    until the end), at a quarter of openpyxl's cost for such a file."""
    buffer = BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    formats = _Formats(workbook)
    for number, sheet in enumerate(sheets, start=1):
        _write_small_sheet(workbook.add_worksheet(sheet_title(sheet.title)), sheet, number, formats)
    if not workbook.worksheets():
        workbook.add_worksheet("Blad")  # a workbook needs a sheet
    workbook.close()
    return buffer.getvalue()


class _Formats:
    """XlsxWriter's cell formats, made once per workbook and combination."""

    def __init__(self, workbook) -> None:
        self._workbook = workbook
        self._made: dict[tuple[str | None, bool], object] = {}

    def get(self, number_format: str | None, bold: bool = False):
        key = (number_format, bold)
        if key not in self._made:
            properties = {"num_format": number_format} if number_format else {}
            self._made[key] = self._workbook.add_format(
                properties | ({"bold": True} if bold else {})
            )
        return self._made[key]


def _write_small_sheet(worksheet, sheet: Sheet, number: int, formats: _Formats) -> None:
    for index, width in enumerate(_widths(sheet)):
        worksheet.set_column(index, index, width)
    header = _header_row(sheet) - 1  # XlsxWriter counts rows from 0
    worksheet.freeze_panes(header + 1, 0)
    for row, (label, value) in enumerate(sheet.preamble):
        _write_small_cell(worksheet, row, 0, label, formats.get(None, bold=True))
        _write_small_cell(worksheet, row, 1, value, formats.get(_date_format(value)))
    for index, column in enumerate(sheet.columns):
        worksheet.write_string(header, index, column.heading, formats.get(None, bold=True))
    row = header
    for row, values in enumerate(sheet.rows, start=header + 1):
        for index, (value, column) in enumerate(zip(values, sheet.columns, strict=True)):
            number_format = column.number_format or _date_format(value)
            _write_small_cell(worksheet, row, index, value, formats.get(number_format))
    if sheet.filterable and row > header:  # Excel refuses a table without rows
        worksheet.add_table(
            header,
            0,
            row,
            len(sheet.columns) - 1,
            {
                "name": f"Tabel{number}",
                "style": "Table Style Medium 2",
                "columns": [
                    {"header": c.heading, "header_format": formats.get(None, bold=True)}
                    for c in sheet.columns
                ],
            },
        )


def _date_format(value: object) -> str | None:
    """The number format a value needs without a column format: dates show as dates."""
    return DATE if isinstance(value, date | datetime) else None


def _write_small_cell(worksheet, row: int, column: int, value: object, cell_format) -> None:
    """One cell as its own type; text is always text (never read as a formula)."""
    if value is None:
        return
    if isinstance(value, str):
        worksheet.write_string(row, column, value, cell_format)
    elif isinstance(value, bool):
        worksheet.write_boolean(row, column, value, cell_format)
    elif isinstance(value, date | datetime):
        worksheet.write_datetime(row, column, value, cell_format)
    else:
        worksheet.write_number(row, column, value, cell_format)
