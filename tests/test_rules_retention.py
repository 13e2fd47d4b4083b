"""G-2: who is due for erasure on a day (``binc_web.rules.retention``)."""

from datetime import date, timedelta

import pytest

from binc_web.rules.retention import is_due, kept_answers, latest_due_birth_date


@pytest.mark.parametrize(
    ("born", "today", "due"),
    [
        # The 35th birthday itself still counts as "until 35": erased the day after.
        (date(1990, 6, 15), date(2025, 6, 15), False),
        (date(1990, 6, 15), date(2025, 6, 16), True),
        (date(1990, 6, 15), date(2025, 6, 14), False),
        # Turning 35 on New Year's Eve: erased on 1 January.
        (date(1990, 12, 31), date(2025, 12, 31), False),
        (date(1990, 12, 31), date(2026, 1, 1), True),
        # Born on 29 February: 35 on 1 March of a year without one, erased on 2 March.
        (date(2008, 2, 29), date(2043, 2, 28), False),
        (date(2008, 2, 29), date(2043, 3, 1), False),
        (date(2008, 2, 29), date(2043, 3, 2), True),
        # (35 years after a leap year is never one: every 29 February youth turns 35 on 1 March.)
        (date(1996, 2, 29), date(2031, 3, 1), False),
        (date(1996, 2, 29), date(2031, 3, 2), True),
        # Born on 28 February or 1 March, in a leap year of erasure.
        (date(2009, 2, 28), date(2044, 2, 29), True),
        (date(2009, 3, 1), date(2044, 3, 1), False),
        (date(2009, 3, 1), date(2044, 3, 2), True),
        # Much older and much younger.
        (date(1950, 1, 1), date(2025, 6, 15), True),
        (date(2010, 7, 21), date(2025, 6, 15), False),
    ],
)
def test_g2_due_the_day_after_the_35th_birthday(born, today, due):
    assert is_due(born, today) is due
    assert (born <= latest_due_birth_date(today)) is due


def test_g2_the_query_bound_agrees_with_the_rule_on_every_day_of_eight_years():
    """Every erasure day from 2040 to 2047 (two leap years) and every birth date near it."""
    today = date(2040, 1, 1)
    while today < date(2048, 1, 1):
        bound = latest_due_birth_date(today)
        for offset in range(-3, 4):
            born = bound + timedelta(days=offset)
            assert is_due(born, today) is (born <= bound), (born, today)
        today += timedelta(days=1)


def test_g2_only_coded_answers_are_kept():
    types = {
        "school": "single",
        "vakken": "multiple",
        "uren": "number",
        "sinds": "date",
        "thuis": "yes_no",
        "ziek": "yes_no_unknown",
        "uitleg": "text",
    }
    answers = {
        "school": "bso",
        "vakken": ["a", "b"],
        "uren": 4,
        "sinds": "2026-01-02",
        "thuis": "ja",
        "ziek": "onbekend",
        "uitleg": "woont bij tante Mia",
        "oud": "x",
    }
    kept = kept_answers(types, answers)
    assert kept == {k: v for k, v in answers.items() if k not in ("uitleg", "oud")}
