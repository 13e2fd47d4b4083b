"""R-6: when a begin- and eindregistratie is required, due and complete in time; what D-10 and
the "Actie nodig" list of the start page make of it.

Plain values in, plain values out. The overview computes the same status in SQL
(``dossiers.queries.br_status``); tests check that both agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from binc_web.rules.beslissingen import add_months

# R-6 (manual 4.3): the beginregistratie is filled in within three months of the start of help.
BEGIN_REGISTRATION_MONTHS = 3
# "Actie nodig": a beginregistratie due within this many days is listed (overdue ones too) ...
DUE_SOON_DAYS = 14
# ... and so is a dossier whose latest beslissing ends within this many days or has ended.
BESLISSING_ENDING_DAYS = 30

# R-6 status of a registration, as the overview (BR icon) and the dossier page show it.
VOLLEDIG, ONVOLLEDIG, NIET_VEREIST = "volledig", "onvolledig", "niet vereist"

KIND_LABELS = {"begin": "Beginregistratie", "eind": "Eindregistratie"}

# D-10/R-6: the aanmelder of a crisis intake (no registrations required).
CRISIS_AANMELDER = "crisismeldpunt"


def start_of_help(first_schakeling: date | None, datum_aanmelding: date | None) -> date | None:
    """R-6: help starts with the dossier's first schakeling; before there is one, the date of
    the aanmelding stands in for it."""
    return first_schakeling or datum_aanmelding


def begin_registration_deadline(start: date) -> date:
    """R-6: the last day to complete the beginregistratie in time."""
    return add_months(start, BEGIN_REGISTRATION_MONTHS)


def completed_in_time(completed_on: date, start: date | None) -> bool:
    """R-6: completed at the latest three months after the start of help (or before it began;
    without a known start there is no deadline to miss)."""
    return start is None or completed_on <= begin_registration_deadline(start)


def br_status(
    *, required: bool, complete: bool, completed_on: date | None, start: date | None
) -> str | None:
    """R-6 BR status on the overview: None when no beginregistratie is required (time-out,
    crisis intake, class), "volledig" (green) when it is complete and was completed within three
    months of the start of help, "onvolledig" (red) otherwise."""
    if not required:
        return None
    if complete and completed_on is not None and completed_in_time(completed_on, start):
        return VOLLEDIG
    return ONVOLLEDIG


def registration_status(*, required: bool, complete: bool) -> str:
    """R-6 on the dossier page: "niet vereist" for exempt dossiers, else complete or not."""
    if not required:
        return NIET_VEREIST
    return VOLLEDIG if complete else ONVOLLEDIG


def begin_registration_due(start: date, today: date) -> bool:
    """For "Actie nodig": the beginregistratie's deadline is at most 14 days away, or past."""
    return begin_registration_deadline(start) <= today + timedelta(days=DUE_SOON_DAYS)


def latest_start_due(today: date) -> date:
    """For "Actie nodig" in SQL: the latest start of help whose beginregistratie is due today
    (``begin_registration_due``). The deadline never decreases with the start, so the due
    starts are exactly those on or before this day."""
    limit = today + timedelta(days=DUE_SOON_DAYS)
    # Three months back and forth never ends after ``limit`` (the day is only ever cut to a
    # month's end), so this start is due; later days can still be due when that month is longer
    # than the deadline's (a start on 31/03 is due on 30/06): at most three steps forward.
    start = add_months(limit, -BEGIN_REGISTRATION_MONTHS)
    while begin_registration_deadline(start + timedelta(days=1)) <= limit:
        start += timedelta(days=1)
    return start


def beslissing_ending_limit(today: date) -> date:
    """For "Actie nodig": the last end date of a beslissing that counts as ending soon."""
    return today + timedelta(days=BESLISSING_ENDING_DAYS)


def beslissing_ending(einddatum: date, today: date) -> bool:
    """For "Actie nodig": the latest beslissing ends within 30 days or has ended."""
    return einddatum <= beslissing_ending_limit(today)


def closing_gaps(kind: str, saved: bool, missing_labels: Sequence[str]) -> list[str]:
    """D-10: what a begin- or eindregistratie still lacks before the dossier can close: the
    label of every missing mandatory parameter, or the registration itself when it was never
    saved."""
    label = KIND_LABELS[kind]
    if not saved:
        return [f"{label} (nog niet ingevuld)"]
    return [f"{label}: {missing}" for missing in missing_labels]
