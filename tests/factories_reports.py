"""Builders for report tests (P-1, P-2, P-6): dossiers with schakelingen on chosen dates."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import openpyxl

from binc_web.extensions import db
from binc_web.models import (
    Aanmelding,
    Beslissing,
    Client,
    Dossier,
    Klas,
    Organisation,
    Schakeling,
    TypeModule,
)
from binc_web.reports.catalogue import ReportContext, report
from tests import factories


def schakeling(
    dossier: Dossier,
    start: date,
    end: date | None = None,
    *,
    kind: str = "start",
    modules: tuple[TypeModule, ...] = (),
    via_toegangspoort: bool = False,
) -> Schakeling:
    """A schakeling from ``start`` to ``end`` under a beslissing covering it."""
    beslissing = Beslissing(
        dossier_id=dossier.id,
        via_toegangspoort=via_toegangspoort,
        begindatum=start,
        einddatum=end or date(start.year + 1, start.month, 1),
    )
    beslissing.modules = list(modules)
    db.session.add(beslissing)
    db.session.flush()
    found = Schakeling(
        beslissing_id=beslissing.id,
        dossier_id=dossier.id,
        kind=kind,
        begindatum=start,
        einddatum=end,
    )
    found.modules = list(modules)
    db.session.add(found)
    db.session.flush()
    return found


def traject(
    where: Organisation,
    start: date | None,
    end: date | None = None,
    *,
    closed: bool = False,
    who: Client | None = None,
    **options,
) -> Dossier:
    """A dossier with one schakeling from ``start`` to ``end`` (none when ``start`` is None),
    closed on ``end`` when ``closed``."""
    found = factories.dossier(where, who)
    if start is not None:
        schakeling(found, start, end, **options)
    if closed:
        found.status = "closed"
        found.closed_at = end
    db.session.flush()
    return found


def klas_traject(where: Organisation, start: date, name: str = "3B") -> Dossier:
    """A NAFT klas-dossier (K-5) with one open schakeling from ``start``."""
    klas = Klas(organisation_id=where.id, name=name, participants=20)
    db.session.add(klas)
    db.session.flush()
    found = Dossier(code=f"KLAS_{klas.id}", organisation_id=where.id, klas_id=klas.id)
    found.aanmelding = Aanmelding(aanmelder="school", datum_aanmelding=start)
    db.session.add(found)
    db.session.flush()
    schakeling(found, start)
    return found


def open_report(organisation: Organisation, key: str, start: date, end: date):
    """The report generated as a job would, opened back with openpyxl."""
    stream = io.BytesIO()
    context = ReportContext(organisation.id, start, end, datetime(2026, 4, 2, 9, 30, tzinfo=UTC))
    report(key).write(stream, context)
    return openpyxl.load_workbook(io.BytesIO(stream.getvalue()))


def excel_table(sheet) -> dict[str, dict[str, object]]:
    """The sheet's one Excel table as {row label: {heading: value}}."""
    (found,) = sheet.tables.values()
    rows = list(sheet[found.ref])
    headings = [cell.value for cell in rows[0]]
    return {
        row[0].value: dict(zip(headings[1:], (cell.value for cell in row[1:]), strict=True))
        for row in rows[1:]
    }
