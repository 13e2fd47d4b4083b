"""K-1 to K-4 rules: search terms, the age limit, cliëntgegevens, cliëntcontext, register lines."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from binc_web.models import Client, ContextPerson, RegisterEntry
from binc_web.rules.clients import (
    AGE_LIMIT_MESSAGE,
    CLIENT_FIELDS,
    CONTEXT_FIELDS,
    NOT_IN_REGISTER_MESSAGE,
    REGISTER_COLUMNS,
    age_on,
    chosen_search_option,
    client_details_check,
    context_person_check,
    identification_number_problems,
    missing_fields_message,
    parse_date,
    register_line_check,
    register_person_problem,
    search_problems,
    within_register_age,
)
from binc_web.rules.national_number import compose_national_number

TODAY = date(2026, 3, 15)
BORN = date(2010, 5, 17)
NUMBER = compose_national_number(BORN, 2)


def with_checksum(body: str) -> str:
    """A number with a correct checksum for a body of nine digits born before 2000."""
    return body + f"{97 - int(body) % 97:02d}"


def complete_client(**changes) -> dict:
    values = {
        "family_name": "Peeters",
        "given_name": "Lotte",
        "gender": "V",
        "birth_date": "17/05/2010",
        "nationality": "België",
        "country_of_origin": "Marokko",
        "language": "Nederlands",
        "street": "Kerkstraat",
        "house_number": "12",
        "postcode": "9000",
        "municipality": "Gent",
        "country": "België",
    }
    values.update(changes)
    return values


def test_k1_age_counts_completed_years():
    assert age_on(date(2001, 3, 16), TODAY) == 24
    assert age_on(date(2001, 3, 15), TODAY) == 25
    assert age_on(date(2000, 3, 16), TODAY) == 25
    assert age_on(date(2000, 3, 15), TODAY) == 26


def test_k1_only_youths_up_to_25_are_within_the_register_age():
    assert within_register_age(date(2000, 3, 16), TODAY)  # 25, turns 26 tomorrow
    assert not within_register_age(date(2000, 3, 15), TODAY)  # 26 today
    assert within_register_age(date(2026, 1, 1), TODAY)


def test_k1_continuing_needs_a_found_youth_up_to_25():
    assert register_person_problem(None, TODAY) == NOT_IN_REGISTER_MESSAGE
    assert register_person_problem(date(1990, 1, 1), TODAY) == AGE_LIMIT_MESSAGE
    assert AGE_LIMIT_MESSAGE == "Alleen jongeren tot 25 jaar kunnen worden opgezocht."
    assert register_person_problem(BORN, TODAY) is None


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("", "Vul een rijksregisternummer of BIS-nummer in."),
        ("8507300332", "Een rijksregisternummer telt 11 cijfers, niet 10."),
        ("85.07.30-033.28", "typ het zonder spaties of leestekens"),
        ("85073003329", "Het controlegetal (laatste twee cijfers) klopt niet."),
        (with_checksum("851330033"), "De geboortedatum in dit nummer bestaat niet."),
        (with_checksum("851330033"), "bij een BIS-nummer is ze verhoogd met 20 of 40"),
        (with_checksum("853530033"), "bij een BIS-nummer is ze verhoogd met 20 of 40"),
    ],
)
def test_k1_search_by_number_names_the_problem(number, message):
    terms, problems = search_problems("nummer", number, None, None, None, TODAY)
    assert terms is None
    assert any(message in problem for problem in problems["national_number"])


def test_k1_bis_number_with_month_offset_is_a_valid_search():
    number = with_checksum("854530033")  # BIS: month 05 + 40
    terms, problems = search_problems("nummer", number, None, None, None, TODAY)
    assert problems == {}
    assert terms.national_number == number


def test_k1_month_within_bis_ranges_gets_no_bis_hint():
    _, problems = identification_number_problems("85073003329")
    assert problems == ["Het controlegetal (laatste twee cijfers) klopt niet."]


def test_k1_search_needs_a_chosen_option():
    assert search_problems(None, NUMBER, None, None, None, TODAY) == (
        None,
        {"option": ["Vink aan welke zoekoptie je verkiest."]},
    )
    assert search_problems("<b>", NUMBER, None, None, None, TODAY)[0] is None


def test_k1_search_by_name_needs_name_gender_and_birth_year():
    terms, problems = search_problems("naam", NUMBER, "  ", "", "", TODAY)
    assert terms is None
    assert problems == {
        "family_name": ["Naam is verplicht."],
        "gender": ["Kies het geslacht."],
        "birth_year": ["Vul het geboortejaar in."],
    }


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("10", "Vul het geboortejaar in met vier cijfers (jjjj)."),
        ("2010a", "Vul het geboortejaar in met vier cijfers (jjjj)."),
        ("٢٠١٠", "Vul het geboortejaar in met vier cijfers (jjjj)."),
        ("2027", "Het geboortejaar ligt in de toekomst."),
        ("1999", AGE_LIMIT_MESSAGE),
    ],
)
def test_k1_birth_year_problems(year, message):
    _, problems = search_problems("naam", None, "Peeters", "V", year, TODAY)
    assert problems == {"birth_year": [message]}


def test_k1_birth_year_26_years_ago_may_still_hold_youths_of_25():
    terms, problems = search_problems("naam", None, "Peeters", "M", "2000", TODAY)
    assert problems == {}
    assert terms.birth_year == 2000


def test_k1_a_birth_year_of_this_year_is_no_future():
    terms, problems = search_problems("naam", None, "Peeters", "V", "2026", TODAY)
    assert problems == {}
    assert terms.birth_year == TODAY.year


def test_k1_name_search_terms_are_tidied():
    terms, _ = search_problems("naam", None, "  Van   Damme ", "X", " 2012 ", TODAY)
    assert (terms.family_name, terms.gender, terms.birth_year) == ("Van Damme", "X", 2012)


def test_k1_search_terms_keep_the_chosen_option():
    # The register adapter searches by number or by name according to this option.
    assert search_problems("nummer", NUMBER, None, None, None, TODAY)[0].option == "nummer"
    assert search_problems("naam", None, "Peeters", "V", "2010", TODAY)[0].option == "naam"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("x" * 121, "Naam mag hoogstens 120 tekens tellen, niet 121."),
        ("Pee\x00ters", "Naam bevat ongeldige tekens."),
        ("Pee\nters", "Naam bevat ongeldige tekens."),
    ],
)
def test_k1_name_with_wrong_text_is_refused(name, message):
    _, problems = search_problems("naam", None, name, "V", "2010", TODAY)
    assert problems == {"family_name": [message]}


def test_k3_complete_client_details_pass():
    check = client_details_check(complete_client(), NUMBER, TODAY)
    assert check.ok
    assert check.values["birth_date"] == BORN
    assert check.values["country_of_origin"] == "Marokko"
    assert check.values["gender"] == "V"


def test_k3_missing_mandatory_fields_are_listed_in_form_order():
    check = client_details_check(
        complete_client(country_of_origin=" ", language="", street=""), NUMBER, TODAY
    )
    assert check.missing == ["Land van origine", "Omgangstaal"]
    assert check.problems == {
        "country_of_origin": "Land van origine is verplicht.",
        "language": "Omgangstaal is verplicht.",
    }
    assert missing_fields_message(check.missing) == (
        "Gelieve volgende verplichte velden in te vullen: Land van origine, Omgangstaal."
    )


def test_k3_every_field_but_the_address_is_mandatory():
    check = client_details_check({}, NUMBER, TODAY)
    assert check.missing == [
        "Naam",
        "Voornaam",
        "Geslacht",
        "Geboortedatum",
        "Nationaliteit",
        "Land van origine",
        "Omgangstaal",
    ]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2010-05-17", "Vul een bestaande geboortedatum in als dd/mm/jjjj."),
        ("31/02/2010", "Vul een bestaande geboortedatum in als dd/mm/jjjj."),
        ("17/05/1800", "Vul een bestaande geboortedatum in als dd/mm/jjjj."),
        ("17/05/2030", "De geboortedatum ligt in de toekomst."),
        (
            "18/05/2010",
            "De geboortedatum komt niet overeen met het rijksregisternummer (17/05/2010).",
        ),
    ],
)
def test_k3_birth_date_problems(typed, message):
    check = client_details_check(complete_client(birth_date=typed), NUMBER, TODAY)
    assert check.problems == {"birth_date": message}


def test_k3_gender_and_lengths():
    check = client_details_check(complete_client(gender="Q", street="s" * 201), NUMBER, TODAY)
    assert check.problems == {
        "gender": "Kies man, vrouw of X.",
        "street": "Straat mag hoogstens 200 tekens tellen, niet 201.",
    }


def test_k3_a_youth_born_today_has_a_valid_birth_date():
    number = compose_national_number(TODAY, 2)
    assert client_details_check(complete_client(birth_date="15/03/2026"), number, TODAY).ok


def test_k3_dates_start_on_1_january_1900():
    # Convention 12 (rules/dates.EARLIEST): no youth in binc-web is born before 1900.
    assert parse_date("01/01/1900") == date(1900, 1, 1)
    assert parse_date("31/12/1899") is None


def test_k3_dates_are_typed_as_dd_mm_jjjj():
    assert parse_date(" 01/02/2003 ") == date(2003, 2, 1)
    assert parse_date("1/2/2003") == date(2003, 2, 1)
    assert parse_date("2003-02-01") is None
    assert parse_date(None) is None


def test_k3_lengths_match_the_model_columns():
    for model, fields in ((Client, CLIENT_FIELDS), (ContextPerson, CONTEXT_FIELDS)):
        for name, (_, max_length, _) in fields.items():
            column = model.__table__.columns[name]
            length = getattr(column.type, "length", None)
            if length is not None:
                assert max_length == length, f"{model.__name__}.{name}"
    for name in REGISTER_COLUMNS.values():
        assert name in RegisterEntry.__table__.columns


def test_k4_context_person_needs_relation_and_name():
    check = context_person_check({"relation": "", "family_name": ""})
    assert check.missing == ["Relatie", "Naam"]
    assert not check.ok


def test_k4_valid_context_person_keeps_address_lines():
    check = context_person_check(
        {
            "relation": "moeder",
            "family_name": " Peeters ",
            "given_name": "",
            "phone": "+32 9 123 45 67",
            "email": "an.peeters@example.be",
            "address": "Kerkstraat 12  \r\n9000 Gent",
        }
    )
    assert check.ok, check.problems
    assert check.values == {
        "relation": "moeder",
        "family_name": "Peeters",
        "given_name": None,
        "phone": "+32 9 123 45 67",
        "email": "an.peeters@example.be",
        "address": "Kerkstraat 12\n9000 Gent",
    }


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("relation", "buurman", "Kies een relatie uit de lijst."),
        ("email", "an.peeters", "Vul een geldig e-mailadres in, bv. naam@voorbeeld.be."),
        ("phone", "bel me", "Een telefoonnummer bestaat uit cijfers"),
        ("given_name", "An\x07", "Voornaam bevat ongeldige tekens."),
        ("address", "Kerkstraat\x00 12", "Adres bevat ongeldige tekens."),
    ],
)
def test_k4_wrong_context_values_are_named(field, value, message):
    values = {"relation": "vader", "family_name": "Maes", field: value}
    check = context_person_check(values)
    assert message in check.problems[field]


def register_line(**changes) -> dict:
    values = {
        "national_number": NUMBER,
        "family_name": "Peeters",
        "given_name": "Lotte",
        "gender": "v",
        "birth_date": "17/05/2010",
        "nationality": "België",
        "street": "",
        "house_number": "",
        "postcode": "9000",
        "municipality": "Gent",
        "country": "België",
    }
    values.update(changes)
    return values


def test_k1_valid_register_line():
    check = register_line_check(register_line(), TODAY)
    assert check.ok
    assert check.values["gender"] == "V"
    assert check.values["birth_date"] == BORN
    assert check.values["street"] is None


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"national_number": "12345"}, "national_number", "telt 11 cijfers, niet 5"),
        ({"gender": "Q"}, "gender", "Geslacht moet M, V of X zijn."),
        ({"family_name": ""}, "family_name", "Naam is verplicht."),
        ({"birth_date": ""}, "birth_date", "Geboortedatum is verplicht."),
        ({"birth_date": "2010-05-17"}, "birth_date", "dd/mm/jjjj"),
        ({"birth_date": "18/05/2010"}, "birth_date", "komt niet overeen"),
        ({"postcode": "9" * 11}, "postcode", "hoogstens 10 tekens"),
    ],
)
def test_k1_wrong_register_lines_are_named(changes, field, message):
    check = register_line_check(register_line(**changes), TODAY)
    assert not check.ok
    assert message in check.problems[field]


# No deadline: on a loaded machine (CI runs beside other work) one example may take > 200 ms.
@settings(deadline=None)
@given(st.dictionaries(st.sampled_from(list(CLIENT_FIELDS)), st.text(max_size=300)))
def test_k3_any_text_gives_values_or_messages(values):
    """Every mandatory field left blank is named, every other field is either taken as typed
    (stripped) or has a Dutch message, and only a clean form passes."""
    check = client_details_check(values, NUMBER, TODAY)
    for name, (label, max_length, required) in CLIENT_FIELDS.items():
        typed = (values.get(name) or "").strip()
        if not typed:
            assert (label in check.missing) == required
            assert (name in check.problems) == required
            continue
        if name in check.problems:
            assert check.problems[name].endswith(".")
        elif name == "birth_date":
            assert check.values[name] == BORN and typed == f"{BORN:%d/%m/%Y}"
        else:
            assert check.values[name] == typed and len(typed) <= max_length
            assert name != "gender" or typed in {"M", "V", "X"}
    assert check.ok == (not check.problems)


@given(
    st.one_of(st.none(), st.sampled_from(["nummer", "naam"]), st.text(max_size=10)),
    st.text(max_size=30),
    st.text(max_size=200),
    st.text(max_size=3),
    st.text(max_size=6),
)
def test_k1_any_search_text_gives_terms_or_messages(option, number, name, gender, year):
    terms, problems = search_problems(option, number, name, gender, year, TODAY)
    assert (terms is None) == bool(problems)
    assert all(messages for messages in problems.values())


def test_k1_the_search_option_follows_the_fields_the_user_filled_in():
    # "rijksregisternummer" is ticked by default: typing only a name searches by name ...
    assert chosen_search_option("nummer", "", "Peeters", None, None) == "naam"
    assert chosen_search_option("nummer", None, None, "V", None) == "naam"
    assert chosen_search_option("nummer", "  ", None, None, "2010") == "naam"
    # ... and typing only a number with "naam" ticked searches by number.
    assert chosen_search_option("naam", NUMBER, "", None, " ") == "nummer"
    # Otherwise the ticked option stands, also when both or neither are filled in.
    assert chosen_search_option("nummer", NUMBER, "Peeters", None, None) == "nummer"
    assert chosen_search_option("naam", NUMBER, "Peeters", None, None) == "naam"
    assert chosen_search_option("nummer", "", "", None, None) == "nummer"
    assert chosen_search_option("naam", None, None, None, None) == "naam"
    assert chosen_search_option(None, NUMBER, None, None, None) is None
