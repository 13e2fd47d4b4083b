"""The derived dates kept on the dossier (issue 13, binc_web.models.derived): R-6's start of
help (``help_start``), the same while the beginregistratie is owed (``owes_begin_since``), the
end of the latest beslissing (``beslissing_end``) and the aanmelding's date while there is no
beslissing (``awaits_beslissing_since``) equal what the aanmelding, beslissingen, schakelingen
and registraties give, after any sequence of writes, in the transaction of each write."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from binc_web.extensions import db
from binc_web.models import Aanmelding, Beslissing, Dossier, Registratie, Schakeling
from binc_web.rules.lifecycle import registrations_exempt
from binc_web.rules.registrations import CRISIS_AANMELDER, start_of_help
from tests import factories

DAY = date(2025, 1, 1)
DAYS = st.integers(min_value=0, max_value=400)
# Few distinct begin dates: beslissingen starting on the same day (the newest is the latest).
BEGINS = st.integers(min_value=0, max_value=3)
SLOT = st.integers(min_value=0, max_value=5)  # which existing beslissing or schakeling
# One write of the traject (or the aanmelding), as the views make them through the ORM.
WRITES = st.one_of(
    st.tuples(st.just("add beslissing"), BEGINS, DAYS),
    st.tuples(st.just("edit beslissing"), SLOT, BEGINS, DAYS),
    st.tuples(st.just("delete beslissing"), SLOT),
    st.tuples(st.just("add schakeling"), SLOT, DAYS),
    st.tuples(st.just("edit schakeling"), SLOT, DAYS),
    st.tuples(st.just("delete schakeling"), SLOT),
    st.tuples(st.just("edit aanmelding"), DAYS),
    st.tuples(st.just("time-out"), st.booleans()),
    st.tuples(st.just("aanmelder"), st.sampled_from(["clb", CRISIS_AANMELDER])),
    st.tuples(st.just("beginregistratie"), st.booleans()),
    st.tuples(st.just("delete beginregistratie")),
)


DATES = (
    Dossier.help_start,
    Dossier.owes_begin_since,
    Dossier.beslissing_end,
    Dossier.awaits_beslissing_since,
)
Dates = tuple[date | None, date | None, date | None, date | None]


def expected(dossier_id: int) -> Dates:
    """(start of help, the same while the beginregistratie is owed, end of the latest
    beslissing, the aanmelding's date while there is none) derived from the source rows with
    the rules."""
    beslissingen = db.session.execute(
        select(Beslissing.begindatum, Beslissing.id, Beslissing.einddatum).where(
            Beslissing.dossier_id == dossier_id
        )
    ).all()
    starts = db.session.scalars(
        select(Schakeling.begindatum).where(Schakeling.dossier_id == dossier_id)
    ).all()
    aanmelding = db.session.scalars(
        select(Aanmelding).where(Aanmelding.dossier_id == dossier_id)
    ).one()
    complete = db.session.scalar(
        select(Registratie.complete).where(
            Registratie.dossier_id == dossier_id, Registratie.kind == "begin"
        )
    )
    latest = max(beslissingen, default=None)  # latest begindatum, the newest on a tie
    start = start_of_help(min(starts, default=None), aanmelding.datum_aanmelding)
    exempt = registrations_exempt(
        klas=False,
        time_out=aanmelding.time_out,
        crisis_intake=aanmelding.aanmelder == CRISIS_AANMELDER,
    )
    return (
        start,
        None if exempt or complete else start,
        latest.einddatum if latest else None,
        None if latest else aanmelding.datum_aanmelding,
    )


def stored(dossier_id: int) -> Dates:
    """The dates as the database holds them (not the session's copy)."""
    return tuple(db.session.execute(select(*DATES).where(Dossier.id == dossier_id)).one())


def in_session(dossier: Dossier) -> Dates:
    return tuple(getattr(dossier, column.key) for column in DATES)


def pick(items: list, slot: int):
    return items[slot % len(items)] if items else None


def apply(dossier: Dossier, write: tuple) -> None:
    """Make one write through the ORM session, as the traject views do."""
    kind, *values = write
    beslissingen = db.session.scalars(
        select(Beslissing).where(Beslissing.dossier_id == dossier.id).order_by(Beslissing.id)
    ).all()
    schakelingen = db.session.scalars(
        select(Schakeling).where(Schakeling.dossier_id == dossier.id).order_by(Schakeling.id)
    ).all()
    if kind == "add beslissing":
        begin = DAY + timedelta(days=values[0])
        db.session.add(
            Beslissing(dossier=dossier, begindatum=begin, einddatum=begin + timedelta(values[1]))
        )
    elif kind == "edit beslissing" and beslissingen:
        target = pick(beslissingen, values[0])
        target.begindatum = DAY + timedelta(days=values[1])
        target.einddatum = target.begindatum + timedelta(days=values[2])
    elif kind == "delete beslissing" and beslissingen:
        db.session.delete(pick(beslissingen, values[0]))  # its schakelingen go with it
    elif kind == "add schakeling" and beslissingen:
        begin = DAY + timedelta(days=values[1])
        db.session.add(
            Schakeling(
                beslissing=pick(beslissingen, values[0]),
                dossier_id=dossier.id,
                begindatum=begin,
                einddatum=begin + timedelta(days=30),
            )
        )
    elif kind == "edit schakeling" and schakelingen:
        target = pick(schakelingen, values[0])
        target.begindatum = DAY + timedelta(days=values[1])
        target.einddatum = target.begindatum + timedelta(days=30)
    elif kind == "delete schakeling" and schakelingen:
        db.session.delete(pick(schakelingen, values[0]))
    elif kind == "edit aanmelding":
        dossier.aanmelding.datum_aanmelding = DAY + timedelta(days=values[0])
    elif kind == "time-out":
        dossier.aanmelding.time_out = values[0]
    elif kind == "aanmelder":
        dossier.aanmelding.aanmelder = values[0]
    elif kind in ("beginregistratie", "delete beginregistratie"):
        found = db.session.scalars(
            select(Registratie).where(
                Registratie.dossier_id == dossier.id, Registratie.kind == "begin"
            )
        ).first()
        if kind == "delete beginregistratie":
            if found is not None:
                db.session.delete(found)
            return
        if found is None:
            found = Registratie(
                dossier_id=dossier.id, kind="begin", set_code="x", set_version=1, answers={}
            )
            db.session.add(found)
        found.complete = values[0]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    writes=st.lists(st.lists(WRITES, min_size=1, max_size=3), max_size=8),
)
def test_r6_d4_derived_dates_equal_their_source_after_any_writes(world, writes):
    """Writes are committed in groups (one group: one transaction, as a view's save); after
    each commit the dates on the dossier are those derived from the rows."""
    dossier = factories.dossier(world.brug)
    db.session.commit()
    start = date(2026, 1, 2)
    assert stored(dossier.id) == expected(dossier.id) == (start, start, None, start)
    for group in writes:
        for write in group:
            apply(dossier, write)
            db.session.flush()
            # Within the transaction, the session's loaded dossier agrees at once.
            assert in_session(dossier) == expected(dossier.id)
        db.session.commit()
        assert stored(dossier.id) == expected(dossier.id)


def test_r6_derived_dates_are_no_change_of_the_dossier(world):
    """Keeping the dates is no D-13 change: the dossier's version and "Laatst gewijzigd" stay
    (the traject views bump them themselves)."""
    dossier = world.brug_dossier
    version, updated = dossier.version_id, dossier.updated_at
    db.session.add(
        Beslissing(dossier=dossier, begindatum=date(2026, 1, 5), einddatum=date(2026, 6, 30))
    )
    db.session.commit()
    start = date(2026, 1, 2)
    assert stored(dossier.id) == (start, start, date(2026, 6, 30), None)
    assert (dossier.version_id, dossier.updated_at) == (version, updated)


def test_r6_a_deleted_dossier_takes_its_rows_along(world):
    """Deleting a dossier deletes its aanmelding (a date source) without tripping the update."""
    dossier_id = world.brug_dossier.id
    db.session.delete(world.brug_dossier)
    db.session.commit()
    assert db.session.get(Dossier, dossier_id) is None
