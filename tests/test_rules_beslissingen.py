"""S-1 to S-6 as plain rules, without Flask."""

from __future__ import annotations

from datetime import date

import pytest

from binc_web.rules.beslissingen import (
    DAGBEGELEIDING_ALONE,
    MODULES_CHANGED,
    VERLENGING,
    BeslissingVariant,
    ModuleChoice,
    Period,
    SchakelingFacts,
    add_months,
    beslissing_defaults,
    beslissing_problems,
    beslissing_variant,
    delete_beslissing_problem,
    edit_schakeling_problem,
    module_change_problem,
    module_combination_problem,
    most_recent,
    naft_default_einddatum,
    outside_beslissing_warning,
    schakeling_kind,
    schakeling_problems,
    verlenging_defaults,
)
from binc_web.rules.concurrency import BESLISSING_GONE, NOT_MOST_RECENT, OPEN_SCHAKELING_EXISTS

NAFT = ModuleChoice(1, "naft")
CONTEXT = ModuleChoice(2, "contextbegeleiding")
DAGBEGELEIDING = ModuleChoice(3, "dagbegeleiding_in_groep")
VERBLIJF = ModuleChoice(4, "verblijf")
ALLOWED = {1, 2, 3, 4}


def beslissing(**changes):
    values = {
        "begindatum": date(2026, 1, 5),
        "einddatum": date(2026, 7, 5),
        "via_toegangspoort": False,
        "modules": [CONTEXT],
        "allowed_module_ids": ALLOWED,
        "naft": False,
    } | changes
    return beslissing_problems(**values)


def schakeling(**changes):
    values = {
        "begindatum": date(2026, 1, 10),
        "einddatum": None,
        "modules": [CONTEXT],
        "allowed_module_ids": ALLOWED,
        "others": [],
    } | changes
    return schakeling_problems(**values)


# --- S-1 beslissing ---


def test_s1_a_complete_beslissing_has_no_problems():
    assert beslissing() == {}


def test_s1_dates_and_modules_are_mandatory():
    problems = beslissing(begindatum=None, einddatum=None, modules=[])
    assert set(problems) == {"begindatum", "einddatum", "modules"}


def test_s1_end_before_start_is_refused():
    problems = beslissing(einddatum=date(2026, 1, 4))
    assert problems == {"einddatum": "De einddatum mag niet voor de begindatum liggen."}


def test_s1_the_end_may_equal_the_start():
    assert beslissing(einddatum=date(2026, 1, 5)) == {}


def test_s1_modules_must_be_approved_and_active_for_the_organisation():
    problems = beslissing(modules=[ModuleChoice(99, "verblijf")])
    assert "goedgekeurd en actief" in problems["modules"]


def test_s1_nrtj_is_allowed_outside_naft():
    assert beslissing(via_toegangspoort=True, modules=[VERBLIJF]) == {}


def test_s1_naft_is_always_rtj_with_exactly_one_module():
    problems = beslissing(naft=True, via_toegangspoort=True, modules=[NAFT, CONTEXT])
    assert "altijd nee" in problems["via_toegangspoort"]
    assert "precies één module" in problems["modules"]
    assert beslissing(naft=True, modules=[NAFT]) == {}


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2026, 1, 5), date(2026, 7, 5)),
        (date(2026, 8, 31), date(2027, 2, 28)),
        (date(2027, 8, 31), date(2028, 2, 29)),
        (date(2026, 12, 1), date(2027, 6, 1)),
    ],
)
def test_s1_naft_default_duration_is_six_months(start, end):
    assert naft_default_einddatum(start) == end


def test_s1_add_months_is_total_at_the_ends_of_the_calendar():
    """Convention 12: a date stored near year 9999 (or year 1) never makes the arithmetic raise."""
    assert add_months(date(9999, 10, 1), 6) == date.max
    assert add_months(date(9999, 12, 31), 3) == date.max
    assert add_months(date(1, 2, 1), -3) == date.min
    assert add_months(date(9999, 7, 31), 5) == date(9999, 12, 31)
    # Inside the first and the last year the months are still counted.
    assert add_months(date(9999, 1, 31), 1) == date(9999, 2, 28)
    assert add_months(date(1, 3, 31), -1) == date(1, 2, 28)


def test_s1_add_months_crosses_years():
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)


def test_d10_a_closed_dossier_takes_no_beslissing_starting_after_closing():
    problems = beslissing(
        begindatum=date(2026, 8, 1), einddatum=date(2027, 2, 1), closed_on=date(2026, 7, 1)
    )
    assert "afgesloten op 01/07/2026" in problems["begindatum"]


def test_d10_a_closed_dossiers_beslissing_may_start_on_the_closing_day():
    # Manual ch. 8: nothing is added "die de afsluitdatum overschrijden"; the day itself is in.
    closed = date(2026, 7, 1)
    assert beslissing(begindatum=closed, einddatum=date(2027, 1, 1), closed_on=closed) == {}


def test_d10_a_closed_dossiers_beslissing_may_end_after_closing():
    # FAQ: when help stops early only the schakeling gets the real end date.
    assert beslissing(closed_on=date(2026, 3, 1)) == {}


# --- S-2 / S-3 schakeling ---


def test_s2_a_schakeling_needs_a_start_and_a_module():
    problems = schakeling(begindatum=None, modules=[])
    assert set(problems) == {"begindatum", "modules"}


def test_s2_the_end_date_is_optional():
    assert schakeling(einddatum=None) == {}


def test_s2_only_active_modules_of_the_organisation():
    assert "modules" in schakeling(modules=[ModuleChoice(42, "contextbegeleiding")])


def test_s3_first_schakeling_is_start_hulpaanbod_later_ones_verlenging():
    assert schakeling_kind([]) == "start"
    assert schakeling_kind([SchakelingFacts(1, date(2026, 1, 5), date(2026, 7, 5))]) == VERLENGING


def test_s3_verlenging_carries_over_end_date_and_modules_of_the_previous():
    previous = [
        SchakelingFacts(1, date(2026, 1, 5), date(2026, 7, 5), (2,)),
        SchakelingFacts(2, date(2026, 7, 5), date(2027, 1, 5), (2, 3)),
    ]
    assert verlenging_defaults(previous) == (date(2027, 1, 5), (2, 3))
    assert verlenging_defaults([]) == (None, ())


# --- S-4 warning ---


def test_s4_no_warning_inside_the_beslissing():
    inside = Period(date(2026, 1, 5), date(2026, 7, 5))
    assert outside_beslissing_warning(inside, inside) is None


def test_s4_warns_for_a_start_before_and_an_end_after_the_beslissing():
    warning = outside_beslissing_warning(
        Period(date(2026, 1, 1), date(2026, 8, 1)), Period(date(2026, 1, 5), date(2026, 7, 5))
    )
    assert "begint vóór de beslissing (05/01/2026)" in warning
    assert "eindigt na de beslissing (05/07/2026)" in warning


def test_s4_an_open_schakeling_does_not_end_after_the_beslissing():
    warning = outside_beslissing_warning(
        Period(date(2026, 2, 1), None), Period(date(2026, 1, 5), date(2026, 7, 5))
    )
    assert warning is None


def test_s4_warns_for_an_open_schakeling_that_starts_after_the_beslissing_ended():
    warning = outside_beslissing_warning(
        Period(date(2026, 8, 1), None), Period(date(2026, 1, 5), date(2026, 7, 5))
    )
    assert warning is not None
    assert "begint na het einde van de beslissing (05/07/2026)" in warning


def test_s4_a_schakeling_starting_on_the_beslissings_last_day_starts_inside_it():
    beslissing_period = Period(date(2026, 1, 5), date(2026, 7, 5))
    assert outside_beslissing_warning(Period(date(2026, 7, 5), None), beslissing_period) is None
    warning = outside_beslissing_warning(
        Period(date(2026, 7, 5), date(2026, 9, 1)), beslissing_period
    )
    assert "eindigt na de beslissing (05/07/2026)" in warning
    assert "begint na het einde" not in warning


def test_s4_a_start_after_the_beslissing_ended_is_named_once():
    warning = outside_beslissing_warning(
        Period(date(2026, 8, 1), date(2026, 9, 1)), Period(date(2026, 1, 5), date(2026, 7, 5))
    )
    assert "begint na het einde van de beslissing (05/07/2026)" in warning
    assert "eindigt na de beslissing" not in warning


# --- S-5 edit, delete, one open schakeling ---


def test_s5_only_one_schakeling_without_end_date():
    others = [SchakelingFacts(1, date(2026, 1, 5), None)]
    problems = schakeling(begindatum=date(2026, 2, 1), others=others)
    assert problems["einddatum"] == OPEN_SCHAKELING_EXISTS


def test_s5_a_new_schakeling_does_not_start_before_the_previous_ended():
    others = [SchakelingFacts(1, date(2026, 1, 5), date(2026, 7, 5))]
    assert "05/07/2026" in schakeling(begindatum=date(2026, 7, 1), others=others)["begindatum"]
    assert schakeling(begindatum=date(2026, 7, 5), others=others) == {}


def test_s5_the_most_recent_is_the_one_that_started_last():
    first = SchakelingFacts(1, date(2026, 1, 5), date(2026, 7, 5))
    second = SchakelingFacts(2, date(2026, 7, 5), None)
    assert most_recent([second, first]) == second
    assert edit_schakeling_problem(2, [first, second]) is None
    assert edit_schakeling_problem(1, [first, second]) == NOT_MOST_RECENT


def test_s5_on_the_same_start_date_the_one_added_last_is_the_most_recent():
    earlier = SchakelingFacts(1, date(2026, 3, 1), date(2026, 3, 1))
    later = SchakelingFacts(2, date(2026, 3, 1), None)
    assert most_recent([later, earlier]) == most_recent([earlier, later]) == later


def test_s5_the_latest_start_wins_over_the_order_of_adding():
    running = SchakelingFacts(1, date(2026, 3, 1), None)
    added_later = SchakelingFacts(2, date(2026, 1, 10), date(2026, 2, 1))
    assert most_recent([added_later, running]) == running
    assert most_recent([]) is None


def test_s5_nothing_is_added_next_to_a_running_schakeling():
    """Not even an ended one before it: the running one is closed first (S-3)."""
    running = [SchakelingFacts(1, date(2026, 3, 1), None)]
    before = schakeling(begindatum=date(2026, 1, 5), einddatum=date(2026, 1, 9), others=running)
    assert before == {"begindatum": OPEN_SCHAKELING_EXISTS}
    assert schakeling(begindatum=date(2026, 1, 5), others=running) == {
        "einddatum": OPEN_SCHAKELING_EXISTS
    }


def test_s2_a_schakeling_keeps_its_modules():
    assert module_change_problem([1, 2], [2, 1, 1]) is None
    assert module_change_problem([1], [1, 2]) == MODULES_CHANGED
    assert module_change_problem([1, 2], [1]) == MODULES_CHANGED
    assert "nieuwe schakeling" in MODULES_CHANGED


def test_s5_a_vanished_schakeling_is_not_the_most_recent():
    assert edit_schakeling_problem(7, []) == NOT_MOST_RECENT


def test_s5_a_beslissing_is_deleted_only_without_schakelingen():
    assert delete_beslissing_problem(0) is None
    assert "Verwijder eerst" in delete_beslissing_problem(1)


def test_d13_message_for_a_deleted_beslissing_is_the_manuals():
    assert BESLISSING_GONE.startswith("De jeugdhulpbeslissing bestaat niet meer.")


# --- S-6 module combination ---


def test_s6_dagbegeleiding_in_groep_alone_is_refused():
    assert module_combination_problem([DAGBEGELEIDING]) == DAGBEGELEIDING_ALONE
    assert schakeling(modules=[DAGBEGELEIDING, VERBLIJF])["modules"] == DAGBEGELEIDING_ALONE


def test_s6_dagbegeleiding_with_contextbegeleiding_is_accepted():
    assert module_combination_problem([DAGBEGELEIDING, CONTEXT]) is None
    assert schakeling(modules=[DAGBEGELEIDING, CONTEXT]) == {}


# --- D-10 closed dossiers and schakelingen ---


def test_d10_a_closed_dossier_takes_no_schakeling_beyond_its_closing_date():
    closed = date(2026, 6, 30)
    assert "begindatum" in schakeling(begindatum=date(2026, 7, 1), closed_on=closed)
    assert "einddatum" in schakeling(einddatum=None, closed_on=closed)
    assert "einddatum" in schakeling(einddatum=date(2026, 7, 1), closed_on=closed)
    assert schakeling(einddatum=date(2026, 6, 30), closed_on=closed) == {}
    # Starting on the closing day does not exceed it (manual ch. 8).
    assert schakeling(begindatum=closed, einddatum=closed, closed_on=closed) == {}


# --- S-1 defaults per organisation kind ---


def defaults(kind: str, **facts):
    given = {
        "latest_einddatum": None,
        "today": date(2026, 11, 23),
        "closed_on": None,
        "aanmelding_via_toegangspoort": False,
        "approved_module_ids": (),
    }
    return beslissing_defaults(variant=beslissing_variant(kind), **given | facts)


def test_s1_defaults_follow_the_aanmelding_and_the_only_approved_module():
    assert defaults("jeugdhulp", aanmelding_via_toegangspoort=True)["via_toegangspoort"] is True
    assert (
        defaults("een_gezin_een_plan", aanmelding_via_toegangspoort=True)["via_toegangspoort"]
        is False
    )
    assert defaults("een_gezin_een_plan", approved_module_ids=(7,))["modules"] == [7]
    assert defaults("jeugdhulp", approved_module_ids=(7, 8))["modules"] == []


def test_s1_variants_per_organisation_kind():
    assert beslissing_variant("naft") == BeslissingVariant(False, True, True)
    assert beslissing_variant("een_gezin_een_plan") == BeslissingVariant(False, True, False)
    assert beslissing_variant("jeugdhulp") == BeslissingVariant(True, False, False)
    # A kind without aanmelding (the agency registers no dossiers) keeps the full form.
    assert beslissing_variant("agency") == BeslissingVariant(True, False, False)


def test_d10_a_closed_dossier_proposes_no_begindatum_after_closing():
    closed = date(2026, 6, 30)
    assert defaults("naft", closed_on=closed)["begindatum"] == closed
    assert defaults("naft", closed_on=closed, latest_einddatum=date(2026, 5, 1))[
        "begindatum"
    ] == date(2026, 5, 1)
    assert defaults("naft", latest_einddatum=date(2026, 12, 1))["begindatum"] == date(2026, 12, 1)
