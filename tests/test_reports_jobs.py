"""P-3 the quarterly and annual reports on the manual's calendar, P-4 reports on demand with
their progress, P-5 download names, and the stored-files table behind them."""

from __future__ import annotations

import io
import os
import threading
import tracemalloc
import zipfile
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import openpyxl
import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import inspect
from werkzeug.http import parse_options_header

from binc_web import storage
from binc_web.extensions import db
from binc_web.jobs import huey
from binc_web.models import PeriodicReport, ReportFile, ReportRequest, StoredFile
from binc_web.reports import catalogue, generation, tasks
from binc_web.rules.report_schedule import (
    YEAR,
    ReportPeriod,
    due_editions,
    worth_making,
)
from binc_web.templating import BRUSSELS
from tests import factories, factories_jobs
from tests.conftest import csrf_token, on_postgresql
from tests.factories_jobs import (
    finished_request,
    periodic_report,
    use_tiny_catalogue,
)
from tests.factories_reports import traject

ALL_KEYS = [definition.key for definition in catalogue.REPORTS]


@pytest.fixture
def tiny(monkeypatch):
    """One quick report instead of the catalogue (the calendar tests make many sets)."""
    use_tiny_catalogue(monkeypatch)


def at_noon(day: date) -> time_machine.travel:
    """The clock at noon in Brussels on ``day`` (the calendar is about Belgian dates)."""
    return time_machine.travel(datetime.combine(day, time(12), BRUSSELS), tick=False)


# --- P-3 the schedule walked day by day -------------------------------------------------------


def state() -> dict[tuple[int, int, int], date]:
    """Every periodic report: (organisation, year, quarter) → its edition."""
    db.session.rollback()
    return {
        (r.organisation_id, r.year, r.quarter): r.edition
        for r in db.session.scalars(db.select(PeriodicReport))
    }


# The manual's calendar written out by hand for 2026 and the first months of 2027: on each
# date, these periods get a new or updated edition.
CALENDAR = {
    date(2026, 2, 1): [(2025, 1), (2025, 2), (2025, 3), (2025, 4)],
    date(2026, 3, 1): [(2025, YEAR)],
    date(2026, 5, 1): [(2026, 1)],
    date(2026, 8, 1): [(2026, 1), (2026, 2)],
    date(2026, 11, 1): [(2026, 1), (2026, 2), (2026, 3)],
    date(2027, 2, 1): [(2026, 1), (2026, 2), (2026, 3), (2026, 4)],
    date(2027, 3, 1): [(2026, YEAR)],
}
# The world's dossiers were registered (aanmelding) on 2 January 2026: no report of a period
# that ended before (P-3: nothing to count, nothing missed).
FIRST_AANMELDING = date(2026, 1, 2)


def test_p3_a_year_day_by_day_makes_exactly_the_manuals_reports(app, world, tiny):
    """The hourly task, run every day from 1 January 2026 to 31 March 2027, makes each
    quarter's and year's reports exactly on the manual's dates, each generation once, for
    every organisation with dossiers (not the agency), from its first dossier on."""
    organisations = [world.brug.id, world.anker.id]
    expected = {}
    day = date(2026, 1, 1)
    while day <= date(2027, 3, 31):
        for year, quarter in CALENDAR.get(day, []):
            if ReportPeriod(year, quarter).end < FIRST_AANMELDING:
                continue
            for org in organisations:
                expected[(org, year, quarter)] = day
        with at_noon(day):
            tasks.make_due_reports()
        assert state() == expected, day
        day += timedelta(days=1)
    files = db.session.scalar(db.select(db.func.count()).select_from(ReportFile))
    assert files == len(expected) * len(catalogue.REPORTS)
    # Replaced files are gone: the reports' files, nothing more (a ZIP is made on download).
    stored = db.session.scalar(db.select(db.func.count()).select_from(StoredFile))
    assert stored == files


def test_p3_a_new_installation_catches_up_the_last_year_from_the_first_dossier_on(app, world, tiny):
    """Installed on 1 January 2026 with De Brug's history since June 2025: the last year's
    editions of the periods since then are made, not those of 2024 nor of the first quarter
    of 2025; Het Anker (dossiers since 2 January 2026) gets none yet, an organisation
    without dossiers never."""
    traject(world.brug, date(2025, 6, 1))
    factories.organisation("Jeugdhulp Zonder Dossiers", "jeugdhulp")
    db.session.commit()
    with at_noon(date(2026, 1, 1)):
        tasks.make_due_reports()
    assert state() == {
        (world.brug.id, 2025, 2): date(2025, 11, 1),
        (world.brug.id, 2025, 3): date(2025, 11, 1),
    }
    with at_noon(date(2026, 3, 1)):
        tasks.make_due_reports()
    assert sorted(key for key in state() if key[0] != world.brug.id) == []
    assert sorted(quarter for org, year, quarter in state() if year == 2025) == [0, 2, 3, 4]


def test_p3_only_periods_since_the_first_dossier_are_worth_making():
    quarter = ReportPeriod(2025, 2)
    assert worth_making(quarter, date(2025, 6, 30))
    assert not worth_making(quarter, date(2025, 7, 1))
    assert worth_making(ReportPeriod(2025, YEAR), date(2025, 12, 31))
    assert not worth_making(quarter, None)


def test_p3_a_missed_calendar_date_is_caught_up_and_made_once(app, world, tiny):
    with at_noon(date(2026, 4, 30)):
        tasks.make_due_reports()
    before = state()
    assert (world.brug.id, 2026, 1) not in before
    with at_noon(date(2026, 5, 3)):  # the consumer was down on 1 May
        assert generation.make_due_reports(date(2026, 5, 3)) == 2  # Q1: De Brug, Het Anker
        assert generation.make_due_reports(date(2026, 5, 3)) == 0  # again: nothing twice
    assert state()[(world.brug.id, 2026, 1)] == date(2026, 5, 1)
    # Down from July to November: 1 August is superseded by 1 November.
    with at_noon(date(2026, 11, 2)):
        assert generation.make_due_reports(date(2026, 11, 2)) == 6
    after = state()
    assert [after[(world.brug.id, 2026, q)] for q in (1, 2, 3)] == [date(2026, 11, 1)] * 3


def test_p3_an_update_replaces_the_files_and_keeps_bijgewerkt_op(app, world, tiny, login_as):
    with at_noon(date(2026, 5, 1)):
        generation.make_due_reports(date(2026, 5, 1))
    report = periodic_report_of(world.brug.id, 2026, 1)
    first_files = {file.stored_file_id for file in report.files}
    created = report.created_at
    assert report.updated_at is None
    with at_noon(date(2026, 8, 1)):
        generation.make_due_reports(date(2026, 8, 1))
    db.session.expire_all()
    report = periodic_report_of(world.brug.id, 2026, 1)
    assert report.created_at == created
    assert report.updated_at is not None and report.updated_at > created
    assert {file.stored_file_id for file in report.files}.isdisjoint(first_files)
    assert db.session.scalar(db.select(db.func.count()).where(StoredFile.id.in_(first_files))) == 0
    response = login_as(world.jan, world.brug).get(f"/rapporten/{report.id}/zip")
    assert (
        "NAFT De Brug - Kwartaal 1 2026 - 01-08-2026.zip" in response.headers["Content-Disposition"]
    )


def periodic_report_of(organisation_id: int, year: int, quarter: int) -> PeriodicReport:
    return db.session.scalars(
        db.select(PeriodicReport).where(
            PeriodicReport.organisation_id == organisation_id,
            PeriodicReport.year == year,
            PeriodicReport.quarter == quarter,
        )
    ).one()


def test_p3_the_command_makes_the_reports_due_on_a_date(app, world, tiny):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["binc", "reports", "run-due", "--date", "2026-05-01"])
    assert result.exit_code == 0, result.output
    assert "rapportensets gemaakt of bijgewerkt" in result.output
    assert state()[(world.brug.id, 2026, 1)] == date(2026, 5, 1)
    again = runner.invoke(args=["binc", "reports", "run-due", "--date", "01/05/2026"])
    assert "0 rapportensets gemaakt" in again.output


def _race(app, target, *args):
    """Run ``target`` in two threads at once, each in its own app context and session."""
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            with app.app_context():
                barrier.wait()
                results.append(target(*args))
        except Exception as error:  # pragma: no cover - shown by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    return results


@pytest.mark.postgres
def test_p3_two_consumers_make_each_generation_once(app, world, tiny):
    """Two consumers running the schedule at the same moment: the database lets one make each
    report (new and updated), the other makes nothing."""

    def run_due(day):
        return generation.make_due_reports(day)

    due = len(  # Q1 2026: the catch-up of the last year stops at the world's first dossier
        [p for p, _ in due_editions(date(2026, 5, 1)) if worth_making(p, FIRST_AANMELDING)]
    )
    assert sum(_race(app, run_due, date(2026, 5, 1))) == 2 * due
    assert sum(_race(app, run_due, date(2026, 8, 1))) == 4  # Q1 updated, Q2 new, twice
    db.session.rollback()
    reports = db.session.scalar(db.select(db.func.count()).select_from(PeriodicReport))
    assert reports == 2 * (due + 1)
    files = db.session.scalar(db.select(db.func.count()).select_from(ReportFile))
    assert files == reports * len(catalogue.REPORTS)


@pytest.mark.postgres
def test_p3_two_consumers_racing_for_one_report_make_it_once(app, world, tiny):
    period = ReportPeriod(2026, 1)
    organisation_id = world.brug.id

    def make(edition):
        organisation = db.session.get_one(type(world.brug), organisation_id)
        return generation.make_periodic_report(organisation, period, edition)

    assert sorted(_race(app, make, date(2026, 5, 1))) == [False, True]
    assert sorted(_race(app, make, date(2026, 8, 1))) == [False, True]
    assert on_postgresql()


# --- "Overzicht Binc Rapporten" -------------------------------------------------------------


def test_p3_overview_lists_quarters_and_years_with_their_zip_and_files(app, world, tiny, login_as):
    traject(world.brug, date(2025, 1, 10))
    db.session.commit()
    with at_noon(date(2026, 3, 2)):
        generation.make_due_reports(date(2026, 3, 2))
    page = login_as(world.jan, world.brug).get("/rapporten/").get_data(as_text=True)
    assert "Jaarrapport 2025" in page and "Kwartaal 4 2025" in page
    assert page.index("Jaarrapport 2025") < page.index("Kwartaal 4 2025")
    assert "<details>" in page and "Download ZIP" in page
    report = periodic_report_of(world.brug.id, 2025, YEAR)
    for file in report.files:
        assert f"/rapporten/bestanden/{file.id}" in page
    response = login_as(world.jan, world.brug).get(f"/rapporten/{report.id}/zip")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert sorted(archive.namelist()) == sorted(f.stored_file.name for f in report.files)
    assert (
        "NAFT De Brug - Jaarrapport 2025 - 02-03-2026.zip"
        in response.headers["Content-Disposition"]
    )


def test_p3_overview_without_reports_says_so(world, login_as):
    page = login_as(world.jan, world.brug).get("/rapporten/").get_data(as_text=True)
    assert "Er zijn nog geen kwartaal- of jaarrapporten" in page
    assert "Overzicht Binc Rapporten" in page and "Nieuw rapport" in page


# --- P-4 Nieuw rapport, progress, download ----------------------------------------------------


def post_new(client, begindatum="01/01/2026", einddatum="31/03/2026", keys=None, token=None):
    data = {
        "csrf_token": token or csrf_token(client, "/rapporten/nieuw"),
        "begindatum": begindatum,
        "einddatum": einddatum,
        "rapporten": ALL_KEYS if keys is None else keys,
    }
    return client.post("/rapporten/nieuw", data=data)


def test_p4_new_report_shows_each_report_with_its_tables(world, login_as):
    page = login_as(world.jan, world.brug).get("/rapporten/nieuw").get_data(as_text=True)
    for definition in catalogue.REPORTS:
        assert f'value="{definition.key}"' in page
        for table in definition.tables:
            assert table in page
    assert "Genereer Rapporten" in page


def test_p4_a_request_is_generated_and_downloaded_under_its_p5_name(app, world, login_as):
    organisation = factories.organisation("Jeugdhulp L'Été à Gent", "jeugdhulp")
    factories.grant(world.jan, organisation, "medewerker")
    client = login_as(world.jan, organisation)
    with at_noon(date(2026, 4, 15)):
        response = post_new(client)
        assert response.status_code == 303
        assert response.headers["Location"].endswith("/rapporten/op-aanvraag")
        request = db.session.scalars(db.select(ReportRequest)).one()
        assert (request.status, request.done, request.organisation_id) == (
            "klaar",
            len(ALL_KEYS),
            organisation.id,
        )
        page = client.get("/rapporten/op-aanvraag").get_data(as_text=True)
        first = request.files[0]
        response = client.get(f"/rapporten/bestanden/{first.id}")
    assert 'role="progressbar"' in page and 'aria-valuenow="100"' in page
    assert "hx-trigger" not in page  # done: nothing polls
    definition = catalogue.report(first.report_key)
    name = f"Jeugdhulp L'Été à Gent - {definition.name} - 15-04-2026.{definition.extension}"
    assert first.stored_file.name == name
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''Jeugdhulp" in disposition and "%C3%89t%C3%A9" in disposition
    assert parse_options_header(disposition)[1]["filename"] == name
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.mimetype == definition.content_type
    if definition.extension == "xlsx":
        workbook = openpyxl.load_workbook(io.BytesIO(response.data))
        assert workbook.sheetnames


def test_p4_progress_polls_while_running_and_stops_when_done(app, world, tiny, login_as):
    request = generation.request_reports(
        world.brug.id, world.jan.id, date(2026, 1, 1), date(2026, 3, 31), ["klein-rapport"]
    )
    request.status = "bezig"
    db.session.commit()
    client = login_as(world.jan, world.brug)
    url = f"/rapporten/op-aanvraag/{request.id}"
    running = client.get(url, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert 'hx-trigger="every 1s"' in running and 'aria-valuenow="0"' in running
    assert "Bezig: 0 van" in running
    request.status = "wachtend"
    db.session.commit()
    waiting = client.get(url, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "In de wachtrij: 1 rapport" in waiting and 'hx-trigger="every 1s"' in waiting
    generation.generate_request(request.id)
    done = client.get(url, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "hx-trigger" not in done and 'aria-valuenow="100"' in done
    assert "Download" in done


def test_p4_a_failure_is_shown_with_a_retry_that_works(app, world, login_as, monkeypatch):
    definition = catalogue.REPORTS[0]

    def broken(stream, context):
        raise RuntimeError("kapot")

    monkeypatch.setattr(catalogue, "report", _broken_report(broken))
    client = login_as(world.jan, world.brug)
    assert post_new(client, keys=[definition.key]).status_code == 303
    request = db.session.scalars(db.select(ReportRequest)).one()
    assert request.status == "mislukt"
    page = client.get("/rapporten/op-aanvraag").get_data(as_text=True)
    assert "Het genereren van de rapporten is mislukt" in page and "Opnieuw proberen" in page
    monkeypatch.undo()
    token = csrf_token(client, "/rapporten/op-aanvraag")
    response = client.post(
        f"/rapporten/op-aanvraag/{request.id}/opnieuw",
        data={"csrf_token": token},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert 'aria-valuenow="100"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(ReportRequest, request.id).status == "klaar"


def _request_of_tiny_report(world) -> ReportRequest:
    request = generation.request_reports(
        world.brug.id, world.jan.id, date(2026, 1, 1), date(2026, 3, 31), ["klein-rapport"]
    )
    db.session.commit()
    return request


def _count(model) -> int:
    db.session.rollback()
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def _status(request: ReportRequest) -> str:
    db.session.rollback()  # what the jobs committed, not this session's copy
    return db.session.get_one(ReportRequest, request.id).status


def test_p4_a_request_run_twice_makes_its_files_once(app, world, tiny):
    """Huey may deliver a job twice (after a crash): the second run finds the request done."""
    request = _request_of_tiny_report(world)
    tasks.generate_request(request.id)
    tasks.generate_request(request.id)
    assert _status(request) == "klaar"
    assert (_count(ReportFile), _count(StoredFile)) == (1, 1)


class ConsumerKilled(BaseException):
    """The consumer process dying mid-job (no ``except Exception`` sees it)."""


def test_p4_a_request_stalled_by_a_dead_consumer_offers_a_retry_that_makes_it_once(
    app, world, tiny, login_as, monkeypatch
):
    started = datetime(2026, 4, 1, 10, 0, tzinfo=UTC)
    url = "/rapporten/op-aanvraag"
    with time_machine.travel(started, tick=False):
        request = _request_of_tiny_report(world)

        def dies_after_writing(stream, context):
            factories_jobs.write_tiny_report(stream, context)
            raise ConsumerKilled

        monkeypatch.setattr(catalogue, "report", _broken_report(dies_after_writing))
        with pytest.raises(ConsumerKilled):
            tasks.generate_request(request.id)
        monkeypatch.undo()
        use_tiny_catalogue(monkeypatch)
        client = login_as(world.jan, world.brug)
        page = client.get(f"{url}/{request.id}").get_data(as_text=True)
        assert "Bezig: 0 van 1 rapport klaar" in page and 'hx-trigger="every 1s"' in page
        tasks.generate_request(request.id)  # delivered again at once: the job is not stalled
        assert _status(request) == "bezig"
    with time_machine.travel(started + timedelta(minutes=11), tick=False):
        page = client.get(url).get_data(as_text=True)
        assert "Het genereren van de rapporten is onderbroken" in page
        assert "Opnieuw proberen" in page and "hx-trigger" not in page
        response = client.post(
            f"{url}/{request.id}/opnieuw",
            data={"csrf_token": csrf_token(client, url)},
            headers={"HX-Request": "true"},
        )
        assert 'aria-valuenow="100"' in response.get_data(as_text=True)
        # The first attempt, were it still alive, can no longer record anything.
        assert not generation._progress(request.id, 1, done=1)
    db.session.rollback()
    finished = db.session.get_one(ReportRequest, request.id)
    assert (finished.status, finished.attempt, finished.done) == ("klaar", 2, 1)
    assert (_count(ReportFile), _count(StoredFile)) == (1, 1)


def test_p4_a_stalled_request_is_taken_over_by_a_job_delivered_again(app, world, tiny):
    """After a crash, a second delivery of the job (later than ``STALLED_AFTER``) finishes it."""
    started = datetime(2026, 4, 1, 10, 0, tzinfo=UTC)
    with time_machine.travel(started, tick=False):
        request = _request_of_tiny_report(world)
        request.status = "bezig"
        db.session.commit()
    with time_machine.travel(started + timedelta(minutes=9), tick=False):
        tasks.generate_request(request.id)
        assert _status(request) == "bezig"
    with time_machine.travel(started + timedelta(minutes=10), tick=False):
        tasks.generate_request(request.id)
    assert _status(request) == "klaar"
    assert (_count(ReportFile), _count(StoredFile)) == (1, 1)


def _broken_report(write):
    """``catalogue.report`` whose reports fail while writing."""
    real = catalogue.report
    return lambda key: replace(real(key), write=write)


@pytest.mark.parametrize(
    ("begindatum", "einddatum", "keys", "message"),
    [
        ("01/01/2026", "01/01/2027", None, "De maximumperiode is 1 jaar"),
        ("01/04/2026", "31/03/2026", None, "De einddatum mag niet voor de begindatum liggen."),
        ("", "31/03/2026", None, "Vul de begindatum in."),
        ("01/01/2026", "31/03/2026", [], "Kies minstens één rapport."),
        ("01/01/2026", "31/03/2026", ["bestaat-niet"], "Kies enkel rapporten uit de lijst."),
        ("31/02/2026", "31/03/2026", None, "Vul een bestaande datum in"),
    ],
)
def test_p4_a_wrong_request_is_refused_with_a_dutch_message(
    world, login_as, begindatum, einddatum, keys, message
):
    response = post_new(login_as(world.jan, world.brug), begindatum, einddatum, keys)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(ReportRequest)) == 0


JUNK = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=40)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(begindatum=JUNK, einddatum=JUNK, keys=st.lists(JUNK, max_size=3))
def test_p4_junk_on_nieuw_rapport_stores_nothing(world, login_as, begindatum, einddatum, keys):
    client = login_as(world.jan, world.brug)
    response = post_new(client, begindatum, einddatum, keys)
    assert 400 <= response.status_code < 500
    assert db.session.scalar(db.select(db.func.count()).select_from(ReportRequest)) == 0
    assert db.session.scalar(db.select(db.func.count()).select_from(StoredFile)) == 0


def test_p4_requests_are_removed_after_7_days(app, world, tiny, login_as):
    with at_noon(date(2026, 4, 1)):
        request = finished_request(world.brug, world.jan)
        file_id = request.files[0].id
    client = login_as(world.jan, world.brug)
    with at_noon(date(2026, 4, 7)):
        tasks.remove_expired_requests()
        assert client.get(f"/rapporten/bestanden/{file_id}").status_code == 200
    with at_noon(date(2026, 4, 8)):
        # Past its 7 days it is gone from the list and the download even before the task ran.
        assert client.get(f"/rapporten/bestanden/{file_id}").status_code == 404
        assert "Er zijn geen aangevraagde rapporten" in client.get(
            "/rapporten/op-aanvraag"
        ).get_data(as_text=True)
        tasks.remove_expired_requests()
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count()).select_from(ReportRequest)) == 0
    assert db.session.scalar(db.select(db.func.count()).select_from(StoredFile)) == 0


def test_p4_the_removal_after_7_days_is_a_periodic_task_of_the_consumer():
    """The consumer's schedule runs the removal every hour, whatever else is running."""
    day = datetime(2026, 4, 8)
    runs = [
        day + timedelta(minutes=minute)
        for minute in range(24 * 60)
        if "remove_expired_requests"
        in {task.name for task in huey.read_periodic(day + timedelta(minutes=minute))}
    ]
    assert [(run.hour, run.minute) for run in runs] == [(hour, 35) for hour in range(24)]


def test_p4_only_the_organisation_that_asked_sees_its_requests(app, world, tiny, login_as):
    request = finished_request(world.brug, world.jan)
    report = periodic_report(world.brug)
    client = login_as(world.pieter, world.anker)
    assert "Periode 01/01/2026" not in client.get("/rapporten/op-aanvraag").get_data(as_text=True)
    assert "Kwartaal 1 2026" not in client.get("/rapporten/").get_data(as_text=True)
    for url in (
        f"/rapporten/op-aanvraag/{request.id}",
        f"/rapporten/bestanden/{request.files[0].id}",
        f"/rapporten/bestanden/{report.files[0].id}",
        f"/rapporten/{report.id}/zip",
    ):
        assert client.get(url).status_code == 404, url


# --- The stored files -------------------------------------------------------------------------


def test_stored_files_keep_size_and_sha256_and_load_bytes_only_on_download(app, world):
    storage.store(world.brug.id, "Ïnhoud.txt", "text/plain", b"inhoud " * 1000)
    db.session.commit()
    db.session.expunge_all()
    listed = db.session.scalars(db.select(StoredFile)).one()
    assert (listed.size, len(listed.sha256)) == (7000, 64)
    assert "content" not in inspect(listed).dict  # deferred: a list never loads the bytes
    assert listed.content == b"inhoud " * 1000


def test_stored_files_refuse_bytes_that_no_longer_match(app, world):
    stored = storage.store(world.brug.id, "a.txt", "text/plain", b"origineel")
    stored.content = b"gewijzigd"
    db.session.commit()
    with app.test_request_context(), pytest.raises(ValueError):
        storage.download(stored)


def test_stored_files_expire(app, world):
    storage.store(world.brug.id, "oud.txt", "text/plain", b"x", datetime(2026, 1, 1, tzinfo=UTC))
    storage.store(world.brug.id, "nieuw.txt", "text/plain", b"y", datetime(2026, 2, 1, tzinfo=UTC))
    storage.store(world.brug.id, "blijft.txt", "text/plain", b"z")
    db.session.commit()
    assert storage.remove_expired(datetime(2026, 1, 15, tzinfo=UTC)) == 1
    names = set(db.session.scalars(db.select(StoredFile.name)))
    assert names == {"nieuw.txt", "blijft.txt"}


def test_stored_files_zip_is_made_while_sent_one_file_in_memory_at_a_time(app, world, login_as):
    """P-3: the ZIP of a quarter is made from its stored files while it is sent (nothing stored
    twice); while it is sent, memory holds one file, not the archive."""
    report = PeriodicReport(
        organisation_id=world.brug.id, year=2026, quarter=1, edition=date(2026, 5, 1)
    )
    db.session.add(report)
    db.session.flush()
    contents = [os.urandom(3 * 1024 * 1024) for _ in range(4)]  # incompressible
    for position, content in enumerate(contents):
        stored = storage.store(world.brug.id, f"rapport {position}.bin", "text/plain", content)
        db.session.add(
            ReportFile(
                organisation_id=world.brug.id,
                periodic_report_id=report.id,
                report_key=f"r{position}",
                position=position,
                stored_file_id=stored.id,
            )
        )
    db.session.commit()
    del contents[:]
    files = [file.stored_file for file in report.files]

    with app.test_request_context():
        response = storage.download_archive("Kwartaal 1 2026.zip", files)
        del files  # the stream reads each file's bytes when its turn comes, not before
        db.session.expire_all()
        tracemalloc.start()
        sizes = [len(chunk) for chunk in response.response]
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()

    assert response.is_streamed and len(sizes) > 4 and sum(sizes) > 12 * 1024 * 1024
    assert peak < 7.5 * 1024 * 1024  # the archive is 12 MiB; one file is 3 MiB
    client = login_as(world.jan, world.brug)
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/rapporten/{report.id}/zip").data))
    assert archive.testzip() is None
    assert archive.namelist() == [f"rapport {position}.bin" for position in range(4)]
    assert db.session.scalar(db.select(db.func.count()).select_from(StoredFile)) == 4
