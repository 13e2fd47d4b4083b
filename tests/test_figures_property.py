"""C-3: for random schakelingen and capacities, the SQL counts with the rules' formulas equal a
day-by-day brute force in Python; C-4: the SQL counts equal the rules applied to every
schakeling (on SQLite and on PostgreSQL, as the suite runs)."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from binc_web.catalogue import sync_catalogue
from binc_web.extensions import db
from binc_web.figures import counts
from binc_web.figures.bezetting_data import compute
from binc_web.models import Aanmelding, Beslissing, Capaciteit, Dossier, Organisation, Schakeling
from binc_web.rules.bezetting import days_in_year
from binc_web.rules.inzet import deployed_in, started_in
from tests import factories
from tests.factories_figures import capacity, module, traject

ORIGIN = date(2023, 11, 1)  # the window spans New Year 2024 and 29/02/2024
WINDOW = 160

day_offsets = st.integers(0, WINDOW)
# A dossier's schakelingen as a chain: a first begin, then (length, gap to the next begin); a
# gap of 0 is a verlenging starting on the day its predecessor ends, a negative gap an overlap.
chain = st.tuples(
    day_offsets,
    st.lists(
        st.tuples(st.one_of(st.none(), st.integers(0, 60)), st.integers(-3, 4)),
        min_size=1,
        max_size=3,
    ),
)
dossier_spans = st.lists(chain, max_size=4)
steps = st.lists(st.tuples(st.integers(-20, WINDOW), st.integers(0, 5)), max_size=3)


def brute_force(code, dossiers, capacity_steps, first, last) -> tuple[int, Fraction]:
    """(numerator, denominator) of C-3, counted day by day."""
    numerator, denominator = 0, Fraction(0)
    naft = code == "NAFT"
    firsts = [min(begin for begin, _end in schakelingen) for schakelingen in dossiers]
    day = first
    while day <= last:
        current = [c for start, c in sorted(capacity_steps) if start <= day]
        places = current[-1] if current else 0
        if naft:
            denominator += Fraction(places, days_in_year(day.year))
            numerator += sum(1 for f in firsts if f == day)
        else:
            denominator += places
            numerator += sum(
                1
                for schakelingen in dossiers
                if any(b <= day and (e is None or day <= e) for b, e in schakelingen)
            )
        day += timedelta(days=1)
    return numerator, denominator


def _chain(begin: int, links) -> list[tuple[date, date | None]]:
    """The schakelingen of one dossier; S-5: only the last may be open (no end date)."""
    spans = []
    for index, (length, gap) in enumerate(links):
        if length is None and index == len(links) - 1:
            spans.append((ORIGIN + timedelta(days=begin), None))
            break
        end = begin + (30 if length is None else length)
        spans.append((ORIGIN + timedelta(days=begin), ORIGIN + timedelta(days=end)))
        begin = max(0, end + gap)
    return spans


@pytest.fixture
def organisation_id(world) -> int:
    sync_catalogue()
    return world.anker.id


@pytest.mark.parametrize("code", ["VB-LAAG", "NAFT"])
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    dossiers=dossier_spans,
    capacity_steps=steps,
    period=st.tuples(day_offsets, st.integers(0, 120), st.integers(0, 130)),
)
def test_c3_sql_equals_day_by_day_brute_force(
    organisation_id, code, dossiers, capacity_steps, period
):
    for model in (Schakeling, Beslissing, Aanmelding, Dossier, Capaciteit):
        db.session.execute(db.delete(model))
    db.session.expunge_all()
    organisation = db.session.get(Organisation, organisation_id)
    as_dates = [_chain(first_begin, links) for first_begin, links in dossiers]
    for schakelingen in as_dates:
        traject(organisation, (code,), *schakelingen)
    capacity_dates = {ORIGIN + timedelta(days=offset): places for offset, places in capacity_steps}
    for valid_from, places in capacity_dates.items():
        capacity(organisation, code, valid_from, places)
    factories.dossier(organisation)  # a dossier without schakeling counts for nothing
    db.session.flush()
    first = ORIGIN + timedelta(days=period[0])
    last = first + timedelta(days=period[1])
    today = first + timedelta(days=period[2])  # C-3: the days after today do not count yet

    result = compute(organisation.id, module(code), [module(code)], first, last, today)

    expected = brute_force(code, as_dates, capacity_dates.items(), first, min(last, today))
    assert (result.chosen.total.numerator, result.chosen.total.denominator) == expected
    assert sum(m.numerator for m in result.chosen.months) == expected[0]
    assert sum(s.denominator for s in result.chosen.segments) == expected[1]


module_sets = st.sampled_from([("CB-LAAG",), ("DAG-GROEP",), ("CB-LAAG", "DAG-GROEP")])


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    dossiers=st.lists(st.tuples(chain, module_sets), max_size=4),
    period=st.tuples(day_offsets, st.integers(0, 120)),
)
def test_c4_sql_equals_the_rules_on_every_schakeling(organisation_id, dossiers, period):
    for model in (Schakeling, Beslissing, Aanmelding, Dossier):
        db.session.execute(db.delete(model))
    db.session.expunge_all()
    organisation = db.session.get(Organisation, organisation_id)
    delivered = []
    for (begin, links), codes in dossiers:
        spans = _chain(begin, links)
        traject(organisation, codes, *spans)
        delivered += [(b, e, set(codes)) for b, e in spans]
    db.session.flush()
    first = ORIGIN + timedelta(days=period[0])
    last = first + timedelta(days=period[1])
    ids = {code: module(code).id for code in ("CB-LAAG", "DAG-GROEP")}

    def expected(codes: set[str]) -> tuple[int, int]:
        deployed = [
            (b, e)
            for b, e, ticked in delivered
            if codes <= ticked and deployed_in(b, e, first, last)
        ]
        return len(deployed), sum(1 for b, _e in deployed if started_in(b, first, last))

    counted = counts.deployments(organisation_id, list(ids.values()), first, last)
    for code, module_id in ids.items():
        assert counted.get(module_id, (0, 0)) == expected({code})
    together = counts.combined_deployments(organisation_id, list(ids.values()), first, last)
    assert together == expected(set(ids))
