"""C-1 "Raadplegen capaciteit" for workers and C-2 "Capaciteitsbeheer" for the agency's
beleidsmedewerker (manual chapter 12)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import flash, g, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from binc_web.errors import render_error
from binc_web.extensions import db
from binc_web.figures import bp
from binc_web.figures.access import (
    beleidsmedewerker_only,
    chosen_typemodule,
    chosen_voorziening,
    medewerker_only,
    voorzieningen,
)
from binc_web.figures.forms import CapaciteitForm, add_problems, unflagged
from binc_web.figures.moduledatabank import approval_periods, modules_ever_approved
from binc_web.models import Capaciteit, Organisation, TypeModule
from binc_web.rules.capaciteit import DUPLICATE_START, capacity_problems, current_capacity
from binc_web.rules.moduledatabank import active_on
from binc_web.templating import today


@dataclass(frozen=True)
class CurrentCapacity:
    """C-1: one line of "Raadplegen capaciteit": a module and the row that applies today."""

    module: TypeModule
    row: Capaciteit | None
    next_row: Capaciteit | None  # a change already entered for a later date


def capacity_rows(organisation_id: int, type_module_id: int | None = None) -> list[Capaciteit]:
    """Every capacity row of the organisation (optionally of one module), newest start first."""
    statement = (
        select(Capaciteit)
        .join(TypeModule, TypeModule.id == Capaciteit.type_module_id)
        .where(Capaciteit.organisation_id == organisation_id)
        .options(joinedload(Capaciteit.type_module))
        .order_by(TypeModule.name, Capaciteit.valid_from.desc())
    )
    if type_module_id is not None:
        statement = statement.where(Capaciteit.type_module_id == type_module_id)
    return list(db.session.scalars(statement))


def current_capacities(rows: list[Capaciteit], on: date) -> list[CurrentCapacity]:
    """C-1: per module the row that applies on ``on`` and the next change, by module name."""
    by_module: dict[int, list[Capaciteit]] = {}
    for row in rows:
        by_module.setdefault(row.type_module_id, []).append(row)
    lines = []
    for module_rows in by_module.values():
        applying = current_capacity([(r.valid_from, r.id) for r in module_rows], on)
        later = [r for r in module_rows if r.valid_from > on]
        lines.append(
            CurrentCapacity(
                module_rows[0].type_module,
                next((r for r in module_rows if r.id == applying), None),
                min(later, key=lambda r: r.valid_from) if later else None,
            )
        )
    return sorted(lines, key=lambda line: line.module.name)


@bp.get("/capaciteit")
@medewerker_only
def raadplegen():
    """C-1: the organisation's current capacity per typemodule, with the agency's toelichting."""
    return render_template(
        "figures/capaciteit.html",
        lines=current_capacities(capacity_rows(g.organisation.id), today()),
        crumbs=[("Raadplegen capaciteit", None)],
    )


@bp.get("/capaciteit/<id:type_module_id>")
@medewerker_only
def historiek(type_module_id: int):
    """C-1: the history of one module's capacity (another organisation's answers 404)."""
    rows = capacity_rows(g.organisation.id, type_module_id)
    if not rows:
        return render_error(404)
    module = rows[0].type_module
    return render_template(
        "figures/capaciteit_historiek.html",
        module=module,
        rows=rows,
        applying=current_capacity([(r.valid_from, r.id) for r in rows], today()),
        crumbs=[
            ("Raadplegen capaciteit", url_for("figures.raadplegen")),
            (module.name, None),
        ],
    )


def _beheer_page(organisation: Organisation | None, form: CapaciteitForm, status: int = 200):
    context = {"organisations": voorzieningen(), "organisation": organisation, "form": form}
    if organisation is not None:
        rows = capacity_rows(organisation.id)
        context["lines"] = current_capacities(rows, today())
        context["rows"] = rows
        modules = modules_ever_approved(organisation.id)
        form.typemodule.choices = [("", "Kies een typemodule")] + [
            (str(m.id), m.name) for m in modules
        ]
    return (
        render_template(
            "figures/capaciteitsbeheer.html", crumbs=[("Capaciteitsbeheer", None)], **context
        ),
        status,
    )


@bp.get("/agentschap/capaciteit")
@beleidsmedewerker_only
def beheer():
    """C-2: pick a voorziening; its capacities now and earlier, and the form for a new one."""
    organisation = chosen_voorziening()
    form = CapaciteitForm(formdata=None)
    if organisation is not None:
        form.voorziening.data = str(organisation.id)
    return _beheer_page(organisation, form)


@bp.post("/agentschap/capaciteit")
@beleidsmedewerker_only
def nieuwe_capaciteit():
    """C-2: a new capacity from a date on; earlier rows stay, a duplicate start is refused."""
    form = CapaciteitForm()
    organisation = chosen_voorziening(request.form)
    if organisation is None:
        return render_error(404)
    # Every field's message at once: the rules also run when the form or the module failed.
    valid = form.validate()
    module = chosen_typemodule(form)
    problems = _capacity_problems(organisation, module, form)
    if not add_problems(form, unflagged(form, problems)) or not valid or module is None:
        return _beheer_page(organisation, form, 422)
    db.session.add(
        Capaciteit(
            organisation_id=organisation.id,
            type_module_id=module.id,
            valid_from=form.vanaf.data,
            capacity=form.capaciteit.data,
            verzekerd_aanbod=form.verzekerd_aanbod.data or 0,
            toelichting=form.toelichting.data.strip(),
            created_by_id=g.person.id,
        )
    )
    try:
        db.session.commit()
    except IntegrityError:
        # C-2 under a race: a colleague saved the same module and start date a moment ago.
        db.session.rollback()
        add_problems(form, {"vanaf": DUPLICATE_START.format(day=form.vanaf.data)})
        return _beheer_page(organisation, form, 422)
    flash(
        f"Nieuwe capaciteit voor {module.name} bij {organisation.name} vanaf "
        f"{form.vanaf.data:%d/%m/%Y}: {form.capaciteit.data}.",
        "success",
    )
    return redirect(url_for("figures.beheer", voorziening=organisation.id), code=303)


def _capacity_problems(
    organisation: Organisation, module: TypeModule | None, form: CapaciteitForm
) -> dict[str, str]:
    """C-2 with the facts from the database: the module's start dates and approvals (none
    to compare with while no module is chosen)."""
    if module is None:
        return capacity_problems(
            valid_from=form.vanaf.data,
            capacity=form.capaciteit.data,
            verzekerd_aanbod=form.verzekerd_aanbod.data,
            toelichting=form.toelichting.data or "",
            existing_starts=set(),
            approved=True,
        )
    starts = set(
        db.session.scalars(
            select(Capaciteit.valid_from).where(
                Capaciteit.organisation_id == organisation.id,
                Capaciteit.type_module_id == module.id,
            )
        )
    )
    periods = approval_periods(organisation.id, module.id)
    return capacity_problems(
        valid_from=form.vanaf.data,
        capacity=form.capaciteit.data,
        verzekerd_aanbod=form.verzekerd_aanbod.data,
        toelichting=form.toelichting.data or "",
        existing_starts=starts,
        approved=bool(form.vanaf.data)
        and any(active_on(period, form.vanaf.data) for period in periods),
    )
