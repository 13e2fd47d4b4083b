"""C-5 "Exporteer resultaat": the .xlsx of bezetting and inzet, opened back with openpyxl,
holds every figure of the screen; junk in the URL of the figures pages gives a 4xx."""

from __future__ import annotations

import re
from datetime import date, datetime
from io import BytesIO
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from binc_web.exports.xlsx import PERCENT
from binc_web.extensions import db
from tests.conftest import pinned_to
from tests.factories_figures import capacity, module
from tests.test_figures_bezetting import anker, body, figures_row  # noqa: F401  (fixture)
from tests.test_figures_inzet import ask as ask_inzet
from tests.test_junk_forms import JUNK_SETTINGS, TEXT

VB = "Verblijf voor minderjarigen (lage frequentie)"
NAME = "Jeugdhulp Het Ánker"
QUERY = {"begindatum": "01/03/2026", "einddatum": "31/03/2026"}


def as_screen(value) -> str:
    """A share of the workbook as the screen shows it ("61,7 %")."""
    return f"{value * 100:.1f} %".replace(".", ",")


def number(value) -> str:
    return str(int(value)) if value == int(value) else f"{value:.2f}".replace(".", ",")


def table(sheet, header_row: int) -> list[list]:
    return [[cell.value for cell in row] for row in sheet.iter_rows(min_row=header_row + 1)]


def export(client, path: str, query: dict):
    with pinned_to(date(2026, 11, 29)):
        return client.get(path, query_string=query)


def test_c5_bezetting_export_holds_every_figure_of_the_screen(anker, client):  # noqa: F811
    anker.anker.name = NAME
    capacity(anker.anker, "VB-LAAG", date(2026, 3, 16), 4)
    db.session.commit()
    query = {"module": module("VB-LAAG").id, **QUERY}
    screen = body(client.get("/bezettingsgraad", query_string=query))
    assert "/bezettingsgraad/export?" in screen and "Exporteer resultaat" in screen

    response = export(client, "/bezettingsgraad/export", query)
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment")
    expected = quote(f"{NAME} - Bezettingsgraad - 29-11-2026.xlsx")
    assert f"filename*=UTF-8''{expected}" in disposition
    workbook = load_workbook(BytesIO(response.data))
    assert workbook.sheetnames == ["Bezettingsgraad", "Per maand", "Tellers en noemers"]

    sheet = workbook["Bezettingsgraad"]
    assert [sheet.cell(row, 2).value for row in range(1, 3)] == ["Pieter Willems", NAME]
    assert sheet["B3"].value == datetime(2026, 3, 1)
    assert sheet["B4"].value == datetime(2026, 3, 31)
    assert sheet["B5"].value == datetime(2026, 11, 29)
    assert sheet.freeze_panes == "A8"
    rows = table(sheet, 7)
    for label, numerator, denominator, share, _remark in rows:
        assert figures_row(screen, label) == [
            number(numerator),
            number(denominator),
            as_screen(share),
        ]
    assert [row[0] for row in rows] == [VB, "Gewogen gemiddelde"]
    assert sheet["D8"].number_format == PERCENT

    months = table(workbook["Per maand"], 7)
    assert len(months) == 1
    cells = figures_row(screen, "01/03/2026 – 31/03/2026")
    assert cells[1:] == [number(months[0][1]), number(months[0][2]), as_screen(months[0][3])]

    segments = table(workbook["Tellers en noemers"], 1)
    assert [(r[0], r[1].date(), r[2].date(), r[3], r[4], r[6], r[7]) for r in segments] == [
        (VB, date(2026, 3, 1), date(2026, 3, 15), 15, 2, 30, 30),
        (VB, date(2026, 3, 16), date(2026, 3, 31), 16, 4, 28, 64),
        ("Contextbegeleiding laagintensief", date(2026, 3, 1), date(2026, 3, 31), 31, 1, 15, 31),
    ]
    assert workbook["Tellers en noemers"].freeze_panes == "A2"


def test_c5_bezetting_export_agrees_with_the_page_for_a_period_reaching_past_today(
    anker,  # noqa: F811
    client,
):
    """C-3/C-5 on 15/04/2026 for 01/03–31/05/2026: the export counts up to today as the page
    does, says so beside each figure, and lists May as "nog niet" without numbers."""
    query = {"module": module("VB-LAAG").id, "begindatum": "01/03/2026", "einddatum": "31/05/2026"}
    with pinned_to(date(2026, 4, 15)):
        screen = body(client.get("/bezettingsgraad", query_string=query))
        response = client.get("/bezettingsgraad/export", query_string=query)
    assert response.status_code == 200
    workbook = load_workbook(BytesIO(response.data))
    sheet = workbook["Bezettingsgraad"]
    assert (sheet["B3"].value, sheet["B4"].value) == (datetime(2026, 3, 1), datetime(2026, 5, 31))
    counted = (
        "De periode loopt verder dan vandaag: de bezettingsgraad telt tot en met vandaag "
        "(15/04/2026). De dagen erna zijn nog niet voorbij en tellen niet mee; hun maanden "
        'tonen "nog niet".'
    )
    assert counted in screen.replace("&#34;", '"')
    rows = table(sheet, 7)
    assert [row[0] for row in rows] == [VB, "Gewogen gemiddelde"]
    for label, numerator, denominator, share, remark in rows:
        assert figures_row(screen, label) == [
            number(numerator),
            number(denominator),
            as_screen(share),
        ]
        assert remark == counted
    assert rows[0][1:3] == [103, 92] and rows[0][3] == pytest.approx(103 / 92)

    months = table(workbook["Per maand"], 7)
    assert [row[0] for row in months] == ["03/2026", "04/2026", "05/2026"]
    for row, label in zip(
        months[:2], ["01/03/2026 – 31/03/2026", "01/04/2026 – 15/04/2026"], strict=True
    ):
        cells = figures_row(screen, label)
        assert cells[1:] == [number(row[1]), number(row[2]), as_screen(row[3])]
    assert months[2][1:] == [None, None, None, "nog niet"]
    assert figures_row(screen, "01/05/2026 – 31/05/2026") == ["nog niet"]

    segments = table(workbook["Tellers en noemers"], 1)
    assert max(row[2] for row in segments) == datetime(2026, 4, 15)


def test_c5_exports_are_excel_tables_under_frozen_headings(anker, client):  # noqa: F811
    capacity(anker.anker, "VB-LAAG", date(2026, 3, 16), 4)
    query = {"module": module("VB-LAAG").id, **QUERY}
    bezetting = load_workbook(BytesIO(export(client, "/bezettingsgraad/export", query).data))
    inzet = export(client, "/inzet/export", {"modules": [module("VB-LAAG").id], **QUERY})
    sheets = [*bezetting.worksheets, load_workbook(BytesIO(inzet.data))["Inzet"]]
    for sheet in sheets:
        (table,) = sheet.tables.values()
        header_row = int(sheet.freeze_panes[1:]) - 1
        last_column = sheet.cell(header_row, sheet.max_column).column_letter
        assert table.ref == f"A{header_row}:{last_column}{sheet.max_row}"
        headings = [cell.value for cell in sheet[header_row]]
        assert [column.name for column in table.tableColumns] == headings


def test_c5_capacity_zero_exports_the_reason(anker, client):  # noqa: F811
    capacity(anker.anker, "VB-LAAG", date(2026, 1, 1), 0)
    query = {"module": module("VB-LAAG").id, **QUERY}
    workbook = load_workbook(BytesIO(export(client, "/bezettingsgraad/export", query).data))
    first = table(workbook["Bezettingsgraad"], 7)[0]
    assert first[3] is None
    assert first[4] == "Bezetting kan niet berekend worden: de capaciteit is 0 in deze periode."


def test_c5_inzet_export_holds_every_figure_of_the_screen(anker, client):  # noqa: F811
    screen = body(ask_inzet(client, ["VB-LAAG", "CB-LAAG"], "01/03/2026", "31/03/2026"))
    query = {"modules": [module("VB-LAAG").id, module("CB-LAAG").id], **QUERY}
    response = export(client, "/inzet/export", query)
    assert response.status_code == 200
    disposition = response.headers["Content-Disposition"]
    assert disposition == 'attachment; filename="Jeugdhulp Het Anker - Inzet - 29-11-2026.xlsx"'
    rows = table(load_workbook(BytesIO(response.data))["Inzet"], 7)
    assert len(rows) == 3 and rows[-1][0] == "Combinatie geselecteerde modules"
    for label, deployed, started in rows:
        assert figures_row(screen, label) == [str(deployed), str(started)]
    assert re.search(r"/inzet/export\?[^\"]*modules=", screen)


def test_c5_invalid_export_is_refused(anker, client):  # noqa: F811
    response = client.get("/bezettingsgraad/export", query_string={"module": "x", **QUERY})
    assert response.status_code == 422
    assert "Kies een module van uw voorziening." in body(response)
    response = client.get("/inzet/export", query_string=QUERY)
    assert response.status_code == 422


FIELDS = {
    "/bezettingsgraad": "module",
    "/bezettingsgraad/export": "module",
    "/inzet": "modules",
    "/inzet/export": "modules",
}


@JUNK_SETTINGS
@given(
    path=st.sampled_from(sorted(FIELDS)),
    junk=st.dictionaries(st.sampled_from(["modules", "begindatum", "einddatum"]), TEXT, min_size=1),
)
def test_c3_c4_junk_in_the_url_gives_a_dutch_4xx(anker, client, path, junk):  # noqa: F811
    """Any value in the form's fields (the module field named as the page names it)."""
    query = {(FIELDS[path] if key == "modules" else key): value for key, value in junk.items()}
    response = client.get(path, query_string=query)
    assert response.status_code == 422, query
    assert "De cijfers werden niet berekend" in body(response)
