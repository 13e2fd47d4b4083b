"""K-1 to K-4: identification search terms, the register age limit, cliëntgegevens,
cliëntcontext and the lines of a register file."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from binc_web.rules.national_number import birth_date as number_birth_date
from binc_web.rules.national_number import national_number_problems
from binc_web.rules.text import has_control_characters

REGISTER_AGE_LIMIT = 25
AGE_LIMIT_MESSAGE = "Alleen jongeren tot 25 jaar kunnen worden opgezocht."

GENDERS: dict[str, str] = {"M": "Man", "V": "Vrouw", "X": "X"}
SEARCH_OPTIONS: dict[str, str] = {
    "nummer": "Rijksregisternummer (of BIS-nummer)",
    "naam": "Naam, geslacht en geboortejaar",
}
BELGIE = "België"

# The manual's relations (DoMinO) for context persons; the key is stored.
RELATIONS: dict[str, str] = {
    "moeder": "Moeder",
    "vader": "Vader",
    "voogd": "Voogd",
    "pleegouder": "Pleegouder",
    "stiefouder": "Stiefouder",
    "grootouder": "Grootouder",
    "broer_zus": "Broer of zus",
    "andere": "Andere belangrijke persoon",
}

# Lengths of the text columns (models/clients.py); a test keeps them in step.
CLIENT_FIELDS: dict[str, tuple[str, int, bool]] = {
    # name: (label, maximum length, mandatory)
    "family_name": ("Naam", 120, True),
    "given_name": ("Voornaam", 120, True),
    "gender": ("Geslacht", 1, True),
    "birth_date": ("Geboortedatum", 10, True),
    "nationality": ("Nationaliteit", 80, True),
    "country_of_origin": ("Land van origine", 80, True),
    "language": ("Omgangstaal", 80, True),
    "street": ("Straat", 200, False),
    "house_number": ("Huisnummer", 20, False),
    "postcode": ("Postcode", 10, False),
    "municipality": ("Gemeente", 120, False),
    "country": ("Land", 80, False),
}
CONTEXT_FIELDS: dict[str, tuple[str, int, bool]] = {
    "relation": ("Relatie", 80, True),
    "family_name": ("Naam", 120, True),
    "given_name": ("Voornaam", 120, False),
    "phone": ("Telefoon", 40, False),
    "email": ("E-mail", 254, False),
    "address": ("Adres", 500, False),
}
# The columns of a register file, in order, with the field each one fills.
REGISTER_COLUMNS: dict[str, str] = {
    "rijksregisternummer": "national_number",
    "naam": "family_name",
    "voornaam": "given_name",
    "geslacht": "gender",
    "geboortedatum": "birth_date",
    "nationaliteit": "nationality",
    "straat": "street",
    "huisnummer": "house_number",
    "postcode": "postcode",
    "gemeente": "municipality",
    "land": "country",
}
REGISTER_MANDATORY = ("family_name", "given_name", "gender")
REGISTER_TEXT_FIELDS = (
    *REGISTER_MANDATORY,
    "nationality",
    "street",
    "house_number",
    "postcode",
    "municipality",
    "country",
)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ./()-]{6,}$")
_YEAR = re.compile(r"^[0-9]{4}$")


@dataclass
class Check:
    """The outcome of a form or line check: cleaned values, missing mandatory fields (by
    label) and problems per field."""

    values: dict = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    problems: dict[str, str] = field(default_factory=dict)
    missing_fields: set[str] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        """True when nothing is missing or wrong."""
        return not self.missing and not self.problems

    @property
    def other_problems(self) -> list[str]:
        """The problems that are not a missing mandatory field."""
        return [m for name, m in self.problems.items() if name not in self.missing_fields]

    def add_missing(self, name: str, label: str) -> None:
        """A mandatory field is empty: listed by label, and marked at the field."""
        self.missing.append(label)
        self.missing_fields.add(name)
        self.problems[name] = f"{label} is verplicht."


@dataclass(frozen=True)
class SearchTerms:
    """K-1: valid search terms for the register, by number or by name."""

    option: str
    national_number: str | None = None
    family_name: str | None = None
    gender: str | None = None
    birth_year: int | None = None


def age_on(born: date, today: date) -> int:
    """Age in completed years on ``today``."""
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def within_register_age(born: date, today: date) -> bool:
    """K-1: only youths up to 25 (age today at most 25) can be found in the register."""
    return age_on(born, today) <= REGISTER_AGE_LIMIT


NOT_IN_REGISTER_MESSAGE = (
    "Deze jongere werd niet gevonden in het rijksregister. Zoek opnieuw op rijksregisternummer "
    "of op naam."
)


def register_person_problem(born: date | None, today: date) -> str | None:
    """K-1: continuing with a register result needs a person who is found (``born`` is their
    birth date, None when not found) and at most 25 years old."""
    if born is None:
        return NOT_IN_REGISTER_MESSAGE
    if not within_register_age(born, today):
        return AGE_LIMIT_MESSAGE
    return None


def identification_number_problems(value: str) -> tuple[str | None, list[str]]:
    """K-1: a rijksregisternummer or BIS number, with the BIS month offset explained when the
    month is neither a birth month nor one raised by 20 or 40."""
    number, problems = national_number_problems(value)
    raw = (value or "").strip()
    if (
        problems
        and len(raw) == 11
        and raw.isascii()
        and raw.isdigit()
        and _impossible_month(int(raw[2:4]))
    ):
        problems = [
            *problems,
            "De maand (3de en 4de cijfer) is 01 tot 12 bij een rijksregisternummer; bij een "
            "BIS-nummer is ze verhoogd met 20 of 40 (21 tot 32 of 41 tot 52).",
        ]
    return number, problems


def _impossible_month(month: int) -> bool:
    return month > 12 and not (20 <= month <= 32 or 40 <= month <= 52)


def chosen_search_option(
    option: str | None,
    national_number: str | None,
    family_name: str | None,
    gender: str | None,
    birth_year: str | None,
) -> str | None:
    """K-1: the option the user meant: the one ticked, unless they filled only the fields of
    the other one (typing a name with "rijksregisternummer" still ticked by default)."""
    by_number = bool((national_number or "").strip())
    by_name = any((value or "").strip() for value in (family_name, gender, birth_year))
    if option == "nummer" and by_name and not by_number:
        return "naam"
    if option == "naam" and by_number and not by_name:
        return "nummer"
    return option


def search_problems(
    option: str | None,
    national_number: str | None,
    family_name: str | None,
    gender: str | None,
    birth_year: str | None,
    today: date,
) -> tuple[SearchTerms | None, dict[str, list[str]]]:
    """K-1 "Vink aan welke zoekoptie je verkiest": check the terms of the chosen option.

    Returns the search terms, or None with the problems per field.
    """
    if option == "nummer":
        number, problems = identification_number_problems(national_number or "")
        if problems:
            return None, {"national_number": problems}
        return SearchTerms("nummer", national_number=number), {}
    if option != "naam":
        return None, {"option": ["Vink aan welke zoekoptie je verkiest."]}
    problems: dict[str, list[str]] = {}
    name = _clean(family_name)
    name_problem = text_problem("Naam", name, 120, required=True)
    if name_problem:
        problems["family_name"] = [name_problem]
    if gender not in GENDERS:
        problems["gender"] = ["Kies het geslacht."]
    year, year_problem = _birth_year(birth_year, today)
    if year_problem:
        problems["birth_year"] = [year_problem]
    if problems:
        return None, problems
    return SearchTerms(
        "naam", family_name=" ".join(name.split()), gender=gender, birth_year=year
    ), {}


def _birth_year(value: str | None, today: date) -> tuple[int | None, str | None]:
    text = (value or "").strip()
    if not text:
        return None, "Vul het geboortejaar in."
    if not _YEAR.match(text):
        return None, "Vul het geboortejaar in met vier cijfers (jjjj)."
    year = int(text)
    if year > today.year:
        return None, "Het geboortejaar ligt in de toekomst."
    # Someone born in this year is at least today.year - year - 1 years old.
    if today.year - year - 1 > REGISTER_AGE_LIMIT:
        return None, AGE_LIMIT_MESSAGE
    return year, None


def text_problem(
    label: str, value: str | None, max_length: int, required: bool, multiline: bool = False
) -> str | None:
    """One problem with a text value (mandatory, length, control characters), or None."""
    if not value:
        return f"{label} is verplicht." if required else None
    if len(value) > max_length:
        return f"{label} mag hoogstens {max_length} tekens tellen, niet {len(value)}."
    if has_control_characters(value, multiline):
        return f"{label} bevat ongeldige tekens."
    return None


def parse_date(text: str | None) -> date | None:
    """A date typed as dd/mm/jjjj, or None when it is not one."""
    try:
        parsed = datetime.strptime((text or "").strip(), "%d/%m/%Y").date()
    except ValueError:
        return None
    return parsed if parsed.year >= 1900 else None


def birth_date_problem(text: str | None, national_number: str, today: date) -> str | None:
    """K-3: an existing date as dd/mm/jjjj, not in the future, equal to the date in the number."""
    born = parse_date(text)
    if born is None:
        return "Vul een bestaande geboortedatum in als dd/mm/jjjj."
    if born > today:
        return "De geboortedatum ligt in de toekomst."
    encoded = number_birth_date(national_number)
    if encoded is not None and encoded != born:
        return (
            f"De geboortedatum komt niet overeen met het rijksregisternummer ({encoded:%d/%m/%Y})."
        )
    return None


def missing_fields_message(labels: list[str]) -> str:
    """K-3: the manual's message above the form."""
    return "Gelieve volgende verplichte velden in te vullen: " + ", ".join(labels) + "."


def client_details_check(raw: Mapping[str, str | None], national_number: str, today: date) -> Check:
    """K-3 Cliëntgegevens: Naam, Voornaam, Geslacht, Geboortedatum, Nationaliteit, Land van
    origine and Omgangstaal are mandatory; the address is optional."""
    check = Check()
    for name, (label, max_length, required) in CLIENT_FIELDS.items():
        value = _clean(raw.get(name))
        if required and not value:
            check.add_missing(name, label)
            continue
        if name == "gender":
            if value not in GENDERS:
                check.problems[name] = "Kies man, vrouw of X."
            check.values[name] = value
        elif name == "birth_date":
            problem = birth_date_problem(value, national_number, today)
            if problem:
                check.problems[name] = problem
            check.values[name] = parse_date(value)
        else:
            problem = text_problem(label, value, max_length, required)
            if problem:
                check.problems[name] = problem
            check.values[name] = value or None
    return check


def context_person_check(raw: Mapping[str, str | None]) -> Check:
    """K-4: a context person has a relation and a name; phone and e-mail, when given, look like
    a phone number and an e-mail address."""
    check = Check()
    for name, (label, max_length, required) in CONTEXT_FIELDS.items():
        value = _clean(raw.get(name), keep_lines=name == "address")
        if required and not value:
            check.add_missing(name, label)
            continue
        problem = text_problem(label, value, max_length, required, multiline=name == "address")
        if problem is None and value:
            if name == "relation" and value not in RELATIONS:
                problem = "Kies een relatie uit de lijst."
            elif name == "email" and not _EMAIL.match(value):
                problem = "Vul een geldig e-mailadres in, bv. naam@voorbeeld.be."
            elif name == "phone" and not _PHONE.match(value):
                problem = (
                    "Een telefoonnummer bestaat uit cijfers, eventueel met +, spaties, "
                    "punten of streepjes."
                )
        if problem:
            check.problems[name] = problem
        check.values[name] = value or None
    return check


def register_line_check(raw: Mapping[str, str | None], today: date) -> Check:
    """K-1: one line of a register file (columns of REGISTER_COLUMNS, already mapped to field
    names): a valid number, names, gender M/V/X, a birth date as dd/mm/jjjj that matches the
    number, and texts that fit their columns."""
    check = Check()
    number, problems = identification_number_problems(raw.get("national_number") or "")
    if problems:
        check.problems["national_number"] = " ".join(problems)
    check.values["national_number"] = number
    born_text = _clean(raw.get("birth_date"))
    if not born_text:
        check.problems["birth_date"] = "Geboortedatum is verplicht."
    elif number:
        problem = birth_date_problem(born_text, number, today)
        if problem:
            check.problems["birth_date"] = problem
    check.values["birth_date"] = parse_date(born_text)
    for name in REGISTER_TEXT_FIELDS:
        label, max_length, _ = CLIENT_FIELDS[name]
        required = name in REGISTER_MANDATORY
        value = _clean(raw.get(name))
        if name == "gender" and value:
            value = value.upper()
            if value not in GENDERS:
                check.problems[name] = "Geslacht moet M, V of X zijn."
        problem = text_problem(label, value, max_length, required)
        if problem:
            check.problems.setdefault(name, problem)
        check.values[name] = value or None
    check.problems = {
        f: check.problems[f] for f in REGISTER_COLUMNS.values() if f in check.problems
    }
    return check


def _clean(value: str | None, keep_lines: bool = False) -> str:
    """Strip surrounding white space; multi-line text keeps its lines, without trailing
    spaces."""
    text = (value or "").strip()
    if keep_lines:
        text = "\n".join(line.rstrip() for line in text.splitlines())
    return text
