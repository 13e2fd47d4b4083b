"""M-1/M-3: the typemodule catalogue against the FAQ's module lists (seeds: "Modules
contextbegeleiding", "Modules verblijf", "De modules met impact op het Groeipakket"), and the
builders of its entries called directly (docs/testing.md: the catalogue itself is built at
import time, so only direct calls let mutation testing reach them)."""

from __future__ import annotations

from binc_web.rules.modules import (
    CATALOGUE,
    ModuleDefinition,
    context_module,
    verblijf_module,
)

# FAQ "Modules contextbegeleiding (i.f.v. autonoom wonen)": registered in hours.
FAQ_CONTEXTBEGELEIDING = {
    "contextbegeleiding in functie van positieve heroriëntering",
    "contextbegeleiding laagintensief",
    "contextbegeleiding breedsporig",
    "contextbegeleiding kortdurend intensief",
    "delictgerichte contextbegeleiding",
    "contextbegeleiding in functie van autonoom wonen",
    "begeleiding in een kleinschalige wooneenheid",
    "contextbegeleiding voor (aanstaande) ouder(s) en kind(eren)",
    "contextbegeleiding in functie van crisis (crisishulp aan huis)",
    "crisisbegeleiding (op verwijzing van crisismeldpunt)",
    "crisisinterventie (op verwijzing van crisismeldpunt)",
}

# FAQ "De modules met impact op het Groeipakket", one catalogue module per FAQ line (two for
# "verblijf voor minderjarigen, lage en hoge frequentie").
FAQ_GROEIPAKKET = {
    "kamertraining",
    "verblijf voor minderjarigen (lage frequentie)",
    "verblijf voor minderjarigen (hoge frequentie)",
    "beveiligend verblijf",
    "verblijf in functie van diagnostiek",
    "contextbegeleiding in functie van autonoom wonen",
    "begeleiding in een kleinschalige wooneenheid",
    "verblijf in een pleeggezin (perspectiefzoekend)",
    "verblijf in een pleeggezin (perspectiefbiedend, hoge en lage frequentie)",
    "verblijf i.f.v. behandeling met geïntegreerde diagnostiek, tot 5 dagen per week",
    "verblijf i.f.v. behandeling met geïntegreerde diagnostiek, tot 7 dagen per week",
    "verblijf voor minderjarigen met een ges+-problematiek",
}

# FAQ "Opmerking": only until 18 for these two.
FAQ_GROEIPAKKET_UNTIL_18 = {
    "contextbegeleiding in functie van autonoom wonen",
    "begeleiding in een kleinschalige wooneenheid",
}

# FAQ units of benutting per function (M-3).
FAQ_UNITS = {
    "contextbegeleiding": "uren",
    "verblijf": "nachten",
    "dagbegeleiding_in_groep": "dagen",
    "ondersteunende_begeleiding": "dagdelen",
}


def _names(predicate) -> set[str]:
    return {module.name.lower() for module in CATALOGUE if predicate(module)}


def test_m1_the_contextbegeleiding_modules_are_the_faqs_list():
    assert _names(lambda m: m.function == "contextbegeleiding") == FAQ_CONTEXTBEGELEIDING


def test_m1_the_groeipakket_modules_are_the_faqs_list_two_of_them_until_18():
    assert _names(lambda m: m.affects_groeipakket) == FAQ_GROEIPAKKET
    assert _names(lambda m: m.groeipakket_until_18) == FAQ_GROEIPAKKET_UNTIL_18


def test_m3_every_function_of_the_faq_has_its_unit_of_benutting():
    for module in CATALOGUE:
        if module.function in FAQ_UNITS:
            assert module.benutting_unit == FAQ_UNITS[module.function], module.name
    # "Kortdurende handelingsgerichte diagnostiek, behandeling met geïntegreerde diagnostiek en
    # Begeleiding voor pleeggezinnen moeten niet op deze manier worden geregistreerd."
    assert _names(lambda m: m.benutting_unit == "geen") >= {
        "kortdurende handelingsgerichte diagnostiek",
        "behandeling met geïntegreerde diagnostiek",
        "begeleiding voor pleeggezinnen",
    }


def test_m1_a_contextbegeleiding_module_is_rtj_in_hours_without_groeipakket():
    assert context_module("CB-LAAG", "Contextbegeleiding laagintensief") == ModuleDefinition(
        code="CB-LAAG",
        name="Contextbegeleiding laagintensief",
        access="RTJ",
        function="contextbegeleiding",
        benutting_unit="uren",
        affects_groeipakket=False,
        groeipakket_until_18=False,
    )


def test_m1_autonoom_wonen_affects_the_groeipakket_until_18():
    module = context_module(
        "CB-AUTONOOM",
        "Contextbegeleiding in functie van autonoom wonen",
        groeipakket=True,
        until_18=True,
    )
    assert (module.access, module.function, module.benutting_unit) == (
        "RTJ",
        "contextbegeleiding",
        "uren",
    )
    assert module.affects_groeipakket is True
    assert module.groeipakket_until_18 is True
    assert context_module("X", "Y", groeipakket=True).groeipakket_until_18 is False


def test_m1_a_verblijf_module_is_nrtj_in_nights_with_or_without_groeipakket():
    assert verblijf_module("VB-KAMER", "Kamertraining", True) == ModuleDefinition(
        code="VB-KAMER",
        name="Kamertraining",
        access="NRTJ",
        function="verblijf",
        benutting_unit="nachten",
        affects_groeipakket=True,
        groeipakket_until_18=False,
    )
    crisis = verblijf_module("VB-CRISIS", "Kortdurend crisisverblijf", False)
    assert crisis.affects_groeipakket is False
    assert (crisis.code, crisis.name) == ("VB-CRISIS", "Kortdurend crisisverblijf")
