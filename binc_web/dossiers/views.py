"""The dossier page ("Raadplegen Dossier") and the changes made from it."""

from __future__ import annotations

from flask import render_template, url_for
from sqlalchemy.orm import selectinload

from binc_web.dossiers import blueprint
from binc_web.extensions import db
from binc_web.models import Beslissing, Dossier
from binc_web.scoping import load_scoped


@blueprint.get("/dossiers/<int:dossier_id>")
def show(dossier_id: int):
    """D-6 "Raadplegen Dossier": identification, aanmelding, beslissingen and schakelingen."""
    dossier = load_scoped(Dossier, dossier_id)
    beslissingen = db.session.scalars(
        db.select(Beslissing)
        .where(Beslissing.dossier_id == dossier.id)
        .options(selectinload(Beslissing.modules), selectinload(Beslissing.schakelingen))
        .order_by(Beslissing.begindatum.desc(), Beslissing.id.desc())
    ).all()
    return render_template(
        "dossiers/dossier.html",
        dossier=dossier,
        beslissingen=beslissingen,
        crumbs=[
            ("Overzicht Dossiers", url_for("dossiers.overview")),
            (dossier.display_name, None),
        ],
    )
