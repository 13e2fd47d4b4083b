"""G-2: the agency's page on retention: what is erased and kept, table by table, and the
latest runs with their counts (never a name)."""

from __future__ import annotations

from flask import abort, g, render_template, url_for
from sqlalchemy import select

from binc_web.auth.session import role_required
from binc_web.extensions import db
from binc_web.models import RetentionRun
from binc_web.privacy import blueprint
from binc_web.privacy.retention import ERASERS
from binc_web.rules.retention import RETENTION_AGE

SHOWN_RUNS = 30


@blueprint.get("/bewaartermijn")
@role_required("beleidsmedewerker")
def retention_runs():
    """G-2: the registry of erasers as a table, and the latest runs, newest first."""
    if g.organisation.kind != "agency":
        abort(403)
    runs = db.session.scalars(
        select(RetentionRun).order_by(RetentionRun.id.desc()).limit(SHOWN_RUNS)
    ).all()
    return render_template(
        "privacy/retention_runs.html",
        erasers=ERASERS,
        runs=runs,
        age=RETENTION_AGE,
        crumbs=[("Startpagina", url_for("dossiers.overview")), ("Bewaartermijn", None)],
    )
