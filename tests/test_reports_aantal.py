"""P-2 "Aantal dossiers en minderjarigen": the workbook opened with openpyxl, counts by hand."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import openpyxl

from binc_web.extensions import db
from binc_web.reports.catalogue import ReportContext, report
from tests import factories
from tests.factories_reports import traject

Q1 = (date(2026, 1, 1), date(2026, 3, 31))
GENERATED = datetime(2026, 4, 2, 9, 30, tzinfo=UTC)


def workbook(organisation, start=Q1[0], end=Q1[1], key="aantal-dossiers"):
    """The report generated as a job would, opened back with openpyxl."""
    stream = io.BytesIO()
    report(key).write(stream, ReportContext(organisation.id, start, end, GENERATED))
    return openpyxl.load_workbook(io.BytesIO(stream.getvalue()))


def table(sheet) -> dict[str, dict[str, object]]:
    """The sheet's Excel table as {row label: {heading: value}}."""
    (excel_table,) = sheet.tables.values()
    rows = list(sheet[excel_table.ref])
    headings = [cell.value for cell in rows[0]]
    return {
        row[0].value: dict(zip(headings[1:], (c.value for c in row[1:]), strict=True))
        for row in rows[1:]
    }


def test_p2_aantal_dossiers_counts_dossiers_and_unique_minors(app):
    brug = factories.organisation("NAFT De Brug", "naft")
    lotte = factories.client("Peeters", "Lotte")
    traject(brug, date(2026, 2, 1), date(2026, 3, 1), closed=True, who=lotte)
    traject(brug, date(2026, 3, 10), who=lotte)  # Lotte again: a second dossier, one minor
    traject(brug, date(2025, 6, 1))  # lopend
    traject(brug, None)  # no schakeling: in no set
    db.session.commit()

    counts = table(workbook(brug)["Dossiers en minderjarigen"])

    assert counts["Opgestarte dossiers"] == {"Aantal dossiers": 2, "Unieke minderjarigen": 1}
    assert counts["Afgesloten dossiers"] == {"Aantal dossiers": 1, "Unieke minderjarigen": 1}
    assert counts["Lopende dossiers"] == {"Aantal dossiers": 1, "Unieke minderjarigen": 1}
    assert counts["Alle dossiers"] == {"Aantal dossiers": 3, "Unieke minderjarigen": 2}
