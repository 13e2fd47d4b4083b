"""Dossiers: the overview and search (``overview.py``) and the dossier itself (``views.py``)."""

from flask import Blueprint, abort, g, render_template, request

from binc_web.htmx import add_change_trigger

blueprint = Blueprint("dossiers", __name__)
blueprint.after_request(add_change_trigger)


@blueprint.before_request
def _medewerkers_only():
    """A-3: dossiers are the work of a medewerker; others get a start page without dossiers."""
    if "medewerker" in g.roles:
        return None
    if request.endpoint == "dossiers.overview":
        return render_template("start.html", crumbs=[("Startpagina", None)])
    abort(403)
