"""D-10, D-11, D-12 as plain rules, without Flask."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from binc_web.rules.concurrency import ALREADY_CLOSED
from binc_web.rules.lifecycle import (
    ClosingFacts,
    approve_problem,
    close_problems,
    close_warnings,
    closed_dossier_problem,
    registrations_exempt,
    reopen_mode,
)

TODAY = date(2026, 11, 23)
READY = ClosingFacts(
    status="open",
    beslissingen=1,
    beslissingen_without_schakeling=0,
    schakeling_einddatums=(date(2026, 10, 1),),
    registrations_exempt=False,
)


def test_d10_a_finished_traject_can_be_closed():
    assert close_problems(READY, TODAY) == []
    assert close_warnings(READY) == []


def test_d10_every_unmet_condition_is_named():
    empty = replace(READY, beslissingen=0, schakeling_einddatums=())
    problems = close_problems(empty, TODAY)
    assert problems == [
        "Het dossier bevat nog geen beslissing.",
        "Het dossier bevat nog geen schakeling.",
    ]


def test_d10_schakelingen_need_an_end_date_in_the_past():
    facts = replace(READY, schakeling_einddatums=(date(2026, 5, 1), None, date(2026, 12, 1)))
    problems = close_problems(facts, TODAY)
    assert any("zonder einddatum" in p for p in problems)
    assert any("in de toekomst" in p for p in problems)


def test_d10_an_end_date_of_today_counts_as_ended():
    assert close_problems(replace(READY, schakeling_einddatums=(TODAY,)), TODAY) == []


def test_d10_missing_registrations_are_named():
    facts = replace(READY, missing_registrations=("Beginregistratie: Onderwijsvorm",))
    assert close_problems(facts, TODAY) == [
        "Verplicht gegeven ontbreekt: Beginregistratie: Onderwijsvorm"
    ]


def test_d10_time_out_crisis_and_class_dossiers_need_no_registrations():
    assert registrations_exempt(klas=True, time_out=False, crisis_intake=False)
    assert registrations_exempt(klas=False, time_out=True, crisis_intake=False)
    assert registrations_exempt(klas=False, time_out=False, crisis_intake=True)
    assert not registrations_exempt(klas=False, time_out=False, crisis_intake=False)
    exempt = replace(READY, registrations_exempt=True, missing_registrations=("x",))
    assert close_problems(exempt, TODAY) == []


def test_d10_a_beslissing_without_schakeling_only_warns():
    facts = replace(READY, beslissingen=2, beslissingen_without_schakeling=1)
    assert close_problems(facts, TODAY) == []
    assert "zonder schakeling" in close_warnings(facts)[0]


def test_d13_closing_a_closed_dossier_gives_the_manuals_message():
    assert close_problems(replace(READY, status="closed"), TODAY) == [ALREADY_CLOSED]
    assert ALREADY_CLOSED == "Dossier is reeds afgesloten"


def test_d11_reopen_directly_within_a_year_of_the_last_schakeling():
    mode = reopen_mode(
        status="closed",
        last_schakeling_end=date(2025, 11, 23),
        other_open_dossier=False,
        today=TODAY,
    )
    assert mode == "direct"


def test_d11_older_dossiers_need_a_request():
    mode = reopen_mode(
        status="closed",
        last_schakeling_end=date(2025, 11, 22),
        other_open_dossier=False,
        today=TODAY,
    )
    assert mode == "request"


def test_d11_no_reopening_with_another_open_dossier_or_when_open():
    closed_with_other = reopen_mode(
        status="closed", last_schakeling_end=TODAY, other_open_dossier=True, today=TODAY
    )
    still_open = reopen_mode(
        status="open", last_schakeling_end=TODAY, other_open_dossier=False, today=TODAY
    )
    assert closed_with_other is None and still_open is None


def test_d12_approval_rechecks_other_open_dossiers():
    assert approve_problem(status="closed", other_open_dossier=False, other_code=None) is None
    problem = approve_problem(status="closed", other_open_dossier=True, other_code="BNC_1")
    assert "BNC_1" in problem
    assert approve_problem(status="open", other_open_dossier=False, other_code=None)


# --- D-10: a closed dossier keeps what closing required ---


def test_d10_a_closed_dossier_keeps_a_beslissing_and_an_ended_schakeling():
    closed = date(2026, 6, 30)
    ok = {"status": "closed", "closed_on": closed, "beslissingen": 1}
    assert closed_dossier_problem(**ok, schakeling_einddatums=(closed,)) is None
    assert "minstens één schakeling" in closed_dossier_problem(**ok, schakeling_einddatums=())
    no_beslissing = {**ok, "beslissingen": 0}
    assert "minstens één beslissing" in closed_dossier_problem(
        **no_beslissing, schakeling_einddatums=()
    )
    assert "30/06/2026" in closed_dossier_problem(**ok, schakeling_einddatums=(None,))
    assert "30/06/2026" in closed_dossier_problem(**ok, schakeling_einddatums=(date(2026, 7, 1),))


def test_d10_a_closed_dossier_without_a_known_closing_date_says_it_is_closed():
    assert closed_dossier_problem(
        status="closed", closed_on=None, beslissingen=0, schakeling_einddatums=()
    ) == (
        "Het dossier is afgesloten en behoudt minstens één beslissing. "
        "Heropen het dossier om dit te wijzigen."
    )


def test_d10_an_open_dossier_may_be_emptied():
    assert (
        closed_dossier_problem(
            status="open", closed_on=None, beslissingen=0, schakeling_einddatums=()
        )
        is None
    )
