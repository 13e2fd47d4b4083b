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


def context_module(
    code: str, name: str, groeipakket: bool = False, until_18: bool = False
) -> ModuleDefinition:
    """M-1/M-3: a typemodule of the function contextbegeleiding (RTJ, benutting in hours)."""
    return ModuleDefinition(
        code, name, "RTJ", "contextbegeleiding", "uren", groeipakket, groeipakket_until_18=until_18
    )


def verblijf_module(code: str, name: str, groeipakket: bool) -> ModuleDefinition:
    """M-1/M-3: a typemodule of the function verblijf (NRTJ, benutting in nights)."""
    return ModuleDefinition(code, name, "NRTJ", "verblijf", "nachten", groeipakket)


# The FAQ's lists: contextbegeleiding (in hours), verblijf (nights), dagbegeleiding in groep
# (days), ondersteunende begeleiding (dagdelen), and the modules with Groeipakket impact.
CATALOGUE: tuple[ModuleDefinition, ...] = (
    context_module("CB-HER", "Contextbegeleiding in functie van positieve heroriëntering"),
    context_module("CB-LAAG", "Contextbegeleiding laagintensief"),
    context_module("CB-BREED", "Contextbegeleiding breedsporig"),
    context_module("CB-KORT", "Contextbegeleiding kortdurend intensief"),
    context_module("CB-DELICT", "Delictgerichte contextbegeleiding"),
    context_module(
        "CB-AUTONOOM",
        "Contextbegeleiding in functie van autonoom wonen",
        groeipakket=True,
        until_18=True,
    ),
    context_module(
        "CB-KWE",
        "Begeleiding in een kleinschalige wooneenheid",
        groeipakket=True,
        until_18=True,
    ),
    context_module("CB-OUDER-KIND", "Contextbegeleiding voor (aanstaande) ouder(s) en kind(eren)"),
    context_module("CB-CRISIS", "Contextbegeleiding in functie van crisis (crisishulp aan huis)"),
    context_module("CRISISBEG", "Crisisbegeleiding (op verwijzing van crisismeldpunt)"),
    context_module("CRISISINT", "Crisisinterventie (op verwijzing van crisismeldpunt)"),
    verblijf_module("VB-LAAG", "Verblijf voor minderjarigen (lage frequentie)", True),
    verblijf_module("VB-HOOG", "Verblijf voor minderjarigen (hoge frequentie)", True),
    verblijf_module("VB-CRISIS", "Kortdurend crisisverblijf", False),
    verblijf_module("VB-CRISISMP", "Crisisverblijf (op verwijzing crisismeldpunt)", False),
    verblijf_module("VB-KAMER", "Kamertraining", True),
    verblijf_module("VB-DIAG", "Verblijf in functie van diagnostiek", True),
    verblijf_module("VB-OUDER-KIND", "Verblijf voor (aanstaande) ouder(s) en kind(eren)", False),
    verblijf_module("VB-BEVEILIGD", "Beveiligend verblijf", True),
    verblijf_module(
        "VB-PLEEG-OND",
        "Verblijf in pleeggezin (ondersteunend, korte duur of lage frequentie)",
        False,
    ),
    verblijf_module("VB-PLEEG-PZ", "Verblijf in een pleeggezin (perspectiefzoekend)", True),
    verblijf_module(
        "VB-PLEEG-PB",
        "Verblijf in een pleeggezin (perspectiefbiedend, hoge en lage frequentie)",
        True,
    ),
    verblijf_module(
        "VB-BGD5",
        "Verblijf i.f.v. behandeling met geïntegreerde diagnostiek, tot 5 dagen per week",
        True,
    ),
    verblijf_module(
        "VB-BGD7",
        "Verblijf i.f.v. behandeling met geïntegreerde diagnostiek, tot 7 dagen per week",
        True,
    ),
    verblijf_module("VB-GES", "Verblijf voor minderjarigen met een GES+-problematiek", True),
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
