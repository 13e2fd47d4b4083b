"""C-1/C-2: capacities of an organisation's typemodules, from a date on, never overwritten."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

# C-2: a capacity is a number of places; more than this is a typing error, not a voorziening.
MAXIMUM_CAPACITY = 10000

DUPLICATE_START = (
    "Er is al een capaciteit voor deze typemodule vanaf {day:%d/%m/%Y} bij deze voorziening. "
    "Een capaciteit wordt nooit overschreven: kies een andere datum vanaf."
)


def capacity_problems(
    *,
    valid_from: date | None,
    capacity: int | None,
    verzekerd_aanbod: int | None,
    toelichting: str,
    existing_starts: Collection[date],
    approved: bool,
) -> dict[str, str]:
    """C-2: a new capacity row: a start date not used yet for the module, a number of places,
    a verzekerd aanbod within it, and a toelichting for the voorziening (by field name)."""
    problems: dict[str, str] = {}
    if valid_from is None:
        problems["vanaf"] = "Vul de datum in vanaf wanneer de capaciteit geldt."
    elif valid_from in existing_starts:
        problems["vanaf"] = DUPLICATE_START.format(day=valid_from)
    if capacity is None:
        problems["capaciteit"] = "Vul de capaciteit in."
    elif not 0 <= capacity <= MAXIMUM_CAPACITY:
        problems["capaciteit"] = f"De capaciteit ligt tussen 0 en {MAXIMUM_CAPACITY}."
    if verzekerd_aanbod is not None:
        if verzekerd_aanbod < 0:
            problems["verzekerd_aanbod"] = "Het verzekerd aanbod kan niet negatief zijn."
        elif capacity is not None and verzekerd_aanbod > capacity:
            problems["verzekerd_aanbod"] = (
                "Het verzekerd aanbod (art. 74) kan niet groter zijn dan de capaciteit."
            )
    if not toelichting.strip():
        problems["toelichting"] = "Licht de wijziging toe voor de voorziening."
    if not approved and "vanaf" not in problems:
        problems["typemodule"] = (
            "De voorziening is op die datum niet erkend voor deze typemodule (zie Moduledatabank)."
        )
    return problems


def current_capacity(rows: Sequence[tuple[date, int]], on: date) -> int | None:
    """C-1: what applies on ``on`` of (start, value) pairs: the value with the latest start up
    to that day (ties: the higher value, e.g. the newer row id)."""
    started = [row for row in rows if row[0] <= on]
    return max(started)[1] if started else None
