"""K-1: the national register behind "Toevoegen nieuwe cliënt/dossier".

The register is an adapter chosen by the ``REGISTER_ADAPTER`` setting (a dotted path to a class
or factory taking no arguments). The default, ``RegisterTableAdapter``, reads the
``register_entries`` table that ``flask binc import-register`` fills from a CSV file; a KSZ
connection implements the same two methods. The K-1 age limit is applied here, on top of any
adapter, by ``search_register``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Protocol, TextIO, runtime_checkable

from flask import current_app
from sqlalchemy import func, select
from werkzeug.utils import import_string

from binc_web.extensions import db
from binc_web.models import RegisterEntry
from binc_web.rules.clients import (
    REGISTER_COLUMNS,
    SearchTerms,
    register_line_check,
    within_register_age,
)

# A name search in the table never returns more rows than this.
MAX_MATCHES = 100
IMPORT_BATCH = 500


@dataclass(frozen=True)
class RegisterPerson:
    """A person as the register knows them (identification data and official address)."""

    national_number: str
    family_name: str
    given_name: str
    gender: str
    birth_date: date
    nationality: str | None = None
    street: str | None = None
    house_number: str | None = None
    postcode: str | None = None
    municipality: str | None = None
    country: str | None = None


@runtime_checkable
class RegisterAdapter(Protocol):
    """What binc-web asks the national register (the table, or later KSZ)."""

    def find_by_number(self, number: str) -> RegisterPerson | None:
        """The person with this rijksregisternummer or BIS number, or None."""

    def find_by_name(self, family_name: str, gender: str, birth_year: int) -> list[RegisterPerson]:
        """The people with this family name (case-insensitive), gender and birth year."""


PERSON_FIELDS = tuple(f.name for f in fields(RegisterPerson))


def _person(entry: RegisterEntry) -> RegisterPerson:
    return RegisterPerson(**{name: getattr(entry, name) for name in PERSON_FIELDS})


class RegisterTableAdapter:
    """The default register: the ``register_entries`` table, filled from a file (K-1)."""

    def find_by_number(self, number: str) -> RegisterPerson | None:
        """The row with this number, or None."""
        entry = db.session.scalars(
            select(RegisterEntry).where(RegisterEntry.national_number == number)
        ).first()
        return _person(entry) if entry else None

    def find_by_name(self, family_name: str, gender: str, birth_year: int) -> list[RegisterPerson]:
        """Rows with this family name (case-insensitive), gender and birth year, by name."""
        entries = db.session.scalars(
            select(RegisterEntry)
            .where(
                func.lower(RegisterEntry.family_name) == func.lower(family_name),
                RegisterEntry.gender == gender,
                RegisterEntry.birth_date >= date(birth_year, 1, 1),
                RegisterEntry.birth_date <= date(birth_year, 12, 31),
            )
            .order_by(RegisterEntry.given_name, RegisterEntry.birth_date, RegisterEntry.id)
            .limit(MAX_MATCHES)
        ).all()
        return [_person(entry) for entry in entries]


def register_adapter() -> RegisterAdapter:
    """The adapter of the current app (``REGISTER_ADAPTER``), created once per app."""
    adapter = current_app.extensions.get("binc_register")
    if adapter is None:
        factory = import_string(current_app.config["REGISTER_ADAPTER"])
        adapter = factory()
        if not isinstance(adapter, RegisterAdapter):
            raise TypeError("REGISTER_ADAPTER must provide find_by_number and find_by_name")
        current_app.extensions["binc_register"] = adapter
    return adapter


@dataclass
class RegisterSearch:
    """K-1: the youths found, and how many people matched but are older than 25."""

    found: list[RegisterPerson] = field(default_factory=list)
    too_old: int = 0


def search_register(adapter: RegisterAdapter, terms: SearchTerms, today: date) -> RegisterSearch:
    """Search by number or by name; only youths up to 25 are returned (K-1)."""
    if terms.option == "nummer":
        person = adapter.find_by_number(terms.national_number or "")
        matches = [person] if person else []
    else:
        matches = adapter.find_by_name(
            terms.family_name or "", terms.gender or "", terms.birth_year or 0
        )
    result = RegisterSearch()
    for person in matches:
        if within_register_age(person.birth_date, today):
            result.found.append(person)
        else:
            result.too_old += 1
    return result


@dataclass
class ImportReport:
    """What ``import_register`` did: counts, and the refused lines with their reasons."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)


UNREADABLE = {
    FileNotFoundError: "het bestaat niet",
    IsADirectoryError: "het is een map",
    PermissionError: "geen leesrechten",
}


def unreadable_reason(error: OSError) -> str:
    """Why a file cannot be opened, in Dutch when the reason is a common one."""
    return UNREADABLE.get(type(error), error.strerror or str(error))


class RegisterFileError(Exception):
    """The file cannot be read as a register file (encoding, header); nothing was imported."""


@dataclass(frozen=True)
class FileLine:
    """One line of a register file: its values by field name, or why it cannot be used."""

    number: int
    values: dict[str, str]
    problem: str | None = None


def read_register_file(
    handle: TextIO,
    columns: dict[str, str] = REGISTER_COLUMNS,
    optional: dict[str, str] | None = None,
) -> Iterator[FileLine]:
    """Yield the lines of a register CSV file after its header (also the moduledatabank's,
    with its own ``columns``: header name → field name). The ``optional`` columns may be
    left out of the header; a line then has None for them (not the empty text of an empty
    cell).

    The header names the columns of ``columns`` (any order, any case; other columns are
    ignored); the separator is a comma or, as Excel writes it in Belgium, a semicolon.
    """
    try:
        header_line = handle.readline()
        delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
        header = [
            name.strip().lower()
            for row in csv.reader([header_line], delimiter=delimiter)
            for name in row
        ]
        missing = [name for name in columns if name not in header]
        if missing:
            raise RegisterFileError("De kopregel mist deze kolommen: " + ", ".join(missing) + ".")
        reader = csv.reader(handle, delimiter=delimiter)
        last_line = 1
        for row in reader:
            first_line, last_line = last_line + 1, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                problem = f"De regel telt {len(row)} velden in plaats van {len(header)}."
                yield FileLine(first_line, {}, problem)
                continue
            by_column = dict(zip(header, row, strict=True))
            values = {name: by_column[column] for column, name in columns.items()}
            values |= {name: by_column.get(column) for column, name in (optional or {}).items()}
            yield FileLine(first_line, values)
    except UnicodeDecodeError as error:
        raise RegisterFileError("Het bestand is niet in UTF-8 opgeslagen.") from error
    except csv.Error as error:
        raise RegisterFileError(f"Het bestand kan niet gelezen worden: {error}.") from error


def import_register(lines: Iterable[FileLine], today: date) -> ImportReport:
    """K-1: add or update (by number) the valid lines; refused lines are reported with their
    reason and nothing of them reaches the table. The caller commits."""
    report = ImportReport()
    seen: dict[str, int] = {}
    batch: dict[str, dict] = {}
    for line in lines:
        if line.problem:
            report.rejected.append((line.number, line.problem))
            continue
        check = register_line_check(line.values, today)
        if not check.ok:
            report.rejected.append((line.number, " ".join(check.problems.values())))
            continue
        number = check.values["national_number"]
        if number in seen:
            report.rejected.append(
                (line.number, f"Rijksregisternummer {number} staat al op regel {seen[number]}.")
            )
            continue
        seen[number] = line.number
        batch[number] = check.values
        if len(batch) >= IMPORT_BATCH:
            _upsert(batch, report)
            batch = {}
    _upsert(batch, report)
    return report


def _upsert(batch: dict[str, dict], report: ImportReport) -> None:
    """Insert or update one batch of valid lines (one query to find the existing rows)."""
    if not batch:
        return
    existing = {
        entry.national_number: entry
        for entry in db.session.scalars(
            select(RegisterEntry).where(RegisterEntry.national_number.in_(batch))
        )
    }
    for number, values in batch.items():
        entry = existing.get(number)
        if entry is None:
            db.session.add(RegisterEntry(**values))
            report.added += 1
        elif any(getattr(entry, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(entry, name, value)
            report.updated += 1
        else:
            report.unchanged += 1
    db.session.flush()
