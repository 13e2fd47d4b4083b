"""Builders for the report jobs (P-3, P-4): generated through the real generation code."""

from __future__ import annotations

from datetime import date

from binc_web.extensions import db
from binc_web.models import Organisation, PeriodicReport, ReportFile, ReportRequest
from binc_web.reports import catalogue, generation
from binc_web.rules.report_schedule import ReportPeriod, editions


def periodic_report(organisation: Organisation, year: int = 2026, quarter: int = 1):
    """The P-3 reports of a quarter, made as on its first edition."""
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


def report_objects(organisation: Organisation) -> dict[str, int]:
    """An object of ``organisation`` for each URL parameter of the report routes."""
    report = periodic_report(organisation)
    request = finished_request(organisation)
    first_file = db.session.scalars(
        db.select(ReportFile.id).where(ReportFile.request_id == request.id)
    ).first()
    return {"report_id": report.id, "request_id": request.id, "file_id": first_file}
