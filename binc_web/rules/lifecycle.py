"""D-10 "Afsluiten dossier", D-11 "Heropenen" and D-12 reopen requests.

Plain values in, named problems out: the views gather the facts of a dossier and show every
problem the rules return, so a refusal always says what to fix.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from binc_web.rules.beslissingen import add_months
from binc_web.rules.concurrency import ALREADY_CLOSED
from binc_web.rules.wording import count_noun

NOT_CLOSED = "Het dossier is niet afgesloten."

# D-11: a dossier whose last schakeling ended at most this long ago reopens without a request.
REOPEN_DIRECTLY_MONTHS = 12

# D-12: the states of a reopen request, as shown on the dossier.
REQUEST_PENDING, REQUEST_APPROVED, REQUEST_REJECTED = "aangevraagd", "goedgekeurd", "afgekeurd"
REQUEST_LABELS = {
    REQUEST_PENDING: "Aanvraag tot heropenen verzonden, in behandeling bij Opgroeien",
    REQUEST_APPROVED: "Aanvraag tot heropenen goedgekeurd",
    REQUEST_REJECTED: "Aanvraag tot heropenen afgekeurd",
}


@dataclass(frozen=True)
class ClosingFacts:
    """What D-10 needs to know of a dossier."""

    status: str
    beslissingen: int
    beslissingen_without_schakeling: int
    schakeling_einddatums: tuple[date | None, ...]
    registrations_exempt: bool
    missing_registrations: Sequence[str] = field(default_factory=tuple)


def registrations_exempt(*, klas: bool, time_out: bool, crisis_intake: bool) -> bool:
    """D-10: no begin- and eindregistratie is required for class dossiers, time-out (FAQ: the
    receiving organisation) and intakes via a crisismeldpunt."""
    return klas or time_out or crisis_intake


def close_problems(facts: ClosingFacts, today: date) -> list[str]:
    """D-10: every condition that keeps the dossier from being closed today, named."""
    if facts.status == "closed":
        return [ALREADY_CLOSED]
    problems = []
    if not facts.beslissingen:
        problems.append("Het dossier bevat nog geen beslissing.")
    if not facts.schakeling_einddatums:
        problems.append("Het dossier bevat nog geen schakeling.")
    without_end = sum(1 for end in facts.schakeling_einddatums if end is None)
    if without_end:
        problems.append(
            f"{count_noun(without_end, 'schakeling', 'schakelingen')} zonder einddatum: vul de "
            "einddatum van de laatste schakeling in."
        )
    # "In het verleden": the help has ended, so an end date of today counts as past.
    future = sum(1 for end in facts.schakeling_einddatums if end is not None and end > today)
    if future:
        problems.append(
            f"{count_noun(future, 'schakeling', 'schakelingen')} met een einddatum in de toekomst."
        )
    if not facts.registrations_exempt:
        problems.extend(
            f"Verplicht gegeven ontbreekt: {missing}" for missing in facts.missing_registrations
        )
    return problems


def close_warnings(facts: ClosingFacts) -> list[str]:
    """D-10: confirmable warnings; a beslissing without schakeling does not block closing."""
    if facts.beslissingen_without_schakeling:
        return [
            f"{count_noun(facts.beslissingen_without_schakeling, 'beslissing', 'beslissingen')} "
            "zonder schakeling. "
            "Bevestig dat u het dossier toch wilt afsluiten."
        ]
    return []


def closed_dossier_problem(
    *,
    status: str,
    closed_on: date | None,
    beslissingen: int,
    schakeling_einddatums: Sequence[date | None],
) -> str | None:
    """D-10: after a write, a closed dossier still has what closing required: at least one
    beslissing and one schakeling, every schakeling ended by the closing date."""
    if status != "closed":
        return None
    closed = (
        f"Het dossier werd afgesloten op {closed_on:%d/%m/%Y}"
        if closed_on
        else "Het dossier is afgesloten"
    )
    if not beslissingen:
        return (
            f"{closed} en behoudt minstens één beslissing. Heropen het dossier om dit te wijzigen."
        )
    if not schakeling_einddatums:
        return (
            f"{closed} en behoudt minstens één schakeling. Heropen het dossier om dit te wijzigen."
        )
    if any(end is None or (closed_on and end > closed_on) for end in schakeling_einddatums):
        return f"{closed}: elke schakeling eindigt uiterlijk op die datum."
    return None


def reopen_mode(
    *, status: str, last_schakeling_end: date | None, other_open_dossier: bool, today: date
) -> str | None:
    """D-11: "direct" when the last schakeling ended at most a year ago, "request" when longer
    ago, None when reopening is not possible (not closed, or another open dossier exists: the
    button is absent)."""
    if status != "closed" or other_open_dossier:
        return None
    if last_schakeling_end is None:
        return "direct"
    limit = add_months(last_schakeling_end, REOPEN_DIRECTLY_MONTHS)
    return "direct" if today <= limit else "request"


def approve_problem(*, status: str, other_open_dossier: bool, other_code: str | None) -> str | None:
    """D-12: approval re-checks that the dossier is still closed and no other one is open."""
    if status != "closed":
        return NOT_CLOSED
    if other_open_dossier:
        return (
            f"Er werd intussen een ander open dossier ({other_code}) gevonden voor deze cliënt "
            "bij deze voorziening. Het dossier kan niet heropend worden."
        )
    return None
