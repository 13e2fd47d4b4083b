"""F-1: the autocomplete of the directory (htmx active search). Every worker may search it: it
holds services and their contact persons, nothing about youths."""

from __future__ import annotations

import re

from flask import abort, render_template, request

from binc_web.directory import blueprint, search_services
from binc_web.errors import render_error
from binc_web.extensions import db
from binc_web.models import Service
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
