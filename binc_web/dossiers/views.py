"""The dossier: start (D-1, K-5), "Raadplegen Dossier" (D-6), aanmelding wijzigen,
"Activiteiten dossier" (D-8) and delete (D-9)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import abort, flash, g, redirect, render_template, request, url_for
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from binc_web.activity import change_label, change_value, record_activity
from binc_web.clients.access import load_visible_client
from binc_web.dossiers import blueprint
from binc_web.dossiers.codes import next_dossier_code
from binc_web.dossiers.forms import AanmeldingForm, KlasEditForm, KlasForm
from binc_web.dossiers.traject import dossier_page_context
from binc_web.errors import render_error
from binc_web.extensions import db
from binc_web.forms import saved_differences
from binc_web.htmx import announce_dossier_change, is_htmx, page_or_fragment
from binc_web.models import Aanmelding, ActivityEntry, Beslissing, Dossier, Klas, Schakeling
from binc_web.rules.aanmelding import aanmelding_problems, default_aanmelder, variant_for
from binc_web.rules.concurrency import DOSSIER_ALREADY_DELETED, DOSSIER_GONE, STALE
from binc_web.rules.dossiers import delete_problems, open_dossier_problem
from binc_web.scoping import load_scoped
from binc_web.templating import today as _today

# D-13: the manual's messages (one place for their texts: rules/concurrency.py).
STALE_MESSAGE = STALE
DELETED_MESSAGE = DOSSIER_ALREADY_DELETED
GONE_MESSAGE = DOSSIER_GONE


def _crumbs(*trail):
    return [("Overzicht Dossiers", url_for("dossiers.overview")), *trail]


def _require_dossier_kind():
    """Only organisations with an aanmelding variant register dossiers (not the agency)."""
    if variant_for(g.organisation.kind) is None:
        abort(403)


def _add_problems(form, problems: dict[str, str]) -> None:
    """Show the problems of the rules at their fields; a field whose shape is wrong already
    (say, "31/02/2024" as a date) keeps that one message."""
    for name, message in problems.items():
        field = getattr(form, name, None)
        if field is not None and not field.errors:
            field.errors = [message]


def _check_aanmelding(form: AanmeldingForm) -> bool:
    """Shape (WTForms) and the D-1 rules; problems land at their fields."""
    shaped = form.validate()
    problems = aanmelding_problems(g.organisation.kind, form.values(), _today())
    _add_problems(form, problems)
    return shaped and not problems


def _fill_aanmelding(aanmelding: Aanmelding, form: AanmeldingForm) -> dict:
    """Copy the form into the aanmelding; returns the values as logged (D-8)."""
    values = form.values()
    aanmelding.uw_referentie = (form.uw_referentie.data or "").strip() or None
    aanmelding.via_toegangspoort = values.via_toegangspoort
    aanmelding.aanmelder = values.aanmelder
    aanmelding.reden_niet_clb = values.reden_niet_clb
    aanmelding.reden_niet_clb_andere = values.reden_niet_clb_andere
    aanmelding.datum_aanmelding = values.datum_aanmelding
    aanmelding.time_out = values.time_out
    aanmelding.startdatum_lopend_dossier = values.startdatum_lopend_dossier
    return aanmelding_snapshot(aanmelding)


def aanmelding_snapshot(aanmelding: Aanmelding) -> dict:
    """The aanmelding as shown in the activity log (before/after values)."""
    return {
        "uw_referentie": aanmelding.uw_referentie,
        "via_toegangspoort": aanmelding.via_toegangspoort,
        "aanmelder": aanmelding.aanmelder,
        "reden_niet_clb": aanmelding.reden_niet_clb,
        "reden_niet_clb_andere": aanmelding.reden_niet_clb_andere,
        "datum_aanmelding": _iso(aanmelding.datum_aanmelding),
        "time_out": aanmelding.time_out,
        "startdatum_lopend_dossier": _iso(aanmelding.startdatum_lopend_dossier),
    }


def _iso(value):
    return value.isoformat() if value else None


def _open_dossier_code(client_id: int) -> str | None:
    return db.session.scalar(
        db.select(Dossier.code).where(
            Dossier.organisation_id == g.organisation.id,
            Dossier.client_id == client_id,
            Dossier.status == "open",
        )
    )


def _new_dossier(**links) -> Dossier:
    """A dossier of the acting organisation with the next D-2 code, assigned to its creator."""
    return Dossier(
        code=next_dossier_code(_today()),
        organisation_id=g.organisation.id,
        status="open",
        created_by_id=g.person.id,
        assigned_to_id=g.person.id,
        **links,
    )


@blueprint.route("/dossiers/nieuw", methods=["GET", "POST"])
def new():
    """D-1 "Start Binc-dossier": the aanmelding of a new dossier for an identified client."""
    _require_dossier_kind()
    client = load_visible_client(request.args.get("client_id", ""))
    problem = open_dossier_problem(_open_dossier_code(client.id), g.organisation.name)
    form = AanmeldingForm(
        g.organisation.kind, data={"aanmelder": default_aanmelder(g.organisation.kind)}
    )
    if request.method == "POST" and problem is None and _check_aanmelding(form):
        dossier = _new_dossier(client_id=client.id)
        dossier.aanmelding = Aanmelding()
        after = _fill_aanmelding(dossier.aanmelding, form)
        db.session.add(dossier)
        try:
            db.session.flush()
            record_activity(
                "dossier_aangemaakt",
                dossier,
                f"Dossier {dossier.code} aangemaakt",
                dossier_id=dossier.id,
                after=after,
            )
            db.session.commit()
        except IntegrityError:
            # D-3 under concurrency: another worker opened a dossier for this youth meanwhile.
            db.session.rollback()
            problem = open_dossier_problem(
                _open_dossier_code(client.id) or "?", g.organisation.name
            )
        else:
            flash(f"Dossier {dossier.code} werd aangemaakt.", "success")
            return redirect(url_for("dossiers.show", dossier_id=dossier.id), code=303)
    status = 409 if problem and request.method == "POST" else (422 if form.errors else 200)
    return render_template(
        "dossiers/new.html",
        form=form,
        client=client,
        problem=problem,
        crumbs=_crumbs(("Start Binc-dossier", None)),
    ), status


@blueprint.route("/dossiers/nieuwe-klas", methods=["GET", "POST"])
def new_klas():
    """K-5 "Start klastraject": a class dossier with the class data and its aanmelding."""
    if g.organisation.kind != "naft":
        abort(403)
    form = KlasForm(g.organisation.kind, data={"aanmelder": default_aanmelder("naft")})
    if request.method == "POST":
        valid = _check_aanmelding(form)
        klas_problems = form.klas_problems()
        _add_problems(form, klas_problems)
        if valid and not klas_problems:
            klas = Klas(
                organisation_id=g.organisation.id,
                name=form.naam_klas.data.strip(),
                participants=form.aantal_deelnemers.data,
                onderwijsvorm=form.onderwijsvorm.data,
                graad=form.graad.data,
                leerjaar=form.leerjaar.data,
            )
            db.session.add(klas)
            db.session.flush()
            dossier = _new_dossier(klas_id=klas.id)
            dossier.aanmelding = Aanmelding()
            after = _fill_aanmelding(dossier.aanmelding, form)
            db.session.add(dossier)
            db.session.flush()
            record_activity(
                "dossier_aangemaakt",
                dossier,
                f"Klasdossier {dossier.code} ({klas.name}) aangemaakt",
                dossier_id=dossier.id,
                after={"klas": klas.name, **after},
            )
            db.session.commit()
            flash(f"Klasdossier {dossier.code} werd aangemaakt.", "success")
            return redirect(url_for("dossiers.show", dossier_id=dossier.id), code=303)
    return render_template(
        "dossiers/new_klas.html", form=form, crumbs=_crumbs(("Start klastraject", None))
    ), (422 if form.errors else 200)


@blueprint.get("/dossiers/<id:dossier_id>")
def show(dossier_id: int):
    """D-6 "Raadplegen Dossier": identification, aanmelding, beslissingen and schakelingen."""
    dossier = load_scoped(Dossier, dossier_id, missing=GONE_MESSAGE)
    return render_template("dossiers/dossier.html", **dossier_page_context(dossier))


def klas_snapshot(klas: Klas) -> dict:
    """Manual 3.3: the class data as shown in the activity log (D-8)."""
    return {
        "naam_klas": klas.name,
        "aantal_deelnemers": klas.participants,
        "onderwijsvorm": klas.onderwijsvorm,
        "graad": klas.graad,
        "leerjaar": klas.leerjaar,
    }


@blueprint.route("/dossiers/<id:dossier_id>/klas", methods=["GET", "POST"])
def edit_klas(dossier_id: int):
    """Manual 3.3: change the class data of a class dossier; a stale form is refused (D-13)."""
    dossier = load_scoped(Dossier, dossier_id, missing=GONE_MESSAGE)
    klas = dossier.klas
    if klas is None:
        abort(404)
    form = KlasEditForm(data={**klas_snapshot(klas), "version_id": dossier.version_id})
    stale = None
    if request.method == "POST":
        shaped = form.validate()
        problems = form.klas_problems()
        _add_problems(form, problems)
        if shaped and not problems and str(dossier.version_id) != (form.version_id.data or ""):
            stale = STALE_MESSAGE
        elif shaped and not problems:
            before = klas_snapshot(klas)
            klas.name = form.naam_klas.data.strip()
            klas.participants = form.aantal_deelnemers.data
            klas.onderwijsvorm = form.onderwijsvorm.data
            klas.graad = form.graad.data
            klas.leerjaar = form.leerjaar.data
            saved = _save_dossier_change(
                dossier,
                "klas_gewijzigd",
                klas,
                "Klasgegevens gewijzigd",
                before,
                klas_snapshot(klas),
            )
            if saved:
                flash("De klasgegevens werden bewaard.", "success")
                return redirect(url_for("dossiers.show", dossier_id=dossier_id), code=303)
            stale = STALE_MESSAGE
    saved_now = []
    if stale:
        # D-13: what the user typed stays, with the stored version and what is stored now.
        dossier = load_scoped(Dossier, dossier_id, missing=GONE_MESSAGE)
        form.version_id.data = dossier.version_id
        stored = KlasEditForm(formdata=None, data=klas_snapshot(dossier.klas))
        saved_now = saved_differences(form, stored)
    return render_template(
        "dossiers/edit_klas.html",
        dossier=dossier,
        form=form,
        stale=stale,
        saved_now=saved_now,
        crumbs=_crumbs(
            (dossier.display_name, url_for("dossiers.show", dossier_id=dossier.id)),
            ("Klasgegevens wijzigen", None),
        ),
    ), (409 if stale else 422 if form.errors else 200)


def _save_dossier_change(dossier, action: str, subject, description: str, before, after) -> bool:
    """D-8/D-13: commit a change to a part of the dossier, logged (and "Laatst gewijzigd"
    moved, which also moves the dossier's version) only when something really changed.
    False (after a rollback) when the save lost a race with a colleague's."""
    if after != before:
        dossier.updated_at = datetime.now(UTC)
        record_activity(
            action, subject, description, dossier_id=dossier.id, before=before, after=after
        )
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        return False
    return True


@blueprint.get("/dossiers/<id:dossier_id>/actiebalk")
def action_bar(dossier_id: int):
    """D-6: the dossier's actions on their own, for the page to reload after a change."""
    dossier = load_scoped(Dossier, dossier_id, missing=GONE_MESSAGE)
    return page_or_fragment(
        "dossiers/dossier.html", "dossiers/_dossier_acties.html", **dossier_page_context(dossier)
    )


@blueprint.get("/dossiers/<id:dossier_id>/registraties")
def registrations_section(dossier_id: int):
    """R-6: the dossier's registrations and their deadline, reloaded after a change."""
    dossier = load_scoped(Dossier, dossier_id, missing=GONE_MESSAGE)
    return page_or_fragment(
        "dossiers/dossier.html", "dossiers/_registraties.html", **dossier_page_context(dossier)
    )


@blueprint.route("/dossiers/<id:dossier_id>/aanmelding", methods=["GET", "POST"])
def edit_aanmelding(dossier_id: int):
    """D-1 "wijzigen": change the aanmelding; a stale form is refused (D-13) and shown again
    with what the user typed, so that a second "Opslaan" saves it."""
    dossier = load_scoped(Dossier, dossier_id, missing=GONE_MESSAGE)
    aanmelding = dossier.aanmelding
    if aanmelding is None:
        abort(404)
    form = AanmeldingForm(g.organisation.kind, obj=aanmelding)
    if request.method == "GET":
        form.version_id.data = aanmelding.version_id
        return _aanmelding_form(dossier, form)
    if not _check_aanmelding(form):
        return _aanmelding_form(dossier, form)
    if str(aanmelding.version_id) != (form.version_id.data or ""):
        return _stale_aanmelding(dossier, form)
    before = aanmelding_snapshot(aanmelding)
    after = _fill_aanmelding(aanmelding, form)
    if not _save_dossier_change(
        dossier, "aanmelding_gewijzigd", aanmelding, "Aanmelding gewijzigd", before, after
    ):
        return _stale_aanmelding(load_scoped(Dossier, dossier_id, missing=GONE_MESSAGE), form)
    if after != before:
        # the date of the aanmelding stands in for the start of help (deadline).
        announce_dossier_change(dossier_id)
    if is_htmx():
        return (
            render_template("dossiers/_aanmelding.html", dossier=dossier),
            200,
            {"Vary": "HX-Request"},
        )
    flash("De aanmelding werd bewaard.", "success")
    return redirect(url_for("dossiers.show", dossier_id=dossier.id), code=303)


def _stale_aanmelding(dossier: Dossier, form: AanmeldingForm):
    """D-13: the form again (409) with what the user typed, the stored version, and what is
    stored now where it differs."""
    aanmelding = dossier.aanmelding
    form.version_id.data = aanmelding.version_id
    stored = AanmeldingForm(g.organisation.kind, formdata=None, obj=aanmelding)
    return _aanmelding_form(dossier, form, STALE_MESSAGE, saved_differences(form, stored))


def _aanmelding_form(dossier: Dossier, form: AanmeldingForm, stale=None, saved_now=()):
    """D-1 "wijzigen": the form (422 with problems, 409 refused as stale)."""
    return page_or_fragment(
        "dossiers/aanmelding_edit.html",
        "dossiers/_aanmelding_form.html",
        status=409 if stale else (422 if form.errors else 200),
        dossier=dossier,
        form=form,
        stale=stale,
        saved_now=list(saved_now),
        crumbs=_crumbs(
            (dossier.display_name, url_for("dossiers.show", dossier_id=dossier.id)),
            ("Aanmelding wijzigen", None),
        ),
    )


@blueprint.get("/dossiers/<id:dossier_id>/activiteiten")
def activity(dossier_id: int):
    """D-8 "Activiteiten dossier": who changed what when, with before and after values, and
    (K-2) every change to the youth's shared client data since, by any organisation."""
    dossier = load_scoped(Dossier, dossier_id, missing=GONE_MESSAGE)
    own = db.and_(
        ActivityEntry.dossier_id == dossier.id,
        ActivityEntry.organisation_id == g.organisation.id,
    )
    # Shared changes since the dossier exists: what others did before is not its activity.
    shared = (
        db.and_(
            ActivityEntry.client_id == dossier.client_id,
            ActivityEntry.at >= dossier.created_at,
        )
        if dossier.client_id
        else db.false()
    )
    entries = db.session.scalars(
        db.select(ActivityEntry)
        .where(db.or_(own, shared))
        .options(selectinload(ActivityEntry.person), selectinload(ActivityEntry.organisation))
        .order_by(ActivityEntry.at.desc(), ActivityEntry.id.desc())
    ).all()
    return render_template(
        "dossiers/activity.html",
        dossier=dossier,
        entries=entries,
        change_label=change_label,
        change_value=change_value,
        crumbs=_crumbs(
            (dossier.display_name, url_for("dossiers.show", dossier_id=dossier.id)),
            ("Activiteiten dossier", None),
        ),
    )


@blueprint.route("/dossiers/<id:dossier_id>/verwijderen", methods=["GET", "POST"])
def delete(dossier_id: int):
    """D-9: delete an open dossier without beslissingen and schakelingen, after confirmation."""
    dossier = load_scoped(Dossier, dossier_id, missing=DELETED_MESSAGE)
    beslissingen = db.session.scalar(
        db.select(func.count()).where(Beslissing.dossier_id == dossier.id)
    )
    schakelingen = db.session.scalar(
        db.select(func.count()).where(Schakeling.dossier_id == dossier.id)
    )
    problems = delete_problems(dossier.status, beslissingen, schakelingen)
    if request.method == "POST" and not problems:
        code, name = dossier.code, dossier.display_name
        record_activity(
            "dossier_verwijderd",
            dossier,
            f"Dossier {code} ({name}) verwijderd",
            dossier_id=dossier.id,
            before={"code": code, "status": dossier.status},
        )
        klas = dossier.klas
        db.session.delete(dossier)
        if klas is not None:
            db.session.delete(klas)
        try:
            db.session.commit()
        except StaleDataError:
            # D-13: deleted meanwhile by someone else, or changed meanwhile (first save wins).
            db.session.rollback()
            still_there = db.select(Dossier.id).where(Dossier.id == dossier_id)
            if db.session.scalar(still_there) is None:
                return render_error(404, DELETED_MESSAGE)
            return render_error(409, STALE_MESSAGE)
        flash(f"Dossier {code} werd verwijderd.", "success")
        return redirect(url_for("dossiers.overview"), code=303)
    return render_template(
        "dossiers/delete.html",
        dossier=dossier,
        problems=problems,
        crumbs=_crumbs(
            (dossier.display_name, url_for("dossiers.show", dossier_id=dossier.id)),
            ("Dossier verwijderen", None),
        ),
    ), (422 if problems and request.method == "POST" else 200)
