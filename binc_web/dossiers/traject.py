"""S-1 to S-5: beslissingen and schakelingen on "Raadplegen Dossier", inline with htmx.

Every route answers an htmx request with the ``#traject`` section of the dossier page (the list
of beslissingen with, on top, the form that is open: the *panel*) and any other request with the
whole page, so everything also works without JavaScript. Every write bumps the dossier's
version in the same transaction: two people saving in the same dossier at the same moment are
serialised, the first save wins and the second gets the manual's message (D-13).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import abort, g, redirect, request, url_for
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from binc_web.activity import record_activity
from binc_web.dossiers import blueprint
from binc_web.dossiers.lifecycle import lifecycle_context
from binc_web.dossiers.registrations import registrations_context
from binc_web.dossiers.traject_forms import (
    BeslissingForm,
    ConfirmForm,
    EinddatumForm,
    SchakelingForm,
)
from binc_web.errors import render_error
from binc_web.extensions import db
from binc_web.htmx import announce_dossier_change, is_htmx, page_or_fragment
from binc_web.models import Beslissing, Dossier, ModuleApproval, Schakeling, TypeModule
from binc_web.rules.beslissingen import (
    SCHAKELING_TITLES,
    START,
    BeslissingVariant,
    ModuleChoice,
    Period,
    SchakelingFacts,
    beslissing_defaults,
    beslissing_problems,
    beslissing_variant,
    delete_beslissing_problem,
    edit_schakeling_problem,
    module_change_problem,
    most_recent,
    naft_default_einddatum,
    open_schakeling,
    outside_beslissing_warning,
    schakeling_kind,
    schakeling_problems,
    verlenging_defaults,
)
from binc_web.rules.concurrency import (
    BESLISSING_GONE,
    DOSSIER_GONE,
    OPEN_SCHAKELING_EXISTS,
    SCHAKELING_GONE,
    STALE,
)
from binc_web.rules.dossiers import delete_problems
from binc_web.rules.klas import KLAS_LABELS
from binc_web.rules.lifecycle import closed_dossier_problem
from binc_web.scoping import database_id, load_scoped
from binc_web.templating import today as _today


def _variant() -> BeslissingVariant:
    return beslissing_variant(g.organisation.kind)


# --- loading ---


def _dossier(dossier_id: int) -> Dossier:
    return load_scoped(Dossier, dossier_id, missing=DOSSIER_GONE)


def _beslissing(dossier: Dossier, beslissing_id: int) -> Beslissing:
    beslissing = load_scoped(Beslissing, beslissing_id, missing=BESLISSING_GONE)
    if beslissing.dossier_id != dossier.id:
        abort(404)
    return beslissing


def _schakeling(dossier: Dossier, schakeling_id: int) -> Schakeling:
    schakeling = load_scoped(Schakeling, schakeling_id, missing=SCHAKELING_GONE)
    if schakeling.dossier_id != dossier.id:
        abort(404)
    return schakeling


def _open_schakeling(dossier: Dossier) -> Schakeling | None:
    """S-5: the dossier's one schakeling without end date, if any."""
    return db.session.scalar(
        select(Schakeling).where(
            Schakeling.dossier_id == dossier.id, Schakeling.einddatum.is_(None)
        )
    )


def _beslissingen(dossier: Dossier) -> list[Beslissing]:
    """S-3: the beslissingen with their schakelingen, the most recent on top."""
    return list(
        db.session.scalars(
            select(Beslissing)
            .where(Beslissing.dossier_id == dossier.id)
            .options(
                selectinload(Beslissing.modules),
                selectinload(Beslissing.schakelingen).selectinload(Schakeling.modules),
            )
            .order_by(Beslissing.begindatum.desc(), Beslissing.id.desc())
        )
    )


def _facts(dossier: Dossier, leave_out: int | None = None) -> list[SchakelingFacts]:
    """The dossier's schakelingen as the rules see them (``leave_out``: the one being edited)."""
    rows = db.session.scalars(
        select(Schakeling)
        .where(Schakeling.dossier_id == dossier.id)
        .options(selectinload(Schakeling.modules))
    )
    return [
        SchakelingFacts(s.id, s.begindatum, s.einddatum, tuple(m.id for m in s.modules))
        for s in rows
        if s.id != leave_out
    ]


def approved_modules(on: date) -> list[TypeModule]:
    """M-2: the typemodules approved and active for the organisation on a day."""
    return list(
        db.session.scalars(
            select(TypeModule)
            .join(ModuleApproval, ModuleApproval.type_module_id == TypeModule.id)
            .where(
                ModuleApproval.organisation_id == g.organisation.id,
                ModuleApproval.valid_from <= on,
                or_(ModuleApproval.valid_until.is_(None), ModuleApproval.valid_until >= on),
            )
            .distinct()
            .order_by(TypeModule.name)
        )
    )


def _module_choices(form, on: date, chosen: list[TypeModule] = ()) -> list[TypeModule]:
    """Offer the modules approved on ``on`` plus those already chosen (an older approval)."""
    offered = {module.id: module for module in approved_modules(on)}
    for module in chosen:
        offered.setdefault(module.id, module)
    modules = sorted(offered.values(), key=lambda m: m.name)
    form.modules.choices = [(m.id, f"{m.name} ({m.access})") for m in modules]
    return modules


def _chosen(form) -> list[TypeModule]:
    ids = list(dict.fromkeys(form.modules.data or []))
    if not ids:
        return []
    return list(db.session.scalars(select(TypeModule).where(TypeModule.id.in_(ids))))


def _choices(modules: list[TypeModule]) -> list[ModuleChoice]:
    return [ModuleChoice(m.id, m.function) for m in modules]


# --- responses ---


def dossier_page_context(dossier: Dossier) -> dict:
    """What "Raadplegen Dossier" (D-6) shows: the traject, the lifecycle actions, the
    registrations, breadcrumbs."""
    beslissingen = _beslissingen(dossier)
    schakelingen = sum(len(b.schakelingen) for b in beslissingen)
    return {
        "dossier": dossier,
        "beslissingen": beslissingen,
        "most_recent_schakeling_id": _most_recent_id(beslissingen),
        "klas_labels": KLAS_LABELS,
        "can_delete": not delete_problems(dossier.status, len(beslissingen), schakelingen),
        **lifecycle_context(dossier),
        **registrations_context(dossier),
        "crumbs": [
            ("Overzicht Dossiers", url_for("dossiers.overview")),
            # Manual 2.1: back to the youth's data without identifying them again.
            *(
                [(dossier.display_name, url_for("clients.details", client_id=dossier.client_id))]
                if dossier.client_id
                else []
            ),
            (f"Dossier {dossier.code}" if dossier.client_id else dossier.display_name, None),
        ],
    }


def _most_recent_id(beslissingen: list[Beslissing]) -> int | None:
    facts = [
        SchakelingFacts(s.id, s.begindatum, s.einddatum)
        for b in beslissingen
        for s in b.schakelingen
    ]
    last = most_recent(facts)
    return last.id if last else None


def _traject(dossier: Dossier, panel: str | None = None, status: int = 200, **panel_context):
    """The dossier page, or its #traject section for htmx, with ``panel`` open on top."""
    return page_or_fragment(
        "dossiers/dossier.html",
        "dossiers/_traject.html",
        status=status,
        panel=panel,
        **panel_context,
        **dossier_page_context(dossier),
    )


def _done(dossier: Dossier):
    """After a successful change: the fresh section for htmx, the dossier page otherwise."""
    if is_htmx():
        return _traject(dossier)
    return redirect(url_for("dossiers.show", dossier_id=dossier.id), code=303)


def _attach(form, problems: dict[str, str]) -> None:
    """Put the rules' problems at their fields, unless the field already has a shape error
    (a date that is no date is reported once, not also as missing)."""
    for name, message in problems.items():
        field = getattr(form, name, None)
        if field is not None and not field.errors:
            field.errors = [message]


def _version_matches(target, form) -> bool:
    return str(target.version_id) == (form.version_id.data or "")


def _closed_dossier_problem(
    dossier: Dossier, *, leave_out_beslissing: int | None = None, leave_out_schakeling=None
) -> str | None:
    """D-10 on what the dossier holds (as flushed), leaving out what is about to be deleted."""
    if dossier.status != "closed":
        return None
    beslissingen = db.session.scalars(
        select(Beslissing.id).where(Beslissing.dossier_id == dossier.id)
    )
    ends = db.session.execute(
        select(Schakeling.id, Schakeling.einddatum).where(Schakeling.dossier_id == dossier.id)
    )
    return closed_dossier_problem(
        status=dossier.status,
        closed_on=dossier.closed_at,
        beslissingen=sum(1 for id_ in beslissingen if id_ != leave_out_beslissing),
        schakeling_einddatums=tuple(end for id_, end in ends if id_ != leave_out_schakeling),
    )


def _commit(dossier: Dossier) -> str | None:
    """Bump the dossier's version with the change and commit; the D-13 message on a conflict,
    the D-10 message when a closed dossier would lose what closing required."""
    dossier_id = dossier.id  # still known after the commit expired the object
    dossier.updated_at = datetime.now(UTC)
    try:
        db.session.flush()
        # D-10 on every write, whatever the form checked: the state about to be committed.
        closed_problem = _closed_dossier_problem(dossier)
        if closed_problem:
            db.session.rollback()
            return closed_problem
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        return STALE
    except IntegrityError:
        # S-5 under concurrency: the database allows one schakeling without end date.
        db.session.rollback()
        return OPEN_SCHAKELING_EXISTS
    announce_dossier_change(dossier_id)
    return None


def _save_edit(dossier: Dossier, action: str, target, description: str, before, after):
    """Log and commit a "Wijzigen" (D-8, D-13) and answer as after any traject change. An edit
    that changed nothing is neither logged nor saved: "Laatst gewijzigd" keeps its date."""
    dossier_id = dossier.id  # still known after a rollback
    if after != before:
        record_activity(
            action, target, description, dossier_id=dossier_id, before=before, after=after
        )
        problem = _commit(dossier)
        if problem:
            return _conflict(dossier_id, problem)
    return _done(dossier)


def _conflict(dossier_id: int, message: str):
    """D-13: a refused save. The manual shows an error page for stale data and a message in the
    form for a schakeling conflict; either way the freshly loaded dossier is not touched."""
    if message == STALE:
        return render_error(409, STALE)
    dossier = db.session.get(Dossier, dossier_id)
    if dossier is None:
        return render_error(404, DOSSIER_GONE)
    return _message(dossier, message)


def _message(dossier: Dossier, message: str):
    """The traject with the manual's message on top (422 so htmx swaps it in place)."""
    return _traject(dossier, "dossiers/_traject_message.html", status=422, message=message)


def beslissing_snapshot(beslissing: Beslissing) -> dict:
    """A beslissing as shown in the activity log (D-8)."""
    return {
        "soort": beslissing.kind,
        "begindatum": beslissing.begindatum.isoformat(),
        "einddatum": beslissing.einddatum.isoformat(),
        "modules": [m.name for m in beslissing.modules],
    }


def schakeling_snapshot(schakeling: Schakeling) -> dict:
    """A schakeling as shown in the activity log (D-8)."""
    return {
        "soort": SCHAKELING_TITLES[schakeling.kind],
        "begindatum": schakeling.begindatum.isoformat(),
        "einddatum": schakeling.einddatum.isoformat() if schakeling.einddatum else None,
        "modules": [m.name for m in schakeling.modules],
        "verzekerd_aanbod": schakeling.verzekerd_aanbod,
        "zwaartepunt_andere_sector": schakeling.zwaartepunt_andere_sector,
    }


# --- beslissingen (S-1) ---


def _beslissing_defaults(dossier: Dossier, beslissingen: list[Beslissing]) -> dict:
    """S-1: what a new beslissing proposes, from the dossier, its aanmelding and the modules
    approved on the proposed begindatum."""
    latest = max(beslissingen, key=lambda b: b.einddatum, default=None)
    closed_on = dossier.closed_at if dossier.status == "closed" else None
    facts = {
        "variant": _variant(),
        "latest_einddatum": latest.einddatum if latest else None,
        "today": _today(),
        "closed_on": closed_on,
        "aanmelding_via_toegangspoort": bool(
            dossier.aanmelding and dossier.aanmelding.via_toegangspoort
        ),
    }
    proposed = beslissing_defaults(**facts, approved_module_ids=())["begindatum"]
    approved = [m.id for m in approved_modules(proposed)]
    return beslissing_defaults(**facts, approved_module_ids=approved)


def _via_toegangspoort(form: BeslissingForm) -> bool:
    """NAFT forms have no such field: always RTJ (S-1)."""
    field = getattr(form, "via_toegangspoort", None)
    return bool(field and field.data)


def _beslissing_problems(form: BeslissingForm, dossier: Dossier, modules) -> bool:
    """Shape and S-1 rules; True when the beslissing may be saved."""
    shaped = form.validate()
    variant = _variant()
    if (
        variant.standard_term
        and form.begindatum.data
        and form.einddatum.data is None
        and not form.einddatum.errors
    ):
        form.einddatum.data = naft_default_einddatum(form.begindatum.data)
    on = form.begindatum.data or _today()
    problems = beslissing_problems(
        begindatum=form.begindatum.data,
        einddatum=form.einddatum.data,
        via_toegangspoort=_via_toegangspoort(form),
        modules=_choices(modules),
        allowed_module_ids={m.id for m in approved_modules(on)},
        naft=variant.one_module,
        closed_on=dossier.closed_at if dossier.status == "closed" else None,
    )
    _attach(form, problems)
    return shaped and not problems


@blueprint.route("/dossiers/<id:dossier_id>/beslissingen/nieuw", methods=["GET", "POST"])
def new_beslissing(dossier_id: int):
    """S-1 "Toevoegen Jeugdhulpbeslissing"; first "Afsluiten vorig hulpaanbod" (S-3)."""
    dossier = _dossier(dossier_id)
    if open_schakeling(_facts(dossier)) is not None:
        return _close_previous_panel(dossier, EinddatumForm(), next_beslissing_id=None)
    beslissingen = _beslissingen(dossier)
    form = BeslissingForm(_variant(), data=_beslissing_defaults(dossier, beslissingen))
    if request.method == "GET":
        _module_choices(form, form.begindatum.data or _today())
        return _beslissing_panel(dossier, form)
    chosen = _chosen(form)
    _module_choices(form, form.begindatum.data or _today(), chosen)
    if not _beslissing_problems(form, dossier, chosen):
        return _beslissing_panel(dossier, form, status=422)
    beslissing = Beslissing(
        dossier_id=dossier.id,
        via_toegangspoort=_via_toegangspoort(form),
        begindatum=form.begindatum.data,
        einddatum=form.einddatum.data,
        modules=chosen,
    )
    db.session.add(beslissing)
    try:
        db.session.flush()
    except IntegrityError:  # D-13: the dossier was deleted after the checks
        db.session.rollback()
        return _conflict(dossier_id, DOSSIER_GONE)
    record_activity(
        "beslissing_toegevoegd",
        beslissing,
        f"Jeugdhulpbeslissing {beslissing.kind} toegevoegd",
        dossier_id=dossier.id,
        after=beslissing_snapshot(beslissing),
    )
    problem = _commit(dossier)
    if problem:
        return _conflict(dossier_id, problem)
    # S-3: saving a beslissing opens its schakeling form in place.
    if is_htmx():
        return _schakeling_panel_for_new(dossier, beslissing, SchakelingForm(formdata=None))
    return redirect(
        url_for("dossiers.new_schakeling", dossier_id=dossier.id, beslissing_id=beslissing.id),
        code=303,
    )


def _beslissing_panel(dossier, form, status=200, beslissing=None, stale=None):
    return _traject(
        dossier,
        "dossiers/_beslissing_form.html",
        status=status,
        form=form,
        beslissing=beslissing,
        stale=stale,
    )


@blueprint.route(
    "/dossiers/<id:dossier_id>/beslissingen/<id:beslissing_id>/wijzigen",
    methods=["GET", "POST"],
)
def edit_beslissing(dossier_id: int, beslissing_id: int):
    """S-1: all beslissingen stay editable; a stale form is refused (D-13)."""
    dossier = _dossier(dossier_id)
    beslissing = _beslissing(dossier, beslissing_id)
    if request.method == "GET":
        form = BeslissingForm(_variant(), obj=beslissing)
        form.modules.data = [m.id for m in beslissing.modules]
        form.version_id.data = beslissing.version_id
        _module_choices(form, beslissing.begindatum, beslissing.modules)
        return _beslissing_panel(dossier, form, beslissing=beslissing)
    form = BeslissingForm(_variant())
    chosen = _chosen(form)
    _module_choices(form, form.begindatum.data or _today(), [*beslissing.modules, *chosen])
    if not _beslissing_problems(form, dossier, chosen):
        return _beslissing_panel(dossier, form, status=422, beslissing=beslissing)
    if not _version_matches(beslissing, form):
        form.version_id.data = beslissing.version_id
        return _beslissing_panel(dossier, form, status=409, beslissing=beslissing, stale=STALE)
    before = beslissing_snapshot(beslissing)
    beslissing.via_toegangspoort = _via_toegangspoort(form)
    beslissing.begindatum = form.begindatum.data
    beslissing.einddatum = form.einddatum.data
    beslissing.modules = chosen
    description = f"Jeugdhulpbeslissing {beslissing.kind} gewijzigd"
    after = beslissing_snapshot(beslissing)
    return _save_edit(dossier, "beslissing_gewijzigd", beslissing, description, before, after)


@blueprint.route(
    "/dossiers/<id:dossier_id>/beslissingen/<id:beslissing_id>/verwijderen",
    methods=["GET", "POST"],
)
def delete_beslissing(dossier_id: int, beslissing_id: int):
    """S-5: delete a beslissing without schakelingen, after confirmation."""
    dossier = _dossier(dossier_id)
    beslissing = _beslissing(dossier, beslissing_id)
    problem = delete_beslissing_problem(len(beslissing.schakelingen)) or _closed_dossier_problem(
        dossier, leave_out_beslissing=beslissing.id
    )
    return _delete_after_confirmation(
        dossier,
        beslissing,
        "beslissing",
        problem,
        "beslissing_verwijderd",
        f"Jeugdhulpbeslissing {beslissing.kind} verwijderd",
        beslissing_snapshot(beslissing),
    )


def _delete_after_confirmation(dossier, record, name, problem, action, description, before):
    """S-5/D-13: the confirmation panel ``dossiers/_delete_<name>.html`` of a beslissing or
    schakeling: shown on GET or with its ``problem`` (422 when posted), refused with the D-13
    message when ``record`` changed since it was shown (409), else ``record`` is deleted and
    the deletion logged with its ``before`` values."""
    form = ConfirmForm()

    def panel(status: int, problem=None, stale=None):
        form.version_id.data = record.version_id
        return _traject(
            dossier,
            f"dossiers/_delete_{name}.html",
            status=status,
            problem=problem,
            form=form,
            stale=stale,
            **{name: record},
        )

    if request.method == "GET" or problem:
        return panel(422 if problem and request.method == "POST" else 200, problem)
    if not _version_matches(record, form):
        return panel(409, stale=STALE)
    record_activity(action, record, description, dossier_id=dossier.id, before=before)
    db.session.delete(record)
    problem = _commit(dossier)
    return _conflict(dossier.id, problem) if problem else _done(dossier)


# --- "Afsluiten vorig hulpaanbod (schakeling)" (S-3) ---


def _carried_modules() -> list[int]:
    """S-2: the modules a "Toevoegen schakeling" offer carries over (ids; junk is dropped)."""
    return request.args.getlist("modules", type=database_id)


def _close_previous_panel(dossier, form, next_beslissing_id, status=200, stale=None):
    """Ask for the end date of the open schakeling before a new beslissing or schakeling."""
    open_one = _open_schakeling(dossier)
    if request.method == "GET" or not form.version_id.data or stale:
        form.version_id.data = open_one.version_id
    return _traject(
        dossier,
        "dossiers/_afsluiten_vorig.html",
        status=status,
        form=form,
        schakeling=open_one,
        next_beslissing_id=next_beslissing_id,
        stale=stale,
        carried_modules=_carried_modules(),
    )


@blueprint.post("/dossiers/<id:dossier_id>/schakelingen/afsluiten-vorige")
def close_previous(dossier_id: int):
    """S-3: give the open schakeling its end date, then continue with what was asked."""
    dossier = _dossier(dossier_id)
    next_beslissing_id = request.args.get("beslissing_id", type=database_id)
    open_one = _open_schakeling(dossier)
    if open_one is None:
        return _continue_after_close(dossier, next_beslissing_id)
    form = EinddatumForm()
    shaped = form.validate()
    if form.einddatum.data is None and not form.einddatum.errors:
        form.einddatum.errors = ["Vul de einddatum van de vorige schakeling in."]
    problems = schakeling_problems(
        begindatum=open_one.begindatum,
        einddatum=form.einddatum.data,
        modules=_choices(open_one.modules),
        allowed_module_ids={m.id for m in open_one.modules},
        others=_facts(dossier, leave_out=open_one.id),
        closed_on=dossier.closed_at if dossier.status == "closed" else None,
    )
    if form.einddatum.data is not None:
        _attach(form, {"einddatum": problems["einddatum"]} if "einddatum" in problems else {})
    if not shaped or form.einddatum.errors:
        return _close_previous_panel(dossier, form, next_beslissing_id, status=422)
    if not _version_matches(open_one, form):
        return _close_previous_panel(dossier, form, next_beslissing_id, status=409, stale=STALE)
    before = schakeling_snapshot(open_one)
    open_one.einddatum = form.einddatum.data
    record_activity(
        "schakeling_gewijzigd",
        open_one,
        f"{SCHAKELING_TITLES[open_one.kind]} afgesloten",
        dossier_id=dossier.id,
        before=before,
        after=schakeling_snapshot(open_one),
    )
    problem = _commit(dossier)
    if problem:
        return _conflict(dossier_id, problem)
    return _continue_after_close(dossier, next_beslissing_id)


def _continue_after_close(dossier, next_beslissing_id):
    """On to the form that was asked for (htmx follows the redirect with its headers)."""
    if next_beslissing_id is None:
        target = url_for("dossiers.new_beslissing", dossier_id=dossier.id)
    else:
        target = url_for(
            "dossiers.new_schakeling",
            dossier_id=dossier.id,
            beslissing_id=next_beslissing_id,
            modules=_carried_modules(),
        )
    return redirect(target, code=303)


# --- schakelingen (S-2 to S-5) ---


def _schakeling_defaults(dossier: Dossier, beslissing: Beslissing) -> dict:
    """S-3: a Verlenging takes the previous end date and modules; a start the beslissing's."""
    facts = _facts(dossier)
    if schakeling_kind(facts) == START:
        return {"modules": [m.id for m in beslissing.modules]}
    start, module_ids = verlenging_defaults(facts)
    return {"begindatum": start, "modules": list(module_ids)}


def _schakeling_panel(
    dossier,
    beslissing,
    form,
    *,
    kind,
    schakeling=None,
    warning=None,
    status=200,
    stale=None,
    offer=None,
):
    return _traject(
        dossier,
        "dossiers/_schakeling_form.html",
        status=status,
        form=form,
        beslissing=beslissing,
        schakeling=schakeling,
        kind=kind,
        title=SCHAKELING_TITLES[kind],
        warning=warning,
        stale=stale,
        offer=offer,
    )


def _schakeling_panel_for_new(dossier, beslissing, form):
    defaults = _schakeling_defaults(dossier, beslissing)
    form.begindatum.data = defaults.get("begindatum")
    form.modules.data = _carried_modules() or defaults["modules"]
    _module_choices(form, form.begindatum.data or beslissing.begindatum, beslissing.modules)
    kind = schakeling_kind(_facts(dossier))
    return _schakeling_panel(dossier, beslissing, form, kind=kind)


def _dates_signature(form: SchakelingForm) -> str:
    """What the user confirmed in an S-4 warning: exactly these dates."""
    end = form.einddatum.data.isoformat() if form.einddatum.data else "-"
    return f"{form.begindatum.data.isoformat()}/{end}"


def _check_schakeling(form, dossier, beslissing, chosen, leave_out=None):
    """Shape, S-2/S-5/S-6 rules and the S-4 warning; returns (ok, warning)."""
    shaped = form.validate()
    on = form.begindatum.data or beslissing.begindatum
    problems = schakeling_problems(
        begindatum=form.begindatum.data,
        einddatum=form.einddatum.data,
        modules=_choices(chosen),
        allowed_module_ids={m.id for m in approved_modules(on)},
        others=_facts(dossier, leave_out=leave_out),
        closed_on=dossier.closed_at if dossier.status == "closed" else None,
    )
    _attach(form, problems)
    if not shaped or problems:
        return False, None
    warning = outside_beslissing_warning(
        Period(form.begindatum.data, form.einddatum.data),
        Period(beslissing.begindatum, beslissing.einddatum),
    )
    if warning and form.bevestigd.data != _dates_signature(form):
        form.bevestigd.data = _dates_signature(form)
        return False, warning
    return True, None


@blueprint.route(
    "/dossiers/<id:dossier_id>/beslissingen/<id:beslissing_id>/schakelingen/nieuw",
    methods=["GET", "POST"],
)
def new_schakeling(dossier_id: int, beslissing_id: int):
    """S-2/S-3 "Toevoegen Start Hulpaanbod" or "Toevoegen Verlenging" under a beslissing."""
    dossier = _dossier(dossier_id)
    beslissing = _beslissing(dossier, beslissing_id)
    facts = _facts(dossier)
    kind = schakeling_kind(facts)
    if request.method == "GET":
        if open_schakeling(facts) is not None:
            return _close_previous_panel(dossier, EinddatumForm(), next_beslissing_id=beslissing.id)
        return _schakeling_panel_for_new(dossier, beslissing, SchakelingForm(formdata=None))
    form = SchakelingForm()
    chosen = _chosen(form)
    _module_choices(
        form, form.begindatum.data or beslissing.begindatum, [*beslissing.modules, *chosen]
    )
    ok, warning = _check_schakeling(form, dossier, beslissing, chosen)
    if not ok:
        status = 200 if warning else 422
        return _schakeling_panel(
            dossier, beslissing, form, kind=kind, warning=warning, status=status
        )
    schakeling = Schakeling(
        beslissing_id=beslissing.id,
        dossier_id=dossier.id,
        kind=kind,
        begindatum=form.begindatum.data,
        einddatum=form.einddatum.data,
        verzekerd_aanbod=form.verzekerd_aanbod.data,
        zwaartepunt_andere_sector=form.zwaartepunt_andere_sector.data,
        modules=chosen,
    )
    db.session.add(schakeling)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return _conflict(dossier_id, OPEN_SCHAKELING_EXISTS)
    record_activity(
        "schakeling_toegevoegd",
        schakeling,
        f"{SCHAKELING_TITLES[kind]} toegevoegd",
        dossier_id=dossier.id,
        after=schakeling_snapshot(schakeling),
    )
    problem = _commit(dossier)
    return _conflict(dossier_id, problem) if problem else _done(dossier)


@blueprint.route(
    "/dossiers/<id:dossier_id>/schakelingen/<id:schakeling_id>/wijzigen",
    methods=["GET", "POST"],
)
def edit_schakeling(dossier_id: int, schakeling_id: int):
    """S-5: only the most recent schakeling is changed; a stale form is refused (D-13)."""
    dossier = _dossier(dossier_id)
    schakeling = _schakeling(dossier, schakeling_id)
    beslissing = schakeling.beslissing
    not_recent = edit_schakeling_problem(schakeling.id, _facts(dossier))
    if not_recent:
        return _message(dossier, not_recent)
    if request.method == "GET":
        form = SchakelingForm(obj=schakeling)
        form.modules.data = [m.id for m in schakeling.modules]
        form.version_id.data = schakeling.version_id
        _module_choices(form, schakeling.begindatum, schakeling.modules)
        return _schakeling_panel(
            dossier, beslissing, form, kind=schakeling.kind, schakeling=schakeling
        )
    form = SchakelingForm()
    chosen = _chosen(form)
    _module_choices(
        form, form.begindatum.data or schakeling.begindatum, [*schakeling.modules, *chosen]
    )
    ok, warning = _check_schakeling(form, dossier, beslissing, chosen, leave_out=schakeling.id)
    changed = module_change_problem([m.id for m in schakeling.modules], [m.id for m in chosen])
    if changed and not form.modules.errors:
        form.modules.errors = [changed]
        offer = url_for(
            "dossiers.new_schakeling",
            dossier_id=dossier.id,
            beslissing_id=beslissing.id,
            modules=[m.id for m in chosen],
        )
        return _schakeling_panel(
            dossier,
            beslissing,
            form,
            kind=schakeling.kind,
            schakeling=schakeling,
            status=422,
            offer=offer,
        )
    if not ok:
        return _schakeling_panel(
            dossier,
            beslissing,
            form,
            kind=schakeling.kind,
            schakeling=schakeling,
            warning=warning,
            status=200 if warning else 422,
        )
    if not _version_matches(schakeling, form):
        form.version_id.data = schakeling.version_id
        return _schakeling_panel(
            dossier,
            beslissing,
            form,
            kind=schakeling.kind,
            schakeling=schakeling,
            stale=STALE,
            status=409,
        )
    before = schakeling_snapshot(schakeling)
    schakeling.begindatum = form.begindatum.data
    schakeling.einddatum = form.einddatum.data
    schakeling.verzekerd_aanbod = form.verzekerd_aanbod.data
    schakeling.zwaartepunt_andere_sector = form.zwaartepunt_andere_sector.data
    schakeling.modules = chosen
    description = f"{SCHAKELING_TITLES[schakeling.kind]} gewijzigd"
    after = schakeling_snapshot(schakeling)
    return _save_edit(dossier, "schakeling_gewijzigd", schakeling, description, before, after)


@blueprint.route(
    "/dossiers/<id:dossier_id>/schakelingen/<id:schakeling_id>/verwijderen",
    methods=["GET", "POST"],
)
def delete_schakeling(dossier_id: int, schakeling_id: int):
    """S-5: only the most recent schakeling is deleted, after confirmation."""
    dossier = _dossier(dossier_id)
    schakeling = _schakeling(dossier, schakeling_id)
    not_recent = edit_schakeling_problem(schakeling.id, _facts(dossier))
    if not_recent:
        return _message(dossier, not_recent)
    return _delete_after_confirmation(
        dossier,
        schakeling,
        "schakeling",
        _closed_dossier_problem(dossier, leave_out_schakeling=schakeling.id),
        "schakeling_verwijderd",
        f"{SCHAKELING_TITLES[schakeling.kind]} verwijderd",
        schakeling_snapshot(schakeling),
    )
