"""S-1 to S-6: jeugdhulpbeslissingen and schakelingen.

The functions take plain values (dates, module descriptions, the dossier's other schakelingen) and
return problems keyed by form field, so that the views only load, call and render. A *problem*
blocks saving; a *warning* (S-4) can be confirmed by the user.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from binc_web.rules.aanmelding import variant_for
from binc_web.rules.concurrency import NOT_MOST_RECENT, OPEN_SCHAKELING_EXISTS

# S-1: the kinds of beslissing, as the manual labels "Via toegangspoort".
KINDS = {False: "RTJ", True: "NRTJ"}

# S-1: a NAFT beslissing runs six months by default.
NAFT_MONTHS = 6

# S-2/S-3: the two kinds of schakeling and their titles in the manual.
START, VERLENGING = "start", "verlenging"
SCHAKELING_TITLES = {START: "Start Hulpaanbod", VERLENGING: "Verlenging"}

# S-2: the manual's explanations, shown as help texts at the two check boxes.
VERZEKERD_AANBOD_HELP = (
    "Vink aan wanneer het dossier valt onder art. 74 (verzekerd aanbod). Dit moet dan in elke "
    "schakeling van het dossier aangevinkt worden."
)
ZWAARTEPUNT_HELP = (
    "Vink aan wanneer het Groeipakket voor deze jongere niet geregeld wordt binnen de eigen "
    "voorziening, bijvoorbeeld wanneer de jongere grotendeels verblijft in een VAPH-voorziening. "
    "Niet aanvinken wanneer de jongere gedeeltelijk in de psychiatrie verblijft en u de kosten "
    "draagt. Aangevinkt stromen de gegevens van de schakeling niet door naar de uitbetaler van "
    "het Groeipakket."
)

DAGBEGELEIDING_ALONE = (
    "De module dagbegeleiding in groep kan enkel samen met een module contextbegeleiding "
    "ingezet worden."
)


@dataclass(frozen=True)
class ModuleChoice:
    """A typemodule as the rules need it: its id and its function (M-1)."""

    id: int
    function: str


@dataclass(frozen=True)
class Period:
    """A begin date and an optional end date (a beslissing always has one)."""

    begindatum: date
    einddatum: date | None


@dataclass(frozen=True)
class SchakelingFacts:
    """One existing schakeling of the dossier."""

    id: int
    begindatum: date
    einddatum: date | None
    module_ids: tuple[int, ...] = ()


def add_months(start: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it has no such day; beyond
    the calendar's ends, its first or last day (total on any stored date, convention 12)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    if year > date.max.year:
        return date.max
    if year < date.min.year:
        return date.min
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def naft_default_einddatum(begindatum: date) -> date:
    """S-1: a NAFT beslissing ends six months after it starts (the manual's standaardtermijn)."""
    return add_months(begindatum, NAFT_MONTHS)


# S-1: organisation kinds whose beslissing takes the standard term when its einddatum is left
# empty: NAFT (the manual) and 1 Gezin 1 Plan (fixed on RTJ like NAFT; see docs/decisions.md).
STANDARD_TERM_KINDS = frozenset({"naft", "een_gezin_een_plan"})


@dataclass(frozen=True)
class BeslissingVariant:
    """S-1: what the beslissing form of an organisation kind offers."""

    toegangspoort_choice: bool  # False: "Via toegangspoort (NRTJ)" is nee, as in the aanmelding
    standard_term: bool  # an empty einddatum takes six months from the begindatum
    one_module: bool  # NAFT: exactly one module


def beslissing_variant(kind: str) -> BeslissingVariant:
    """S-1: the beslissing form of an organisation kind follows its aanmelding (D-1)."""
    aanmelding = variant_for(kind)
    return BeslissingVariant(
        toegangspoort_choice=aanmelding.toegangspoort_choice if aanmelding else True,
        standard_term=kind in STANDARD_TERM_KINDS,
        one_module=kind == "naft",
    )


def beslissing_defaults(
    *,
    variant: BeslissingVariant,
    latest_einddatum: date | None,
    today: date,
    closed_on: date | None,
    aanmelding_via_toegangspoort: bool,
    approved_module_ids: Sequence[int],
) -> dict:
    """S-1: what a new beslissing proposes. It starts where the latest ended (a verlenging) or
    today, but on a closed dossier no later than the closing date (D-10); it is NRTJ when the
    aanmelding came via the toegangspoort; the organisation's only approved module is chosen.
    The einddatum stays empty: the standard term follows the begindatum actually chosen."""
    begindatum = latest_einddatum or today
    if closed_on is not None and begindatum > closed_on:
        begindatum = closed_on
    return {
        "begindatum": begindatum,
        "via_toegangspoort": variant.toegangspoort_choice and aanmelding_via_toegangspoort,
        "modules": list(approved_module_ids) if len(approved_module_ids) == 1 else [],
    }


def _period_problems(begindatum: date | None, einddatum: date | None) -> dict[str, str]:
    if begindatum and einddatum and einddatum < begindatum:
        return {"einddatum": "De einddatum mag niet voor de begindatum liggen."}
    return {}


def _closed_dossier_problems(
    begindatum: date | None, einddatum: date | None, closed_on: date | None
) -> dict[str, str]:
    """D-10: a closed dossier takes no schakeling that runs beyond its closing date."""
    if closed_on is None:
        return {}
    message = (
        f"Het dossier werd afgesloten op {closed_on:%d/%m/%Y}: een schakeling mag niet later "
        "lopen dan die datum."
    )
    if begindatum and begindatum > closed_on:
        return {"begindatum": message}
    if einddatum is None and begindatum is not None:
        return {"einddatum": message}
    if einddatum and einddatum > closed_on:
        return {"einddatum": message}
    return {}


def _module_problems(
    chosen: Sequence[ModuleChoice], allowed_ids: set[int], naft: bool
) -> dict[str, str]:
    if not chosen:
        return {"modules": "Kies minstens één module."}
    if any(module.id not in allowed_ids for module in chosen):
        return {"modules": "Kies enkel modules die goedgekeurd en actief zijn voor uw voorziening."}
    if naft and len(chosen) != 1:
        return {"modules": "Een NAFT-beslissing heeft precies één module."}
    return {}


def beslissing_problems(
    *,
    begindatum: date | None,
    einddatum: date | None,
    via_toegangspoort: bool,
    modules: Sequence[ModuleChoice],
    allowed_module_ids: set[int],
    naft: bool,
    closed_on: date | None = None,
) -> dict[str, str]:
    """S-1: a beslissing has a period, at least one allowed module; NAFT: RTJ and one module.

    Beslissingen may overlap each other (no rule between beslissingen). A closed dossier takes
    no beslissing beyond its closing date (D-10).
    """
    problems: dict[str, str] = {}
    if begindatum is None:
        problems["begindatum"] = "Vul de begindatum in."
    if einddatum is None:
        problems["einddatum"] = "Vul de einddatum in."
    if naft and via_toegangspoort:
        problems["via_toegangspoort"] = "Voor NAFT is ‘Via toegangspoort (NRTJ)’ altijd nee."
    problems = (
        _module_problems(modules, allowed_module_ids, naft)
        | _period_problems(begindatum, einddatum)
        | problems
    )
    if closed_on and begindatum and begindatum > closed_on:
        # Only the start counts: when help stops early, the beslissing is not shortened (FAQ).
        problems.setdefault(
            "begindatum",
            f"Het dossier werd afgesloten op {closed_on:%d/%m/%Y}: een nieuwe beslissing kan "
            "niet later beginnen.",
        )
    return problems


def most_recent(schakelingen: Sequence[SchakelingFacts]) -> SchakelingFacts | None:
    """S-5: the most recent schakeling is the one that started last (ties: the newest)."""
    return max(schakelingen, key=lambda s: (s.begindatum, s.id), default=None)


def open_schakeling(schakelingen: Sequence[SchakelingFacts]) -> SchakelingFacts | None:
    """S-5: the one schakeling without end date, if any."""
    return next((s for s in schakelingen if s.einddatum is None), None)


def schakeling_kind(previous: Sequence[SchakelingFacts]) -> str:
    """S-3: the first schakeling of a dossier is "Start Hulpaanbod", later ones "Verlenging"."""
    return VERLENGING if previous else START


def verlenging_defaults(previous: Sequence[SchakelingFacts]) -> tuple[date | None, tuple[int, ...]]:
    """S-3: a Verlenging starts on the end date of the previous schakeling, with its modules."""
    last = most_recent(previous)
    if last is None:
        return None, ()
    return last.einddatum, last.module_ids


def module_combination_problem(modules: Sequence[ModuleChoice]) -> str | None:
    """S-6: dagbegeleiding in groep only together with a contextbegeleiding module."""
    functions = {module.function for module in modules}
    if "dagbegeleiding_in_groep" in functions and "contextbegeleiding" not in functions:
        return DAGBEGELEIDING_ALONE
    return None


def schakeling_problems(
    *,
    begindatum: date | None,
    einddatum: date | None,
    modules: Sequence[ModuleChoice],
    allowed_module_ids: set[int],
    others: Sequence[SchakelingFacts],
    closed_on: date | None = None,
) -> dict[str, str]:
    """S-2, S-5, S-6 for a new or changed schakeling; ``others`` excludes the one being edited.

    A schakeling follows the previous one: it cannot start before the most recent other
    schakeling ends (a Verlenging starts on that very day), and none is added while another
    runs without end date: so the most recent is also the one added last.
    """
    problems: dict[str, str] = {}
    if begindatum is None:
        problems["begindatum"] = "Vul de begindatum in."
    problems |= _period_problems(begindatum, einddatum)
    problems |= _module_problems(modules, allowed_module_ids, naft=False)
    if "modules" not in problems:
        combination = module_combination_problem(modules)
        if combination:
            problems["modules"] = combination
    if open_schakeling(others) is not None:
        # The running schakeling is closed first (S-3): none slips in before or next to it.
        field = "einddatum" if einddatum is None else "begindatum"
        problems.setdefault(field, OPEN_SCHAKELING_EXISTS)
    previous = most_recent(others)
    if begindatum and previous and previous.einddatum and begindatum < previous.einddatum:
        problems.setdefault(
            "begindatum",
            "De begindatum mag niet voor de einddatum van de vorige schakeling "
            f"({previous.einddatum:%d/%m/%Y}) liggen.",
        )
    for field, message in _closed_dossier_problems(begindatum, einddatum, closed_on).items():
        problems.setdefault(field, message)
    return problems


def outside_beslissing_warning(schakeling: Period, beslissing: Period) -> str | None:
    """S-4: a schakeling that starts before, ends after, or starts after the end of its
    beslissing, to be confirmed."""
    reasons = []
    if schakeling.begindatum < beslissing.begindatum:
        reasons.append(f"begint vóór de beslissing ({beslissing.begindatum:%d/%m/%Y})")
    if beslissing.einddatum and schakeling.begindatum > beslissing.einddatum:
        # A start after the end implies an end after it: one reason says it all.
        reasons.append(f"begint na het einde van de beslissing ({beslissing.einddatum:%d/%m/%Y})")
    elif (
        schakeling.einddatum
        and beslissing.einddatum
        and schakeling.einddatum > beslissing.einddatum
    ):
        reasons.append(f"eindigt na de beslissing ({beslissing.einddatum:%d/%m/%Y})")
    if not reasons:
        return None
    return (
        "Let op: de schakeling "
        + " en ".join(reasons)
        + ". Bevestig als dit de reële situatie is, of pas de data aan."
    )


def edit_schakeling_problem(
    schakeling_id: int, schakelingen: Sequence[SchakelingFacts]
) -> str | None:
    """S-5: only the most recent schakeling of the dossier can be changed or deleted."""
    last = most_recent(schakelingen)
    if last is None or last.id != schakeling_id:
        return NOT_MOST_RECENT
    return None


MODULES_CHANGED = (
    "Elke wijziging in de effectief ingezette modules is een nieuwe schakeling. Vul de "
    "einddatum van deze schakeling in en voeg een nieuwe schakeling toe met de nieuwe modules."
)


def module_change_problem(current: Sequence[int], chosen: Sequence[int]) -> str | None:
    """S-2: a schakeling keeps its modules; another set of modules is a new schakeling (FAQ)."""
    if set(current) != set(chosen):
        return MODULES_CHANGED
    return None


def delete_beslissing_problem(schakelingen: int) -> str | None:
    """S-5: a beslissing can only be deleted without schakelingen."""
    if schakelingen:
        what = "de schakeling" if schakelingen == 1 else f"de {schakelingen} schakelingen"
        return (
            "Een beslissing kan enkel verwijderd worden als er geen schakelingen aan gekoppeld "
            f"zijn. Verwijder eerst {what}."
        )
    return None
