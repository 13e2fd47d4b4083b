"""Convention 12: the plausible window of every date field (S-1, S-2, S-3, D-1, D-5, R-5)."""

from __future__ import annotations

from datetime import date

from binc_web.rules.dates import (
    IN_THE_PAST,
    REGISTRATION,
    TRAJECT,
    date_window_problem,
)

TODAY = date(2026, 6, 15)


def test_s1_s2_traject_dates_run_from_1900_to_five_years_ahead():
    assert date_window_problem(date(1900, 1, 1), TRAJECT, TODAY) is None
    assert date_window_problem(date(2031, 12, 31), TRAJECT, TODAY) is None
    assert (
        date_window_problem(date(2032, 1, 1), TRAJECT, TODAY, "De begindatum")
        == "De begindatum mag niet na 31/12/2031 liggen."
    )
    assert (
        date_window_problem(date(9999, 10, 1), TRAJECT, TODAY)
        == "De datum mag niet na 31/12/2031 liggen."
    )
    assert (
        date_window_problem(date(1899, 12, 31), TRAJECT, TODAY)
        == "De datum mag niet vóór 01/01/1900 liggen."
    )


def test_d1_d5_dates_in_the_past_end_today():
    assert date_window_problem(TODAY, IN_THE_PAST, TODAY) is None
    assert (
        date_window_problem(date(2026, 6, 16), IN_THE_PAST, TODAY, "De geboortedatum")
        == "De geboortedatum ligt in de toekomst."
    )


def test_r5_registration_dates_run_to_two_years_ahead():
    assert date_window_problem(date(2028, 12, 31), REGISTRATION, TODAY) is None
    assert date_window_problem(date(2029, 1, 1), REGISTRATION, TODAY) is not None
    assert date_window_problem(date(1, 1, 1), REGISTRATION, TODAY) is not None
