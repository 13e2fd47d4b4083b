"""M-2 "Moduledatabank" for the agency's beleidsmedewerker: per voorziening the typemodules it
is approved for, from/until. A period is added or ended, never rewritten; schakelingen offer
only the modules approved on their begindatum (``dossiers.traject.approved_modules``)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import flash, g, redirect, render_template, request, url_for
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased, joinedload

from binc_web.errors import render_error
from binc_web.extensions import db
from binc_web.figures import bp
from binc_web.figures.access import (
    beleidsmedewerker_only,
    chosen_typemodule,
    chosen_voorziening,
    voorzieningen,
)
from binc_web.figures.forms import (
    BeeindigForm,
    ErkenningForm,
    ErkenningsnummerForm,
    add_problems,
    unflagged,
)
from binc_web.models import ModuleApproval, Organisation, Person, TypeModule
from binc_web.rules.moduledatabank import (
    active_on,
    approval_problems,
    end_problem,
    erkenningsnummer_problem,
)
from binc_web.templating import today

ALREADY_ENDED = "Deze erkenning werd intussen al beëindigd: de historiek wordt niet gewijzigd."


def approval_periods(organisation_id: int, type_module_id: int) -> list[tuple]:
    """M-2: the (from, until) periods of one module's approvals for the organisation."""
    return [
        tuple(row)
        for row in db.session.execute(
            select(ModuleApproval.valid_from, ModuleApproval.valid_until).where(
                ModuleApproval.organisation_id == organisation_id,
                ModuleApproval.type_module_id == type_module_id,
            )
        )
    ]


def modules_ever_approved(organisation_id: int) -> list[TypeModule]:
    """M-2: the typemodules the organisation has (or had) an approval for, by name."""
    return list(
        db.session.scalars(
            select(TypeModule)
            .where(
                TypeModule.id.in_(
                    select(ModuleApproval.type_module_id).where(
                        ModuleApproval.organisation_id == organisation_id
                    )
                )
            )
            .order_by(TypeModule.name)
        )
    )


def _approvals(organisation_id: int) -> list[tuple[ModuleApproval, Person | None, Person | None]]:
    """Every approval of the organisation with who added and who ended it, by module, newest
    first (one query)."""
    added_by, ended_by = aliased(Person), aliased(Person)
    return [
        tuple(row)
        for row in db.session.execute(
            select(ModuleApproval, added_by, ended_by)
            .join(TypeModule, TypeModule.id == ModuleApproval.type_module_id)
            .outerjoin(added_by, added_by.id == ModuleApproval.created_by_id)
            .outerjoin(ended_by, ended_by.id == ModuleApproval.ended_by_id)
            .where(ModuleApproval.organisation_id == organisation_id)
            .options(joinedload(ModuleApproval.type_module))
            .order_by(TypeModule.name, ModuleApproval.valid_from.desc())
        )
    ]


def _page(
    organisation: Organisation | None,
    form: ErkenningForm,
    status: int = 200,
    end_form: BeeindigForm | None = None,
    refused_id: int | None = None,
    number_form: ErkenningsnummerForm | None = None,
):
    context: dict = {"organisations": voorzieningen(), "organisation": organisation}
    if organisation is not None:
        context["approvals"] = _approvals(organisation.id)
        form.voorziening.data = str(organisation.id)
        if number_form is None:
            number_form = ErkenningsnummerForm(
                formdata=None, erkenningsnummer=organisation.erkenningsnummer or ""
            )
        number_form.voorziening.data = str(organisation.id)
        context["number_form"] = number_form
        form.typemodule.choices = [("", "Kies een typemodule")] + [
            (str(m.id), f"{m.name} ({m.code}, {m.access})")
            for m in db.session.scalars(select(TypeModule).order_by(TypeModule.name))
        ]
    return (
        render_template(
            "figures/moduledatabank.html",
            form=form,
            end_form=end_form or BeeindigForm(formdata=None),
            refused_id=refused_id,
            today=today(),
            active_on=active_on,
            crumbs=[("Moduledatabank", None)],
            **context,
        ),
        status,
    )


@bp.get("/agentschap/moduledatabank")
@beleidsmedewerker_only
def moduledatabank():
    """M-2: pick a voorziening; its approvals (running, ended, future) and a form for a new one."""
    return _page(chosen_voorziening(), ErkenningForm(formdata=None))


@bp.post("/agentschap/moduledatabank")
@beleidsmedewerker_only
def nieuwe_erkenning():
    """M-2: approve a typemodule for a voorziening over a period that overlaps no other."""
    form = ErkenningForm()
    organisation = chosen_voorziening(request.form)
    if organisation is None:
        return render_error(404)
    # Every field's message at once: the rules also run when the form or the module failed.
    valid = form.validate()
    module = chosen_typemodule(form)
    periods = approval_periods(organisation.id, module.id) if module is not None else []
    problems = approval_problems(form.vanaf.data, form.tot.data, periods)
    if not add_problems(form, unflagged(form, problems)) or not valid or module is None:
        return _page(organisation, form, 422)
    db.session.add(
        ModuleApproval(
            organisation_id=organisation.id,
            type_module_id=module.id,
            valid_from=form.vanaf.data,
            valid_until=form.tot.data,
            created_by_id=g.person.id,
        )
    )
    try:
        db.session.commit()
    except IntegrityError:
        # A colleague approved the same module from the same day a moment ago.
        db.session.rollback()
        form.vanaf.errors = ["Deze erkenning werd intussen al toegevoegd."]
        return _page(organisation, form, 422)
    flash(
        f"{organisation.name} is erkend voor {module.name} vanaf {form.vanaf.data:%d/%m/%Y}.",
        "success",
    )
    return redirect(url_for("figures.moduledatabank", voorziening=organisation.id), code=303)


@bp.post("/agentschap/moduledatabank/<id:approval_id>/beeindigen")
@beleidsmedewerker_only
def beeindig_erkenning(approval_id: int):
    """M-2: end a running approval on a day; an ended period is never changed again."""
    approval = db.session.get(ModuleApproval, approval_id)
    if approval is None:
        return render_error(404)
    if approval.valid_until is not None:
        return render_error(409, ALREADY_ENDED)
    organisation = db.session.get(Organisation, approval.organisation_id)
    form = BeeindigForm()
    valid = form.validate()
    if valid:
        problem = end_problem(approval.valid_from, form.tot.data)
        valid = add_problems(form, {"tot": problem} if problem else {})
    if not valid:
        return _page(organisation, ErkenningForm(formdata=None), 422, form, approval.id)
    # Only a period still open is ended: two people ending it at once cannot both succeed.
    ended = db.session.execute(
        update(ModuleApproval)
        .where(ModuleApproval.id == approval.id, ModuleApproval.valid_until.is_(None))
        .values(valid_until=form.tot.data, ended_by_id=g.person.id, ended_at=datetime.now(UTC))
    )
    if ended.rowcount != 1:
        db.session.rollback()
        return render_error(409, ALREADY_ENDED)
    db.session.commit()
    flash(
        f"De erkenning van {organisation.name} voor {approval.type_module.name} loopt tot en met "
        f"{form.tot.data:%d/%m/%Y}.",
        "success",
    )
    return redirect(url_for("figures.moduledatabank", voorziening=organisation.id), code=303)


@bp.post("/agentschap/moduledatabank/erkenningsnummer")
@beleidsmedewerker_only
def erkenningsnummer():
    """G-1: set or clear a voorziening's erkenningsnummer (unique over the voorzieningen)."""
    form = ErkenningsnummerForm()
    organisation = chosen_voorziening(request.form)
    if organisation is None:
        return render_error(404)
    problem = erkenningsnummer_problem(form.erkenningsnummer.data or "")
    valid = form.validate() and add_problems(form, {"erkenningsnummer": problem} if problem else {})
    number = form.erkenningsnummer.data or None
    holder = _holder(number, organisation.id) if valid and number else None
    if holder is not None:
        form.erkenningsnummer.errors = [f"Dit erkenningsnummer is al van {holder.name}."]
        valid = False
    if not valid:
        return _page(organisation, ErkenningForm(formdata=None), 422, number_form=form)
    organisation.erkenningsnummer = number
    try:
        db.session.commit()
    except IntegrityError:  # a colleague gave it to another voorziening a moment ago
        db.session.rollback()
        form.erkenningsnummer.errors = ["Dit erkenningsnummer werd intussen al toegekend."]
        return _page(organisation, ErkenningForm(formdata=None), 422, number_form=form)
    flash(f"Het erkenningsnummer van {organisation.name} werd bewaard.", "success")
    return redirect(url_for("figures.moduledatabank", voorziening=organisation.id), code=303)


def _holder(number: str, organisation_id: int) -> Organisation | None:
    """The other voorziening that has ``number`` already, if any."""
    return db.session.scalars(
        select(Organisation).where(
            Organisation.erkenningsnummer == number, Organisation.id != organisation_id
        )
    ).first()
