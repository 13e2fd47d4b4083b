"""R-6 rules of the registrations (status, deadline, "Actie nodig", D-10 gaps), and their SQL
mirror in the overview agreeing with them on every database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Date, literal, select

from binc_web.dossiers.queries import within_months
from binc_web.extensions import db
from binc_web.rules.registrations import (
    NIET_VEREIST,
    ONVOLLEDIG,
    VOLLEDIG,
    begin_registration_deadline,
    begin_registration_due,
    beslissing_ending,
    br_status,
    closing_gaps,
    completed_in_time,
    latest_start_due,
    registration_status,
    start_of_help,
)

DAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


def test_r6_help_starts_with_the_first_schakeling_else_the_aanmelding():
    assert start_of_help(date(2026, 2, 1), date(2026, 1, 5)) == date(2026, 2, 1)
    assert start_of_help(None, date(2026, 1, 5)) == date(2026, 1, 5)
    assert start_of_help(None, None) is None


@pytest.mark.parametrize(
    ("start", "deadline"),
    [
        (date(2026, 1, 15), date(2026, 4, 15)),
        (date(2025, 11, 30), date(2026, 2, 28)),  # no 30 February: the month's last day
        (date(2027, 11, 30), date(2028, 2, 29)),
        (date(2026, 10, 31), date(2027, 1, 31)),
    ],
)
def test_r6_the_beginregistratie_is_due_three_months_after_the_start(start, deadline):
    assert begin_registration_deadline(start) == deadline
    assert completed_in_time(deadline, start)
    assert not completed_in_time(deadline + timedelta(days=1), start)
    assert completed_in_time(start - timedelta(days=10), start)  # early is in time


def test_r6_br_status_green_red_or_none():
    start = date(2026, 1, 15)
    in_time, late = date(2026, 4, 15), date(2026, 4, 16)
    assert br_status(required=False, complete=False, completed_on=None, start=start) is None
    assert br_status(required=True, complete=True, completed_on=in_time, start=start) == VOLLEDIG
    assert br_status(required=True, complete=True, completed_on=late, start=start) == ONVOLLEDIG
    assert br_status(required=True, complete=False, completed_on=None, start=start) == ONVOLLEDIG
    assert br_status(required=True, complete=True, completed_on=late, start=None) == VOLLEDIG


def test_r6_status_on_the_dossier_page():
    assert registration_status(required=False, complete=True) == NIET_VEREIST
    assert registration_status(required=True, complete=True) == VOLLEDIG
    assert registration_status(required=True, complete=False) == ONVOLLEDIG


def test_r6_actie_nodig_from_fourteen_days_before_the_deadline():
    start = date(2026, 1, 15)  # deadline 15/04/2026
    assert not begin_registration_due(start, date(2026, 3, 31))
    assert begin_registration_due(start, date(2026, 4, 1))
    assert begin_registration_due(start, date(2026, 9, 1))  # overdue
    assert not beslissing_ending(date(2026, 5, 2), date(2026, 4, 1))
    assert beslissing_ending(date(2026, 5, 1), date(2026, 4, 1))
    assert beslissing_ending(date(2026, 1, 1), date(2026, 4, 1))  # ended


@settings(max_examples=200, deadline=None)
@given(today=DAYS)
def test_r6_latest_start_due_is_the_boundary_of_begin_registration_due(today):
    latest = latest_start_due(today)
    assert begin_registration_due(latest, today)
    assert not begin_registration_due(latest + timedelta(days=1), today)
    assert begin_registration_due(latest - timedelta(days=40), today)


@pytest.mark.parametrize(
    ("today", "latest"),
    [
        # Deadline 28/02/2026: a start on 28, 29 or 30 November is due by then (no such day in
        # February), 1 December is not.
        (date(2026, 2, 14), date(2025, 11, 30)),
        # Deadline 30/06/2026: 31 March is due by then (June has no 31st), 1 April is not.
        (date(2026, 6, 16), date(2026, 3, 31)),
        # Deadline 31/05/2026: 28 February 2026 is the last day before 1 March (due 01/06).
        (date(2026, 5, 17), date(2026, 2, 28)),
        (date(2026, 4, 1), date(2026, 1, 15)),
    ],
)
def test_r6_latest_start_due_at_the_ends_of_months(today, latest):
    assert latest_start_due(today) == latest


def test_d10_gaps_name_each_missing_parameter_or_the_registration():
    assert closing_gaps("begin", False, []) == ["Beginregistratie (nog niet ingevuld)"]
    assert closing_gaps("eind", True, ["Doelen bereikt", "Actoren"]) == [
        "Eindregistratie: Doelen bereikt",
        "Eindregistratie: Actoren",
    ]
    assert closing_gaps("begin", True, []) == []


# --- the SQL mirror (dossiers.queries) agrees with the rules ---


def sql_within(later: date, earlier: date) -> bool:
    expression = within_months(literal(later, Date), literal(earlier, Date), 3)
    return bool(db.session.scalar(select(expression)))


@pytest.mark.parametrize(
    ("completed_on", "start"),
    [
        (date(2026, 2, 28), date(2025, 11, 30)),
        (date(2026, 3, 1), date(2025, 11, 30)),
        (date(2028, 2, 29), date(2027, 11, 30)),
        (date(2026, 4, 30), date(2026, 1, 31)),
        (date(2026, 5, 1), date(2026, 1, 31)),
        (date(2025, 12, 31), date(2026, 1, 1)),
        (date(2027, 1, 1), date(2026, 10, 1)),
        (date(2027, 1, 2), date(2026, 10, 1)),
    ],
)
def test_r6_sql_three_months_agrees_with_the_rule_at_month_ends(app, completed_on, start):
    assert sql_within(completed_on, start) == completed_in_time(completed_on, start)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(completed_on=DAYS, start=DAYS)
def test_r6_sql_three_months_agrees_with_the_rule(app, completed_on, start):
    assert sql_within(completed_on, start) == completed_in_time(completed_on, start)
