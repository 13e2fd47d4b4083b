"""F-1: the autocomplete of the directory (htmx active search). Every worker may search it: it
holds services and their contact persons, nothing about youths. And "Diensten", where the
agency's beleidsmedewerker deactivates and reactivates services."""

from __future__ import annotations

import re

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import func, select

from binc_web.activity import record_activity
from binc_web.directory import blueprint, search_services
from binc_web.errors import render_error
from binc_web.extensions import db
from binc_web.figures.access import beleidsmedewerker_only
from binc_web.models import Service, ServiceContact
from binc_web.rules.directory import SEARCH_LIMIT, contact_matches, search_problem
from binc_web.rules.wording import count_noun

# The id of the listbox the answer replaces (sent by app.js from the field's aria-controls).
LISTBOX_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,80}")


def _query() -> str:
    """The typed text (``q``); a control character answers 400 with a Dutch message."""
    query = request.args.get("q", "")
    problem = search_problem(query)
    if problem:
        abort(render_error(400, problem))
    return query


def _listbox_id(default: str) -> str:
    wanted = request.args.get("lijst", "")
    return wanted if LISTBOX_ID.fullmatch(wanted) else default


@blueprint.get("/zoek")
def search():
    """F-1: the "Dienst" options for the typed text (the fragment of a combobox's listbox)."""
    query = _query()
    services = search_services(query)
    if not query.strip():
        status = "Typ enkele letters van de naam van de dienst."
    elif services:
        status = count_noun(len(services), "dienst gevonden", "diensten gevonden")
    else:
        status = "Geen gekende dienst gevonden."
    return render_template(
        "directory/_services.html",
        services=services,
        listbox_id=_listbox_id("dienst-lijst"),
        status=status,
    )


@blueprint.get("/<id:service_id>/contacten")
def contacts(service_id: int):
    """F-1: the known contact persons of an active service matching the typed "Naam
    medewerker" (all of them, up to the limit, for an empty text)."""
    service = db.session.get(Service, service_id)
    if service is None or not service.active:
        abort(404)
    query = _query()
    found = [c for c in service.contacts if contact_matches(c.name, c.email, query)]
    found = found[:SEARCH_LIMIT]
    if found:
        status = count_noun(len(found), "gekende medewerker", "gekende medewerkers")
    else:
        status = f"Geen gekende medewerker bij {service.name}."
    return render_template(
        "directory/_contacts.html",
        contacts=found,
        listbox_id=_listbox_id("medewerker-lijst"),
        status=status,
    )


@blueprint.get("")
@beleidsmedewerker_only
def services():
    """F-1 "Diensten": every service of the directory by name, a page at a time, with its kind,
    number of known contacts and whether it is offered under "Dienst"."""
    size = current_app.config["PAGE_SIZE"]
    total = db.session.scalar(select(func.count()).select_from(Service))
    last = max(1, -(-total // size))
    page = min(max(request.args.get("pagina", 1, type=int), 1), last)
    contacts = (
        select(func.count())
        .where(ServiceContact.service_id == Service.id)
        .correlate(Service)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(Service, contacts)
        .order_by(Service.search_name)
        .limit(size)
        .offset((page - 1) * size)
    ).all()
    return render_template(
        "directory/services.html",
        rows=rows,
        page=page,
        last=last,
        total=total,
        crumbs=[("Startpagina", url_for("dossiers.overview")), ("Diensten", None)],
    )


@blueprint.post("/<id:service_id>/deactiveren")
@beleidsmedewerker_only
def deactivate(service_id: int):
    """F-1: the service is no longer offered under "Dienst"; what was shared with it stays."""
    return _set_active(
        service_id, False, "{name} is niet meer actief: ze wordt niet meer aangeboden bij 'Dienst'."
    )


@blueprint.post("/<id:service_id>/activeren")
@beleidsmedewerker_only
def reactivate(service_id: int):
    """F-1: the service is offered under "Dienst" again."""
    return _set_active(service_id, True, "{name} is weer actief.")


def _set_active(service_id: int, active: bool, message: str):
    """Offer the service (``active``) or not, logged as an activity of the organisation acted
    for, and go back to the page of the list it was on."""
    service = db.session.get(Service, service_id)
    if service is None:
        abort(404)
    # A second click (another tab) changes nothing, so it logs nothing either.
    if service.active != active:
        record_activity(
            "dienst_geactiveerd" if active else "dienst_gedeactiveerd",
            service,
            f"Dienst {service.name} {'geactiveerd' if active else 'gedeactiveerd'}",
            before={"dienst": service.name, "actief": service.active},
            after={"dienst": service.name, "actief": active},
        )
        service.active = active
    db.session.commit()
    flash(message.format(name=service.name), "success")
    return redirect(url_for("directory.services", pagina=request.args.get("pagina", type=int)), 303)
