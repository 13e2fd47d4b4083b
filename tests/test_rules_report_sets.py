"""P-1 the dossier sets of one dossier and P-2 the age groups, as plain rules
(``binc_web.rules.report_sets``); the sets in SQL, held equal to the rule, are tested in
``test_report_sets.py``."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from binc_web.rules.report_sets import (
    AGE_GROUPS,
    DossierSet,
    Period,
    age_group,
    birth_date_range,
    dossier_sets,
    years_before,
)

Q1 = Period(date(2026, 1, 1), date(2026, 3, 31))
OPG, A, L, ALLE = DossierSet.OPGESTART, DossierSet.AFGESLOTEN, DossierSet.LOPEND, DossierSet.ALLE


@settings(deadline=None)  # pure, but timed on a shared machine
@given(born=st.dates(date(1990, 1, 1), date(2030, 12, 31)), on=st.dates(date(2000, 1, 1)))
def test_p2_age_groups_by_birth_date_range_agree_with_the_age(born, on):
    group = age_group(born, on)
    for candidate in AGE_GROUPS:
        earliest_exclusive, latest = birth_date_range(candidate, on)
        inside = born <= latest and (earliest_exclusive is None or born > earliest_exclusive)
        assert inside == (candidate is group)


def test_p2_age_groups_on_birthdays():
    on = date(2026, 1, 1)
    assert age_group(date(2014, 1, 1), on).label == "12 - 14 jaar"  # 12 today
    assert age_group(date(2014, 1, 2), on).label == "6 - 11 jaar"  # 12 tomorrow
    assert age_group(date(2008, 1, 1), on).label == "18 jaar en ouder"
    assert age_group(date(2026, 1, 2), on) is None


def test_p2_age_on_29_february():
    assert years_before(date(2028, 2, 29), 13) == date(2015, 2, 28)
    assert age_group(date(2015, 3, 1), date(2028, 2, 29)).label == "12 - 14 jaar"
    assert age_group(date(2013, 2, 28), date(2028, 2, 29)).label == "15 - 17 jaar"


def test_p1_a_period_holds_its_days_both_ends_included_and_nothing_else():
    assert date(2026, 1, 1) in Q1 and date(2026, 3, 31) in Q1
    assert date(2025, 12, 31) not in Q1 and date(2026, 4, 1) not in Q1
    assert None not in Q1 and "2026-02-01" not in Q1


def test_p1_started_and_closed_in_the_period():
    assert dossier_sets(Q1, date(2026, 1, 1), date(2026, 3, 31), True) == {OPG, A, ALLE}
    assert dossier_sets(Q1, date(2026, 3, 31), date(2026, 3, 31), False) == {OPG, ALLE}


def test_p1_only_closing_makes_a_dossier_afgesloten():
    assert dossier_sets(Q1, date(2025, 5, 1), date(2026, 2, 1), False) == {L, ALLE}
    assert dossier_sets(Q1, date(2025, 5, 1), date(2026, 1, 1), True) == {A, ALLE}
    assert dossier_sets(Q1, date(2025, 5, 1), date(2025, 12, 31), True) == frozenset()


def test_p1_lopend_started_before_the_period_and_still_open():
    assert dossier_sets(Q1, date(2025, 12, 31), None, False) == {L, ALLE}
    assert dossier_sets(Q1, date(2026, 1, 1), None, False) == {OPG, ALLE}
    assert dossier_sets(Q1, date(2025, 12, 31), date(2026, 4, 1), True) == frozenset()


def test_p1_no_schakeling_or_a_later_start_is_in_no_set():
    assert dossier_sets(Q1, None, None, False) == frozenset()
    assert dossier_sets(Q1, None, None, True) == frozenset()
    assert dossier_sets(Q1, date(2026, 4, 1), None, False) == frozenset()


def test_p2_birth_date_ranges_of_the_groups():
    """P-2: on 1 January 2026 the 6 - 11 year olds are born after 1 January 2014 (12 today)
    up to 1 January 2020 (6 today); the oldest group has no lower bound."""
    on = date(2026, 1, 1)
    assert birth_date_range(AGE_GROUPS[1], on) == (date(2014, 1, 1), date(2020, 1, 1))
    assert birth_date_range(AGE_GROUPS[0], on) == (date(2020, 1, 1), date(2026, 1, 1))
    assert birth_date_range(AGE_GROUPS[-1], on) == (None, date(2008, 1, 1))


def test_p2_the_upper_bound_of_a_group_is_included():
    on = date(2026, 6, 1)
    assert age_group(date(2011, 6, 2), on).label == "12 - 14 jaar"  # 14, 15 tomorrow
    assert age_group(date(2008, 6, 2), on).label == "15 - 17 jaar"  # 17
    assert age_group(date(2020, 6, 2), on).label == "0 - 5 jaar"  # 5
