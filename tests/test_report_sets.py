"""P-1: opgestarte, afgesloten, lopende and alle dossiers, as a rule and in SQL, by hand and
against a brute-force classification of random dossiers."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import count

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from binc_web.extensions import db
from binc_web.reports.counting import SET_FLAGS, dossier_facts
from binc_web.rules.report_sets import (
    DossierSet,
    Period,
    dossier_sets,
)
from tests import factories
from tests.factories_reports import schakeling, traject

Q1 = Period(date(2026, 1, 1), date(2026, 3, 31))
OPG, A, L, ALLE = DossierSet.OPGESTART, DossierSet.AFGESLOTEN, DossierSet.LOPEND, DossierSet.ALLE


def members(organisation, period=Q1) -> dict[int, frozenset[DossierSet]]:
    """The sets of each dossier of the organisation in "alle dossiers", from the SQL (the P-1
    facts every report and the raw data count from)."""
    facts = dossier_facts(organisation.id, period)
    statement = db.select(facts.c.dossier_id, *(facts.c[name] for name in SET_FLAGS.values()))
    found = {}
    for row in db.session.execute(statement):
        sets = {s for s in (OPG, A, L) if getattr(row, s.value)}
        found[row.dossier_id] = frozenset(sets | {ALLE})
    return found


def test_p1_started_and_closed_in_the_period_is_in_both_and_once_in_alle(app):
    brug = factories.organisation("NAFT De Brug", "naft")
    both = traject(brug, date(2026, 1, 10), date(2026, 3, 31), closed=True)

    assert members(brug) == {both.id: frozenset({OPG, A, ALLE})}
    assert dossier_sets(Q1, date(2026, 1, 10), date(2026, 3, 31), True) == {OPG, A, ALLE}


def test_p1_an_end_date_in_the_period_without_closing_is_not_afgesloten(app):
    brug = factories.organisation("NAFT De Brug", "naft")
    ended_open = traject(brug, date(2025, 5, 1), date(2026, 2, 1))  # status open
    started_ended_open = traject(brug, date(2026, 1, 5), date(2026, 2, 1))

    assert members(brug) == {
        ended_open.id: frozenset({L, ALLE}),
        started_ended_open.id: frozenset({OPG, ALLE}),
    }
    assert dossier_sets(Q1, date(2025, 5, 1), date(2026, 2, 1), False) == {L, ALLE}


def test_p1_dossiers_without_schakeling_are_in_no_set(app):
    brug = factories.organisation("NAFT De Brug", "naft")
    traject(brug, None)
    traject(brug, None, closed=True)

    assert members(brug) == {}
    assert dossier_sets(Q1, None, None, False) == frozenset()


def test_p1_the_first_and_last_schakeling_decide_and_the_period_ends_are_inclusive(app):
    brug = factories.organisation("NAFT De Brug", "naft")
    verlengd = traject(brug, date(2025, 11, 1), date(2026, 1, 1))  # started before: lopend
    schakeling(verlengd, date(2026, 1, 1), date(2026, 6, 1), kind="verlenging")
    first_day = traject(brug, date(2026, 1, 1))
    last_day_closed = traject(brug, date(2025, 1, 1), date(2026, 3, 31), closed=True)
    closed_after = traject(brug, date(2025, 1, 1), date(2026, 4, 1), closed=True)
    closed_before = traject(brug, date(2025, 1, 1), date(2025, 12, 31), closed=True)
    starts_after = traject(brug, date(2026, 4, 1))

    found = members(brug)

    assert found[verlengd.id] == {L, ALLE}
    assert found[first_day.id] == {OPG, ALLE}
    assert found[last_day_closed.id] == {A, ALLE}
    for outside in (closed_after, closed_before, starts_after):
        assert outside.id not in found


def test_p1_another_organisations_dossiers_are_not_counted(app):
    brug = factories.organisation("NAFT De Brug", "naft")
    anker = factories.organisation("Jeugdhulp Het Anker")
    traject(anker, date(2026, 2, 1))

    assert members(brug) == {}


def brute_force(period: Period, schakelingen: list[tuple[date, date | None]], closed: bool):
    """P-1 spelled out by reading the manual's sentences over the schakelingen one by one."""
    if not schakelingen:
        return frozenset()
    first = min(start for start, _end in schakelingen)  # "Start hulpaanbod"
    ends = [end for _start, end in schakelingen if end is not None]
    sets = set()
    if period.start <= first <= period.end:
        sets.add(OPG)
    if closed and ends and period.start <= max(ends) <= period.end:
        sets.add(A)
    if first < period.start and not closed:
        sets.add(L)
    return frozenset(sets | {ALLE}) if sets else frozenset()


DAYS = st.integers(min_value=0, max_value=400)
SCHAKELINGEN = st.lists(st.tuples(DAYS, st.none() | st.integers(0, 200)), max_size=3)
DOSSIERS = st.lists(st.tuples(SCHAKELINGEN, st.booleans()), min_size=1, max_size=6)
_names = count()


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(dossiers=DOSSIERS, start=st.integers(0, 400), length=st.integers(0, 120))
def test_p1_sql_and_rule_agree_with_a_brute_force_classification(app, dossiers, start, length):
    origin = date(2025, 6, 1)
    period = Period(origin + timedelta(start), origin + timedelta(start + length))
    organisation = factories.organisation(f"Voorziening {next(_names)}")
    expected, by_rule = {}, {}
    for specs, closed in dossiers:
        dossier = traject(organisation, None)
        spans = []
        for position, (offset, duration) in enumerate(sorted(specs, key=lambda s: s[0])):
            begin = origin + timedelta(offset)
            # S-5: only the last schakeling may be open; D-10: none of a closed dossier.
            open_allowed = position == len(specs) - 1 and not closed
            if duration is None and not open_allowed:
                duration = 0
            spans.append((begin, None if duration is None else begin + timedelta(duration)))
        for begin, end in spans:
            schakeling(dossier, begin, end)
        dossier.status = "closed" if closed else "open"
        db.session.flush()
        sets = brute_force(period, spans, closed)
        if sets:
            expected[dossier.id] = sets
        ends = [e for _b, e in spans if e is not None]
        rule = dossier_sets(
            period, min((b for b, _e in spans), default=None), max(ends, default=None), closed
        )
        if rule:
            by_rule[dossier.id] = rule

    assert members(organisation, period) == expected
    assert by_rule == expected
