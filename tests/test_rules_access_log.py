"""How long the access log is kept (issue 16, docs/privacy.md): the plain rule
``binc_web.rules.access_log``; the purge itself is tested in ``test_privacy_access_log.py``."""

from __future__ import annotations

from datetime import date

from binc_web.rules.access_log import access_log_cutoff


def test_access_log_retention_cutoff_is_the_same_day_years_ago():
    assert access_log_cutoff(date(2026, 11, 30), 5) == date(2021, 11, 30)
    assert access_log_cutoff(date(2028, 2, 29), 5) == date(2023, 2, 28)
    assert access_log_cutoff(date(2026, 1, 1)) == date(2021, 1, 1)
