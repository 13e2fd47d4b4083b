"""G-1: the agency's list of the Groeipakket runs, with each run's file."""

from __future__ import annotations

from flask import abort, render_template
from sqlalchemy import select

from binc_web.extensions import db
from binc_web.figures.access import beleidsmedewerker_only
from binc_web.groeipakket import blueprint
from binc_web.groeipakket.feed import drop_folder, file_name
from binc_web.models import GroeipakketRow, GroeipakketRun
from binc_web.storage import attachment


@blueprint.get("")
@beleidsmedewerker_only
def runs():
    """G-1: every run, newest first, with its counts; and how many rows wait for the next."""
    found = db.session.scalars(select(GroeipakketRun).order_by(GroeipakketRun.id.desc())).all()
    pending = db.session.scalar(select(db.func.count()).where(GroeipakketRow.run_id.is_(None)))
    return render_template(
        "groeipakket/runs.html",
        runs=found,
        pending=pending,
        file_name=file_name,
        folder=drop_folder(),
        crumbs=[("Groeipakket", None)],
    )


@blueprint.get("/<id:run_id>/bestand")
@beleidsmedewerker_only
def download(run_id: int):
    """G-1: the file of one run, as it was delivered."""
    run = db.session.get(GroeipakketRun, run_id)
    if run is None:
        abort(404)
    return attachment(run.content, file_name(run), "application/xml")
