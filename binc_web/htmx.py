"""Convention 3: one helper to serve a page or its htmx fragment."""

from __future__ import annotations

import json

from flask import g, render_template, request

# Convention 15: the event a write sends when a dossier changed; sections that depend on the
# dossier listen with hx-trigger="dossier-gewijzigd from:body" and reload themselves.
DOSSIER_CHANGED = "dossier-gewijzigd"


def is_htmx() -> bool:
    """True when htmx sent the request (and not a history restore of a whole page)."""
    return request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )


def page_or_fragment(page: str, fragment: str, status: int = 200, **context):
    """Render the fragment for htmx requests and the full page otherwise; Vary on HX-Request."""
    template = fragment if is_htmx() else page
    response = render_template(template, **context), status, {"Vary": "HX-Request"}
    return response


def announce_dossier_change(dossier_id: int) -> None:
    """Convention 15: after a committed write, the answer tells the page which dossier changed."""
    g.changed_dossier_id = dossier_id


def add_change_trigger(response):
    """Send the ``dossier-gewijzigd`` event with an htmx answer to a write that committed."""
    dossier_id = g.get("changed_dossier_id")
    if dossier_id is not None and is_htmx():
        response.headers["HX-Trigger"] = json.dumps({DOSSIER_CHANGED: {"id": dossier_id}})
    return response
