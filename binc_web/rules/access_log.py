"""Issue 16 "who read what": how long the access log is kept (docs/privacy.md)."""

from __future__ import annotations

from datetime import date

# Long enough for a youth or parent to ask who read the file over a whole traject and for the
# DPO to investigate afterwards; short enough that the log does not outgrow its purpose.
RETENTION_YEARS = 5


def access_log_cutoff(today: date, years: int = RETENTION_YEARS) -> date:
    """The first day whose access entries are kept: the same day ``years`` years ago (28
    February for 29 February)."""
    year = today.year - years
    try:
        return today.replace(year=year)
    except ValueError:  # 29 February in a year that has none
        return date(year, 2, 28)
