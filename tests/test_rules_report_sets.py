"""P-1 the dossier sets of one dossier and P-2 the age groups, as plain rules
(``binc_web.rules.report_sets``); the sets in SQL, held equal to the rule, are tested in
``test_report_sets.py``."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from binc_web.rules.report_sets import (
    AGE_GROUPS,
    age_group,
    birth_date_range,
    years_before,
)


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
