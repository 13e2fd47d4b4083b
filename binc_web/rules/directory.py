"""F-1: the directory of services a document can be shared with, and their contact persons.

A service is a voorziening of this instance, a consulent-type service (F-2: OCJ, sociale dienst
jeugdrechtbank) or another receiving service (gemeenschapsinstelling "campus …",
Voorzieningenbeleid). Names are unique whatever their case or accents; e-mail addresses are
kept in lower case.
"""

from __future__ import annotations

import re

from binc_web.rules.overview import folded

SERVICE_KINDS: dict[str, str] = {
    "voorziening": "voorziening",
    "consulent": "consulent",
    "dienst": "dienst",
}

# Kinds a CSV import may create: voorzieningen come from the instance's own organisations.
IMPORTABLE_KINDS = ("consulent", "dienst")

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
    """F-1: why a service with this name and kind cannot be in the directory."""
    problems = []
    if not name.strip():
        problems.append("De naam van de dienst ontbreekt.")
    elif len(name.strip()) > SERVICE_NAME_LENGTH:
        problems.append(f"De naam van de dienst is langer dan {SERVICE_NAME_LENGTH} tekens.")
    if kind not in IMPORTABLE_KINDS:
        problems.append(f"Onbekende soort dienst {kind!r}: kies {' of '.join(IMPORTABLE_KINDS)}.")
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
