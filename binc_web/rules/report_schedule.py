"""P-3 the calendar of the quarterly and annual reports, and P-4 the period of a report on
demand. Plain Python: no Flask, SQLAlchemy or WTForms.

The manual (14.1): on 1 May the report of Q1; on 1 August Q1 updated and Q2 new; on 1 November
Q1–Q2 updated and Q3 new; on 1 February Q1–Q3 of the previous year updated and Q4 new; on
1 March the annual report of the previous year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

YEAR = 0  # the "quarter" of an annual report

# P-3: a server that was down catches up every generation of the last year (a whole calendar
# cycle, so each period's latest edition is among them).
CATCH_UP = timedelta(days=366)

# P-4: a request "bezig" without progress for this long lost its job (the consumer died or
# was killed mid-job): it is shown as interrupted, with a retry. One report of the largest
# organisation takes seconds, so ten minutes without a finished file is no slow report.
STALLED_AFTER = timedelta(minutes=10)

MAX_PERIOD_MESSAGE = "De maximumperiode is 1 jaar: kies een einddatum tot en met {last}."
END_BEFORE_START = "De einddatum mag niet voor de begindatum liggen."


@dataclass(frozen=True, order=True)
class ReportPeriod:
    """A calendar quarter (1–4) or a whole year (quarter 0) of the P-3 reports."""

    year: int
    quarter: int

    @property
    def start(self) -> date:
        return date(self.year, 1 if self.quarter == YEAR else 3 * self.quarter - 2, 1)

    @property
    def end(self) -> date:
        """The last day, inclusive."""
        if self.quarter in (YEAR, 4):
            return date(self.year, 12, 31)
        return date(self.year, 3 * self.quarter + 1, 1) - timedelta(days=1)

    @property
    def label(self) -> str:
        """As listed in "Overzicht Binc Rapporten": "Kwartaal 2 2026", "Jaarrapport 2026"."""
        if self.quarter == YEAR:
            return f"Jaarrapport {self.year}"
        return f"Kwartaal {self.quarter} {self.year}"


def editions(period: ReportPeriod) -> tuple[date, ...]:
    """P-3: the dates on which the reports of ``period`` are made (the first) and updated."""
    year, following = period.year, period.year + 1
    if period.quarter == YEAR:
        return (date(following, 3, 1),)
    calendar = (date(year, 5, 1), date(year, 8, 1), date(year, 11, 1), date(following, 2, 1))
    return calendar[period.quarter - 1 :]


def due_editions(today: date) -> list[tuple[ReportPeriod, date]]:
    """P-3: for every period with an edition in the last year up to ``today``, its latest one.

    The task making them applies each at most once (the database refuses a second copy), so a
    missed day is caught up by the next run and an older edition superseded by a newer one is
    skipped: the files of the newer one replace it anyway.
    """
    earliest = today - CATCH_UP
    due = []
    for year in range(earliest.year - 1, today.year + 1):
        for quarter in (1, 2, 3, 4, YEAR):
            period = ReportPeriod(year, quarter)
            passed = [day for day in editions(period) if earliest <= day <= today]
            if passed:
                due.append((period, passed[-1]))
    return due


def worth_making(period: ReportPeriod, first_day: date | None) -> bool:
    """P-3: whether an organisation gets the reports of ``period``, ``first_day`` being the
    first day any of its dossiers shows (an aanmelding or a schakeling; None: no dossier).

    The catch-up makes what was missed, not what could never have been made: a period that
    ended before the organisation's first dossier has nothing to count, so a new installation
    (or a new organisation) gets no empty reports of the year before it started.
    """
    return first_day is not None and period.end >= first_day


def last_day_of_period(start: date) -> date:
    """P-4: the last end date a period starting on ``start`` may have (one year, inclusive)."""
    try:
        a_year_later = start.replace(year=start.year + 1)
    except ValueError:  # 29 February: a year later is 1 March
        a_year_later = date(start.year + 1, 3, 1)
    return a_year_later - timedelta(days=1)


def period_problems(start: date, end: date) -> list[str]:
    """P-4: a report on demand covers at most one year, end inclusive, and ends after it
    starts."""
    if end < start:
        return [END_BEFORE_START]
    last = last_day_of_period(start)
    if end > last:
        return [MAX_PERIOD_MESSAGE.format(last=last.strftime("%d/%m/%Y"))]
    return []


def is_stalled(status: str, last_progress: datetime, now: datetime) -> bool:
    """P-4: a running request whose job has shown no progress (its start, a file written)
    since ``last_progress`` for ``STALLED_AFTER``: its job is gone, the worker may retry."""
    return status == "bezig" and now - last_progress >= STALLED_AFTER
