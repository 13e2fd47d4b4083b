"""M-2: bulk loading of the moduledatabank from a CSV file (``flask binc
import-moduledatabank``): every refused line is named with its reason, the others imported."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from binc_web.extensions import db
from binc_web.models import ModuleApproval, Organisation, TypeModule
from binc_web.register import FileLine
from binc_web.rules.clients import parse_date
from binc_web.rules.dates import TRAJECT, date_window_problem
from binc_web.rules.moduledatabank import approval_problems


@dataclass
class ApprovalImportReport:
    """What ``import_moduledatabank`` did: counts, and the refused lines with their reasons."""

    added: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)


def _date(text: str, subject: str, today: date) -> tuple[date | None, str | None]:
    """A dd/mm/jjjj date of the file within the traject window, or the reason it is not."""
    parsed = parse_date(text)
    if parsed is None:
        return None, f"{subject} is geen datum als dd/mm/jjjj: {text.strip()!r}."
    return parsed, date_window_problem(parsed, TRAJECT, today, subject)


def import_moduledatabank(lines: Iterable[FileLine], today: date) -> ApprovalImportReport:
    """M-2: add the approvals of valid lines (an identical existing approval counts as
    unchanged, so a file can be loaded twice); a line that overlaps another approval of the
    same voorziening and module is refused, never merged or overwritten. The caller commits."""
    report = ApprovalImportReport()
    organisations = {
        o.name.casefold(): o
        for o in db.session.scalars(select(Organisation).where(Organisation.kind != "agency"))
    }
    modules = {m.code.upper(): m for m in db.session.scalars(select(TypeModule))}
    periods: dict[tuple[int, int], list[tuple[date, date | None]]] = {}
    for approval in db.session.scalars(select(ModuleApproval)):
        key = (approval.organisation_id, approval.type_module_id)
        periods.setdefault(key, []).append((approval.valid_from, approval.valid_until))
    for line in lines:
        problem = line.problem or _line_problem(line.values, organisations, modules, today)
        if problem:
            report.rejected.append((line.number, problem))
            continue
        organisation = organisations[line.values["organisation"].strip().casefold()]
        module = modules[line.values["code"].strip().upper()]
        valid_from = parse_date(line.values["valid_from"])
        valid_until = parse_date(line.values["valid_until"])
        existing = periods.setdefault((organisation.id, module.id), [])
        if (valid_from, valid_until) in existing:
            report.unchanged += 1
            continue
        problems = approval_problems(valid_from, valid_until, existing)
        if problems:
            report.rejected.append((line.number, " ".join(problems.values())))
            continue
        db.session.add(
            ModuleApproval(
                organisation_id=organisation.id,
                type_module_id=module.id,
                valid_from=valid_from,
                valid_until=valid_until,
            )
        )
        existing.append((valid_from, valid_until))
        report.added += 1
    db.session.flush()
    return report


def _line_problem(values: dict, organisations: dict, modules: dict, today: date) -> str | None:
    """Why a line names no known voorziening, module or plausible dates."""
    name, code = values["organisation"].strip(), values["code"].strip()
    if name.casefold() not in organisations:
        return f"Onbekende voorziening {name!r}."
    if code.upper() not in modules:
        return f"Onbekende typemodule {code!r} (gebruik de code, bijvoorbeeld CB-LAAG)."
    _start, problem = _date(values["valid_from"], "De datum vanaf", today)
    if problem:
        return problem
    if values["valid_until"].strip():
        _end, problem = _date(values["valid_until"], "De datum tot", today)
    return problem
