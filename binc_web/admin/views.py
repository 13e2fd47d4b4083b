"""A-3 "Gebruikersbeheer": a beheerder grants and revokes roles for their own organisation, and
reads the K-2 trace of its register look-ups and reads of shared client data."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from sqlalchemy import func

from binc_web.activity import record_activity
from binc_web.admin.forms import GrantRoleForm
from binc_web.auth.session import end_all_sessions, role_required
from binc_web.clients.trace import KINDS
from binc_web.extensions import db
from binc_web.htmx import is_htmx, page_or_fragment
from binc_web.models import Client, Membership, Person, RegisterLookup
from binc_web.rules.national_number import national_number_problems
from binc_web.rules.roles import ROLES, grant_problems, revoke_problems, roles_for_kind
from binc_web.scoping import load_scoped

blueprint = Blueprint("admin", __name__, url_prefix="/beheer")


def _grant_form() -> GrantRoleForm:
    form = GrantRoleForm()
    form.role.choices = [("", "— kies een rol —")] + [
        (role, ROLES[role]) for role in roles_for_kind(g.organisation.kind)
    ]
    return form


def _render(form: GrantRoleForm, status: int = 200, problems: list[str] | None = None):
    memberships = db.session.scalars(
        db.select(Membership)
        .join(Person, Membership.person_id == Person.id)
        .where(Membership.organisation_id == g.organisation.id)
        .options(db.joinedload(Membership.person))
        .order_by(Person.family_name, Person.given_name, Person.national_number, Membership.role)
    ).all()
    return page_or_fragment(
        "admin/users.html",
        "admin/_users.html",
        status=status,
        form=form,
        problems=problems or [],
        memberships=memberships,
        crumbs=[("Overzicht Dossiers", url_for("dossiers.overview")), ("Gebruikersbeheer", None)],
    )


@blueprint.get("/gebruikers")
@role_required("beheerder")
def users():
    """The organisation's people with their roles, and the form to grant a role."""
    return _render(_grant_form())


@blueprint.post("/gebruikers")
@role_required("beheerder")
def grant():
    """Grant a role to a national number; unknown people are added and named at first login."""
    form = _grant_form()
    if not form.validate():
        return _render(form, 422)
    national_number, problems = national_number_problems(form.national_number.data)
    if problems:
        form.national_number.errors = list(problems)
        return _render(form, 422)
    person = db.session.scalars(
        db.select(Person).where(Person.national_number == national_number)
    ).first()
    already = person is not None and db.session.scalar(
        db.select(func.count()).where(
            Membership.person_id == person.id,
            Membership.organisation_id == g.organisation.id,
            Membership.role == form.role.data,
        )
    )
    problems = grant_problems(form.role.data, g.organisation.kind, bool(already))
    if problems:
        form.role.errors = list(problems)
        return _render(form, 422)
    if person is None:
        person = Person(national_number=national_number)
        db.session.add(person)
        db.session.flush()
    membership = Membership(
        person_id=person.id,
        organisation_id=g.organisation.id,
        role=form.role.data,
        granted_by_id=g.person.id,
    )
    db.session.add(membership)
    db.session.flush()
    record_activity(
        "rol_toegekend",
        membership,
        f"Rol {membership.role} toegekend aan {national_number}",
        after={"national_number": national_number, "role": membership.role},
    )
    db.session.commit()
    return _after_change(f"De rol {membership.role} werd toegekend aan {national_number}.")


@blueprint.post("/gebruikers/<id:membership_id>/intrekken")
@role_required("beheerder")
def revoke(membership_id: int):
    """Revoke one role; the organisation always keeps a beheerder."""
    membership = load_scoped(Membership, membership_id)
    remaining = db.session.scalar(
        db.select(func.count()).where(
            Membership.organisation_id == g.organisation.id,
            Membership.role == "beheerder",
            Membership.id != membership.id,
        )
    )
    problems = revoke_problems(
        membership.role, remaining, revoking_self=membership.person_id == g.person.id
    )
    if problems:
        return _render(_grant_form(), 422, problems)
    national_number = membership.person.national_number
    record_activity(
        "rol_ingetrokken",
        membership,
        f"Rol {membership.role} ingetrokken voor {national_number}",
        before={"national_number": national_number, "role": membership.role},
    )
    end_all_sessions(membership.person)
    db.session.delete(membership)
    db.session.commit()
    return _after_change(f"De rol {membership.role} van {national_number} werd ingetrokken.")


def _after_change(message: str):
    """htmx gets the refreshed list; a plain POST is redirected (303) to the page."""
    flash(message, "success")
    if is_htmx():
        return _render(_grant_form())
    return redirect(url_for("admin.users"), code=303)


@blueprint.get("/opzoekingen")
@role_required("beheerder")
def lookups():
    """K-2: the organisation's register look-ups and reads of youths without a dossier, newest
    first, a page at a time."""
    size = current_app.config["PAGE_SIZE"]
    total = db.session.scalar(
        db.select(func.count()).where(RegisterLookup.organisation_id == g.organisation.id)
    )
    last = max(1, -(-total // size))
    page = min(max(request.args.get("pagina", 1, type=int), 1), last)
    rows = db.session.execute(
        db.select(RegisterLookup, Client)
        .outerjoin(Client, Client.id == RegisterLookup.client_id)
        .where(RegisterLookup.organisation_id == g.organisation.id)
        .options(db.joinedload(RegisterLookup.person))
        .order_by(RegisterLookup.at.desc(), RegisterLookup.id.desc())
        .limit(size)
        .offset((page - 1) * size)
    ).all()
    return render_template(
        "admin/lookups.html",
        rows=rows,
        kinds=KINDS,
        page=page,
        last=last,
        total=total,
        crumbs=[
            ("Overzicht Dossiers", url_for("dossiers.overview")),
            ("Opzoekingen rijksregister", None),
        ],
    )
