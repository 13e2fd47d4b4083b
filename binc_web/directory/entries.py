"""F-1: filling the directory: ``flask binc import-diensten`` (a CSV file) and the demo data.

Both add services and contact persons that are missing and leave the rest alone, so that a
file (or the demo) can be loaded again without doubles.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select

from binc_web.extensions import db
from binc_web.models import Service, ServiceContact
from binc_web.register import FileLine
from binc_web.rules.directory import (
    contact_function,
    directory_line_problems,
    normalised_email,
    search_key,
)


@dataclass
class DirectoryImportReport:
    """What ``import_directory`` did: counts, and the refused lines with their reasons."""

    services_added: int = 0
    contacts_added: int = 0
    contacts_updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)


class DirectoryProblem(Exception):
    """A valid line that does not fit the directory as it is (e.g. a kind other than the
    existing service's)."""


def find_or_add_service(name: str, kind: str) -> tuple[Service, bool]:
    """The service called ``name`` (whatever its case or accents), added with ``kind`` when
    missing; True when it was added. A voorziening is never added here: those are the
    instance's organisations."""
    service = db.session.scalars(
        select(Service).where(Service.search_name == search_key(name))
    ).one_or_none()
    if service is None:
        if kind == "voorziening":
            raise DirectoryProblem(
                f"{name.strip()} is geen organisatie van deze installatie: voeg ze eerst toe "
                "met flask binc add-organisation."
            )
        service = Service(name=name, kind=kind)
        db.session.add(service)
        db.session.flush()
        return service, True
    if service.kind != kind:
        raise DirectoryProblem(
            f"{service.name} staat al in de lijst als {service.kind_label}, niet als {kind}."
        )
    return service, False


def add_or_update_contact(
    service: Service, name: str, email: str, function: str | None = None, *, keep: bool = True
) -> str:
    """Keep ``name`` (and ``function``, unless ``keep``: a file without the column) as the
    contact of ``service`` at ``email``: "added", "updated" (another name or function was
    known for the address) or "unchanged"."""
    address = normalised_email(email)
    contact = next((c for c in service.contacts if c.email == address), None)
    if contact is None:
        service.contacts.append(ServiceContact(name=name, email=address, functie=function))
        return "added"
    changed = contact.name != name.strip() or (not keep and contact.functie != function)
    contact.name = name
    if not keep:
        contact.functie = function
    return "updated" if changed else "unchanged"


def import_directory(lines: Iterable[FileLine]) -> DirectoryImportReport:
    """F-1: add the services and contact persons of the valid lines; refused lines are reported
    with their reason and nothing of them is stored. The caller commits."""
    report = DirectoryImportReport()
    seen: dict[tuple[int, str], int] = {}
    for line in lines:
        problems = [line.problem] if line.problem else directory_line_problems(line.values)
        if problems:
            report.rejected.append((line.number, " ".join(problems)))
            continue
        values = line.values
        try:
            service, added = find_or_add_service(values["service"], values["kind"].strip().lower())
        except DirectoryProblem as problem:
            report.rejected.append((line.number, str(problem)))
            continue
        report.services_added += added
        if not values["contact_email"].strip():
            if not added:
                report.unchanged += 1
            continue
        key = (service.id, normalised_email(values["contact_email"]))
        if key in seen:
            report.rejected.append(
                (line.number, f"{key[1]} bij {service.name} staat al op regel {seen[key]}.")
            )
            continue
        seen[key] = line.number
        outcome = add_or_update_contact(
            service,
            values["contact_name"],
            values["contact_email"],
            contact_function(values.get("function")),
            keep=values.get("function") is None,
        )
        report.contacts_added += outcome == "added"
        report.contacts_updated += outcome == "updated"
        report.unchanged += outcome == "unchanged"
    db.session.flush()
    return report
