"""D-4 "Overzicht Dossiers" (the start page) and D-5 "Opzoeken dossier"."""

from __future__ import annotations

from flask import current_app, g, render_template, request
from sqlalchemy import func
from sqlalchemy.orm import joinedload

from binc_web.dossiers import blueprint
from binc_web.extensions import db
from binc_web.models import Client, Dossier, Klas


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
