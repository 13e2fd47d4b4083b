"""M-1: the typemodule catalogue as data, seeded from the FAQ's module lists."""

from __future__ import annotations

from dataclasses import dataclass

FUNCTIONS: dict[str, str] = {
    "contextbegeleiding": "contextbegeleiding",
    "verblijf": "verblijf",
    "dagbegeleiding_in_groep": "dagbegeleiding in groep",
    "ondersteunende_begeleiding": "ondersteunende begeleiding",
    "diagnostiek": "diagnostiek",
    "behandeling": "behandeling",
    "pleegzorg": "begeleiding pleeggezinnen",
    "naft": "NAFT",
    "een_gezin_een_plan": "1 Gezin 1 Plan",
}

# M-3: the unit in which benutting is registered, per module.
BENUTTING_UNITS: dict[str, str] = {
    "uren": "uren (per 0,25)",
    "nachten": "nachten",
    "dagen": "dagen",
    "dagdelen": "dagdelen (0,5 of 1)",
    "geen": "geen benutting",
}


@dataclass(frozen=True)
class ModuleDefinition:
    """One typemodule of the catalogue."""

    code: str
    name: str
    access: str
    function: str
    benutting_unit: str
    affects_groeipakket: bool = False
    groeipakket_until_18: bool = False


def _context(code: str, name: str, groeipakket: bool = False, until_18: bool = False):
    return ModuleDefinition(
        code, name, "RTJ", "contextbegeleiding", "uren", groeipakket, groeipakket_until_18=until_18
    )


def _verblijf(code: str, name: str, groeipakket: bool):
    return ModuleDefinition(code, name, "NRTJ", "verblijf", "nachten", groeipakket)


# The FAQ's lists: contextbegeleiding (in hours), verblijf (nights), dagbegeleiding in groep
# (days), ondersteunende begeleiding (dagdelen), and the modules with Groeipakket impact.
CATALOGUE: tuple[ModuleDefinition, ...] = (
    _context("CB-HER", "Contextbegeleiding in functie van positieve heroriëntering"),
    _context("CB-LAAG", "Contextbegeleiding laagintensief"),
    _context("CB-BREED", "Contextbegeleiding breedsporig"),
    _context("CB-KORT", "Contextbegeleiding kortdurend intensief"),
    _context("CB-DELICT", "Delictgerichte contextbegeleiding"),
    _context(
        "CB-AUTONOOM",
        "Contextbegeleiding in functie van autonoom wonen",
        groeipakket=True,
        until_18=True,
    ),
    _context(
        "CB-KWE",
        "Begeleiding in een kleinschalige wooneenheid",
        groeipakket=True,
        until_18=True,
    ),
    _context("CB-OUDER-KIND", "Contextbegeleiding voor (aanstaande) ouder(s) en kind(eren)"),
    _context("CB-CRISIS", "Contextbegeleiding in functie van crisis (crisishulp aan huis)"),
    _context("CRISISBEG", "Crisisbegeleiding (op verwijzing van crisismeldpunt)"),
    _context("CRISISINT", "Crisisinterventie (op verwijzing van crisismeldpunt)"),
    _verblijf("VB-LAAG", "Verblijf voor minderjarigen (lage frequentie)", True),
    _verblijf("VB-HOOG", "Verblijf voor minderjarigen (hoge frequentie)", True),
    _verblijf("VB-CRISIS", "Kortdurend crisisverblijf", False),
    _verblijf("VB-CRISISMP", "Crisisverblijf (op verwijzing crisismeldpunt)", False),
    _verblijf("VB-KAMER", "Kamertraining", True),
    _verblijf("VB-DIAG", "Verblijf in functie van diagnostiek", True),
    _verblijf("VB-OUDER-KIND", "Verblijf voor (aanstaande) ouder(s) en kind(eren)", False),
    _verblijf("VB-BEVEILIGD", "Beveiligend verblijf", True),
    _verblijf(
        "VB-PLEEG-OND",
        "Verblijf in pleeggezin (ondersteunend, korte duur of lage frequentie)",
        False,
    ),
    _verblijf("VB-PLEEG-PZ", "Verblijf in een pleeggezin (perspectiefzoekend)", True),
    _verblijf(
        "VB-PLEEG-PB",
        "Verblijf in een pleeggezin (perspectiefbiedend, hoge en lage frequentie)",
        True,
    ),
    _verblijf(
        "VB-BGD5",
        "Verblijf i.f.v. behandeling met geïntegreerde diagnostiek, tot 5 dagen per week",
        True,
    ),
    _verblijf(
        "VB-BGD7",
        "Verblijf i.f.v. behandeling met geïntegreerde diagnostiek, tot 7 dagen per week",
        True,
    ),
    _verblijf("VB-GES", "Verblijf voor minderjarigen met een GES+-problematiek", True),
    ModuleDefinition(
        "DAG-GROEP", "Dagbegeleiding in groep", "RTJ", "dagbegeleiding_in_groep", "dagen"
    ),
    ModuleDefinition(
        "OND-BEG", "Ondersteunende begeleiding", "NRTJ", "ondersteunende_begeleiding", "dagdelen"
    ),
    ModuleDefinition(
        "DIAG-KORT", "Kortdurende handelingsgerichte diagnostiek", "NRTJ", "diagnostiek", "geen"
    ),
    ModuleDefinition(
        "BEH-GD", "Behandeling met geïntegreerde diagnostiek", "NRTJ", "behandeling", "geen"
    ),
    ModuleDefinition("PLEEG-BEG", "Begeleiding voor pleeggezinnen", "NRTJ", "pleegzorg", "geen"),
    ModuleDefinition("NAFT", "NAFT onderwijs-welzijnstraject", "RTJ", "naft", "geen"),
    ModuleDefinition(
        "1G1P", "1 Gezin 1 Plan gezinsondersteuning", "RTJ", "een_gezin_een_plan", "geen"
    ),
)
