"""The directory of services documents are shared with (F-1): ``service_of`` for code that
shares, and the autocomplete fragments of the "Dienst" and "Naam/E-mail medewerker" fields."""

from __future__ import annotations

from flask import Blueprint
from sqlalchemy import select

from binc_web.extensions import db
from binc_web.models import Organisation, Service

blueprint = Blueprint("directory", __name__, url_prefix="/diensten")


def service_of(organisation: Organisation) -> Service:
    """The directory entry (kind ``voorziening``) of an organisation of this instance."""
    return db.session.scalars(
        select(Service).where(Service.organisation_id == organisation.id)
    ).one()
