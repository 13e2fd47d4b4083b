"""Start page ("Overzicht Dossiers") and the dossier page ("Raadplegen Dossier")."""

from __future__ import annotations

from flask import Blueprint, current_app, g, render_template, request, url_for
from sqlalchemy import func
from sqlalchemy.orm import joinedload, selectinload

from binc_web.extensions import db
from binc_web.models import Beslissing, Client, Dossier, Klas
from binc_web.scoping import load_scoped

blueprint = Blueprint("dossiers", __name__)


@blueprint.get("/")
def overview():
    """D-4 (first part): the organisation's open dossiers, by name, paginated in SQL."""
    page = max(request.args.get("pagina", 1, type=int), 1)
    size = current_app.config["PAGE_SIZE"]
    sort_name = func.coalesce(Client.family_name, Klas.name)
    base = (
        db.select(Dossier)
        .outerjoin(Client, Dossier.client_id == Client.id)
        .outerjoin(Klas, Dossier.klas_id == Klas.id)
        .where(Dossier.organisation_id == g.organisation.id, Dossier.status == "open")
    )
    total = db.session.scalar(db.select(func.count()).select_from(base.subquery()))
    dossiers = db.session.scalars(
        base.options(joinedload(Dossier.client), joinedload(Dossier.klas))
        .order_by(sort_name, Client.given_name, Dossier.id)
        .limit(size)
        .offset((page - 1) * size)
    ).all()
    pages = max((total + size - 1) // size, 1)
    return render_template(
        "dossiers/overview.html",
        dossiers=dossiers,
        total=total,
        page=page,
        pages=pages,
        crumbs=[("Overzicht Dossiers", None)],
    )


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
