"""Builders for report tests (P-1, P-2, P-6): dossiers with schakelingen on chosen dates."""

from __future__ import annotations

from datetime import date

from binc_web.extensions import db
from binc_web.models import Beslissing, Client, Dossier, Organisation, Schakeling, TypeModule
from tests import factories


def schakeling(
    dossier: Dossier,
    start: date,
    end: date | None = None,
    *,
    kind: str = "start",
    modules: tuple[TypeModule, ...] = (),
    via_toegangspoort: bool = False,
) -> Schakeling:
    """A schakeling from ``start`` to ``end`` under a beslissing covering it."""
    beslissing = Beslissing(
        dossier_id=dossier.id,
        via_toegangspoort=via_toegangspoort,
        begindatum=start,
        einddatum=end or date(start.year + 1, start.month, 1),
    )
    beslissing.modules = list(modules)
    db.session.add(beslissing)
    db.session.flush()
    found = Schakeling(
        beslissing_id=beslissing.id,
        dossier_id=dossier.id,
        kind=kind,
        begindatum=start,
        einddatum=end,
    )
    found.modules = list(modules)
    db.session.add(found)
    db.session.flush()
    return found


def traject(
    where: Organisation,
    start: date | None,
    end: date | None = None,
    *,
    closed: bool = False,
    who: Client | None = None,
    **options,
) -> Dossier:
    """A dossier with one schakeling from ``start`` to ``end`` (none when ``start`` is None),
    closed on ``end`` when ``closed``."""
    found = factories.dossier(where, who)
    if start is not None:
        schakeling(found, start, end, **options)
    if closed:
        found.status = "closed"
        found.closed_at = end
    db.session.flush()
    return found
