"""Rules of SPEC.md as plain functions (no Flask, SQLAlchemy or WTForms in binc_web/rules)."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.be import nn

from binc_web.rules.dossier_code import dossier_code
from binc_web.rules.modules import BENUTTING_UNITS, CATALOGUE, FUNCTIONS
from binc_web.rules.national_number import (
    birth_date,
    compose_national_number,
    is_bis_number,
    national_number_problems,
)
from binc_web.rules.roles import grant_problems, revoke_problems, role_summary, roles_for_kind

RULES = Path(__file__).resolve().parent.parent / "binc_web" / "rules"
FORBIDDEN = ("flask", "flask_sqlalchemy", "flask_wtf", "sqlalchemy", "wtforms")


def test_rules_import_no_framework():
    for module in RULES.glob("*.py"):
        tree = ast.parse(module.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in FORBIDDEN, f"{module.name} imports {name}"


def test_a3_provider_roles_and_agency_roles():
    assert roles_for_kind("naft") == ("medewerker", "beheerder")
    assert "dossierbehandelaar" in roles_for_kind("agency")
    assert "beleidsmedewerker" in roles_for_kind("agency")
    assert grant_problems("beleidsmedewerker", "jeugdhulp", already_held=False)
    assert grant_problems("medewerker", "agency", already_held=False)
    assert grant_problems("medewerker", "naft", already_held=False) == []
    assert grant_problems("dossierbehandelaar", "agency", already_held=False) == []


def test_a3_grant_refuses_a_role_held_already_and_unknown_roles():
    assert grant_problems("medewerker", "naft", already_held=True) == [
        "Deze persoon heeft deze rol al voor deze voorziening."
    ]
    assert grant_problems("admin", "naft", already_held=False) == ["Kies een geldige rol."]


def test_a3_revoke_keeps_a_beheerder_and_refuses_self_revocation():
    assert revoke_problems("beheerder", remaining_beheerders=0, revoking_self=False)
    assert revoke_problems("beheerder", remaining_beheerders=2, revoking_self=True)
    assert revoke_problems("beheerder", remaining_beheerders=1, revoking_self=False) == []
    assert revoke_problems("medewerker", remaining_beheerders=0, revoking_self=True) == []


def test_a2_role_summary_reads_as_dutch():
    assert role_summary(["medewerker"]) == "medewerker"
    assert role_summary(["medewerker", "beheerder"]) == "beheerder en medewerker"
    assert role_summary([]) == ""
    # Three roles of an agency: commas, "en" before the last.
    assert (
        role_summary(["dossierbehandelaar", "beheerder", "beleidsmedewerker"])
        == "beheerder, beleidsmedewerker en dossierbehandelaar"
    )


@pytest.mark.parametrize(
    ("number", "problem"),
    [
        ("", "Vul een rijksregisternummer of BIS-nummer in."),
        ("8507300332", "Een rijksregisternummer telt 11 cijfers, niet 10."),
        ("850730033281", "Een rijksregisternummer telt 11 cijfers, niet 12."),
        ("85 07 30 033 28", "typ het zonder spaties of leestekens"),
        ("85073003329", "Het controlegetal (laatste twee cijfers) klopt niet."),
    ],
)
def test_k1_national_number_problems_are_precise(number, problem):
    compact, problems = national_number_problems(number)
    assert compact is None
    assert problem in problems[0]


def test_k1_impossible_birth_date_is_named():
    body = "851330033"  # month 13
    number = body + f"{97 - int(body) % 97:02d}"
    assert national_number_problems(number) == (
        None,
        ["De geboortedatum in dit nummer bestaat niet."],
    )


def test_k1_bis_number_with_month_offset_is_accepted():
    body = "853230033"  # born 30/12/1985, BIS month + 20
    number = body + f"{97 - int(body) % 97:02d}"
    assert is_bis_number(number)
    assert national_number_problems(number) == (number, [])
    assert birth_date(number) == date(1985, 12, 30)


@given(
    st.dates(min_value=date(1930, 1, 1), max_value=date(2025, 12, 31)),
    st.integers(min_value=1, max_value=998),
)
def test_k1_composed_numbers_are_valid_for_stdnum(born, serial):
    number = compose_national_number(born, serial)
    assert nn.is_valid(number)
    assert nn.get_birth_date(number) == born
    assert national_number_problems(number) == (number, [])


@given(st.text(max_size=40))
def test_k1_any_text_gives_a_number_or_a_message(text):
    compact, problems = national_number_problems(text)
    assert (compact is None) == bool(problems)


def test_k1_composed_numbers_take_serials_1_to_998():
    assert compose_national_number(date(2010, 5, 17), 998).startswith("100517998")
    for serial in (0, 999):
        with pytest.raises(ValueError, match=r"^serial must be 1\.\.998$"):
            compose_national_number(date(2010, 5, 17), serial)


def test_d2_dossier_code_format():
    assert dossier_code(date(2026, 11, 23), 7) == "BNC_20261123_7"
    with pytest.raises(ValueError):
        dossier_code(date(2026, 11, 23), 0)


def test_m1_catalogue_holds_the_faq_modules_with_units_and_groeipakket():
    by_name = {module.name.lower(): module for module in CATALOGUE}
    assert len({module.code for module in CATALOGUE}) == len(CATALOGUE)
    for module in CATALOGUE:
        assert module.function in FUNCTIONS and module.benutting_unit in BENUTTING_UNITS
        assert module.access in ("RTJ", "NRTJ")
    assert by_name["contextbegeleiding laagintensief"].benutting_unit == "uren"
    assert by_name["kamertraining"].benutting_unit == "nachten"
    assert by_name["kamertraining"].affects_groeipakket
    assert by_name["dagbegeleiding in groep"].benutting_unit == "dagen"
    assert by_name["ondersteunende begeleiding"].benutting_unit == "dagdelen"
    autonoom = by_name["contextbegeleiding in functie van autonoom wonen"]
    assert autonoom.affects_groeipakket and autonoom.groeipakket_until_18
    assert by_name["begeleiding in een kleinschalige wooneenheid"].groeipakket_until_18
    assert not by_name["kortdurend crisisverblijf"].affects_groeipakket
    assert any(module.function == "naft" for module in CATALOGUE)
    assert any(module.function == "een_gezin_een_plan" for module in CATALOGUE)
