"""Generating report files: the P-3 quarterly and annual reports on the manual's calendar and
the P-4 reports on demand, each file written by the catalogue and kept as a stored file.

Every function here runs in a job (``binc_web.reports.tasks``) or the ``flask binc reports``
command, never in a request. Convention 13: each is idempotent; the database decides who
stores a generation (a unique key and a conditional update), and a job killed halfway leaves
nothing half-done (one writing transaction per periodic report).
"""

from __future__ import annotations

import logging
import re
import tempfile
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from binc_web import storage
from binc_web.extensions import db
from binc_web.models import (
    Aanmelding,
    Dossier,
    Organisation,
    PeriodicReport,
    ReportFile,
    ReportRequest,
    Schakeling,
    StoredFile,
)
from binc_web.reports import catalogue
from binc_web.rules.report_schedule import (
    STALLED_AFTER,
    ReportPeriod,
    due_editions,
    worth_making,
)
from binc_web.templating import today

log = logging.getLogger(__name__)

# P-4: reports on demand stay listed (and downloadable) for 7 days.
KEEP_REQUESTS = timedelta(days=7)
# Files are built in memory up to this size, beyond it in a temporary file.
SPOOL_BYTES = 16 * 1024 * 1024
FAILED = "Het genereren van de rapporten is mislukt. Probeer het opnieuw."


def render(
    organisation: Organisation, definition: catalogue.ReportDefinition, start: date, end: date
) -> tuple[str, bytes]:
    """Write one report of ``organisation`` for ``start``–``end`` (only reading the database);
    its P-5 file name and content."""
    context = catalogue.ReportContext(organisation.id, start, end, datetime.now(UTC))
    name = catalogue.file_name(organisation.name, definition, today())
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as stream:
        definition.write(stream, context)
        stream.seek(0)
        return name, stream.read()


def write_file(
    organisation: Organisation,
    definition: catalogue.ReportDefinition,
    start: date,
    end: date,
    expires_at: datetime | None = None,
):
    """Write one report into a new stored file (the caller commits)."""
    name, data = render(organisation, definition, start, end)
    return storage.store(organisation.id, name, definition.content_type, data, expires_at)


def zip_name(organisation_name: str, period: ReportPeriod, made_on: date) -> str:
    """P-5 for the ZIP of a quarter or year: "<voorziening> - Kwartaal 1 2026 - <datum>.zip",
    dated as its reports (the day they were made or last updated)."""
    definition = replace(catalogue.REPORTS[0], name=period.label, extension="zip")
    return catalogue.file_name(organisation_name, definition, made_on)


def _made(organisation: Organisation, period: ReportPeriod) -> date | None:
    """The edition the reports of ``period`` were last made for, if any."""
    return db.session.scalar(
        select(PeriodicReport.edition).where(
            PeriodicReport.organisation_id == organisation.id,
            PeriodicReport.year == period.year,
            PeriodicReport.quarter == period.quarter,
        )
    )


def _claim(organisation: Organisation, period: ReportPeriod, edition: date):
    """P-3: the periodic report row this job may fill for ``edition``, or None when another
    consumer made that edition meanwhile (the unique key or the conditional update says so)."""
    found = db.session.scalars(
        select(PeriodicReport).where(
            PeriodicReport.organisation_id == organisation.id,
            PeriodicReport.year == period.year,
            PeriodicReport.quarter == period.quarter,
        )
    ).first()
    if found is None:
        report = PeriodicReport(
            organisation_id=organisation.id,
            year=period.year,
            quarter=period.quarter,
            edition=edition,
        )
        db.session.add(report)
        try:
            db.session.flush()
        except IntegrityError:  # another consumer made it first
            db.session.rollback()
            return None
        return report
    claimed = db.session.execute(
        update(PeriodicReport)
        .where(PeriodicReport.id == found.id, PeriodicReport.edition < edition)
        .values(edition=edition, updated_at=datetime.now(UTC))
    ).rowcount
    if not claimed:
        db.session.rollback()
        return None
    db.session.refresh(found)
    return found


def make_periodic_report(organisation: Organisation, period: ReportPeriod, edition: date) -> bool:
    """P-3: make (or update: the files are replaced, "bijgewerkt op" set) the reports of
    ``period`` for ``edition``; False when that edition was made already.

    The files are written first, only reading; the claim, the files and the removal of the
    old ones follow in one short transaction (on SQLite a long one would hold the database's
    one write lock while the reports are computed).
    """
    made = _made(organisation, period)
    if made is not None and made >= edition:
        return False
    rendered = [
        (definition, *render(organisation, definition, period.start, period.end))
        for definition in catalogue.REPORTS
    ]
    db.session.rollback()  # end the reading transaction before the short writing one
    report = _claim(organisation, period, edition)
    if report is None:
        return False
    old_files = [file.stored_file for file in report.files]
    for position, (definition, name, data) in enumerate(rendered):
        stored = storage.store(organisation.id, name, definition.content_type, data)
        db.session.add(
            ReportFile(
                organisation_id=organisation.id,
                periodic_report_id=report.id,
                report_key=definition.key,
                position=position,
                stored_file_id=stored.id,
            )
        )
    storage.remove(old_files)
    db.session.commit()
    return True


def make_due_reports(day: date) -> int:
    """P-3: make every generation due on ``day`` (catching up missed ones) for every
    organisation with dossiers, from the period of its first dossier on; how many were made."""
    due = due_editions(day)
    made = {
        (row.organisation_id, row.year, row.quarter): row.edition
        for row in db.session.execute(
            select(
                PeriodicReport.organisation_id,
                PeriodicReport.year,
                PeriodicReport.quarter,
                PeriodicReport.edition,
            )
        )
    }
    first_days = _first_dossier_days()
    organisations = db.session.scalars(
        select(Organisation).where(Organisation.kind != "agency").order_by(Organisation.id)
    ).all()
    count = 0
    for organisation in organisations:
        for period, edition in due:
            key = (organisation.id, period.year, period.quarter)
            if key in made and made[key] >= edition:
                continue
            if not worth_making(period, first_days.get(organisation.id)):
                continue
            count += make_periodic_report(organisation, period, edition)
    return count


def _first_dossier_days() -> dict[int, date]:
    """Per organisation, the first day one of its dossiers shows: the earliest aanmelding or
    start of a schakeling."""
    first: dict[int, date] = {}
    for model, day in (
        (Aanmelding, Aanmelding.datum_aanmelding),
        (Schakeling, Schakeling.begindatum),
    ):
        statement = (
            select(Dossier.organisation_id, func.min(day))
            .join(model, model.dossier_id == Dossier.id)
            .group_by(Dossier.organisation_id)
        )
        for organisation_id, earliest in db.session.execute(statement):
            if earliest is not None:
                first[organisation_id] = min(earliest, first.get(organisation_id, earliest))
    return first


def request_reports(
    organisation_id: int, person_id: int, start: date, end: date, keys: list[str]
) -> ReportRequest:
    """P-4: record a request (the caller commits, then enqueues its job)."""
    request = ReportRequest(
        organisation_id=organisation_id,
        requested_by_id=person_id,
        start=start,
        end=end,
        report_keys=",".join(keys),
        status="wachtend",
        expires_at=datetime.now(UTC) + KEEP_REQUESTS,
    )
    db.session.add(request)
    db.session.flush()
    return request


def _start(request_id: int) -> tuple[ReportRequest, int] | None:
    """Mark a waiting, failed or stalled request as running, as a new attempt: the request and
    the attempt's number; None when another job has it, it is done, or it was removed. The
    files of an earlier attempt go (a job delivered twice, or retried, makes its files once)."""
    now = datetime.now(UTC)
    started = db.session.execute(
        update(ReportRequest)
        .where(
            ReportRequest.id == request_id,
            or_(
                ReportRequest.status.in_(("wachtend", "mislukt")),
                and_(
                    ReportRequest.status == "bezig",
                    func.coalesce(ReportRequest.progress_at, ReportRequest.created_at)
                    <= now - STALLED_AFTER,
                ),
            ),
        )
        .values(
            status="bezig",
            done=0,
            error=None,
            progress_at=now,
            attempt=ReportRequest.attempt + 1,
        )
    ).rowcount
    if not started:
        db.session.rollback()
        return None
    request = db.session.get_one(ReportRequest, request_id)
    db.session.refresh(request)
    storage.remove([file.stored_file for file in request.files])
    db.session.commit()
    return request, request.attempt


def _progress(request_id: int, attempt: int, **values) -> bool:
    """Record the progress of ``attempt`` (in the caller's transaction, with its files);
    False when a later attempt took the request over meanwhile (this one must stop)."""
    return bool(
        db.session.execute(
            update(ReportRequest)
            .where(ReportRequest.id == request_id, ReportRequest.attempt == attempt)
            .values(progress_at=datetime.now(UTC), **values)
        ).rowcount
    )


def generate_request(request_id: int) -> None:
    """P-4: write the files of a request one by one, committing the progress after each (the
    "Op aanvraag" list shows it); a failure is recorded so that the worker can retry. Only
    the latest attempt records anything: run twice, a request gets its files once."""
    started = _start(request_id)
    if started is None:
        return
    request, attempt = started
    organisation = db.session.get_one(Organisation, request.organisation_id)
    keys, start, end, expires_at = request.keys, request.start, request.end, request.expires_at
    try:
        for position, key in enumerate(keys):
            stored = write_file(organisation, catalogue.report(key), start, end, expires_at)
            db.session.add(
                ReportFile(
                    organisation_id=organisation.id,
                    request_id=request_id,
                    report_key=key,
                    position=position,
                    stored_file_id=stored.id,
                )
            )
            if not _progress(request_id, attempt, done=position + 1):
                db.session.rollback()  # a later attempt has the request: leave it to that one
                return
            db.session.commit()
        _progress(request_id, attempt, status="klaar", finished_at=datetime.now(UTC))
        db.session.commit()
    except Exception:
        log.exception("report request %s failed", request_id)
        db.session.rollback()
        _progress(
            request_id, attempt, status="mislukt", error=FAILED, finished_at=datetime.now(UTC)
        )
        db.session.commit()
        raise


def retry_request(request: ReportRequest) -> bool:
    """P-4: put a failed or stalled request back in the queue (the caller commits, then
    enqueues its job); False when it is neither."""
    if request.status != "mislukt" and not request.stalled:
        return False
    request.status, request.done, request.error = "wachtend", 0, None
    return True


def remove_expired_requests(now: datetime | None = None) -> int:
    """P-4: requests older than 7 days go, with their files; how many went."""
    moment = now or datetime.now(UTC)
    expired = select(ReportRequest.id).where(ReportRequest.expires_at <= moment)
    files = db.session.scalars(
        select(ReportFile.stored_file_id).where(ReportFile.request_id.in_(expired))
    ).all()
    if files:
        db.session.execute(delete(StoredFile).where(StoredFile.id.in_(files)))
    removed = db.session.execute(delete(ReportRequest).where(ReportRequest.expires_at <= moment))
    db.session.commit()
    return removed.rowcount


RAW_DATA = "ruwe-data"


def _period_of(report_file: ReportFile) -> tuple[date, date]:
    """The first and last day of the period a kept report file covers."""
    if report_file.periodic_report_id is not None:
        report = db.session.get_one(PeriodicReport, report_file.periodic_report_id)
        period = ReportPeriod(report.year, report.quarter)
        return period.start, period.end
    request = db.session.get_one(ReportRequest, report_file.request_id)
    return request.start, request.end


def _replace_content(report_file: ReportFile, data: bytes) -> None:
    """Give a kept report file new bytes under its own name, type and expiry."""
    old = report_file.stored_file
    new = storage.store(old.organisation_id, old.name, old.content_type, data, old.expires_at)
    report_file.stored_file = new
    db.session.flush()
    storage.remove([old])  # after the flush: the report file no longer cascades with it


DOSSIER_CODE = re.compile(rb"<dossiercode>([^<]*)</dossiercode>")


def raw_data_listing(organisation_ids, dossier_codes) -> dict[int, set[str]]:
    """G-2: per kept P-6 raw-data file (of a quarterly or annual report, or a request) of
    ``organisation_ids``, which of ``dossier_codes`` it lists; files listing none are left out.
    Each file is read once, whatever the number of codes."""
    wanted = set(dossier_codes)
    kept = db.session.scalars(
        select(ReportFile)
        .where(ReportFile.organisation_id.in_(organisation_ids), ReportFile.report_key == RAW_DATA)
        .order_by(ReportFile.id)
    )
    listing = {}
    for report_file in kept:
        content = report_file.stored_file.content
        listed = {code.decode() for code in DOSSIER_CODE.findall(content)} & wanted
        if listed:
            listing[report_file.id] = listed
        db.session.expire(report_file.stored_file)  # its bytes are not kept in memory
    return listing


def rewrite_raw_data_file(report_file_id: int) -> None:
    """G-2: one kept P-6 raw-data file written again from the database as it is now (after an
    erasure: without the erased youths' identity), under its own name; the other files of its
    set are not touched (a periodic report's ZIP is made from its files at download). In the
    caller's transaction."""
    report_file = db.session.get_one(ReportFile, report_file_id)
    organisation = db.session.get_one(Organisation, report_file.organisation_id)
    _, data = render(organisation, catalogue.report(RAW_DATA), *_period_of(report_file))
    _replace_content(report_file, data)
