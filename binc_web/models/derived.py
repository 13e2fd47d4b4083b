"""Dates kept on the dossier although its other rows define them (issue 13), so that the lists
("Actie nodig", the D-4 sort on "Beslis. > tot", the BR status) read ranges of an index instead
of looking up the aanmelding, the beslissingen, the schakelingen and the registraties of every
open dossier on every request.

They are maintained like ``Dossier.sort_name``: by the database, from the rows as this
transaction is about to commit them, after every ORM flush that wrote one of those rows
(``_keep_derived_dates_current``), and by the bulk loads and migrations that bypass the ORM
(``derived_dates``). The module spans of the figures (``models.spans``) are rebuilt in the
same listener, for the dossiers whose schakelingen the flush wrote.
"""

from __future__ import annotations

from sqlalchemy import Update, and_, case, event, func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from binc_web.models.dossiers import Aanmelding, Beslissing, Dossier, Schakeling
from binc_web.models.registrations import Registratie
from binc_web.models.spans import rebuild_spans
from binc_web.rules.registrations import CRISIS_AANMELDER

DERIVED = ("help_start", "owes_begin_since", "beslissing_end", "awaits_beslissing_since")
SOURCES = (Aanmelding, Beslissing, Schakeling, Registratie)


def derived_dates(dossier_ids) -> Update:
    """One UPDATE that sets the derived dates of the dossiers ``dossier_ids`` (a list of ids or
    a SELECT of them), without making that a change of the dossiers (their version and
    "Laatst gewijzigd" stay: the write that caused it bumps them itself, D-13).

    - ``help_start``: R-6's start of help (``rules.registrations.start_of_help``): the first
      schakeling's begindatum, else the aanmelding's date.
    - ``owes_begin_since``: the start of help while the dossier owes its beginregistratie:
      registrations required (an individual dossier, no time-out, no crisis intake:
      ``rules.lifecycle.registrations_exempt``) and no complete beginregistratie; else NULL.
    - ``beslissing_end``: the einddatum of the latest beslissing (latest begindatum, the newest
      on a tie), NULL without beslissing.
    - ``awaits_beslissing_since``: the aanmelding's date while the dossier has no beslissing
      ("Actie nodig": open dossiers zonder beslissing); else NULL, and NULL without aanmelding.
    """
    dossiers, schakelingen = Dossier.__table__, Schakeling.__table__
    beslissingen, aanmeldingen = Beslissing.__table__, Aanmelding.__table__
    registraties = Registratie.__table__
    first_schakeling = (
        select(func.min(schakelingen.c.begindatum))
        .where(schakelingen.c.dossier_id == dossiers.c.id)
        .scalar_subquery()
    )
    aanmelding = (
        select(aanmeldingen.c.datum_aanmelding)
        .where(aanmeldingen.c.dossier_id == dossiers.c.id)
        .scalar_subquery()
    )
    start = func.coalesce(first_schakeling, aanmelding)
    required = (
        select(aanmeldingen.c.id)
        .where(
            aanmeldingen.c.dossier_id == dossiers.c.id,
            aanmeldingen.c.time_out.is_(False),
            aanmeldingen.c.aanmelder != CRISIS_AANMELDER,
        )
        .exists()
    )
    complete = (
        select(registraties.c.id)
        .where(
            registraties.c.dossier_id == dossiers.c.id,
            registraties.c.kind == "begin",
            registraties.c.complete.is_(True),
        )
        .exists()
    )
    latest_end = (
        select(beslissingen.c.einddatum)
        .where(beslissingen.c.dossier_id == dossiers.c.id)
        .order_by(beslissingen.c.begindatum.desc(), beslissingen.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    any_beslissing = (
        select(beslissingen.c.id).where(beslissingen.c.dossier_id == dossiers.c.id).exists()
    )
    return (
        update(dossiers)
        .where(dossiers.c.id.in_(dossier_ids))
        .values(
            help_start=start,
            owes_begin_since=case(
                (and_(func.coalesce(dossiers.c.klas_id, 0) == 0, required, ~complete), start)
            ),
            beslissing_end=latest_end,
            awaits_beslissing_since=case((~any_beslissing, aanmelding)),
            # Not a change of the dossier: without this, Core would apply updated_at's onupdate.
            updated_at=dossiers.c.updated_at,
        )
    )


@event.listens_for(Session, "after_flush")
def _keep_derived_dates_current(session: Session, _flush_context) -> None:
    """The derived dates of every dossier whose aanmelding, beslissingen, schakelingen or
    registraties this flush wrote, recomputed in the same transaction; the module spans of
    every dossier whose schakelingen it wrote, rebuilt.

    Runs after the flush's own statements, so the recomputation sees them. The dossiers' rows
    are locked first: on PostgreSQL the UPDATE then starts (and takes its snapshot) only once a
    concurrent write of the same dossier has committed, so it recomputes from that write too
    instead of overwriting its dates with older ones."""
    written = [
        target
        for target in (*session.new, *session.dirty, *session.deleted)
        if isinstance(target, SOURCES) and target.dossier_id is not None
    ]
    touched = sorted({target.dossier_id for target in written})
    if not touched:
        return
    table = Dossier.__table__
    connection = session.connection()
    connection.execute(select(table.c.id).where(table.c.id.in_(touched)).with_for_update())
    # A schakeling's dates or modules changed: its dossier's module spans too (its modules
    # are a collection of the schakeling, so changing them makes the schakeling dirty;
    # deleting a beslissing deletes its schakelingen through the session too).
    with_schakelingen = sorted(
        {target.dossier_id for target in written if isinstance(target, Schakeling)}
    )
    if with_schakelingen:
        rebuild_spans(connection, with_schakelingen)
    statement = derived_dates(touched).returning(table.c.id, *(table.c[n] for n in DERIVED))
    # Loaded dossiers see the new dates too, as committed values (nothing left to flush).
    for dossier_id, *dates in connection.execute(statement).all():
        dossier = session.identity_map.get(identity_key(Dossier, dossier_id))
        if dossier is not None:
            for name, value in zip(DERIVED, dates, strict=True):
                set_committed_value(dossier, name, value)
