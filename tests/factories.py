"""Small builders of test data (test doubles live here, never in binc_web/)."""

from __future__ import annotations

from datetime import date, timedelta

from binc_web.extensions import db
from binc_web.models import Aanmelding, Client, Dossier, Membership, Organisation, Person
from binc_web.rules.dossier_code import dossier_code
from binc_web.rules.national_number import compose_national_number

_counter = {"client": 0, "dossier": 0}


def restart_numbering() -> None:
    """Every test starts on empty tables, so its made-up numbers and codes start over too."""
    for kind in _counter:
        _counter[kind] = 0


def organisation(name: str, kind: str = "jeugdhulp") -> Organisation:
    found = Organisation(name=name, kind=kind)
    db.session.add(found)
    db.session.flush()
    return found


def person(national_number: str, given: str = "Test", family: str = "Persoon") -> Person:
    found = Person(national_number=national_number, given_name=given, family_name=family)
    db.session.add(found)
    db.session.flush()
    return found


def grant(who: Person, where: Organisation, *roles: str) -> None:
    for role in roles:
        db.session.add(Membership(person_id=who.id, organisation_id=where.id, role=role))
    db.session.flush()


def client(family: str = "Peeters", given: str = "Lotte") -> Client:
    _counter["client"] += 1
    # Even serials (girls) run 2..998 per birth date: move to the next day every 499 clients.
    days, slot = divmod(_counter["client"] - 1, 499)
    born = date(2010, 5, 17) + timedelta(days=days)
    found = Client(
        national_number=compose_national_number(born, 2 * (slot + 1)),
        family_name=family,
        given_name=given,
        gender="V",
        birth_date=born,
    )
    db.session.add(found)
    db.session.flush()
    return found


def dossier(where: Organisation, who: Client | None = None) -> Dossier:
    _counter["dossier"] += 1
    found = Dossier(
        code=dossier_code(date(2026, 1, 5), _counter["dossier"]),
        organisation_id=where.id,
        client_id=(who or client()).id,
        status="open",
    )
    found.aanmelding = Aanmelding(aanmelder="clb", datum_aanmelding=date(2026, 1, 2))
    db.session.add(found)
    db.session.flush()
    return found
