"""M-3: benutting per day in the module's unit (FAQ), only between the opstartdag and the last
day of help with the module.

Amounts are kept as whole hundredths (1,25 uur → 125) so both databases add them exactly.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

# A typed amount: Dutch comma or a point, ASCII digits only (int()/Decimal() accept other
# scripts' digits, which nobody types on purpose).
_AMOUNT = re.compile(r"(-?)([0-9]{1,6})(?:[.,]([0-9]{1,6}))?")


@dataclass(frozen=True)
class UnitRule:
    """M-3: how benutting is typed in one unit: the step and the most per day."""

    unit: str
    label: str  # the unit as a column heading ("uren")
    step: Decimal
    per_day: Decimal
    step_message: str
    maximum_message: str


# The FAQ per module function: contextbegeleiding in hours per quarter; verblijf in nights
# actually spent in the organisation; dagbegeleiding in groep in days; ondersteunende
# begeleiding in dagdelen (0,5 or 1). Modules with unit "geen" register no benutting.
UNIT_RULES: dict[str, UnitRule] = {
    "uren": UnitRule(
        "uren",
        "uren",
        Decimal("0.25"),
        Decimal(24),
        "registreer uren in stappen van 0,25 (een kwartier).",
        "een dag telt hoogstens 24 uren.",
    ),
    "nachten": UnitRule(
        "nachten",
        "nachten",
        Decimal(1),
        Decimal(1),
        "een nacht telt als 1, niet in delen.",
        "hoogstens 1 nacht per dag.",
    ),
    "dagen": UnitRule(
        "dagen",
        "dagen",
        Decimal(1),
        Decimal(1),
        "een dag telt als 1, niet in delen.",
        "hoogstens 1 dag per dag.",
    ),
    "dagdelen": UnitRule(
        "dagdelen",
        "dagdelen",
        Decimal("0.5"),
        Decimal(1),
        "registreer 0,5 (een halve dag) of 1 (een volledige dag).",
        "hoogstens 1 (een volledige dag) per dag.",
    ),
}

# FAQ (crisisverblijf): contextcontacten not tied to a dossier are added as an organisation
# total per month, for the contextbegeleiding modules only. A month holds at most 31 × 24 hours.
ORGANISATION_TOTAL_MAXIMUM = Decimal(31 * 24)


def has_benutting(unit: str) -> bool:
    """M-3: whether a module with this unit registers benutting at all."""
    return unit in UNIT_RULES


def to_hundredths(amount: Decimal) -> int:
    """The stored form of an amount (exact: every allowed step is a whole number of 0,01)."""
    return int(amount * 100)


def format_amount(hundredths: int | None) -> str:
    """An amount as a Dutch worker types it: 125 → "1,25", 50 → "0,5", 300 → "3"."""
    if hundredths is None:
        return ""
    whole, rest = divmod(hundredths, 100)
    if not rest:
        return str(whole)
    return f"{whole},{rest:02d}".rstrip("0")


def parse_amount(text: str | None) -> tuple[Decimal | None, str | None]:
    """The amount typed in a cell: (value, None), (None, None) when empty, or (None, problem)
    without the day (the caller names it)."""
    text = (text or "").strip()
    if not text:
        return None, None
    match = _AMOUNT.fullmatch(text)
    if not match:
        return None, "vul een getal in, bijvoorbeeld 1 of 0,5."
    sign, whole, fraction = match.groups()
    if sign:
        return None, "de benutting kan niet negatief zijn."
    return Decimal(f"{whole}.{fraction or '0'}"), None


def amount_problem(amount: Decimal, rule: UnitRule) -> str | None:
    """M-3: an amount off the unit's step or above its most per day (the day is named by the
    caller)."""
    if amount > rule.per_day:
        return rule.maximum_message
    if amount % rule.step:
        return rule.step_message
    return None


def help_periods(
    schakelingen: Sequence[tuple[date, date | None]], today: date
) -> list[tuple[date, date]]:
    """M-3: the days of help with a module, from the periods of the schakelingen that deploy it
    (opstartdag to last day of help; a running schakeling up to today), merged and sorted."""
    periods = sorted((start, min(end or today, today)) for start, end in schakelingen)
    merged: list[tuple[date, date]] = []
    for start, end in periods:
        if end < start:
            continue  # starts in the future: nothing to register yet
        if merged and start <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def in_help(day: date, periods: Sequence[tuple[date, date]]) -> bool:
    """M-3: whether benutting can be registered on ``day``."""
    return any(start <= day <= end for start, end in periods)


def day_problem(day: date, periods: Sequence[tuple[date, date]], today: date) -> str | None:
    """M-3: why nothing can be registered on ``day`` (future, or outside the help), or None."""
    if day > today:
        return f"{day:%d/%m/%Y} ligt in de toekomst: registreer de benutting achteraf."
    if in_help(day, periods):
        return None
    return (
        f"{day:%d/%m/%Y} ligt buiten de hulp met deze module: registreer enkel van de "
        "opstartdag tot de laatste dag van de hulp."
    )


def cell_problem(
    day: date, text: str | None, rule: UnitRule, periods: Sequence[tuple[date, date]], today: date
) -> tuple[int | None, str | None]:
    """M-3: one day's typed benutting → (hundredths or None for empty, problem naming the day).

    Emptying a day is always allowed (a registration made in error must go away)."""
    amount, problem = parse_amount(text)
    if problem:
        return None, f"{day:%d/%m/%Y}: {problem}"
    if amount is None or amount == 0:
        return None, None
    problem = day_problem(day, periods, today)
    if problem:
        return None, problem
    problem = amount_problem(amount, rule)
    if problem:
        return None, f"{day:%d/%m/%Y}: {problem}"
    return to_hundredths(amount), None


def organisation_total_problem(text: str | None) -> tuple[int | None, str | None]:
    """M-3 (FAQ crisisverblijf): a month's organisation total of contextcontacten, in hours per
    quarter, at most every hour of the month."""
    amount, problem = parse_amount(text)
    if problem:
        return None, problem[0].upper() + problem[1:]
    if amount is None or amount == 0:
        return None, None
    if amount > ORGANISATION_TOTAL_MAXIMUM:
        return None, f"Een maand telt hoogstens {ORGANISATION_TOTAL_MAXIMUM} uren."
    if amount % UNIT_RULES["uren"].step:
        return None, "Registreer uren in stappen van 0,25 (een kwartier)."
    return to_hundredths(amount), None


def parse_month(text: str, today: date) -> date | None:
    """The month of a URL ("2026-11") as its first day, or None for junk or a month outside
    1900 … five years ahead (convention 12)."""
    match = re.fullmatch(r"([0-9]{4})-([0-9]{2})", text or "")
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12 or not 1900 <= year <= today.year + 5:
        return None
    return date(year, month, 1)


def month_days(first: date) -> list[date]:
    """Every day of the month that starts on ``first``."""
    following = next_month(first)
    return [first + timedelta(days=n) for n in range((following - first).days)]


def next_month(first: date) -> date:
    """The first day of the month after ``first``'s month."""
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def previous_month(first: date) -> date:
    """The first day of the month before ``first``'s month."""
    return date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)


def month_key(first: date) -> str:
    """A month as it appears in URLs: "2026-11"."""
    return f"{first.year:04d}-{first.month:02d}"


MONTH_NAMES = (
    "januari februari maart april mei juni juli augustus september oktober november december"
).split()


def month_label(first: date) -> str:
    """A month as a Dutch heading: "november 2026"."""
    return f"{MONTH_NAMES[first.month - 1]} {first.year}"


def conflict_message(day: date, current: int | None) -> str:
    """D-13 for one cell: a colleague saved this day after the page was shown; the first save
    stands, and saving again (now knowing it) replaces it."""
    now = format_amount(current) if current is not None else "leeg"
    return (
        f"{day:%d/%m/%Y}: iemand anders heeft deze dag intussen gewijzigd (nu: {now}). "
        "Uw waarde werd niet bewaard; controleer ze en bewaar opnieuw."
    )
