"""P-3 the calendar of the quarterly and annual reports and P-4 the period of a report on
demand, as plain rules (``binc_web.rules.report_schedule``); the generation itself is tested in
``test_reports_jobs.py``."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from binc_web.rules.report_schedule import (
    YEAR,
    ReportPeriod,
    due_editions,
    editions,
    is_stalled,
    period_problems,
    worth_making,
)


def test_p3_editions_follow_the_manual():
    assert editions(ReportPeriod(2026, 1)) == (
        date(2026, 5, 1),
        date(2026, 8, 1),
        date(2026, 11, 1),
        date(2027, 2, 1),
    )
    assert editions(ReportPeriod(2026, 2)) == (
        date(2026, 8, 1),
        date(2026, 11, 1),
        date(2027, 2, 1),
    )
    assert editions(ReportPeriod(2026, 3)) == (date(2026, 11, 1), date(2027, 2, 1))
    assert editions(ReportPeriod(2026, 4)) == (date(2027, 2, 1),)
    assert editions(ReportPeriod(2026, YEAR)) == (date(2027, 3, 1),)


def test_p3_periods_cover_their_quarter_and_year():
    assert (ReportPeriod(2026, 1).start, ReportPeriod(2026, 1).end) == (
        date(2026, 1, 1),
        date(2026, 3, 31),
    )
    assert (ReportPeriod(2026, 2).start, ReportPeriod(2026, 2).end) == (
        date(2026, 4, 1),
        date(2026, 6, 30),
    )
    assert ReportPeriod(2026, 3).end == date(2026, 9, 30)
    assert (ReportPeriod(2026, 4).start, ReportPeriod(2026, 4).end) == (
        date(2026, 10, 1),
        date(2026, 12, 31),
    )
    assert (ReportPeriod(2026, YEAR).start, ReportPeriod(2026, YEAR).end) == (
        date(2026, 1, 1),
        date(2026, 12, 31),
    )
    assert ReportPeriod(2026, YEAR).label == "Jaarrapport 2026"
    assert ReportPeriod(2026, 2).label == "Kwartaal 2 2026"


def test_p3_due_editions_name_the_latest_edition_of_each_period():
    due = dict(due_editions(date(2026, 11, 1)))
    assert due[ReportPeriod(2026, 1)] == due[ReportPeriod(2026, 2)] == date(2026, 11, 1)
    assert due[ReportPeriod(2026, 3)] == date(2026, 11, 1)
    assert ReportPeriod(2026, 4) not in due
    assert due[ReportPeriod(2025, 4)] == date(2026, 2, 1)
    assert due[ReportPeriod(2025, YEAR)] == date(2026, 3, 1)
    assert ReportPeriod(2024, YEAR) not in due  # its only edition is more than a year ago


# --- P-4 the period of a report on demand ---------------------------------------------------


def test_p4_a_period_of_one_year_inclusive_is_allowed_one_day_more_is_not():
    assert period_problems(date(2026, 1, 1), date(2026, 12, 31)) == []
    assert period_problems(date(2026, 3, 15), date(2026, 3, 15)) == []
    assert period_problems(date(2026, 1, 1), date(2027, 1, 1)) == [
        "De maximumperiode is 1 jaar: kies een einddatum tot en met 31/12/2026."
    ]
    assert period_problems(date(2024, 2, 29), date(2025, 2, 28)) == []
    assert period_problems(date(2024, 2, 29), date(2025, 3, 1)) != []
    assert period_problems(date(2026, 5, 2), date(2026, 5, 1)) == [
        "De einddatum mag niet voor de begindatum liggen."
    ]


def test_p3_the_catch_up_reaches_back_366_days_inclusive():
    """P-3: a server that was down for a year still makes the edition of exactly 366 days
    ago (the annual report of 2025, made on 1 March 2026), not one a day older."""
    assert dict(due_editions(date(2027, 3, 2)))[ReportPeriod(2025, YEAR)] == date(2026, 3, 1)
    assert ReportPeriod(2025, YEAR) not in dict(due_editions(date(2027, 3, 3)))


def test_p3_early_in_the_year_the_previous_years_last_editions_are_due():
    """P-3: on 15 January 2026 the catch-up still covers 2024's fourth quarter and annual
    report (made in February and March 2025)."""
    due = dict(due_editions(date(2026, 1, 15)))
    assert due[ReportPeriod(2024, 4)] == date(2025, 2, 1)
    assert due[ReportPeriod(2024, YEAR)] == date(2025, 3, 1)
    assert due[ReportPeriod(2025, 3)] == date(2025, 11, 1)


def test_p3_the_third_quarter_starts_in_july():
    assert (ReportPeriod(2026, 3).start, ReportPeriod(2026, 3).label) == (
        date(2026, 7, 1),
        "Kwartaal 3 2026",
    )


def test_p3_a_period_is_worth_making_if_it_ends_on_or_after_the_first_dossier_day():
    """P-3: the catch-up makes no reports of a period that ended before the organisation's
    first dossier: the last day of the period is enough, the day before it is not."""
    second_quarter = ReportPeriod(2026, 2)
    assert worth_making(second_quarter, date(2026, 4, 1))
    assert worth_making(second_quarter, date(2026, 6, 30))
    assert not worth_making(second_quarter, date(2026, 7, 1))
    assert worth_making(second_quarter, date(2020, 1, 1))
    assert worth_making(ReportPeriod(2025, YEAR), date(2025, 12, 31))
    assert not worth_making(ReportPeriod(2025, YEAR), date(2026, 1, 1))


def test_p3_an_organisation_without_dossiers_gets_no_reports():
    assert not worth_making(ReportPeriod(2026, 2), None)


NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def test_p4_a_running_request_is_stalled_after_exactly_ten_minutes_without_progress():
    assert is_stalled("bezig", NOW - timedelta(minutes=10), NOW)
    assert is_stalled("bezig", NOW - timedelta(hours=3), NOW)
    assert not is_stalled("bezig", NOW - timedelta(minutes=10) + timedelta(microseconds=1), NOW)
    assert not is_stalled("bezig", NOW, NOW)


def test_p4_only_a_running_request_stalls():
    long_ago = NOW - timedelta(days=1)
    for status in ("wachtend", "klaar", "mislukt", "Bezig", ""):
        assert not is_stalled(status, long_ago, NOW)
