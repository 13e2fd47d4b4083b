"""Builders for the figures tests (C-3..C-5): capacities and schakelingen with modules."""

from __future__ import annotations

from datetime import date

from binc_web.extensions import db
from binc_web.models import Capaciteit, Dossier, ModuleApproval, TypeModule
from tests import factories
from tests.factories_overview import beslissing, schakeling


def module(code: str) -> TypeModule:
    return db.session.scalar(db.select(TypeModule).where(TypeModule.code == code))


def capacity(organisation, code: str, valid_from: date, places: int) -> Capaciteit:
    """C-2: ``places`` for the module from ``valid_from`` on."""
    row = Capaciteit(
        organisation_id=organisation.id,
        type_module_id=module(code).id,
        valid_from=valid_from,
        capacity=places,
    )
    db.session.add(row)
    db.session.flush()
    return row


def approval(organisation, code: str, valid_from: date = date(2020, 1, 1)) -> None:
    """M-2: the organisation is approved for the module from ``valid_from`` on."""
    db.session.add(
        ModuleApproval(
            organisation_id=organisation.id, type_module_id=module(code).id, valid_from=valid_from
        )
    )
    db.session.flush()


def traject(
    organisation,
    codes: tuple[str, ...],
    *spans: tuple[date, date | None],
    dossier: Dossier | None = None,
) -> Dossier:
    """A dossier (new unless given) with one beslissing over all of 2020–2030 (so that only the
    schakeling dates can matter) and one schakeling per span with the modules ``codes``."""
    dossier = dossier or factories.dossier(organisation)
    decided = beslissing(dossier, date(2020, 1, 1), date(2030, 12, 31))
    for begin, end in spans:
        delivered = schakeling(decided, begin, end)
        delivered.modules = [module(code) for code in codes]
    db.session.flush()
    return dossier
