"""C-5: the xlsx writer gives Excel real numbers, dates and formats (opened back with openpyxl)."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook

from binc_web.exports.xlsx import (
    DATE,
    PERCENT,
    Column,
    Sheet,
    sheet_title,
    small_workbook_bytes,
    workbook_bytes,
)

# Both writers lay a workbook out alike: openpyxl streaming, XlsxWriter in memory (the figures).
writers = pytest.mark.parametrize("write", [workbook_bytes, small_workbook_bytes])


def _sheets():
    return [
        Sheet(
            "Bezettingsgraad",
            [Column("Module", 40), Column("Bezetting", 12, PERCENT), Column("Vanaf", 12)],
            (row for row in [("NAFT", 0.875, date(2026, 1, 1)), ("Verblijf", 1.25, None)]),
            preamble=[("Geëxporteerd door", "Jan Peeters"), ("Periode van", date(2026, 1, 1))],
        ),
        Sheet("Tellers en noemers", [Column("Teller", 10)], [(3,)]),
    ]


@writers
def test_c5_values_keep_their_type_and_format(write):
    workbook = load_workbook(BytesIO(write(_sheets())))
    assert workbook.sheetnames == ["Bezettingsgraad", "Tellers en noemers"]
    sheet = workbook["Bezettingsgraad"]
    assert sheet["A1"].value == "Geëxporteerd door"
    assert sheet["B1"].value == "Jan Peeters"
    assert sheet["B2"].value.date() == date(2026, 1, 1)
    assert sheet["B2"].number_format == DATE
    assert [c.value for c in sheet[4]] == ["Module", "Bezetting", "Vanaf"]
    assert sheet["B5"].value == 0.875
    assert sheet["B5"].number_format == PERCENT
    assert sheet["C5"].number_format == DATE
    assert sheet["C6"].value is None


@writers
def test_c5_headings_frozen_and_columns_sized(write):
    workbook = load_workbook(BytesIO(write(_sheets())))
    assert workbook["Bezettingsgraad"].freeze_panes == "A5"
    assert workbook["Tellers en noemers"].freeze_panes == "A2"
    # XlsxWriter stores the width Excel shows plus its cell padding (40 → 40.71).
    assert 40 <= workbook["Bezettingsgraad"].column_dimensions["A"].width < 41
    assert 12 <= workbook["Bezettingsgraad"].column_dimensions["B"].width < 13


@writers
def test_c5_filterable_sheet_is_an_excel_table(write):
    sheet = Sheet("Inzet", [Column("Typemodule"), Column("Aantal", 10)], [("NAFT", 3)], ())
    filterable = Sheet("Per maand", sheet.columns, [("NAFT", 3), ("CB", 4)], (("a", 1),), True)
    workbook = load_workbook(BytesIO(write([sheet, filterable])))
    assert not workbook["Inzet"].tables
    (table,) = workbook["Per maand"].tables.values()
    assert table.ref == "A3:B5"
    assert [column.name for column in table.tableColumns] == ["Typemodule", "Aantal"]


@writers
def test_c5_text_that_looks_like_a_formula_stays_text(write):
    """A name a worker typed (a youth, a person in the access log) never runs as a formula
    when a beheerder opens the export: text stays text in both writers, preamble included."""
    typed = '=HYPERLINK("http://x","klik")'
    sheet = Sheet("Blad", [Column("Naam")], [(typed,)], preamble=[("Door", typed)])
    workbook = load_workbook(BytesIO(write([sheet])))["Blad"]
    for cell in (workbook["B1"], workbook["A4"]):
        assert (cell.data_type, cell.value) == ("s", typed)


def test_c5_sheet_titles_excel_accepts():
    assert sheet_title("Tellers/noemers [2026]: *?") == "Tellers noemers  2026"
    assert len(sheet_title("x" * 40)) == 31
    assert sheet_title("///") == "Blad"
