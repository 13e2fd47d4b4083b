"""C-3: the geometry of the bezetting chart, drawn as SVG by the template on the server (no
chart script, so the Content-Security-Policy stays as it is): a bar per month, the 100 % line
and a marker on each day the capacity changes."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from binc_web.rules.bezetting import NOT_YET, Figure, percentage_text

MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 16, 40  # margins for the axis labels


@dataclass(frozen=True)
class Bar:
    """One month: its rectangle (no height when the figure cannot be computed) and labels."""

    x: float
    y: float
    width: float
    height: float
    label: str
    value: str


@dataclass(frozen=True)
class Line:
    """A horizontal grid line (y) or a vertical marker (x) with its label."""

    position: float
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    right: float
    top: int
    bottom: float
    bars: list[Bar]
    grid: list[Line]
    hundred: float
    changes: list[Line]


def month_label(day: date) -> str:
    """ "jan 2026": the month of a bar."""
    return f"{MONTHS[day.month - 1]} {day.year}"


def chart(
    months: list[Figure], changes: list[tuple[date, int]], later: list[tuple[date, date]]
) -> Chart:
    """C-3: bars for ``months`` (in order) scaled so that 100 % and the highest bar fit, with
    ``changes`` as (day, new capacity) markers, then an empty bar "nog niet" for each month of
    ``later`` (after today)."""
    shares = [float(m.share) for m in months if m.share is not None]
    # The scale goes to the next 20 % above the highest bar, and at least to 120 %.
    top_share = max(1.2, math.ceil(max(shares, default=0) * 5 + 1e-9) / 5)
    bottom = HEIGHT - BOTTOM
    plot_height, plot_width = bottom - TOP, WIDTH - LEFT - RIGHT
    slot = plot_width / max(len(months) + len(later), 1)

    def y(share: float) -> float:
        return round(bottom - share / top_share * plot_height, 1)

    bars = [
        Bar(
            round(LEFT + i * slot + slot * 0.15, 1),
            y(float(m.share or 0)),
            round(slot * 0.7, 1),
            round(bottom - y(float(m.share or 0)), 1),
            month_label(m.start),
            percentage_text(m.share, 0),
        )
        for i, m in enumerate(months)
    ]
    bars += [
        Bar(
            round(LEFT + i * slot + slot * 0.15, 1),
            bottom,
            round(slot * 0.7, 1),
            0,
            month_label(first),
            NOT_YET,
        )
        for i, (first, _last) in enumerate(later, start=len(months))
    ]
    steps = round(top_share / 0.2)
    grid = [Line(y(k * 0.2), f"{k * 20} %") for k in range(steps + 1)]
    markers = [
        Line(round(LEFT + _offset(months, day) * slot, 1), f"capaciteit {capacity}")
        for day, capacity in changes
    ]
    return Chart(WIDTH, HEIGHT, LEFT, WIDTH - RIGHT, TOP, bottom, bars, grid, y(1.0), markers)


def _offset(months: list[Figure], day: date) -> Fraction:
    """How many bar slots from the left ``day`` lies (a change on the 16th of the second
    month of a 30-day month lies at 1.5)."""
    for i, month in enumerate(months):
        if month.start <= day <= month.end:
            return i + Fraction((day - month.start).days, month.days)
    return Fraction(len(months))
