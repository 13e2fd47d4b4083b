"""C-3/C-4 rules without a database: the period, capacity per day, pieces, segments, months,
the weighted average, the wording of figures and the chart's geometry."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from binc_web.figures.chart import chart, month_label
from binc_web.rules.bezetting import (
    COUNTED_UNTIL_TODAY,
    NOT_YET,
    PERIOD_AFTER_TODAY,
    CapacityStep,
    Figure,
    Piece,
    capacity_changes,
    capacity_on,
    counted_end,
    denominator,
    future_problem,
    last_day_within_a_year,
    not_yet,
    number_text,
    per_month,
    per_segment,
    percentage_text,
    period_problem,
    pieces,
    ranges,
    total,
    weighted_average,
)
from binc_web.rules.inzet import deployed_in, shows_combination, started_in

D = date


@pytest.mark.parametrize(
    ("start", "last"),
    [
        (D(2026, 1, 1), D(2026, 12, 31)),
        (D(2024, 2, 29), D(2025, 2, 28)),
        (D(2024, 3, 1), D(2025, 2, 28)),
        (D(2023, 3, 1), D(2024, 2, 29)),
    ],
)
def test_c3_last_day_within_a_year(start, last):
    assert last_day_within_a_year(start) == last


def test_c3_period_problem():
    assert period_problem(D(2026, 1, 1), D(2026, 12, 31)) is None
    assert period_problem(D(2026, 1, 1), D(2026, 1, 1)) is None
    assert period_problem(D(2026, 1, 2), D(2026, 1, 1)) == (
        "De einddatum mag niet vóór de begindatum liggen."
    )
    # Total on any date (convention 12): no year 10000 is computed.
    assert period_problem(D(9999, 1, 1), D(9999, 12, 31)) is None
    assert period_problem(D(2026, 1, 1), D(2027, 1, 1)) == (
        "De periode mag hoogstens 1 jaar zijn: kies een einddatum tot en met 31/12/2026."
    )


def test_c3_capacity_on_a_day_is_the_latest_step_before_it():
    steps = [CapacityStep(D(2026, 7, 1), 26), CapacityStep(D(2025, 1, 1), 20)]
    assert capacity_on(steps, D(2024, 12, 31)) == 0
    assert capacity_on(steps, D(2025, 1, 1)) == 20
    assert capacity_on(steps, D(2026, 6, 30)) == 20
    assert capacity_on(steps, D(2026, 7, 1)) == 26


def test_c3_ranges_cut_at_months_and_capacity_changes():
    assert ranges(
        D(2026, 1, 20), D(2026, 3, 5), [D(2026, 2, 10), D(2026, 1, 20), D(2027, 1, 1)]
    ) == [
        (D(2026, 1, 20), D(2026, 1, 31)),
        (D(2026, 2, 1), D(2026, 2, 9)),
        (D(2026, 2, 10), D(2026, 2, 28)),
        (D(2026, 3, 1), D(2026, 3, 5)),
    ]
    assert ranges(D(2026, 5, 5), D(2026, 5, 5), []) == [(D(2026, 5, 5), D(2026, 5, 5))]


def test_c3_naft_denominator_uses_the_days_of_the_pieces_year():
    leap, plain = (
        Piece(D(2024, 7, 1), D(2024, 7, 31), 12, 0),
        Piece(D(2025, 1, 1), D(2025, 1, 31), 12, 0),
    )
    assert denominator(leap, naft=True) == Fraction(12 * 31, 366)
    assert denominator(plain, naft=True) == Fraction(12 * 31, 365)
    assert denominator(plain, naft=False) == 12 * 31


def test_c3_segments_months_and_total_add_up_the_same_pieces():
    """Case A of docs/figures.md, by piece."""
    steps = [CapacityStep(D(2025, 1, 1), 20), CapacityStep(D(2026, 7, 1), 26)]
    cut = ranges(D(2026, 1, 1), D(2026, 12, 31), [s.valid_from for s in steps])
    found = pieces(cut, steps, {1: 1, 6: 1, 11: 1})
    assert total(found, naft=True) == Figure(D(2026, 1, 1), D(2026, 12, 31), 3, Fraction(8404, 365))
    assert total(found, naft=True).share == Fraction(1095, 8404)
    segments = per_segment(found, naft=True)
    assert [(s.start, s.end, s.capacity, s.numerator) for s in segments] == [
        (D(2026, 1, 1), D(2026, 6, 30), 20, 1),
        (D(2026, 7, 1), D(2026, 12, 31), 26, 2),
    ]
    assert len(per_month(found, naft=True)) == 12
    assert per_month(found, naft=True)[1].share == Fraction(1) / Fraction(20 * 28, 365)


def test_c3_a_capacity_that_comes_back_is_a_new_segment_and_new_year_cuts_one():
    steps = [
        CapacityStep(D(2020, 1, 1), 2),
        CapacityStep(D(2024, 12, 15), 3),
        CapacityStep(D(2025, 2, 1), 2),
    ]
    cut = ranges(D(2024, 12, 1), D(2025, 3, 31), [s.valid_from for s in steps])
    segments = per_segment(pieces(cut, steps, {}), naft=False)
    assert [(s.start, s.end, s.capacity) for s in segments] == [
        (D(2024, 12, 1), D(2024, 12, 14), 2),
        (D(2024, 12, 15), D(2024, 12, 31), 3),
        (D(2025, 1, 1), D(2025, 1, 31), 3),
        (D(2025, 2, 1), D(2025, 3, 31), 2),
    ]
    months = per_month(pieces(cut, steps, {}), naft=False)
    assert [month.capacity for month in months] == [None, 3, 2, 2]
    assert capacity_changes(steps, D(2024, 12, 1), D(2025, 3, 31)) == [
        D(2024, 12, 15),
        D(2025, 2, 1),
    ]
    # A row that repeats the capacity is no change on the chart.
    assert capacity_changes(
        [*steps, CapacityStep(D(2025, 3, 1), 2)], D(2024, 12, 1), D(2025, 3, 31)
    ) == [
        D(2024, 12, 15),
        D(2025, 2, 1),
    ]


def test_c3_weighted_average_ignores_modules_without_capacity():
    first, last = D(2026, 3, 1), D(2026, 3, 31)
    figures = [
        Figure(first, last, 58, Fraction(62)),
        Figure(first, last, 15, Fraction(31)),
        Figure(first, last, 9, Fraction(0)),
    ]
    assert weighted_average(figures).share == Fraction(73, 93)
    assert weighted_average([Figure(first, last, 9, Fraction(0))]) is None
    assert Figure(first, last, 9, Fraction(0)).share is None


def test_c3_wording():
    assert percentage_text(Fraction(1095, 8404)) == "13,0 %"
    assert percentage_text(Fraction(2, 3), 0) == "67 %"
    assert percentage_text(None) == "–"
    assert number_text(Fraction(8404, 365)) == "23,02"
    assert number_text(Fraction(62)) == "62"
    assert number_text(7) == "7"


def test_c4_deployed_and_started():
    first, last = D(2026, 1, 1), D(2026, 3, 31)
    assert deployed_in(D(2025, 11, 1), D(2026, 1, 1), first, last)
    assert deployed_in(D(2026, 3, 31), None, first, last)
    assert not deployed_in(D(2025, 10, 1), D(2025, 12, 31), first, last)
    assert not deployed_in(D(2026, 4, 1), None, first, last)
    assert started_in(D(2026, 3, 31), first, last)
    assert not started_in(D(2025, 11, 1), first, last)
    assert shows_combination(2) and not shows_combination(1)


def test_c3_chart_bars_hundred_line_and_changes():
    months = [
        Figure(D(2026, 1, 1), D(2026, 1, 31), 1, Fraction(2)),
        Figure(D(2026, 2, 1), D(2026, 2, 28), 3, Fraction(2)),
        Figure(D(2026, 3, 1), D(2026, 3, 31), 0, Fraction(0)),
    ]
    drawn = chart(months, [(D(2026, 2, 15), 26)], [])
    heights = [bar.height for bar in drawn.bars]
    # 150 % is the highest bar: the scale runs to 160 %, and the empty month has no bar.
    assert drawn.grid[-1].label == "160 %"
    assert heights[2] == 0 and heights[1] == pytest.approx(3 * heights[0], abs=0.2)
    assert [bar.value for bar in drawn.bars] == ["50 %", "150 %", "–"]
    assert [bar.label for bar in drawn.bars] == ["jan 2026", "feb 2026", "mrt 2026"]
    assert drawn.top < drawn.hundred < drawn.bottom
    slot = drawn.bars[1].x - drawn.bars[0].x
    assert drawn.changes[0].label == "capaciteit 26"
    assert drawn.changes[0].position == pytest.approx(drawn.left + slot * (1 + 14 / 28), abs=0.1)
    assert month_label(D(2026, 5, 1)) == "mei 2026"


# The tests below each kill a mutant that survived `make mutants` (docs/testing.md).


@pytest.mark.parametrize(
    ("start", "last"),
    [
        (D(2026, 2, 10), D(2027, 2, 9)),  # February, not the 29th
        (D(2026, 3, 29), D(2027, 3, 28)),  # the 29th, not of February
    ],
)
def test_c3_last_day_within_a_year_only_29_february_is_special(start, last):
    assert last_day_within_a_year(start) == last


def test_c3_ranges_cut_at_a_change_on_the_last_day_and_a_month_starting_on_it():
    january = (D(2026, 1, 1), D(2026, 1, 31))
    assert ranges(*january, [D(2026, 1, 31)]) == [
        (D(2026, 1, 1), D(2026, 1, 30)),
        (D(2026, 1, 31), D(2026, 1, 31)),
    ]
    assert ranges(D(2026, 1, 15), D(2026, 2, 1), []) == [
        (D(2026, 1, 15), D(2026, 1, 31)),
        (D(2026, 2, 1), D(2026, 2, 1)),
    ]


def test_c3_naft_segments_use_the_naft_denominator():
    """Case A of docs/figures.md: the segments' denominators are capacity × days / 365."""
    steps = [CapacityStep(D(2025, 1, 1), 20), CapacityStep(D(2026, 7, 1), 26)]
    cut = ranges(D(2026, 1, 1), D(2026, 12, 31), [s.valid_from for s in steps])
    segments = per_segment(pieces(cut, steps, {}), naft=True)
    assert [s.denominator for s in segments] == [Fraction(20 * 181, 365), Fraction(26 * 184, 365)]


def test_c3_weighted_average_covers_the_period():
    first, last = D(2026, 3, 1), D(2026, 3, 31)
    only = Figure(first, last, 15, Fraction(31))
    assert weighted_average([only]) == only
    both = weighted_average([only, Figure(first, last, 58, Fraction(62))])
    assert (both.start, both.end, both.capacity) == (first, last, None)


def test_c3_capacity_changes_on_the_period_edges_and_on_consecutive_days():
    steps = [CapacityStep(D(2026, 1, 1), 2)]
    # The first day's capacity is no change within the period; the last day's is.
    assert capacity_changes(steps, D(2026, 1, 1), D(2026, 3, 31)) == []
    assert capacity_changes(steps, D(2025, 12, 1), D(2026, 1, 1)) == [D(2026, 1, 1)]
    back_next_day = [*steps, CapacityStep(D(2026, 2, 1), 3), CapacityStep(D(2026, 2, 2), 2)]
    assert capacity_changes(back_next_day, D(2026, 1, 1), D(2026, 3, 31)) == [
        D(2026, 2, 1),
        D(2026, 2, 2),
    ]


def test_c4_started_on_the_first_day_of_the_period():
    first, last = D(2026, 1, 1), D(2026, 3, 31)
    assert started_in(first, first, last)
    assert not started_in(D(2026, 4, 1), first, last)


# C-3 and today (docs/decisions.md "C-3: a period reaching past today"): bezetting is what
# was "daadwerkelijk bezet" (manual ch. 11), so the days after today do not count yet.


@pytest.mark.parametrize(
    ("end", "today", "counted"),
    [
        (D(2026, 12, 31), D(2026, 11, 30), D(2026, 11, 30)),  # reaches past today
        (D(2026, 11, 30), D(2026, 11, 30), D(2026, 11, 30)),  # ends today: today counts
        (D(2026, 3, 31), D(2026, 11, 30), D(2026, 3, 31)),  # in the past: the whole period
    ],
)
def test_c3_counted_end_is_today_when_the_period_reaches_past_it(end, today, counted):
    assert counted_end(end, today) == counted


def test_c3_the_months_after_today_are_not_yet():
    """Whole months after today's month; today's month is counted up to today."""
    assert not_yet(D(2026, 1, 1), D(2026, 12, 31), D(2026, 10, 15)) == [
        (D(2026, 11, 1), D(2026, 11, 30)),
        (D(2026, 12, 1), D(2026, 12, 31)),
    ]
    # An end in the middle of a month, the period's last month after today.
    assert not_yet(D(2026, 6, 10), D(2027, 1, 20), D(2026, 12, 31)) == [
        (D(2027, 1, 1), D(2027, 1, 20))
    ]
    # A period ending on the first day of a later month: that one day is not yet.
    assert not_yet(D(2026, 1, 1), D(2026, 12, 1), D(2026, 11, 15)) == [
        (D(2026, 12, 1), D(2026, 12, 1))
    ]
    # Ending in today's month or before: nothing later.
    assert not_yet(D(2026, 1, 1), D(2026, 11, 30), D(2026, 11, 1)) == []
    assert not_yet(D(2026, 1, 1), D(2026, 3, 31), D(2026, 11, 30)) == []


def test_c3_a_period_starting_after_today_cannot_be_computed_yet():
    today = D(2026, 11, 30)
    assert future_problem(D(2026, 12, 1), today) == PERIOD_AFTER_TODAY.format(today=today)
    assert "30/11/2026" in future_problem(D(2026, 12, 1), today)
    assert future_problem(today, today) is None
    assert future_problem(D(2026, 1, 1), today) is None


def test_c3_wording_of_a_period_reaching_past_today():
    assert NOT_YET == "nog niet"
    assert COUNTED_UNTIL_TODAY.format(today=D(2026, 11, 30)) == (
        "De periode loopt verder dan vandaag: de bezettingsgraad telt tot en met vandaag "
        "(30/11/2026). De dagen erna zijn nog niet voorbij en tellen niet mee; hun maanden "
        'tonen "nog niet".'
    )


def test_c3_chart_shows_the_months_after_today_as_not_yet():
    months = [Figure(D(2026, 11, 1), D(2026, 11, 15), 1, Fraction(2))]
    drawn = chart(months, [], [(D(2026, 12, 1), D(2026, 12, 31))])
    assert [bar.label for bar in drawn.bars] == ["nov 2026", "dec 2026"]
    assert [bar.value for bar in drawn.bars] == ["50 %", "nog niet"]
    assert drawn.bars[1].height == 0
