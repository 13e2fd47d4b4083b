"""P-1: the dossier sets a report counts (opgestarte, afgesloten, lopende, alle dossiers).

The manual (14.3) defines them for a period, end inclusive:

- opgestarte dossiers: the first schakeling ("Start hulpaanbod") starts in the period;
- afgesloten dossiers: the last schakeling ends in the period and the dossier is closed (a worker
  sometimes fills in an end date before the help has really ended: only closing counts);
- lopende dossiers: the first schakeling started before the period and the dossier is open;
- alle dossiers: the union of the three, each dossier once.

A dossier without schakeling is in none of them. The end of the last schakeling is the latest
end date of the dossier's schakelingen (a closed dossier has one on every schakeling, D-10).
Reports select the sets in SQL (``binc_web.reports.counting``); ``dossier_sets`` is the same
rule for one dossier, and the tests hold the two equal.

Also the report's age groups (P-2), whose boundaries are dates so that the database can group
on them. Plain Python: no Flask, SQLAlchemy or WTForms.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class DossierSet(StrEnum):
    """P-1: the sets, in the order reports show them."""

    OPGESTART = "opgestart"
    AFGESLOTEN = "afgesloten"
    LOPEND = "lopend"
    ALLE = "alle"


SET_LABELS: dict[DossierSet, str] = {
    DossierSet.OPGESTART: "Opgestarte dossiers",
    DossierSet.AFGESLOTEN: "Afgesloten dossiers",
    DossierSet.LOPEND: "Lopende dossiers",
    DossierSet.ALLE: "Alle dossiers",
}

# P-1/P-2: the manual's definitions, printed in every report's header.
SET_DEFINITIONS: dict[DossierSet, str] = {
    DossierSet.OPGESTART: "startdatum 'Start hulpaanbod' (eerste schakeling) in de periode",
    DossierSet.AFGESLOTEN: (
        "einddatum hulpaanbod (laatste schakeling) in de periode én status dossier 'Afgesloten'"
    ),
    DossierSet.LOPEND: ("startdatum eerste schakeling vóór de periode én status dossier 'Open'"),
    DossierSet.ALLE: (
        "opgestarte, afgesloten en lopende dossiers samen; een dossier telt één keer"
    ),
}

NIET_INGEVULD = "Niet ingevuld"


@dataclass(frozen=True)
class Period:
    """P-4: a report period, both ends inclusive."""

    start: date
    end: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


def dossier_sets(
    period: Period, first_start: date | None, last_end: date | None, closed: bool
) -> frozenset[DossierSet]:
    """P-1: the sets a dossier belongs to, from the start of its first schakeling, the end of
    its last one (None while open-ended or without schakeling) and its status."""
    if first_start is None:
        return frozenset()
    found = set()
    if first_start in period:
        found.add(DossierSet.OPGESTART)
    if closed and last_end in period:
        found.add(DossierSet.AFGESLOTEN)
    if first_start < period.start and not closed:
        found.add(DossierSet.LOPEND)
    if found:
        found.add(DossierSet.ALLE)
    return frozenset(found)


@dataclass(frozen=True)
class AgeGroup:
    """P-2: an age group of "Aantal dossiers en minderjarigen": from ``low`` years up to and
    including ``high`` (None: no upper bound)."""

    label: str
    low: int
    high: int | None


AGE_GROUPS: tuple[AgeGroup, ...] = (
    AgeGroup("0 - 5 jaar", 0, 5),
    AgeGroup("6 - 11 jaar", 6, 11),
    AgeGroup("12 - 14 jaar", 12, 14),
    AgeGroup("15 - 17 jaar", 15, 17),
    AgeGroup("18 jaar en ouder", 18, None),
)


def years_before(day: date, years: int) -> date:
    """The same calendar day ``years`` earlier (29 February falls back to the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def birth_date_range(group: AgeGroup, on: date) -> tuple[date | None, date]:
    """P-2: the birth dates (exclusive lower bound or None, inclusive upper bound) of youths
    whose age on ``on`` falls in ``group``. Someone born on ``on`` minus n years is n on ``on``."""
    latest = years_before(on, group.low)
    earliest_exclusive = None if group.high is None else years_before(on, group.high + 1)
    return earliest_exclusive, latest


def age_on(birth_date: date, on: date) -> int:
    """P-2: completed years of age on ``on``."""
    before_birthday = (on.month, on.day) < (birth_date.month, birth_date.day)
    return on.year - birth_date.year - before_birthday


def age_group(birth_date: date, on: date) -> AgeGroup | None:
    """P-2: the age group of someone born on ``birth_date``, on ``on`` (None: not born yet)."""
    age = age_on(birth_date, on)
    for group in AGE_GROUPS:
        if age >= group.low and (group.high is None or age <= group.high):
            return group
    return None


@dataclass(frozen=True)
class DurationGroup:
    """P-2: a group of "Duur hulpaanbod": help that lasted at least ``low_days`` and less than
    ``high_days`` days (None: no upper bound)."""

    label: str
    low_days: int
    high_days: int | None


# Months as whole days, so that the database can compare them: 3 months = 91 days.
DURATION_GROUPS: tuple[DurationGroup, ...] = (
    DurationGroup("Minder dan 3 maanden", 0, 91),
    DurationGroup("3 tot 6 maanden", 91, 182),
    DurationGroup("6 tot 12 maanden", 182, 365),
    DurationGroup("12 maanden of langer", 365, None),
)
DURATION_DEFINITION = (
    "duur = einddatum laatste schakeling min startdatum eerste schakeling; "
    "3 maanden = 91 dagen, 6 maanden = 182 dagen, 12 maanden = 365 dagen"
)


VERLENGING_GROUPS: tuple[tuple[str, int, int | None], ...] = (
    ("Geen verlenging", 0, 0),
    ("1 verlenging", 1, 1),
    ("2 verlengingen", 2, 2),
    ("3 of meer verlengingen", 3, None),
)
