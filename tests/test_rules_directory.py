"""F-1: the directory's rules (Flask-free): search keys, e-mail addresses, the lines of a
directory file, and which contact persons match a typed name."""

from __future__ import annotations

import pytest

from binc_web.rules.directory import (
    contact_function,
    contact_matches,
    contact_problems,
    directory_line_problems,
    function_problems,
    normalised_email,
    search_key,
    search_problem,
    service_problems,
)


def line(service="OCJ Limburg", kind="consulent", name="Jo Claes", email="jo@example.org"):
    return {"service": service, "kind": kind, "contact_name": name, "contact_email": email}


def test_f1_the_search_key_ignores_case_accents_and_outer_spaces():
    assert search_key("  Gemeenschapsinstelling Campus SINT-JOZEF ") == (
        "gemeenschapsinstelling campus sint-jozef"
    )
    assert search_key("Öztürk Zoë") == "ozturk zoe"


def test_f1_an_email_is_kept_trimmed_in_lower_case():
    assert normalised_email(" Els.VanAcker@OCJ.Example.org ") == "els.vanacker@ocj.example.org"


def test_f1_a_service_needs_a_name_of_at_most_200_characters_and_a_known_kind():
    assert service_problems("OCJ Limburg", " Consulent ") == []
    assert service_problems("x" * 200, "dienst") == []
    assert service_problems("x" * 201, "dienst") == [
        "De naam van de dienst is langer dan 200 tekens."
    ]
    assert service_problems(" ", "voorziening") == ["De naam van de dienst ontbreekt."]
    assert service_problems("OCJ", "ocj") == [
        "Onbekende soort 'ocj': kies voorziening, consulent, dienst."
    ]


@pytest.mark.parametrize(
    ("email", "valid"),
    [
        ("jo@example.org", True),
        ("jo.claes+binc@ocj.example.org", True),
        ("jo@", False),
        ("jo@example", False),
        ("jo claes@example.org", False),
        ("jo@@example.org", False),
        ("@example.org", False),
        ("jo@example.", False),
        ("j" * 242 + "@example.org", True),  # 254 characters
        ("j" * 243 + "@example.org", False),
    ],
)
def test_f1_a_contact_email_must_be_a_plausible_address(email, valid):
    problems = contact_problems("Jo Claes", email)
    assert problems == ([] if valid else [f"{email!r} is geen geldig e-mailadres."])


def test_f1_a_contact_needs_a_name_and_an_address():
    assert contact_problems(" ", " ") == [
        "De naam van de medewerker ontbreekt.",
        "Het e-mailadres van de medewerker ontbreekt.",
    ]
    assert contact_problems("x" * 201, "jo@example.org") == [
        "De naam van de medewerker is langer dan 200 tekens."
    ]
    assert contact_problems("x" * 200, "jo@example.org") == []


def test_f1_a_directory_line_may_name_only_the_service():
    assert directory_line_problems(line(name="", email="")) == []
    assert directory_line_problems(line()) == []
    assert directory_line_problems(line(name="")) == ["De naam van de medewerker ontbreekt."]
    assert directory_line_problems(line(email=" ")) == [
        "Het e-mailadres van de medewerker ontbreekt."
    ]


def test_f1_a_directory_line_names_the_problems_of_service_and_contact_together():
    assert directory_line_problems(line(service="", email="jo@")) == [
        "De naam van de dienst ontbreekt.",
        "'jo@' is geen geldig e-mailadres.",
    ]


def test_f1_a_directory_line_with_a_control_character_is_refused():
    for junk in ("\x00", "\x1b", "\x7f", "\x85"):
        assert directory_line_problems(line(name=f"Jo{junk}Claes")) == [
            "De regel bevat een controleteken."
        ]
    assert directory_line_problems(line(service="OCJ\tLimburg")) == [
        "De regel bevat een controleteken."
    ]


def test_f1_a_search_with_a_control_character_has_a_problem():
    assert search_problem("campus zande") is None
    assert search_problem("") is None
    assert search_problem("a\x00") == "De zoekterm bevat een ongeldig teken."
    assert search_problem("\x9f") == "De zoekterm bevat een ongeldig teken."
    assert search_problem("a\ud800") == "De zoekterm bevat een ongeldig teken."  # lone surrogate


def test_f1_a_contact_matches_on_name_whatever_accents_or_on_email():
    assert contact_matches("Ömer Aydın", "omer@example.org", "OMER")
    assert contact_matches("Ömer Aydın", "omer@example.org", "aydın")
    assert contact_matches("Jo Claes", "jo.claes@ocj.example.org", "ocj.example")
    assert contact_matches("Jo Claes", "jo@example.org", "")
    assert not contact_matches("Jo Claes", "jo@example.org", "els")


# --- 15.1: the "functie" of a consulent's contact person (administratief medewerker or
# teamverantwoordelijke: only they see the documents sent to their consulent) ---


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        (None, None),
        ("", None),
        ("   ", None),
        (" Teamverantwoordelijke ", "teamverantwoordelijke"),
        ("ADMINISTRATIEF MEDEWERKER", "administratief medewerker"),
    ],
)
def test_15_1_a_function_is_stored_trimmed_in_lower_case_and_empty_as_none(typed, stored):
    assert contact_function(typed) == stored


@pytest.mark.parametrize("function", [None, "", "  "])
def test_15_1_a_contact_without_function_is_fine_for_every_kind(function):
    assert function_problems(function, "consulent", "jo@example.org") == []
    assert function_problems(function, "dienst", "") == []


@pytest.mark.parametrize("function", ["Administratief medewerker", " teamverantwoordelijke "])
def test_15_1_a_known_function_of_a_consulents_contact_is_accepted(function):
    assert function_problems(function, " Consulent ", "jo@example.org") == []


def test_15_1_an_unknown_function_is_refused_naming_the_two_allowed():
    assert function_problems("Directeur", "consulent", "jo@example.org") == [
        "Onbekende functie 'directeur': kies administratief medewerker of "
        "teamverantwoordelijke, of laat ze leeg."
    ]


@pytest.mark.parametrize(
    ("kind", "email"),
    [("dienst", "jo@example.org"), ("voorziening", "jo@example.org"), ("consulent", " ")],
)
def test_15_1_a_function_only_belongs_to_a_contact_person_of_a_consulent(kind, email):
    assert function_problems("teamverantwoordelijke", kind, email) == [
        "Enkel bij een consulent hebben medewerkers een functie."
    ]


def test_f1_a_directory_line_names_a_wrong_function_with_the_other_problems():
    assert directory_line_problems(line() | {"function": "teamverantwoordelijke"}) == []
    assert directory_line_problems(line(kind="dienst") | {"function": "Teamverantwoordelijke"}) == [
        "Enkel bij een consulent hebben medewerkers een functie."
    ]
    assert directory_line_problems(line(name="") | {"function": "baas"}) == [
        "De naam van de medewerker ontbreekt.",
        "Onbekende functie 'baas': kies administratief medewerker of teamverantwoordelijke, "
        "of laat ze leeg.",
    ]
    # A line without a "functie" column at all (older files) has no function.
    assert directory_line_problems(line()) == []
