"""C-5: the xlsx writer gives Excel real numbers, dates and formats (opened back with openpyxl)."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from openpyxl import load_workbook

from binc_web.exports.xlsx import DATE, PERCENT, Column, Sheet, sheet_title, workbook_bytes


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


def test_c5_values_keep_their_type_and_format():
    workbook = load_workbook(BytesIO(workbook_bytes(_sheets())))
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


def test_c5_headings_frozen_and_columns_sized():
    workbook = load_workbook(BytesIO(workbook_bytes(_sheets())))
    assert workbook["Bezettingsgraad"].freeze_panes == "A5"
    assert workbook["Tellers en noemers"].freeze_panes == "A2"
    assert workbook["Bezettingsgraad"].column_dimensions["A"].width == 40
    assert workbook["Bezettingsgraad"].column_dimensions["B"].width == 12


def test_c5_sheet_titles_excel_accepts():
    assert sheet_title("Tellers/noemers [2026]: *?") == "Tellers noemers  2026"
    assert len(sheet_title("x" * 40)) == 31
    assert sheet_title("///") == "Blad"
