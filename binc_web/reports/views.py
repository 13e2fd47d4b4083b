"""P-3/P-4 "Overzicht Binc Rapporten" (kwartaal/jaar and op aanvraag), "Nieuw rapport", the
live progress of a request, and the downloads (P-5 names). Only the organisation acted for
sees its reports: every other id answers 404."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, abort, g, redirect, render_template, url_for
from sqlalchemy import or_
from sqlalchemy.orm import joinedload, selectinload

from binc_web import storage
from binc_web.auth.session import role_required
from binc_web.extensions import db
from binc_web.htmx import is_htmx
from binc_web.models import PeriodicReport, ReportFile, ReportRequest, StoredFile
from binc_web.reports import catalogue, generation, tasks
from binc_web.reports.forms import NewReportForm
from binc_web.rules.report_schedule import ReportPeriod, period_problems

blueprint = Blueprint("reports", __name__, url_prefix="/rapporten")

OVERVIEW = "Overzicht Binc Rapporten"


def _crumbs(*trail):
    return [("Overzicht Dossiers", url_for("dossiers.overview")), *trail]


@blueprint.get("/")
@role_required("medewerker")
def periodic():
    """P-3: the quarterly and annual reports, newest first, each a ZIP with its files."""
    reports = db.session.scalars(
        db.select(PeriodicReport)
        .where(PeriodicReport.organisation_id == g.organisation.id)
        .options(selectinload(PeriodicReport.files).joinedload(ReportFile.stored_file))
    ).all()
    # A year's annual report above its quarters, the latest year first.
    reports = sorted(reports, key=lambda r: (r.year, r.quarter or 5), reverse=True)
    return render_template(
        "reports/periodic.html",
        reports=[(report, ReportPeriod(report.year, report.quarter)) for report in reports],
        crumbs=_crumbs((OVERVIEW, None)),
    )


def _requests():
    now = datetime.now(UTC)
    return db.session.scalars(
        db.select(ReportRequest)
        .where(ReportRequest.organisation_id == g.organisation.id, ReportRequest.expires_at > now)
        .options(selectinload(ReportRequest.files).joinedload(ReportFile.stored_file))
        .order_by(ReportRequest.created_at.desc(), ReportRequest.id.desc())
    ).all()


@blueprint.get("/op-aanvraag")
@role_required("medewerker")
def on_demand():
    """P-4 "Op aanvraag": the requests of the last 7 days with their progress and files."""
    return render_template(
        "reports/on_demand.html",
        requests=_requests(),
        names=_names(),
        crumbs=_crumbs((OVERVIEW, url_for("reports.periodic")), ("Op aanvraag", None)),
    )


def _names() -> dict[str, str]:
    return {definition.key: definition.name for definition in catalogue.REPORTS}


def _load_request(request_id: int) -> ReportRequest:
    request = db.session.scalars(
        db.select(ReportRequest)
        .where(
            ReportRequest.id == request_id,
            ReportRequest.organisation_id == g.organisation.id,
            ReportRequest.expires_at > datetime.now(UTC),
        )
        .options(selectinload(ReportRequest.files).joinedload(ReportFile.stored_file))
    ).first()
    if request is None:
        abort(404)
    return request


@blueprint.get("/op-aanvraag/<id:request_id>")
@role_required("medewerker")
def request_progress(request_id: int):
    """P-4: one request's row (htmx polls it while the reports are being generated)."""
    return render_template(
        "reports/_request.html", request=_load_request(request_id), names=_names()
    )


@blueprint.post("/op-aanvraag/<id:request_id>/opnieuw")
@role_required("medewerker")
def retry(request_id: int):
    """P-4: generate a failed or stalled request again."""
    request = _load_request(request_id)
    if generation.retry_request(request):
        db.session.commit()
        tasks.generate_request(request_id)
    if is_htmx():
        return request_progress(request_id)
    return redirect(url_for("reports.on_demand"), 303)


def _render_new(form: NewReportForm, status: int = 200, problems=()):
    return (
        render_template(
            "reports/new.html",
            form=form,
            problems=list(problems),
            definitions=catalogue.REPORTS,
            crumbs=_crumbs((OVERVIEW, url_for("reports.periodic")), ("Nieuw rapport", None)),
        ),
        status,
    )


@blueprint.get("/nieuw")
@role_required("medewerker")
def new():
    """P-4 "Nieuw rapport": the period and the reports, each with the tables it holds."""
    return _render_new(NewReportForm())


@blueprint.post("/nieuw")
@role_required("medewerker")
def create():
    """P-4 "Genereer Rapporten": the request becomes a job; back to "Op aanvraag"."""
    form = NewReportForm()
    if not form.validate():
        return _render_new(form, 422)
    problems = period_problems(form.begindatum.data, form.einddatum.data)
    if problems:
        form.einddatum.errors = problems
        return _render_new(form, 422)
    request = generation.request_reports(
        g.organisation.id,
        g.person.id,
        form.begindatum.data,
        form.einddatum.data,
        [d.key for d in catalogue.REPORTS if d.key in form.rapporten.data],  # menu order
    )
    db.session.commit()
    tasks.generate_request(request.id)
    return redirect(url_for("reports.on_demand"), 303)


@blueprint.get("/<id:report_id>/zip")
@role_required("medewerker")
def download_zip(report_id: int):
    """P-3: the ZIP of a quarter or year, made from its stored files while it is sent."""
    report = db.session.scalars(
        db.select(PeriodicReport)
        .where(PeriodicReport.id == report_id, PeriodicReport.organisation_id == g.organisation.id)
        .options(selectinload(PeriodicReport.files).joinedload(ReportFile.stored_file))
    ).first()
    if report is None or not report.files:
        abort(404)
    period = ReportPeriod(report.year, report.quarter)
    name = generation.zip_name(g.organisation.name, period, report.made_on)
    return storage.download_archive(name, [file.stored_file for file in report.files])


@blueprint.get("/bestanden/<id:file_id>")
@role_required("medewerker")
def download_file(file_id: int):
    """P-3/P-4: one report file (a request's only until it expires)."""
    now = datetime.now(UTC)
    found = db.session.scalars(
        db.select(ReportFile)
        .join(StoredFile, ReportFile.stored_file_id == StoredFile.id)
        .where(
            ReportFile.id == file_id,
            ReportFile.organisation_id == g.organisation.id,
            or_(StoredFile.expires_at.is_(None), StoredFile.expires_at > now),
        )
        .options(joinedload(ReportFile.stored_file))
    ).first()
    if found is None:
        abort(404)
    return storage.download(found.stored_file)
