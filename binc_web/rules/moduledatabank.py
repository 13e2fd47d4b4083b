"""M-2: the moduledatabank: which typemodules an organisation is approved for, over which
period. A period is added or ended, never rewritten, so its history stays."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date


def overlaps(start: date, end: date | None, other_start: date, other_end: date | None) -> bool:
    """Whether two periods (an open end runs on forever) share a day."""
    return (end is None or other_start <= end) and (other_end is None or start <= other_end)


def approval_problems(
    valid_from: date | None,
    valid_until: date | None,
    existing: Sequence[tuple[date, date | None]],
) -> dict[str, str]:
    """M-2: a new approval period: a start, an end not before it, and no day in common with
    another approval of the same organisation and module (by field name)."""
    if valid_from is None:
        return {"vanaf": "Vul de datum in vanaf wanneer de voorziening erkend is."}
    if valid_until is not None and valid_until < valid_from:
        return {"tot": "De einddatum kan niet vóór de begindatum liggen."}
    for start, end in existing:
        if overlaps(valid_from, valid_until, start, end):
            until = f" tot {end:%d/%m/%Y}" if end else ""
            return {
                "vanaf": (
                    "De voorziening is in die periode al erkend voor deze typemodule "
                    f"(vanaf {start:%d/%m/%Y}{until}). Beëindig die erkenning eerst."
                )
            }
    return {}


def end_problem(valid_from: date, valid_until: date | None) -> str | None:
    """M-2: ending a running approval: a last day, not before the approval started. (An
    ended period is history: it is never ended again.)"""
    if valid_until is None:
        return "Vul de einddatum in."
    if valid_until < valid_from:
        return f"De einddatum kan niet vóór de begindatum ({valid_from:%d/%m/%Y}) liggen."
    return None


# G-1: an erkenningsnummer as the agency writes it (digits, letters, ".", "-", "/").
ERKENNINGSNUMMER = re.compile(r"[0-9A-Za-z][0-9A-Za-z./-]{0,19}")


def erkenningsnummer_problem(text: str) -> str | None:
    """G-1: the problem with an erkenningsnummer typed for a voorziening, or None (empty:
    none known yet)."""
    if text and not ERKENNINGSNUMMER.fullmatch(text):
        return (
            "Het erkenningsnummer bestaat uit hoogstens 20 cijfers en letters (met punten, "
            "streepjes of schuine strepen ertussen)."
        )
    return None


def active_on(period: tuple[date, date | None], on: date) -> bool:
    """M-2: whether an approval period covers ``on`` (schakelingen offer only these modules)."""
    start, end = period
    return start <= on and (end is None or on <= end)


# M-2 bulk loading: the columns of a moduledatabank CSV file (header name → field name).
MODULEDATABANK_COLUMNS: dict[str, str] = {
    "voorziening": "organisation",
    "typemodule": "code",
    "vanaf": "valid_from",
    "tot": "valid_until",
}
