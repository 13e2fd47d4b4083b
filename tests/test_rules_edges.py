"""Boundaries and exact messages of the small rules modules, pinned so that a one-line change
(mutation testing, docs/testing.md) turns a test red."""

from __future__ import annotations

import pytest

from binc_web.rules.beslissingen import delete_beslissing_problem
from binc_web.rules.clients import (
    context_person_check,
    identification_number_problems,
    register_line_check,
)
from binc_web.rules.klas import klas_problems
from binc_web.rules.lifecycle import NOT_CLOSED, approve_problem
from binc_web.rules.national_number import is_bis_number
from binc_web.rules.roles import grant_problems, revoke_problems
from tests.test_rules_clients import NUMBER, TODAY, register_line


@pytest.mark.parametrize(
    ("month", "bis"),
    [
        ("19", False),
        ("20", True),
        ("32", True),
        ("33", False),
        ("39", False),
        ("40", True),
        ("52", True),
        ("53", False),
    ],
)
def test_k1_bis_month_offsets_are_20_to_32_and_40_to_52(month, bis):
    assert is_bis_number(f"85{month}3003302") is bis


def test_a3_a_role_of_another_kind_of_organisation_names_that_kind():
    assert grant_problems("dossierbehandelaar", "naft", False) == [
        "De rol dossierbehandelaar kan niet toegekend worden binnen een NAFT-organisatie."
    ]
    assert grant_problems("beleidsmedewerker", "onbekend", False) == [
        "De rol beleidsmedewerker kan niet toegekend worden binnen een onbekend-organisatie."
    ]
    assert grant_problems("baas", "naft", False) == ["Kies een geldige rol."]
    assert grant_problems("medewerker", "naft", True) == [
        "Deze persoon heeft deze rol al voor deze voorziening."
    ]
    assert grant_problems("beheerder", "agency", False) == []


def test_a3_the_last_beheerder_stays_and_nobody_locks_themselves_out():
    assert revoke_problems("beheerder", 0, revoking_self=False) == [
        "Er moet minstens één beheerder overblijven voor deze voorziening."
    ]
    assert revoke_problems("beheerder", 1, revoking_self=True) == [
        "U kunt uw eigen rol als beheerder niet intrekken; vraag dit aan een collega."
    ]
    assert revoke_problems("beheerder", 1, revoking_self=False) == []
    assert revoke_problems("medewerker", 0, revoking_self=True) == []


def test_d12_approval_names_the_other_open_dossier():
    assert approve_problem(status="open", other_open_dossier=False, other_code=None) == NOT_CLOSED
    assert approve_problem(status="closed", other_open_dossier=True, other_code="BNC_1") == (
        "Er werd intussen een ander open dossier (BNC_1) gevonden voor deze cliënt bij deze "
        "voorziening. Het dossier kan niet heropend worden."
    )
    assert approve_problem(status="closed", other_open_dossier=False, other_code=None) is None


def test_k5_a_class_without_a_name_is_refused():
    assert klas_problems(None, "aso", "1", "1") == {"naam_klas": "Vul de naam van de klas in."}
    assert klas_problems("  ", "aso", "1", "1") == {"naam_klas": "Vul de naam van de klas in."}
    assert klas_problems("5C\x07", None, "5", "8") == {
        "naam_klas": "De naam van de klas bevat ongeldige tekens.",
        "onderwijsvorm": "Kies de onderwijsvorm uit de lijst.",
        "graad": "Kies de graad uit de lijst.",
        "leerjaar": "Kies het leerjaar uit de lijst.",
    }


MONTH_HINT = (
    "De maand (3de en 4de cijfer) is 01 tot 12 bij een rijksregisternummer; bij een "
    "BIS-nummer is ze verhoogd met 20 of 40 (21 tot 32 of 41 tot 52)."
)


@pytest.mark.parametrize(
    ("month", "explained"),
    [
        ("12", False),
        ("13", True),
        ("19", True),
        ("20", False),
        ("32", False),
        ("33", True),
        ("39", True),
        ("40", False),
        ("52", False),
        ("53", True),
    ],
)
def test_k1_an_impossible_month_is_explained(month, explained):
    _, problems = identification_number_problems(f"85{month}3003300")
    assert problems[0] == "Het controlegetal (laatste twee cijfers) klopt niet."
    assert (problems[1:] == [MONTH_HINT]) is explained


def test_k1_a_register_line_joins_its_number_problems_and_keeps_the_number():
    check = register_line_check(register_line(national_number="85133003300"), TODAY)
    assert check.problems["national_number"] == (
        f"Het controlegetal (laatste twee cijfers) klopt niet. {MONTH_HINT}"
    )
    assert check.values["national_number"] is None
    good = register_line_check(register_line(), TODAY)
    assert good.values["national_number"] == NUMBER
    missing = register_line_check(register_line(national_number=None, birth_date=""), TODAY)
    assert missing.problems["national_number"] == "Vul een rijksregisternummer of BIS-nummer in."
    assert missing.problems["birth_date"] == "Geboortedatum is verplicht."
    assert register_line_check(register_line(gender="q"), TODAY).problems == {
        "gender": "Geslacht moet M, V of X zijn."
    }


def test_k4_context_person_messages():
    missing = context_person_check({"relation": "", "family_name": "Peeters"})
    assert missing.missing == ["Relatie"] and missing.missing_fields == {"relation"}
    assert missing.problems == {"relation": "Relatie is verplicht."}
    wrong = context_person_check(
        {"relation": "buurman", "family_name": "Peeters", "phone": "abc", "email": "geen"}
    )
    assert wrong.problems == {
        "relation": "Kies een relatie uit de lijst.",
        "phone": "Een telefoonnummer bestaat uit cijfers, eventueel met +, spaties, punten of "
        "streepjes.",
        "email": "Vul een geldig e-mailadres in, bv. naam@voorbeeld.be.",
    }
    # A text problem is reported as such, not replaced by the list check.
    long = context_person_check({"relation": "x" * 81, "family_name": "Peeters"})
    assert long.problems == {"relation": "Relatie mag hoogstens 80 tekens tellen, niet 81."}


def test_s5_deleting_a_beslissing_with_schakelingen_says_what_to_do():
    assert delete_beslissing_problem(2) == (
        "Een beslissing kan enkel verwijderd worden als er geen schakelingen aan gekoppeld "
        "zijn. Verwijder eerst de schakeling(en)."
    )
