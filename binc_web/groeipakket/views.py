"""G-1: the agency's list of the Groeipakket runs, with each run's file."""

from __future__ import annotations

from flask import abort, current_app, render_template, request
from sqlalchemy import func, select

from binc_web.extensions import db
from binc_web.figures.access import beleidsmedewerker_only
from binc_web.groeipakket import blueprint
from binc_web.groeipakket.feed import drop_folder, file_name
from binc_web.models import GroeipakketRow, GroeipakketRun
from binc_web.storage import attachment


@blueprint.get("")
@beleidsmedewerker_only
def runs():
    """G-1: the runs, newest first, a page at a time, with their counts; and how many rows wait
    for the next run."""
    size = current_app.config["PAGE_SIZE"]
    total = db.session.scalar(select(func.count()).select_from(GroeipakketRun))
    last = max(1, -(-total // size))
    page = min(max(request.args.get("pagina", 1, type=int), 1), last)
    found = db.session.scalars(
        select(GroeipakketRun)
        .order_by(GroeipakketRun.id.desc())
        .limit(size)
        .offset((page - 1) * size)
    ).all()
    pending = db.session.scalar(select(func.count()).where(GroeipakketRow.run_id.is_(None)))
    return render_template(
        "groeipakket/runs.html",
        runs=found,
        pending=pending,
        file_name=file_name,
        folder=drop_folder(),
        page=page,
        last=last,
        total=total,
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
