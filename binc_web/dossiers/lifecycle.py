"""D-10 "Afsluiten dossier", D-11 "Heropenen" and the D-12 request to reopen.

The rules live in ``binc_web.rules.lifecycle``; this module gathers a dossier's facts for them,
shows every unmet condition, and writes the change with its activity entry in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from flask import flash, g, redirect, render_template, request, url_for
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from binc_web.activity import record_activity
from binc_web.dossiers import blueprint
from binc_web.dossiers.traject_forms import ConfirmForm, ReopenRequestForm
from binc_web.errors import render_error
from binc_web.extensions import db
from binc_web.models import Beslissing, Dossier, ReopenRequest, Schakeling
from binc_web.rules.concurrency import ALREADY_CLOSED, DOSSIER_GONE, STALE
from binc_web.rules.lifecycle import (
    REQUEST_LABELS,
    REQUEST_PENDING,
    ClosingFacts,
    close_problems,
    close_warnings,
    registrations_exempt,
    reopen_mode,
)
from binc_web.scoping import load_scoped
from binc_web.templating import today as _today

# D-10: further conditions for closing, each giving the names of what is missing. Part R (the
# begin- and eindregistratie) adds its check here; exempt dossiers skip them (time-out, crisis
# intake, class dossier).
CLOSING_CHECKS: list[Callable[[Dossier], list[str]]] = []

REQUEST_EXISTS = "Er is al een aanvraag tot heropenen van dit dossier in behandeling."
CANNOT_REOPEN = (
    "Dit dossier kan niet heropend worden: er bestaat een ander open dossier voor deze cliënt "
    "bij uw voorziening."
)


def _crumbs(dossier: Dossier, last: str):
    return [
        ("Overzicht Dossiers", url_for("dossiers.overview")),
        (dossier.display_name, url_for("dossiers.show", dossier_id=dossier.id)),
        (last, None),
    ]


def closing_facts(dossier: Dossier) -> ClosingFacts:
    """What D-10 needs: counts of beslissingen and the end dates of the schakelingen."""
    beslissingen = db.session.execute(
        select(Beslissing.id, func.count(Schakeling.id))
        .outerjoin(Schakeling, Schakeling.beslissing_id == Beslissing.id)
        .where(Beslissing.dossier_id == dossier.id)
        .group_by(Beslissing.id)
    ).all()
    ends = db.session.scalars(
        select(Schakeling.einddatum).where(Schakeling.dossier_id == dossier.id)
    ).all()
    aanmelding = dossier.aanmelding
    exempt = registrations_exempt(
        klas=dossier.klas_id is not None,
        time_out=bool(aanmelding and aanmelding.time_out),
        crisis_intake=bool(aanmelding and aanmelding.aanmelder == "crisismeldpunt"),
    )
    missing = [] if exempt else [gap for check in CLOSING_CHECKS for gap in check(dossier)]
    return ClosingFacts(
        status=dossier.status,
        beslissingen=len(beslissingen),
        beslissingen_without_schakeling=sum(1 for _id, count in beslissingen if count == 0),
        schakeling_einddatums=tuple(ends),
        registrations_exempt=exempt,
        missing_registrations=tuple(missing),
    )


def other_open_dossier_code(dossier: Dossier) -> str | None:
    """D-11: the code of another open dossier of the same client at this organisation."""
    if dossier.client_id is None:
        return None
    return db.session.scalar(
        select(Dossier.code).where(
            Dossier.organisation_id == dossier.organisation_id,
            Dossier.client_id == dossier.client_id,
            Dossier.status == "open",
            Dossier.id != dossier.id,
        )
    )


def last_schakeling_end(dossier: Dossier) -> date | None:
    return db.session.scalar(
        select(func.max(Schakeling.einddatum)).where(Schakeling.dossier_id == dossier.id)
    )


def pending_request(dossier: Dossier) -> ReopenRequest | None:
    return db.session.scalar(
        select(ReopenRequest)
        .where(ReopenRequest.dossier_id == dossier.id)
        .order_by(ReopenRequest.requested_at.desc(), ReopenRequest.id.desc())
        .limit(1)
    )


def lifecycle_context(dossier: Dossier) -> dict:
    """What the dossier page shows about closing and reopening (D-10 to D-12)."""
    latest_request = pending_request(dossier)
    mode = None
    if dossier.status == "closed":
        mode = reopen_mode(
            status=dossier.status,
            last_schakeling_end=last_schakeling_end(dossier),
            other_open_dossier=other_open_dossier_code(dossier) is not None,
            today=_today(),
        )
        if mode == "request" and latest_request and latest_request.status == REQUEST_PENDING:
            mode = None  # the request is on its way; the state is shown instead
    return {
        "reopen_mode": mode,
        "reopen_request": latest_request,
        "request_labels": REQUEST_LABELS,
    }


def _save(dossier_id: int, closed_meanwhile: str = STALE) -> str | None:
    """Commit; on a collision the message of the manual (D-13) after a rollback:
    ``closed_meanwhile`` when the dossier is closed now, else the stale or gone message."""
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        fresh = db.session.get(Dossier, dossier_id)
        if fresh is None:
            return DOSSIER_GONE
        # Only closing has a message of its own for a colleague who closed first; reopening
        # a dossier that a colleague changed meanwhile would overwrite their data.
        return closed_meanwhile if fresh.status == "closed" else STALE
    return None


@blueprint.route("/dossiers/<id:dossier_id>/afsluiten", methods=["GET", "POST"])
def close(dossier_id: int):
    """D-10: confirm, then close; every unmet condition is named and nothing changes."""
    dossier = load_scoped(Dossier, dossier_id, missing=DOSSIER_GONE)
    facts = closing_facts(dossier)
    problems = close_problems(facts, _today())
    form = ConfirmForm()
    stale = request.method == "POST" and str(dossier.version_id) != (form.version_id.data or "")
    if request.method == "POST" and not problems and stale:
        problems = [STALE]
    if request.method == "GET" or problems:
        form.version_id.data = dossier.version_id
        status = 200
        if request.method == "POST":
            status = 409 if problems in ([STALE], [ALREADY_CLOSED]) else 422
        return render_template(
            "dossiers/close.html",
            dossier=dossier,
            problems=problems,
            warnings=close_warnings(facts),
            form=form,
            crumbs=_crumbs(dossier, "Afsluiten dossier"),
        ), status
    dossier.status = "closed"
    dossier.closed_at = _today()
    dossier.updated_at = datetime.now(UTC)
    record_activity(
        "dossier_afgesloten",
        dossier,
        f"Dossier {dossier.code} afgesloten",
        dossier_id=dossier.id,
        before={"status": "open"},
        after={"status": "afgesloten", "afgesloten_op": dossier.closed_at.isoformat()},
    )
    problem = _save(dossier_id, closed_meanwhile=ALREADY_CLOSED)
    if problem:
        return _refused(dossier_id, problem)
    flash(f"Dossier {dossier.code} werd afgesloten.", "success")
    return redirect(url_for("dossiers.show", dossier_id=dossier_id), code=303)


def _refused(dossier_id: int, message: str):
    return render_error(404 if message == DOSSIER_GONE else 409, message)


@blueprint.route("/dossiers/<id:dossier_id>/heropenen", methods=["GET", "POST"])
def reopen(dossier_id: int):
    """D-11: reopen directly within a year of the last schakeling, or ask the agency (D-12)."""
    dossier = load_scoped(Dossier, dossier_id, missing=DOSSIER_GONE)
    context = lifecycle_context(dossier)
    mode = context["reopen_mode"]
    form = ReopenRequestForm() if mode == "request" else ConfirmForm()
    problem = _reopen_problem(dossier, mode, context["reopen_request"])
    if request.method == "POST" and problem is None:
        if str(dossier.version_id) != (form.version_id.data or ""):
            problem = STALE
        elif form.validate():
            problem = _reopen_directly(dossier) if mode == "direct" else _ask(dossier, form)
            if problem is None:
                return redirect(url_for("dossiers.show", dossier_id=dossier_id), code=303)
            if problem == DOSSIER_GONE:  # deleted by a colleague: no page of it to show
                return _refused(dossier_id, problem)
    if request.method == "GET" or problem or form.errors:
        form.version_id.data = dossier.version_id
    status = 200 if request.method == "GET" else (409 if problem else 422)
    return render_template(
        "dossiers/reopen.html",
        dossier=dossier,
        mode=mode,
        problem=problem,
        form=form,
        crumbs=_crumbs(dossier, "Heropenen"),
        **context,
    ), status


def _reopen_problem(dossier: Dossier, mode: str | None, latest: ReopenRequest | None):
    if dossier.status != "closed":
        return "Het dossier is niet afgesloten."
    if latest is not None and latest.status == REQUEST_PENDING:
        return REQUEST_EXISTS
    if mode is None:
        return CANNOT_REOPEN
    return None


def _reopen_directly(dossier: Dossier) -> str | None:
    """D-11: the dossier is open again; the database refuses a second open dossier (D-3)."""
    closed_on = dossier.closed_at
    dossier.status = "open"
    dossier.closed_at = None
    dossier.updated_at = datetime.now(UTC)
    record_activity(
        "dossier_heropend",
        dossier,
        f"Dossier {dossier.code} heropend",
        dossier_id=dossier.id,
        before={"status": "afgesloten", "afgesloten_op": closed_on and closed_on.isoformat()},
        after={"status": "open"},
    )
    try:
        problem = _save(dossier.id)
    except IntegrityError:
        db.session.rollback()
        return CANNOT_REOPEN
    if problem is None:
        flash(f"Dossier {dossier.code} werd heropend.", "success")
    return problem


def _ask(dossier: Dossier, form: ReopenRequestForm) -> str | None:
    """D-12: a request for the agency's dossierbehandelaars; one pending request per dossier."""
    dossier_id = dossier.id  # still known after a rollback
    reopen_request = ReopenRequest(
        dossier_id=dossier.id,
        organisation_id=g.organisation.id,
        requested_by_id=g.person.id,
        toelichting=(form.toelichting.data or "").strip() or None,
    )
    db.session.add(reopen_request)
    dossier.updated_at = datetime.now(UTC)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return REQUEST_EXISTS
    except StaleDataError:  # D-13: a colleague saved the dossier after the checks
        db.session.rollback()
        return STALE if db.session.get(Dossier, dossier_id) else DOSSIER_GONE
    record_activity(
        "heropenen_aangevraagd",
        reopen_request,
        f"Aanvraag tot heropenen van dossier {dossier.code} verzonden",
        dossier_id=dossier.id,
        after={"toelichting": reopen_request.toelichting},
    )
    problem = _save(dossier.id)
    if problem is None:
        flash("De aanvraag tot heropenen werd verzonden naar de dossierbehandelaars.", "success")
    return problem
