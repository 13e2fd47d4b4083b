"""C-3 "Bereken bezettingsgraad": the period rule and the formulas of NAFT manual chapter 11.

The database counts (``binc_web.figures.counts``); these functions do the arithmetic on what
it counted, per *piece*: a run of days of the period within one calendar month and with one
capacity. Pieces add up to the figure of a month (the chart), of a capacity segment (the
"Tellers en noemers" sheet) and of the whole period, so every figure is a sum of the same
numerators and denominators.

- NAFT: bezetting = started dossiers / Σ over the days of the period of
  capaciteit(dag) / dagen in het jaar(dag) × 100 %. Per piece the denominator is
  capacity × days / days in that year (a piece never crosses New Year).
- Other modules: bezetting = occupied module-days / Σ capaciteit(dag) × 100 %; the weighted
  average over the organisation's modules is Σ occupied / Σ capacity-days.

A period may reach past today (the manual limits it to one year, nothing more), but
bezetting is the capacity "daadwerkelijk bezet" (manual ch. 11): the figure counts the days up
to and including today, and the months after today's month are shown as "nog niet"
(``counted_end``, ``not_yet``; docs/decisions.md "C-3: a period reaching past today"). A
period that starts after today has nothing to count yet and is refused.

Fractions keep the arithmetic exact: the tests compare with a day-by-day count, not with a
rounded float.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from itertools import groupby

END_BEFORE_START = "De einddatum mag niet vóór de begindatum liggen."
PERIOD_TOO_LONG = (
    "De periode mag hoogstens 1 jaar zijn: kies een einddatum tot en met {last:%d/%m/%Y}."
)
CAPACITY_ZERO = "Bezetting kan niet berekend worden: de capaciteit is 0 in deze periode."
PERIOD_AFTER_TODAY = (
    "De periode begint na vandaag ({today:%d/%m/%Y}): er is nog niets te berekenen. "
    "Kies een begindatum tot en met vandaag."
)
COUNTED_UNTIL_TODAY = (
    "De periode loopt verder dan vandaag: de bezettingsgraad telt tot en met vandaag "
    "({today:%d/%m/%Y}). De dagen erna zijn nog niet voorbij en tellen niet mee; hun maanden "
    'tonen "nog niet".'
)
NOT_YET = "nog niet"


def last_day_within_a_year(start: date) -> date:
    """C-3: the last end date of a period of at most one year starting on ``start`` (the day
    before the same date a year later; 29/02 runs until 28/02)."""
    if start.month == 2 and start.day == 29:
        return date(start.year + 1, 2, 28)
    return date(start.year + 1, start.month, start.day) - timedelta(days=1)


def period_problem(start: date, end: date) -> str | None:
    """C-3: the Dutch message for a period that ends before it starts or is longer than a year
    (the end date counts: "tot en met"), or None."""
    if end < start:
        return END_BEFORE_START
    if start.year < 9999 and end > last_day_within_a_year(start):
        return PERIOD_TOO_LONG.format(last=last_day_within_a_year(start))
    return None


def future_problem(start: date, today: date) -> str | None:
    """C-3: the Dutch message for a period that starts after today (no day of it can have been
    occupied yet), or None."""
    return PERIOD_AFTER_TODAY.format(today=today) if start > today else None


def counted_end(end: date, today: date) -> date:
    """C-3: the last day the figure counts: the period's end date, or today when the period
    reaches past today (a later day cannot have been occupied yet)."""
    return min(end, today)


def not_yet(start: date, end: date, today: date) -> list[tuple[date, date]]:
    """C-3: the months of the period after today's month, as (first day, last day) pairs, shown
    as "nog niet"; today's own month is counted up to today."""
    after_this_month = (date(today.year, today.month, 1) + timedelta(days=32)).replace(day=1)
    first = max(start, after_this_month)
    return ranges(first, end, []) if first <= end else []


def days_in_year(year: int) -> int:
    """C-3: 366 in a leap year, else 365 (the NAFT formula's "aantal kalenderdagen jaar")."""
    return 366 if calendar.isleap(year) else 365


@dataclass(frozen=True)
class CapacityStep:
    """C-2: the capacity of a module from ``valid_from`` on (until the next step)."""

    valid_from: date
    capacity: int


def capacity_on(steps: Iterable[CapacityStep], day: date) -> int:
    """C-3: the capacity on ``day``: the latest step starting on or before it, else 0."""
    current = [step for step in steps if step.valid_from <= day]
    return max(current, key=lambda step: step.valid_from).capacity if current else 0


def ranges(start: date, end: date, change_days: Iterable[date]) -> list[tuple[date, date]]:
    """C-3: the period cut at each first of a month and at each day a capacity changes, as
    (first day, last day) pairs in order; the database counts per range."""
    cuts = {day for day in change_days if start < day <= end}
    month = date(start.year, start.month, 1)
    while True:
        month = (month + timedelta(days=32)).replace(day=1)
        if month > end:
            break
        cuts.add(month)
    firsts = [start, *sorted(cuts)]
    lasts = [day - timedelta(days=1) for day in firsts[1:]] + [end]
    return list(zip(firsts, lasts, strict=True))


@dataclass(frozen=True)
class Piece:
    """Days ``start``..``end`` (one month, one capacity) and what was counted in them."""

    start: date
    end: date
    capacity: int
    numerator: int

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def pieces(
    period_ranges: Sequence[tuple[date, date]],
    steps: Sequence[CapacityStep],
    numerators: dict[int, int],
) -> list[Piece]:
    """C-3: the pieces of one module: each range with its capacity and its count
    (``numerators`` by index of the range; a range without count counted nothing)."""
    return [
        Piece(first, last, capacity_on(steps, first), numerators.get(index, 0))
        for index, (first, last) in enumerate(period_ranges)
    ]


def denominator(piece: Piece, naft: bool) -> Fraction:
    """C-3: the piece's share of the denominator: capacity-days, or for NAFT capacity × days /
    days in the year."""
    if naft:
        return Fraction(piece.capacity * piece.days, days_in_year(piece.start.year))
    return Fraction(piece.capacity * piece.days)


@dataclass(frozen=True)
class Figure:
    """A bezetting over ``start``..``end``: numerator, denominator and the capacity (None when
    it changed within these days)."""

    start: date
    end: date
    numerator: int
    denominator: Fraction
    capacity: int | None = None

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def share(self) -> Fraction | None:
        """C-3: numerator / denominator (1 is 100 %), None when the capacity was 0 throughout."""
        return self.numerator / self.denominator if self.denominator else None


def combined(group: Sequence[Piece], naft: bool) -> Figure:
    """C-3: the figure of consecutive pieces: their numerators and denominators added."""
    capacities = {piece.capacity for piece in group}
    return Figure(
        group[0].start,
        group[-1].end,
        sum(piece.numerator for piece in group),
        sum((denominator(piece, naft) for piece in group), Fraction(0)),
        capacities.pop() if len(capacities) == 1 else None,
    )


def _grouped(all_pieces: Sequence[Piece], naft: bool, key: Callable) -> list[Figure]:
    return [combined(list(group), naft) for _key, group in groupby(all_pieces, key=key)]


def total(all_pieces: Sequence[Piece], naft: bool) -> Figure:
    """C-3: the bezetting of the whole period."""
    return combined(all_pieces, naft)


def per_month(all_pieces: Sequence[Piece], naft: bool) -> list[Figure]:
    """C-3: the bezetting per calendar month of the period (the chart's bars)."""
    return _grouped(all_pieces, naft, lambda piece: (piece.start.year, piece.start.month))


def per_segment(all_pieces: Sequence[Piece], naft: bool) -> list[Figure]:
    """C-5: the numerator and denominator per capacity segment (cut at New Year too, where the
    NAFT formula's number of days in the year may change)."""
    # groupby groups consecutive pieces only: a capacity that comes back starts a new segment.
    return _grouped(all_pieces, naft, lambda piece: (piece.capacity, piece.start.year))


def weighted_average(figures: Iterable[Figure]) -> Figure | None:
    """C-3: Σ occupied module-days / Σ capacity-days over the organisation's modules with
    capacity in the period; None when none had any (a module of capacity 0 weighs nothing)."""
    counted = [figure for figure in figures if figure.denominator]
    if not counted:
        return None
    return Figure(
        counted[0].start,
        counted[0].end,
        sum(figure.numerator for figure in counted),
        sum((figure.denominator for figure in counted), Fraction(0)),
    )


def capacity_changes(steps: Iterable[CapacityStep], start: date, end: date) -> list[date]:
    """C-3: the days within the period after its first day on which the capacity changes
    (marked on the chart)."""
    return sorted(
        step.valid_from
        for step in steps
        if start < step.valid_from <= end
        and capacity_on(steps, step.valid_from - timedelta(days=1)) != step.capacity
    )


def percentage_text(share: Fraction | None, decimals: int = 1) -> str:
    """C-3: a share as a Dutch percentage ("87,5 %"); "–" when it cannot be computed."""
    if share is None:
        return "–"
    return f"{float(share) * 100:.{decimals}f} %".replace(".", ",")


def number_text(value: Fraction | int) -> str:
    """C-3: a numerator or denominator in Dutch: whole numbers as they are, others with two
    decimals ("3,29")."""
    if Fraction(value).denominator == 1:
        return str(int(value))
    return f"{float(value):.2f}".replace(".", ",")
