"""M-3 (FAQ crisisverblijf): the organisation totals of contextcontacten not tied to a dossier,
per month and contextbegeleiding module of the organisation, in hours per quarter."""

from __future__ import annotations

from datetime import date

from flask import flash, g, redirect, render_template, request, url_for
from sqlalchemy import select

from binc_web.activity import record_activity
from binc_web.extensions import db
from binc_web.figures import bp
from binc_web.figures.access import medewerker_only
from binc_web.figures.benutting_store import Conflict, write_cell
from binc_web.models import ModuleApproval, OrganisatieBenutting, TypeModule
from binc_web.rules.benutting import (
    MONTH_NAMES,
    conflict_message,
    format_amount,
    organisation_total_problem,
    parse_amount,
    to_hundredths,
)
from binc_web.templating import today


def _context_modules() -> list[TypeModule]:
    """The contextbegeleiding modules the organisation is (or was) approved for, by name."""
    return list(
        db.session.scalars(
            select(TypeModule)
            .where(
                TypeModule.function == "contextbegeleiding",
                TypeModule.id.in_(
                    select(ModuleApproval.type_module_id).where(
                        ModuleApproval.organisation_id == g.organisation.id
                    )
                ),
            )
            .order_by(TypeModule.name)
        )
    )


def _year() -> int:
    """The year of the query string (this year when missing or implausible)."""
    year = request.args.get("jaar", type=int)
    current = today().year
    return year if year is not None and 1900 <= year <= current else current


def _months(year: int) -> list[date]:
    """The months of ``year`` up to this month (a total is registered afterwards)."""
    now = today()
    return [date(year, m, 1) for m in range(1, 13) if date(year, m, 1) <= now]


def _stored(year: int) -> dict[tuple[int, date], int]:
    rows = db.session.execute(
        select(
            OrganisatieBenutting.type_module_id,
            OrganisatieBenutting.month,
            OrganisatieBenutting.hundredths,
        ).where(
            OrganisatieBenutting.organisation_id == g.organisation.id,
            OrganisatieBenutting.month >= date(year, 1, 1),
            OrganisatieBenutting.month <= date(year, 12, 1),
        )
    ).all()
    return {(module_id, month): value for module_id, month, value in rows}


def _page(year: int, values: dict, problems: dict, status: int = 200):
    modules = _context_modules()
    stored = _stored(year)
    return (
        render_template(
            "figures/organisatietotaal.html",
            year=year,
            modules=modules,
            months=_months(year),
            month_names=MONTH_NAMES,
            values=values,
            stored={key: format_amount(value) for key, value in stored.items()},
            totals={
                m.id: format_amount(sum(v for (mid, _), v in stored.items() if mid == m.id)) or "0"
                for m in modules
            },
            problems=problems,
            years=range(today().year, today().year - 5, -1),
            crumbs=[("Benutting organisatietotaal", None)],
        ),
        status,
    )


@bp.get("/benutting/organisatie")
@medewerker_only
def organisatietotaal():
    """M-3: a year of monthly organisation totals per contextbegeleiding module."""
    return _page(_year(), {}, {})


@bp.post("/benutting/organisatie")
@medewerker_only
def organisatietotaal_opslaan():
    """M-3: save the year's changed totals at once; any wrong cell refuses all (422)."""
    year = _year()
    changes, values, problems = [], {}, {}
    for module in _context_modules():
        for month in _months(year):
            name = f"m{module.id}-{month.month:02d}"
            typed = request.form.get(name, "")[:20]
            values[name] = typed
            new, problem = organisation_total_problem(typed)
            if problem:
                problems[name] = f"{module.name}, {MONTH_NAMES[month.month - 1]}: {problem}"
                continue
            seen, _ = parse_amount(request.form.get("was-" + name, "")[:20])
            was = to_hundredths(seen) if seen else None
            if new != was:
                changes.append((module, month, was, new))
    if problems:
        return _page(year, values, problems, 422)
    try:
        for module, month, was, new in changes:
            key = {"organisation_id": g.organisation.id, "type_module_id": module.id}
            write_cell(OrganisatieBenutting, key | {"month": month}, was, new)
        if changes:
            record_activity(
                "organisatietotaal_gewijzigd",
                g.organisation,
                f"Benutting organisatietotaal {year} gewijzigd",
            )
        db.session.commit()
    except Conflict as conflict:
        return _page(
            year, values, {"conflict": conflict_message(conflict.day, conflict.current)}, 409
        )
    flash(f"De organisatietotalen van {year} werden bewaard.", "success")
    return redirect(url_for("figures.organisatietotaal", jaar=year), code=303)
