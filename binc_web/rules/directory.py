"""F-1: the directory of services a document can be shared with, and their contact persons.

A service is a voorziening of this instance, a consulent-type service (F-2: OCJ, sociale dienst
jeugdrechtbank) or another receiving service (gemeenschapsinstelling "campus …",
Voorzieningenbeleid). Names are unique whatever their case or accents; e-mail addresses are
kept in lower case.
"""

from __future__ import annotations

import re

from binc_web.rules.overview import folded
from binc_web.rules.text import has_control_characters

SERVICE_KINDS: dict[str, str] = {
    "voorziening": "voorziening",
    "consulent": "consulent",
    "dienst": "dienst",
}

# The columns of a directory file (``flask binc import-diensten``): header name → field name.
DIRECTORY_COLUMNS: dict[str, str] = {
    "dienst": "service",
    "soort": "kind",
    "naam medewerker": "contact_name",
    "e-mail medewerker": "contact_email",
}
# May be left out of the file; when present, the contact's function at a consulent (15.1).
DIRECTORY_OPTIONAL_COLUMNS: dict[str, str] = {"functie": "function"}

# 15.1: besides the addressee, these contacts of a consulent-type service see what was shared
# with it ("functie" of a contact in the directory; empty for every other contact).
CONSULENT_STAFF_FUNCTIONS = ("administratief medewerker", "teamverantwoordelijke")

SERVICE_NAME_LENGTH = 200
CONTACT_NAME_LENGTH = 200
EMAIL_LENGTH = 254

# Enough for an autocomplete: the list asks for more letters rather than scroll.
SEARCH_LIMIT = 10

# One @, no spaces, a dot in the domain: what a mail server can be handed; not a full RFC 5322.
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")


def search_key(text: str) -> str:
    """F-1: the form a service's name or a typed search is compared in: lower case, no accents
    (``Gemeenschapsinstelling Campus Sint-Jozef`` and ``campus sint-jozef`` meet)."""
    return folded(text)


def normalised_email(email: str) -> str:
    """F-1: an e-mail address as the directory keeps it (trimmed, lower case)."""
    return email.strip().lower()


def service_problems(name: str, kind: str) -> list[str]:
    """F-1: why a line naming this service and kind (``soort``) cannot be in the directory."""
    problems = []
    if not name.strip():
        problems.append("De naam van de dienst ontbreekt.")
    elif len(name.strip()) > SERVICE_NAME_LENGTH:
        problems.append(f"De naam van de dienst is langer dan {SERVICE_NAME_LENGTH} tekens.")
    if kind.strip().lower() not in SERVICE_KINDS:
        problems.append(f"Onbekende soort {kind.strip()!r}: kies {', '.join(SERVICE_KINDS)}.")
    return problems


def contact_problems(name: str, email: str) -> list[str]:
    """F-1: why this contact person (Naam medewerker, E-mail medewerker) cannot be kept."""
    problems = []
    if not name.strip():
        problems.append("De naam van de medewerker ontbreekt.")
    elif len(name.strip()) > CONTACT_NAME_LENGTH:
        problems.append(f"De naam van de medewerker is langer dan {CONTACT_NAME_LENGTH} tekens.")
    address = normalised_email(email)
    if not address:
        problems.append("Het e-mailadres van de medewerker ontbreekt.")
    elif len(address) > EMAIL_LENGTH or not _EMAIL.fullmatch(address):
        problems.append(f"{email.strip()!r} is geen geldig e-mailadres.")
    return problems


def directory_line_problems(values: dict[str, str]) -> list[str]:
    """F-1: why a line of a directory file (``DIRECTORY_COLUMNS``) cannot be imported: the
    service must be named with a known kind; a contact person needs both name and e-mail, or
    neither (a line with only the service)."""
    problems = service_problems(values["service"], values["kind"])
    if values["contact_name"].strip() or values["contact_email"].strip():
        problems += contact_problems(values["contact_name"], values["contact_email"])
    problems += function_problems(values.get("function"), values["kind"], values["contact_email"])
    if any(has_control_characters(value or "") for value in values.values()):
        problems.append("De regel bevat een controleteken.")
    return problems


def contact_function(function: str | None) -> str | None:
    """The "functie" of a directory line as stored: lower case, None when empty."""
    return (function or "").strip().lower() or None


def function_problems(function: str | None, kind: str, contact_email: str) -> list[str]:
    """15.1: a contact's "functie" is one of ``CONSULENT_STAFF_FUNCTIONS``, of a contact of a
    consulent-type service (only there does it give access to documents)."""
    function = contact_function(function)
    if function is None:
        return []
    if function not in CONSULENT_STAFF_FUNCTIONS:
        return [
            f"Onbekende functie {function!r}: kies {' of '.join(CONSULENT_STAFF_FUNCTIONS)}, "
            "of laat ze leeg."
        ]
    if kind.strip().lower() != "consulent" or not contact_email.strip():
        return ["Enkel bij een consulent hebben medewerkers een functie."]
    return []


def search_problem(query: str) -> str | None:
    """F-1: why a typed search in the directory cannot be looked up (a control character, which
    no name holds and PostgreSQL cannot even be sent), or None."""
    if has_control_characters(query):
        return "De zoekterm bevat een ongeldig teken."
    return None


def contact_matches(name: str, email: str, query: str) -> bool:
    """F-1: a contact person matches a typed "Naam medewerker" when the name (whatever its case
    or accents) or the e-mail address contains it; an empty search matches everyone."""
    key = search_key(query)
    return key in search_key(name) or key in email
