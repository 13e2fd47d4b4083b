"""G-1: what the Groeipakket payer is told, as plain rules (FAQ "De modules met impact op het
Groeipakket", "Zwaartepunt verblijf ligt in een andere sector", and "Elke nacht worden alle
schakelingen waar deze modules zijn aan- of afgevinkt, verwerkt en bezorgd aan de uitbetaler van
het Groeipakket").

The payer holds, per youth (rijksregisternummer), organisation, module and start date, one
*period*: "this youth gets this module at this organisation from ``van`` until ``tot``" (no
``tot``: still running). Every change of the schakelingen is turned into rows that bring the
payer from what it was told before to what holds now: ``aan`` (this period holds; it replaces
an earlier ``aan`` with the same youth, organisation, module and start date) and ``uit`` (the
period told before no longer holds).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from binc_web.rules.modules import CATALOGUE

# G-1, FAQ "De modules met impact op het Groeipakket zijn: …": the catalogue codes of the eleven
# lines of the list (the two frequencies of verblijf voor minderjarigen are two modules).
GROEIPAKKET_MODULES: frozenset[str] = frozenset(
    module.code for module in CATALOGUE if module.affects_groeipakket
)
# G-1, FAQ "Opmerking: Voor de typemodules contextbegeleiding in functie van autonoom wonen en
# begeleiding in een kleinschalige wooneenheid is er slechts een effect op het Groeipakket tot de
# leeftijd van 18 jaar": the two autonomy modules.
AUTONOMY_MODULES: frozenset[str] = frozenset(
    module.code for module in CATALOGUE if module.groeipakket_until_18
)
AUTONOMY_AGE = 18

ON = "aan"
OFF = "uit"


@dataclass(frozen=True)
class ModuleFacts:
    """One module of one schakeling, with what G-1 needs of its youth and dossier."""

    schakeling_id: int
    module_code: str
    organisation_id: int
    rijksregisternummer: str
    birth_date: date
    begindatum: date
    einddatum: date | None
    zwaartepunt_andere_sector: bool
    # G-2: erased at 35, the youth's number is a stand-in that must never reach the payer.
    erased: bool = False


@dataclass(frozen=True)
class Period:
    """G-1: what the payer is told about one module of one schakeling."""

    rijksregisternummer: str
    organisation_id: int
    module_code: str
    van: date
    tot: date | None

    @property
    def payer_key(self) -> tuple[str, int, str, date]:
        """The payer's key of a period: an ``aan`` with the same key replaces the earlier one."""
        return (self.rijksregisternummer, self.organisation_id, self.module_code, self.van)


# A schakeling's module: (schakeling id, module code).
Key = tuple[int, str]


@dataclass(frozen=True)
class Change:
    """G-1: one row of the feed: ``period`` is ``aan`` (holds) or ``uit`` (withdrawn)."""

    key: Key
    status: str
    period: Period


def eighteenth_birthday(born: date) -> date:
    """The first day on which a youth born on ``born`` is 18 (``rules.clients.age_on``: a
    youth born on 29 February turns 18 on 1 March in a year without 29 February)."""
    try:
        return born.replace(year=born.year + AUTONOMY_AGE)
    except ValueError:
        return date(born.year + AUTONOMY_AGE, 3, 1)


def last_autonomy_day(born: date) -> date:
    """G-1: the last day an autonomy module counts for the Groeipakket: the day before the
    18th birthday."""
    return eighteenth_birthday(born) - timedelta(days=1)


def groeipakket_period(facts: ModuleFacts) -> Period | None:
    """G-1: the period the payer must know of for one module of one schakeling, or None.

    None when the module has no impact on the Groeipakket, the schakeling is marked
    "Zwaartepunt verblijf ligt in een andere sector" (the Groeipakket is then arranged in that
    other sector), or the youth was erased at 35 (G-2: no national number left). An autonomy
    module counts only until the day before the 18th birthday: its ``tot`` is capped there
    (also when the schakeling has no einddatum yet), and a schakeling that starts on or after
    the 18th birthday has no period at all.
    """
    if (
        facts.module_code not in GROEIPAKKET_MODULES
        or facts.zwaartepunt_andere_sector
        or facts.erased
    ):
        return None
    tot = facts.einddatum
    if facts.module_code in AUTONOMY_MODULES:
        last_day = last_autonomy_day(facts.birth_date)
        if facts.begindatum > last_day:
            return None
        tot = last_day if tot is None else min(tot, last_day)
    return Period(
        facts.rijksregisternummer, facts.organisation_id, facts.module_code, facts.begindatum, tot
    )


def desired_periods(facts: list[ModuleFacts]) -> dict[Key, Period]:
    """G-1: the periods that hold now, per schakeling and module."""
    periods = {}
    for fact in facts:
        period = groeipakket_period(fact)
        if period is not None:
            periods[(fact.schakeling_id, fact.module_code)] = period
    return periods


def feed_changes(announced: dict[Key, Period], desired: dict[Key, Period]) -> list[Change]:
    """G-1: the rows that bring the payer from ``announced`` (what it was told, rows not yet
    sent included) to ``desired``, per schakeling and module, in key order:

    - a period not told before: ``aan``;
    - a period told before that no longer holds (schakeling or module deleted, box "Zwaartepunt
      verblijf ligt in een andere sector" ticked, started after the 18th birthday): ``uit`` with
      the period as it was told;
    - another ``tot`` only: ``aan`` (it replaces the earlier one, same payer key);
    - another youth, organisation or start date: ``uit`` of the old period, ``aan`` of the new.
    """
    changes = []
    for key in sorted(announced.keys() | desired.keys()):
        old, new = announced.get(key), desired.get(key)
        if old == new:
            continue
        if old is not None and (new is None or old.payer_key != new.payer_key):
            changes.append(Change(key, OFF, old))
        if new is not None:
            changes.append(Change(key, ON, new))
    return changes
