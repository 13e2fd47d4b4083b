"""D-7 "Overdragen dossier naar mezelf": take over open dossiers of a colleague."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from sqlalchemy import exists, func, or_
from sqlalchemy.orm.exc import StaleDataError

from binc_web.activity import record_activity
from binc_web.dossiers import blueprint
from binc_web.dossiers.views import STALE_MESSAGE
from binc_web.extensions import db
from binc_web.models import Client, Dossier, Klas, Membership, Person
from binc_web.rules.ids import parse_id
from binc_web.rules.wording import count_noun
from binc_web.scoping import database_id


def _colleagues_with_open_dossiers():
    """Other people of the organisation with the number of open dossiers assigned to them."""
    owner = func.coalesce(Dossier.assigned_to_id, Dossier.created_by_id)
    return db.session.execute(
        db.select(Person, func.count(Dossier.id))
        .join(Dossier, owner == Person.id)
        .where(
            Dossier.organisation_id == g.organisation.id,
            Dossier.status == "open",
            Person.id != g.person.id,
        )
        .group_by(Person.id)
        .order_by(Person.family_name, Person.given_name)
    ).all()


def _colleague(person_id: int | None) -> Person:
    """A person who works for the organisation, or worked for it and still holds open dossiers
    there (as listed); 404 for anyone else."""
    owner = func.coalesce(Dossier.assigned_to_id, Dossier.created_by_id)
    works_here = exists().where(
        Membership.person_id == Person.id, Membership.organisation_id == g.organisation.id
    )
    holds_open_dossiers = exists().where(
        owner == Person.id,
        Dossier.organisation_id == g.organisation.id,
        Dossier.status == "open",
    )
    person = db.session.scalars(
        db.select(Person).where(Person.id == (person_id or 0), or_(works_here, holds_open_dossiers))
    ).first()
    if person is None or person.id == g.person.id:
        abort(404)
    return person


def _open_dossiers_of(person: Person):
    owner = func.coalesce(Dossier.assigned_to_id, Dossier.created_by_id)
    return db.session.scalars(
        db.select(Dossier)
        .outerjoin(Client, Dossier.client_id == Client.id)
        .outerjoin(Klas, Dossier.klas_id == Klas.id)
        .where(
            Dossier.organisation_id == g.organisation.id,
            Dossier.status == "open",
            owner == person.id,
        )
        .options(db.joinedload(Dossier.client), db.joinedload(Dossier.klas))
        .order_by(func.coalesce(Client.family_name, Klas.name), Client.given_name, Dossier.id)
    ).all()


@blueprint.route("/dossiers/overdragen", methods=["GET", "POST"])
def transfer():
    """List colleagues; for the chosen one, tick dossiers and move them to "Mijn dossiers"."""
    crumbs = [
        ("Overzicht Dossiers", url_for("dossiers.overview")),
        ("Overdragen dossier naar mezelf", None),
    ]
    colleague_id = request.values.get("van", type=database_id)
    if colleague_id is None and request.values.get("van"):
        abort(404)  # an id that fits no column names no colleague
    if colleague_id is None:
        return render_template(
            "dossiers/transfer.html",
            colleagues=_colleagues_with_open_dossiers(),
            colleague=None,
            dossiers=[],
            crumbs=crumbs,
            error=None,
        )
    colleague = _colleague(colleague_id)
    dossiers = _open_dossiers_of(colleague)
    error, status = None, 200
    if request.method == "POST":
        chosen = set(filter(None, map(parse_id, request.form.getlist("dossier_id"))))
        selected = [d for d in dossiers if d.id in chosen]
        if not selected:
            error, status = "Selecteer minstens één dossier om over te dragen.", 422
        else:
            for dossier in selected:
                record_activity(
                    "dossier_overgedragen",
                    dossier,
                    f"Dossier overgedragen van {colleague.display_name} "
                    f"naar {g.person.display_name}",
                    dossier_id=dossier.id,
                    before={"toegewezen_aan": colleague.display_name},
                    after={"toegewezen_aan": g.person.display_name},
                )
                dossier.assigned_to_id = g.person.id
            try:
                db.session.commit()
            except StaleDataError:
                # D-13: a ticked dossier changed meanwhile (first save wins); nothing moved.
                # The list again, as it is now, with the message above it.
                db.session.rollback()
                dossiers = _open_dossiers_of(colleague)
                error, status = STALE_MESSAGE, 409
            else:
                moved = count_noun(len(selected), "dossier", "dossiers")
                flash(f"{moved} overgedragen naar ‘Mijn dossiers’.", "success")
                return redirect(url_for("dossiers.transfer"), code=303)
    return render_template(
        "dossiers/transfer.html",
        colleagues=None,
        colleague=colleague,
        dossiers=dossiers,
        crumbs=crumbs,
        error=error,
    ), status
