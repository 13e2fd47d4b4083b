"""R-1..R-6: the begin- and eindregistratie of a dossier.

One route per dossier and kind serves the form of the dossier's parameter set (R-1) and takes
three actions: "valideren" lists the missing mandatory fields and saves nothing, "opslaan" saves
partial answers (R-5), and "tonen" only renders the form again for the answers given so far, so
conditional questions appear and disappear as htmx posts each change (without JavaScript they
follow after a save). Opening the page records that it was opened (R-6); a closed dossier's
registrations stay editable without reopening it. Saving bumps the dossier's version in the same
transaction, with its activity entry; the first save wins (D-13).

The set itself is interpreted only by ``binc_web.registrations``; this module loads, calls and
renders. It also gives the dossier page its registration statuses and D-10 its closing check.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import abort, flash, g, redirect, request, url_for
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from binc_web.activity import record_activity
from binc_web.dossiers import blueprint, lifecycle
from binc_web.errors import render_error
from binc_web.extensions import db
from binc_web.htmx import is_htmx, page_or_fragment
from binc_web.models import Dossier, Registratie, Schakeling
from binc_web.registrations import (
    REGISTRY,
    Answers,
    AnswerType,
    ParameterSet,
    answers_for,
    clean,
    form_values,
    is_complete,
    mandatory_errors,
    missing_mandatory,
    readable_answers,
    set_for,
    to_stored,
    visible_parameters,
)
from binc_web.rules.concurrency import (
    BEGINREGISTRATIE_EXISTS,
    DOSSIER_GONE,
    EINDREGISTRATIE_EXISTS,
    STALE,
)
from binc_web.rules.lifecycle import registrations_exempt
from binc_web.rules.registrations import (
    CRISIS_AANMELDER,
    KIND_LABELS,
    begin_registration_deadline,
    closing_gaps,
    registration_status,
    start_of_help,
)
from binc_web.rules.wording import count_noun
from binc_web.scoping import load_scoped
from binc_web.templating import today as _today

VALIDATE, SAVE, SHOW = "valideren", "opslaan", "tonen"
EXISTS = {"begin": BEGINREGISTRATIE_EXISTS, "eind": EINDREGISTRATIE_EXISTS}
NO_SET = {
    "begin": "Een klas-dossier heeft geen beginregistratie.",
    "eind": "Voor dit dossier bestaat geen eindregistratie.",
}
# A single choice with more options than this is a drop-down list, else radio buttons.
RADIO_LIMIT = 6


# --- facts of a dossier ---


def parameter_set(dossier: Dossier, kind: str) -> ParameterSet | None:
    """R-1: the current set of the dossier's begin or eind registration (None: no such form)."""
    return set_for(kind, dossier.organisation.kind, dossier.klas_id is not None)


def exempt(dossier: Dossier) -> bool:
    """D-10/R-6: no registration is required (class dossier, time-out, crisis intake)."""
    aanmelding = dossier.aanmelding
    return registrations_exempt(
        klas=dossier.klas_id is not None,
        time_out=bool(aanmelding and aanmelding.time_out),
        crisis_intake=bool(aanmelding and aanmelding.aanmelder == CRISIS_AANMELDER),
    )


def _registrations(dossier: Dossier) -> dict[str, Registratie]:
    rows = db.session.scalars(select(Registratie).where(Registratie.dossier_id == dossier.id))
    return {row.kind: row for row in rows}


def _registration(dossier: Dossier, kind: str) -> Registratie | None:
    return db.session.scalar(
        select(Registratie).where(Registratie.dossier_id == dossier.id, Registratie.kind == kind)
    )


def current_answers(pset: ParameterSet, registratie: Registratie | None) -> Answers:
    """R-1: the stored answers carried over into the current version of the set."""
    if registratie is None:
        return {}
    return answers_for(pset, REGISTRY, registratie.stored())


def help_start(dossier: Dossier) -> date | None:
    """R-6: the start of help (first schakeling, else the aanmelding)."""
    first = db.session.scalar(
        select(func.min(Schakeling.begindatum)).where(Schakeling.dossier_id == dossier.id)
    )
    aanmelding = dossier.aanmelding
    return start_of_help(first, aanmelding.datum_aanmelding if aanmelding else None)


def registrations_context(dossier: Dossier) -> dict:
    """D-6/R-6: the registrations on the dossier page: link, status and what is missing."""
    stored = _registrations(dossier)
    required = not exempt(dossier)
    shown = []
    for kind in KIND_LABELS:
        pset = parameter_set(dossier, kind)
        if pset is None:
            continue  # manual 4.3: a klas-dossier does not show the beginregistratie
        registratie = stored.get(kind)
        missing = missing_mandatory(pset, current_answers(pset, registratie))
        shown.append(
            {
                "kind": kind,
                "label": KIND_LABELS[kind],
                "status": registration_status(required=required, complete=not missing),
                "missing": len(missing),
                "saved": registratie is not None and registratie.saved,
                "updated_at": registratie.updated_at if registratie else None,
            }
        )
    deadline = None
    if required and any(item["kind"] == "begin" and item["missing"] for item in shown):
        start = help_start(dossier)
        deadline = begin_registration_deadline(start) if start else None
    return {"registrations": shown, "begin_deadline": deadline}


def missing_registrations(dossier: Dossier) -> list[str]:
    """D-10: the missing mandatory parameters of both registrations, named."""
    stored = _registrations(dossier)
    gaps = []
    for kind in KIND_LABELS:
        pset = parameter_set(dossier, kind)
        if pset is None:
            continue
        registratie = stored.get(kind)
        missing = missing_mandatory(pset, current_answers(pset, registratie))
        saved = registratie is not None and registratie.saved
        gaps.extend(closing_gaps(kind, saved, [label for _code, label in missing]))
    return gaps


lifecycle.CLOSING_CHECKS.append(missing_registrations)


# --- the form ---


def _opened_registration(dossier: Dossier, kind: str, pset: ParameterSet, now) -> Registratie:
    """A registration opened ``now`` and not saved yet (no answers, not created by anyone)."""
    return Registratie(
        dossier_id=dossier.id,
        kind=kind,
        set_code=pset.code,
        set_version=pset.version,
        answers={},
        complete=False,
        opened_at=now,
    )


def _opened(dossier: Dossier, kind: str, pset: ParameterSet) -> Registratie:
    """R-6: the registration, recording the first opening of its page. Two people opening it
    at the same moment share one row (the database allows one per dossier and kind)."""
    registratie = _registration(dossier, kind)
    now = datetime.now(UTC)
    if registratie is None:
        db.session.add(_opened_registration(dossier, kind, pset, now))
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
        registratie = _registration(dossier, kind)
    elif registratie.opened_at is None:
        # Not a change of the registration: its version (and open forms) stay valid.
        db.session.execute(
            update(Registratie.__table__)
            .where(Registratie.__table__.c.id == registratie.id)
            .values(opened_at=now)
        )
        db.session.commit()
    return registratie


def _controllers(pset: ParameterSet) -> set[str]:
    """R-3: the questions other questions depend on (their changes re-render the form)."""
    return {p.condition.parameter for p in pset.parameters if p.condition is not None}


def _widget(parameter) -> str:
    """How a parameter is asked: radio buttons, check boxes, a list, a text box or area."""
    if parameter.type is AnswerType.MULTIPLE:
        return "checkbox"
    if parameter.type is AnswerType.SINGLE and len(parameter.options) > RADIO_LIMIT:
        return "select"
    if parameter.options:
        return "radio"
    return "textarea" if parameter.type is AnswerType.TEXT else "text"


def _sections(pset: ParameterSet, answers: Answers) -> list[tuple]:
    """The sections with their visible parameters, in form order."""
    visible = {p.code for p in visible_parameters(pset, answers)}
    return [
        (section, [p for p in section.parameters if p.code in visible]) for section in pset.sections
    ]


def _values(pset: ParameterSet, answers: Answers, errors: dict[str, str]) -> dict[str, list]:
    """What the form shows: the cleaned answers, and what was typed where it was refused."""
    values = form_values(pset, answers)
    for code in errors:
        values[code] = [value for value in request.form.getlist(code) if value.strip()]
    return values


def _summary(pset: ParameterSet, errors: dict[str, str]) -> list[tuple[str, str, str]]:
    """(field id, label, message) of every error, in form order, for the list above the form."""
    summary = []
    for parameter in pset.parameters:
        if parameter.code in errors:
            first = "-1" if _widget(parameter) in ("radio", "checkbox") else ""
            field_id = f"reg-{parameter.code}{first}"
            summary.append((field_id, parameter.label, errors[parameter.code]))
    return summary


def _respond(
    dossier: Dossier,
    kind: str,
    pset: ParameterSet,
    answers: Answers,
    *,
    version: str,
    new: bool,
    errors: dict[str, str] | None = None,
    values: dict[str, list] | None = None,
    validated: bool = False,
    message: str | None = None,
    stale: str | None = None,
    saved_now: list[tuple[str, str]] | None = None,
    status: int = 200,
):
    """The registration page, or its #registratie region for htmx; ``stale`` and ``saved_now``
    after a refused stale save (D-13, templates/_stale_form.html)."""
    errors = errors or {}
    url = url_for("dossiers.registration", dossier_id=dossier.id, kind=kind)
    required = not exempt(dossier)
    deadline = None
    if kind == "begin" and required:
        start = help_start(dossier)
        deadline = begin_registration_deadline(start) if start else None
    return page_or_fragment(
        "registrations/registration.html",
        "registrations/_registration.html",
        status=status,
        dossier=dossier,
        kind=kind,
        kind_label=KIND_LABELS[kind],
        pset=pset,
        sections=_sections(pset, answers),
        values=values if values is not None else form_values(pset, answers),
        errors=errors,
        summary=_summary(pset, errors),
        controllers=_controllers(pset),
        widget=_widget,
        url=url,
        version=version,
        new=new,
        validated=validated,
        message=message,
        stale=stale,
        saved_now=saved_now or [],
        required=required,
        deadline=deadline,
        crumbs=[
            ("Overzicht Dossiers", url_for("dossiers.overview")),
            (dossier.display_name, url_for("dossiers.show", dossier_id=dossier.id)),
            (KIND_LABELS[kind], None),
        ],
    )


@blueprint.route(
    "/dossiers/<id:dossier_id>/registratie/<any(begin, eind):kind>", methods=["GET", "POST"]
)
def registration(dossier_id: int, kind: str):
    """R-5: the begin- or eindregistratie: "Valideren", "Opslaan", and re-rendering ("tonen")."""
    dossier = load_scoped(Dossier, dossier_id, missing=DOSSIER_GONE)
    pset = parameter_set(dossier, kind)
    if pset is None:
        return render_error(404, NO_SET[kind])
    if request.method == "GET":
        registratie = _opened(dossier, kind, pset)
        return _respond(
            dossier,
            kind,
            pset,
            current_answers(pset, registratie),
            version=str(registratie.version_id),
            new=not registratie.saved,
        )
    action = request.form.get("actie")
    if action not in (VALIDATE, SAVE, SHOW):
        abort(400)
    answers, errors = clean(pset, request.form, _today())
    posted = {"version": request.form.get("version_id", ""), "new": "nieuw" in request.form}
    values = _values(pset, answers, errors)
    if action == SHOW:
        validated = "gevalideerd" in request.form
        shown = {**mandatory_errors(pset, answers), **errors} if validated else errors
        return _respond(
            dossier, kind, pset, answers, **posted, errors=shown, values=values, validated=validated
        )
    if action == VALIDATE:
        shown = {**mandatory_errors(pset, answers), **errors}
        return _respond(
            dossier,
            kind,
            pset,
            answers,
            **posted,
            errors=shown,
            values=values,
            validated=True,
            message=None if shown else f"De {KIND_LABELS[kind].lower()} is volledig.",
            status=422 if shown else 200,
        )
    if errors:
        return _respond(
            dossier, kind, pset, answers, **posted, errors=errors, values=values, status=422
        )
    return _save(dossier, kind, pset, answers, **posted)


def _readable(registratie: Registratie | None, stored: dict | None = None) -> dict[str, str]:
    """D-8: answers as the activity log shows them: label → value."""
    if stored is None:
        stored = registratie.stored() if registratie is not None else {}
    return {answer.label: answer.value for answer in readable_answers(REGISTRY, stored)}


def _changes(before: dict[str, str], after: dict[str, str]) -> tuple[dict, dict]:
    """Only what changed, before and after (an answer that was or became empty: None)."""
    changed = [label for label in {**before, **after} if before.get(label) != after.get(label)]
    return (
        {label: before.get(label) for label in changed},
        {label: after.get(label) for label in changed},
    )


def _save(dossier: Dossier, kind: str, pset: ParameterSet, answers: Answers, *, version, new):
    """R-5 "Opslaan": store the answers, complete or not; the first save wins (D-13)."""
    registratie = _registration(dossier, kind)
    now = datetime.now(UTC)
    if registratie is None:
        registratie = _opened_registration(dossier, kind, pset, now)
        db.session.add(registratie)
    elif str(registratie.version_id) != version:
        return _refused(dossier, kind, pset, answers, new=new)
    creating = not registratie.saved
    before = _readable(registratie)
    complete = is_complete(pset, answers)
    registratie.set_code, registratie.set_version = pset.code, pset.version
    registratie.answers = answers
    if not complete:
        registratie.completed_on = None
    elif not registratie.complete or registratie.completed_on is None:
        registratie.completed_on = _today()
    registratie.complete = complete
    if creating:
        registratie.created_at, registratie.created_by_id = now, g.person.id
    registratie.updated_at, registratie.updated_by_id = now, g.person.id
    # Part of the dossier: "Laatst gewijzigd" moves, and saves in one dossier are serialised.
    dossier.updated_at = now
    label = KIND_LABELS[kind]
    state = "volledig" if complete else "onvolledig"
    changed_before, changed_after = _changes(before, _readable(None, to_stored(pset, answers)))
    try:
        db.session.flush()  # the registration's id, for its activity entry
        record_activity(
            "registratie_aangemaakt" if creating else "registratie_gewijzigd",
            registratie,
            f"{label} {'aangemaakt' if creating else 'gewijzigd'} ({state})",
            dossier_id=dossier.id,
            before=changed_before or None,
            after=changed_after or None,
        )
        db.session.commit()
    except (StaleDataError, IntegrityError):
        # A colleague saved first: created it (unique dossier and kind) or changed it.
        db.session.rollback()
        return _refused(dossier, kind, pset, answers, new=new)
    missing = len(missing_mandatory(pset, answers))
    message = (
        f"{label} opgeslagen: volledig."
        if complete
        else (
            f"{label} opgeslagen. Nog "
            f"{count_noun(missing, 'verplicht gegeven', 'verplichte gegevens')} in te vullen; "
            "‘Valideren’ toont welke."
        )
    )
    if not is_htmx():
        flash(message, "success")
        return redirect(url_for("dossiers.registration", dossier_id=dossier.id, kind=kind), 303)
    version = str(registratie.version_id)
    return _respond(dossier, kind, pset, answers, version=version, new=False, message=message)


def _refused(dossier: Dossier, kind: str, pset: ParameterSet, answers: Answers, *, new: bool):
    """D-13: a form opened before the registration was created, when a colleague created it
    meanwhile, gets the manual's message; any other outdated form the stale-data message. The
    form comes back (409) with the user's answers, the stored version (a second "Opslaan"
    saves them) and the stored answers where they differ."""
    fresh = _registration(dossier, kind)
    stored = _readable(fresh)
    typed = _readable(None, to_stored(pset, answers))
    saved_now = [
        (label, stored.get(label) or "(leeg)")
        for label in {**stored, **typed}
        if stored.get(label) != typed.get(label)
    ]
    return _respond(
        dossier,
        kind,
        pset,
        answers,
        version=str(fresh.version_id) if fresh is not None else "",
        new=fresh is None or not fresh.saved,
        stale=EXISTS[kind] if new and fresh is not None and fresh.saved else STALE,
        saved_now=saved_now,
        status=409,
    )
