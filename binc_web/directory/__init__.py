"""The directory of services documents are shared with (F-1): ``service_of`` for code that
shares, and the autocomplete fragments of the "Dienst" and "Naam/E-mail medewerker" fields
(``views.py``, macros in ``templates/directory/_combobox.html``)."""

from __future__ import annotations

from flask import Blueprint
from sqlalchemy import case, select

from binc_web.extensions import db
from binc_web.models import Organisation, Service
from binc_web.rules.directory import SEARCH_LIMIT, SERVICE_NAME_LENGTH, search_key

blueprint = Blueprint("directory", __name__, url_prefix="/diensten")


def service_of(organisation: Organisation) -> Service:
    """The directory entry (kind ``voorziening``) of an organisation of this instance."""
    return db.session.scalars(
        select(Service).where(Service.organisation_id == organisation.id)
    ).one()


def find_active_service(name: str) -> Service | None:
    """F-1: the active service called exactly ``name`` (whatever its case or accents), for a
    "Dienst" typed without choosing from the autocomplete (no JavaScript)."""
    return db.session.scalars(
        select(Service).where(Service.search_name == search_key(name), Service.active)
    ).one_or_none()


def service_named(name: str) -> Service | None:
    """The service, active or not, whose name equals ``name`` whatever its case or accents: a
    new organisation cannot take that name (its own directory entry would repeat it)."""
    return db.session.scalars(
        select(Service).where(Service.search_name == search_key(name))
    ).one_or_none()


def search_services(query: str, limit: int = SEARCH_LIMIT) -> list[Service]:
    """F-1: the active services whose name contains ``query`` (whatever its case or accents),
    names starting with it first, then by name; none for an empty query."""
    key = search_key(query)
    if not key or len(key) > SERVICE_NAME_LENGTH:
        return []
    starts = case((Service.search_name.startswith(key, autoescape=True), 0), else_=1)
    return list(
        db.session.scalars(
            select(Service)
            .where(Service.active, Service.search_name.contains(key, autoescape=True))
            .order_by(starts, Service.search_name)
            .limit(limit)
        )
    )
