"""Builders for the dossier lists (D-4, D-5): dossiers with names, dates, beslissingen and
schakelingen chosen by the test, and a query counter."""

from __future__ import annotations

import itertools
import re
from contextlib import contextmanager
from datetime import UTC, date, datetime

from sqlalchemy import event

from binc_web.extensions import db
from binc_web.models import Aanmelding, Beslissing, Client, Dossier, Klas, Schakeling
from binc_web.rules.dossier_code import dossier_code
from binc_web.rules.national_number import compose_national_number

_serials = itertools.count()
_codes = itertools.count(1)


def client(family: str, given: str = "Lotte", born: date = date(2011, 3, 14)) -> Client:
    """A youth with a valid rijksregisternummer for ``born`` (odd serials: never the ones of
    ``tests.factories``)."""
    serial = 1 + 2 * (next(_serials) % 499)
    found = Client(
        national_number=compose_national_number(born, serial),
        family_name=family,
        given_name=given,
        gender="V",
        birth_date=born,
    )
    db.session.add(found)
    db.session.flush()
    return found


def dossier(
    organisation,
    family: str = "Peeters",
    given: str = "Lotte",
    born: date = date(2011, 3, 14),
    *,
    who: Client | None = None,
    code: str | None = None,
    status: str = "open",
    closed_at: date | None = None,
    created_by=None,
    assigned_to=None,
    updated_at: datetime | None = None,
    referentie: str | None = None,
) -> Dossier:
    """A dossier of ``organisation`` for a new youth (or ``who``), with its aanmelding."""
    found = Dossier(
        code=code or dossier_code(date(2025, 12, 1), next(_codes)),
        organisation_id=organisation.id,
        client_id=(who or client(family, given, born)).id,
        status=status,
        closed_at=closed_at,
        created_by_id=created_by.id if created_by else None,
        assigned_to_id=assigned_to.id if assigned_to else None,
    )
    if updated_at is not None:
        found.updated_at = updated_at
    found.aanmelding = Aanmelding(
        aanmelder="clb", datum_aanmelding=date(2025, 11, 20), uw_referentie=referentie
    )
    db.session.add(found)
    db.session.flush()
    return found


def klas_dossier(organisation, name: str, code: str | None = None) -> Dossier:
    """K-5: a class dossier."""
    klas = Klas(organisation_id=organisation.id, name=name, participants=12)
    db.session.add(klas)
    db.session.flush()
    found = Dossier(
        code=code or dossier_code(date(2025, 12, 1), next(_codes)),
        organisation_id=organisation.id,
        klas_id=klas.id,
        status="open",
    )
    found.aanmelding = Aanmelding(aanmelder="clb", datum_aanmelding=date(2025, 11, 20))
    db.session.add(found)
    db.session.flush()
    return found


def beslissing(dossier_: Dossier, begin: date, end: date, nrtj: bool = False) -> Beslissing:
    """S-1: a beslissing (NRTJ when ``nrtj``)."""
    found = Beslissing(
        dossier_id=dossier_.id, via_toegangspoort=nrtj, begindatum=begin, einddatum=end
    )
    db.session.add(found)
    db.session.flush()
    return found


def schakeling(beslissing_: Beslissing, begin: date, end: date | None = None) -> Schakeling:
    """S-2: a schakeling under ``beslissing_``."""
    found = Schakeling(
        beslissing_id=beslissing_.id,
        dossier_id=beslissing_.dossier_id,
        begindatum=begin,
        einddatum=end,
    )
    db.session.add(found)
    db.session.flush()
    return found


def at(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    """A UTC timestamp."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


SESSION_STORE_STATEMENT = re.compile(r"\b(FROM|UPDATE|INTO) sessions\b")


@contextmanager
def counted_queries():
    """The SQL statements the block sends to the database (convention 10), less those of the
    session store (one read and at most one write per request, whatever the page)."""
    statements: list[str] = []
    engine = db.engine

    def count(conn, cursor, statement, *args):
        if not SESSION_STORE_STATEMENT.search(statement):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)
