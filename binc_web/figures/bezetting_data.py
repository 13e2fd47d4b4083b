"""C-3: the bezetting of a module and the weighted average, from the counts of
``figures.counts`` and the formulas of ``rules.bezetting``; used by the page and the export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from binc_web.figures import counts
from binc_web.models import TypeModule
from binc_web.rules.bezetting import (
    Figure,
    Piece,
    capacity_changes,
    counted_end,
    not_yet,
    per_month,
    per_segment,
    pieces,
    ranges,
    total,
    weighted_average,
)


@dataclass(frozen=True)
class ModuleBezetting:
    """The bezetting of one module: the pieces and what they add up to (each sum computed once:
    the page, its chart and the export read them several times)."""

    module: TypeModule
    naft: bool
    pieces: list[Piece]
    changes: list[date]

    @cached_property
    def total(self) -> Figure:
        return total(self.pieces, self.naft)

    @cached_property
    def months(self) -> list[Figure]:
        return per_month(self.pieces, self.naft)

    @cached_property
    def segments(self) -> list[Figure]:
        return per_segment(self.pieces, self.naft)


@dataclass(frozen=True)
class BezettingResult:
    """C-3: the chosen module, and the modules of the weighted average (None for NAFT, where
    it does not apply), over ``first``..``last`` as asked; the figures count up to
    ``counted_until`` (``last``, or today when the period reaches past it), and ``later`` are
    the months after today's month ("nog niet")."""

    first: date
    last: date
    chosen: ModuleBezetting
    averaged: list[ModuleBezetting] | None
    counted_until: date
    later: list[tuple[date, date]]

    @property
    def reaches_past_today(self) -> bool:
        return self.counted_until < self.last

    @cached_property
    def weighted(self) -> Figure | None:
        if self.averaged is None:
            return None
        return weighted_average(module.total for module in self.averaged)


def is_naft(module: TypeModule) -> bool:
    """C-3: the NAFT formula (started dossiers) applies to the NAFT module."""
    return module.function == "naft"


def compute(
    organisation_id: int,
    chosen: TypeModule,
    modules: list[TypeModule],
    first: date,
    last: date,
    today: date,
) -> BezettingResult:
    """C-3: the bezetting of ``chosen`` from ``first`` to ``last`` (inclusive), counted up to
    ``today`` at the latest (``first`` is not after it); for a module other than NAFT also the
    weighted average over ``modules`` (the organisation's modules other than NAFT). Four
    queries at most, whatever the number of dossiers."""
    averaged = [] if is_naft(chosen) else [m for m in modules if not is_naft(m)]
    ids = sorted({chosen.id, *(module.id for module in averaged)})
    steps = counts.capacity_steps(organisation_id, ids)
    change_days = [step.valid_from for module_steps in steps.values() for step in module_steps]
    until = counted_end(last, today)
    period_ranges = ranges(first, until, change_days)
    if is_naft(chosen):
        counted = counts.started_dossiers(organisation_id, [chosen.id], period_ranges)
    else:
        counted = counts.occupied_days(organisation_id, ids, period_ranges)

    def of(module: TypeModule) -> ModuleBezetting:
        numerators = {index: n for (m, index), n in counted.items() if m == module.id}
        return ModuleBezetting(
            module,
            is_naft(module),
            pieces(period_ranges, steps[module.id], numerators),
            capacity_changes(steps[module.id], first, until),
        )

    return BezettingResult(
        first,
        last,
        of(chosen),
        None if is_naft(chosen) else [of(m) for m in averaged],
        until,
        not_yet(first, last, today),
    )
