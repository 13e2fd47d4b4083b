"""D-12: pending requests to reopen dossiers, approved or rejected by a dossierbehandelaar.

The list shows only what is needed to decide (organisation, dossier code, dates, the
requester's explanation): no client identity and nothing of the registrations.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import flash, g, redirect, render_template, url_for
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.exc import StaleDataError
from wtforms import HiddenField, TextAreaField
from wtforms.validators import Length, Optional

from binc_web.activity import record_activity
from binc_web.agency import blueprint
from binc_web.dossiers.lifecycle import other_open_dossier_code
from binc_web.errors import render_error
from binc_web.extensions import db
from binc_web.forms import BincForm
from binc_web.models import Dossier, ReopenRequest, Schakeling
from binc_web.rules.lifecycle import (
    REQUEST_APPROVED,
    REQUEST_PENDING,
    REQUEST_REJECTED,
    approve_problem,
)

ALREADY_DECIDED = "Deze aanvraag werd intussen al behandeld door een andere dossierbehandelaar."


class DecisionForm(BincForm):
    """Approve or reject, with an optional note the requesting organisation sees."""

    opmerking = TextAreaField(
        "Opmerking voor de voorziening",
        validators=[Optional(), Length(max=1000, message="Gebruik hoogstens 1000 tekens.")],
    )
    version_id = HiddenField()


def _pending():
    last_end = (
        select(func.max(Schakeling.einddatum))
        .where(Schakeling.dossier_id == ReopenRequest.dossier_id)
        .correlate(ReopenRequest)
        .scalar_subquery()
    )
    return db.session.execute(
        select(ReopenRequest, last_end)
        .where(ReopenRequest.status == REQUEST_PENDING)
        .options(
            joinedload(ReopenRequest.dossier),
            joinedload(ReopenRequest.organisation),
            joinedload(ReopenRequest.requested_by),
        )
        .order_by(ReopenRequest.requested_at, ReopenRequest.id)
    ).all()


def _requests_page(form: DecisionForm, refused_id: int | None = None) -> str:
    """The list of pending requests; ``refused_id`` names the one whose form had errors."""
    return render_template(
        "agency/reopen_requests.html",
        rows=_pending(),
        form=form,
        refused_id=refused_id,
        crumbs=[("Aanvragen heropenen", None)],
    )


@blueprint.get("/heropeningen")
def reopen_requests():
    """D-12: every pending request, oldest first."""
    return _requests_page(DecisionForm(formdata=None))


@blueprint.post("/heropeningen/<id:aanvraag_id>/<any(goedkeuren, afkeuren):besluit>")
def decide(aanvraag_id: int, besluit: str):
    """D-12: approve (the dossier opens again, if still no other open dossier) or reject."""
    reopen_request = db.session.get(ReopenRequest, aanvraag_id)
    if reopen_request is None:
        return render_error(404)
    form = DecisionForm()
    stale = str(reopen_request.version_id) != (form.version_id.data or "")
    if reopen_request.status != REQUEST_PENDING or stale:
        return render_error(409, ALREADY_DECIDED)
    if not form.validate():
        return _requests_page(form, refused_id=reopen_request.id), 422
    dossier = reopen_request.dossier
    if besluit == "goedkeuren":
        other = other_open_dossier_code(dossier)
        problem = approve_problem(
            status=dossier.status, other_open_dossier=other is not None, other_code=other
        )
        if problem:
            return render_error(409, problem)
        _approve(reopen_request, dossier, form)
    else:
        _reject(reopen_request, dossier, form)
    try:
        db.session.commit()
    except (StaleDataError, IntegrityError):
        db.session.rollback()
        return render_error(409, ALREADY_DECIDED)
    verb = "goedgekeurd" if besluit == "goedkeuren" else "afgekeurd"
    flash(f"De aanvraag voor dossier {dossier.code} werd {verb}.", "success")
    return redirect(url_for("agency.reopen_requests"), code=303)


def _decided(reopen_request: ReopenRequest, status: str, form: DecisionForm) -> None:
    reopen_request.status = status
    reopen_request.decided_by_id = g.person.id
    reopen_request.decided_at = datetime.now(UTC)
    reopen_request.decision_note = (form.opmerking.data or "").strip() or None


def _log(dossier: Dossier, action: str, description: str, after: dict) -> None:
    """Logged in the dossier's organisation, so its workers see who decided (D-8)."""
    entry = record_activity(action, dossier, description, dossier_id=dossier.id, after=after)
    entry.organisation_id = dossier.organisation_id


def _approve(reopen_request: ReopenRequest, dossier: Dossier, form: DecisionForm) -> None:
    _decided(reopen_request, REQUEST_APPROVED, form)
    dossier.status = "open"
    dossier.closed_at = None
    dossier.updated_at = datetime.now(UTC)
    _log(
        dossier,
        "dossier_heropend",
        f"Dossier {dossier.code} heropend door de dossierbehandelaar",
        {"status": "open", "opmerking": reopen_request.decision_note},
    )


def _reject(reopen_request: ReopenRequest, dossier: Dossier, form: DecisionForm) -> None:
    _decided(reopen_request, REQUEST_REJECTED, form)
    _log(
        dossier,
        "heropenen_afgekeurd",
        f"Aanvraag tot heropenen van dossier {dossier.code} afgekeurd",
        {"opmerking": reopen_request.decision_note},
    )
