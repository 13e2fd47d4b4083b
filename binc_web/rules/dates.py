"""Convention 12: every date field has a plausible window (S-1, S-2, S-3, D-1, D-5, R-5).

A typing error such as 01/10/9999 or 01/10/1026 would otherwise be stored, shown on every
list and carried into date arithmetic. Each date field names one of these windows; the form
field (``binc_web.forms.DatumField``) and the registrations engine refuse a date outside it
with one Dutch message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# No youth, aanmelding or help in binc-web predates this day.
EARLIEST = date(1900, 1, 1)


@dataclass(frozen=True)
class DateWindow:
    """How far ahead of today a date field may go: 0 years means not after today."""

    years_ahead: int

    def latest(self, today: date) -> date:
        """The last day the field accepts: today, or 31 December a few years ahead."""
        if self.years_ahead == 0:
            return today
        return date(today.year + self.years_ahead, 12, 31)


# K-3/D-5: a birth date; D-1: the date of aanmelding and the start of a merged dossier.
IN_THE_PAST = DateWindow(0)
# S-1/S-2/S-3: beslissingen and schakelingen are registered now or shortly before they start,
# and a beslissing rarely runs beyond a few years (until the youth comes of age at the most).
TRAJECT = DateWindow(5)
# dates in a begin- or eindregistratie (e.g. the first gezinsplan) describe the past or
# the near future.
REGISTRATION = DateWindow(2)


def date_window_problem(
    value: date, window: DateWindow, today: date, subject: str = "De datum"
) -> str | None:
    """Convention 12: the Dutch message for a date outside its field's window, or None;
    ``subject`` names the field in the message ("De datum van aanmelding")."""
    if value < EARLIEST:
        return f"{subject} mag niet vóór {EARLIEST:%d/%m/%Y} liggen."
    latest = window.latest(today)
    if value > latest:
        if window.years_ahead == 0:
            return f"{subject} ligt in de toekomst."
        return f"{subject} mag niet na {latest:%d/%m/%Y} liggen."
    return None
