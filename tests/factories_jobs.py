"""Builders for the report jobs (P-3, P-4)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import openpyxl

from binc_web import storage
from binc_web.extensions import db
from binc_web.models import Organisation, PeriodicReport, ReportFile, ReportRequest
from binc_web.reports import catalogue, generation
from binc_web.rules.report_schedule import ReportPeriod, editions


def periodic_report(organisation: Organisation, year: int = 2026, quarter: int = 1):
    """The P-3 reports of a quarter, made by the real generation as on its first edition."""
    period = ReportPeriod(year, quarter)
    generation.make_periodic_report(organisation, period, editions(period)[0])
    return db.session.scalars(
        db.select(PeriodicReport).where(
            PeriodicReport.organisation_id == organisation.id,
            PeriodicReport.year == year,
            PeriodicReport.quarter == quarter,
        )
    ).one()


def finished_request(organisation: Organisation, person=None, keys=None) -> ReportRequest:
    """A P-4 request generated to the end (in this process, as the job does)."""
    keys = keys or [definition.key for definition in catalogue.REPORTS]
    request = generation.request_reports(
        organisation.id,
        getattr(person, "id", None),
        date(2026, 1, 1),
        date(2026, 3, 31),
        keys,
    )
    db.session.commit()
    generation.generate_request(request.id)
    return db.session.get_one(ReportRequest, request.id)


def _stored(organisation: Organisation, name: str, expires_at=None):
    return storage.store(organisation.id, name, "text/plain", b"rapport", expires_at)


def report_objects(organisation: Organisation) -> dict[str, int]:
    """An object of ``organisation`` for each URL parameter of the report routes (rows
    written directly: the sweep is about scoping, and generating every report is slow)."""
    report = PeriodicReport(
        organisation_id=organisation.id,
        year=2026,
        quarter=1,
        edition=date(2026, 5, 1),
    )
    expires = datetime.now(UTC) + timedelta(days=7)
    request = ReportRequest(
        organisation_id=organisation.id,
        start=date(2026, 1, 1),
        end=date(2026, 3, 31),
        report_keys=catalogue.REPORTS[0].key,
        status="klaar",
        done=1,
        expires_at=expires,
    )
    db.session.add_all([report, request])
    db.session.flush()
    db.session.add(  # the quarter's one report (its ZIP is made of its files)
        ReportFile(
            organisation_id=organisation.id,
            periodic_report_id=report.id,
            report_key=catalogue.REPORTS[0].key,
            position=0,
            stored_file_id=_stored(organisation, "Kwartaal 1 2026.txt").id,
        )
    )
    file = ReportFile(
        organisation_id=organisation.id,
        request_id=request.id,
        report_key=catalogue.REPORTS[0].key,
        position=0,
        stored_file_id=_stored(organisation, "rapport.txt", expires).id,
    )
    db.session.add(file)
    db.session.flush()
    return {"report_id": report.id, "request_id": request.id, "file_id": file.id}


def write_tiny_report(stream, context) -> None:
    """A test double's report: one sheet naming the organisation and the period."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Klein")
    sheet.append(["organisatie", context.organisation_id])
    sheet.append(["periode", context.start, context.end])
    workbook.save(stream)


TINY_REPORT = catalogue.ReportDefinition(
    "klein-rapport",
    "Klein rapport",
    ("Eén tabel",),
    "xlsx",
    catalogue.XLSX,
    write_tiny_report,
)


def use_tiny_catalogue(monkeypatch) -> None:
    """Schedule tests are about the calendar, not the reports' content: one quick report
    instead of the whole catalogue (whose content has tests of its own)."""
    monkeypatch.setattr(catalogue, "REPORTS", (TINY_REPORT,))
    real = catalogue.report
    monkeypatch.setattr(
        catalogue, "report", lambda key: TINY_REPORT if key == TINY_REPORT.key else real(key)
    )
