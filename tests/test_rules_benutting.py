"""M-3, M-2, C-1, C-2 as plain rules: units and steps, days of help, months, periods,
capacities."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from binc_web.rules.benutting import (
    UNIT_RULES,
    amount_problem,
    cell_problem,
    conflict_message,
    day_problem,
    format_amount,
    has_benutting,
    help_periods,
    month_days,
    month_key,
    month_label,
    next_month,
    organisation_total_problem,
    parse_amount,
    parse_month,
    previous_month,
)
from binc_web.rules.capaciteit import capacity_problems, current_capacity
from binc_web.rules.moduledatabank import (
    active_on,
    approval_problems,
    end_problem,
    erkenningsnummer_problem,
    overlaps,
)
from binc_web.rules.modules import BENUTTING_UNITS, CATALOGUE

TODAY = date(2026, 11, 20)


def test_m3_every_unit_of_the_catalogue_has_a_rule_except_geen():
    assert set(UNIT_RULES) == set(BENUTTING_UNITS) - {"geen"}
    assert {m.code for m in CATALOGUE if not has_benutting(m.benutting_unit)} >= {"NAFT", "1G1P"}


@pytest.mark.parametrize(
    ("unit", "ok", "refused"),
    [
        ("uren", ["0,25", "0,5", "1", "7,75", "24"], ["0,1", "0,3", "24,25", "25"]),
        ("nachten", ["1"], ["0,5", "2"]),
        ("dagen", ["1"], ["0,5", "1,5"]),
        ("dagdelen", ["0,5", "1"], ["0,25", "1,5", "2"]),
    ],
)
def test_m3_steps_and_most_per_day_of_each_unit(unit, ok, refused):
    rule = UNIT_RULES[unit]
    for text in ok:
        assert amount_problem(parse_amount(text)[0], rule) is None, text
    for text in refused:
        assert amount_problem(parse_amount(text)[0], rule) is not None, text


def test_m3_parse_amount():
    assert parse_amount("1,25") == (Decimal("1.25"), None)
    assert parse_amount(" 2.5 ") == (Decimal("2.5"), None)
    assert parse_amount("") == (None, None) and parse_amount(None) == (None, None)
    assert parse_amount("-1")[1] == "de benutting kan niet negatief zijn."
    for junk in ("١", "1,2,3", "1e3", "een", "0x1", "1 000", "²"):
        assert parse_amount(junk)[1] == "vul een getal in, bijvoorbeeld 1 of 0,5.", junk


def test_m3_format_amount():
    assert [format_amount(v) for v in (None, 0, 25, 50, 100, 125, 2400)] == [
        "",
        "0",
        "0,25",
        "0,5",
        "1",
        "1,25",
        "24",
    ]


def test_m3_help_periods_merge_and_stop_today():
    periods = help_periods(
        [
            (date(2026, 10, 5), date(2026, 11, 10)),
            (date(2026, 11, 10), None),  # a verlenging, still running
            (date(2026, 12, 1), None),  # starts after today: nothing yet
        ],
        TODAY,
    )
    assert periods == [(date(2026, 10, 5), TODAY)]
    apart = help_periods(
        [(date(2026, 3, 1), date(2026, 3, 5)), (date(2026, 1, 1), date(2026, 1, 2))], TODAY
    )
    assert apart == [(date(2026, 1, 1), date(2026, 1, 2)), (date(2026, 3, 1), date(2026, 3, 5))]
    adjacent = help_periods(
        [(date(2026, 3, 1), date(2026, 3, 5)), (date(2026, 3, 6), date(2026, 3, 9))], TODAY
    )
    assert adjacent == [(date(2026, 3, 1), date(2026, 3, 9))]


def test_m3_days_outside_the_help_name_the_day():
    periods = [(date(2026, 10, 5), date(2026, 11, 10))]
    assert day_problem(date(2026, 10, 5), periods, TODAY) is None
    assert day_problem(date(2026, 11, 10), periods, TODAY) is None
    assert day_problem(date(2026, 10, 4), periods, TODAY).startswith("04/10/2026 ligt buiten")
    assert day_problem(date(2026, 11, 11), periods, TODAY).startswith("11/11/2026 ligt buiten")
    assert "ligt in de toekomst" in day_problem(
        date(2026, 11, 21), [(date(2026, 11, 1), date(2026, 12, 1))], TODAY
    )


def test_m3_cell_problem_empties_always_and_names_the_day():
    rule, periods = UNIT_RULES["nachten"], [(date(2026, 11, 1), date(2026, 11, 10))]
    assert cell_problem(date(2026, 11, 3), "1", rule, periods, TODAY) == (100, None)
    # Emptying (or 0) is allowed, also outside the help: a wrong registration must go away.
    assert cell_problem(date(2026, 11, 15), "", rule, periods, TODAY) == (None, None)
    assert cell_problem(date(2026, 11, 15), "0", rule, periods, TODAY) == (None, None)
    assert cell_problem(date(2026, 11, 3), "2", rule, periods, TODAY) == (
        None,
        "03/11/2026: hoogstens 1 nacht per dag.",
    )
    assert cell_problem(date(2026, 11, 3), "x", rule, periods, TODAY)[1].startswith(
        "03/11/2026: vul"
    )


def test_m3_organisation_total():
    assert organisation_total_problem("12,75") == (1275, None)
    assert organisation_total_problem("") == (None, None)
    assert organisation_total_problem("744") == (74400, None)
    assert organisation_total_problem("744,25")[1] == "Een maand telt hoogstens 744 uren."
    assert (
        organisation_total_problem("1,1")[1]
        == "Registreer uren in stappen van 0,25 (een kwartier)."
    )
    assert organisation_total_problem("-2")[1] == "De benutting kan niet negatief zijn."


def test_m3_months():
    assert parse_month("2026-11", TODAY) == date(2026, 11, 1)
    for junk in ("2026-13", "2026-00", "1899-12", "2032-01", "2026-1", "x", ""):
        assert parse_month(junk, TODAY) is None, junk
    assert parse_month("2031-12", TODAY) == date(2031, 12, 1)
    assert len(month_days(date(2024, 2, 1))) == 29 and len(month_days(date(2026, 2, 1))) == 28
    assert next_month(date(2026, 12, 1)) == date(2027, 1, 1)
    assert previous_month(date(2026, 1, 1)) == date(2025, 12, 1)
    assert previous_month(date(2026, 11, 1)) == date(2026, 10, 1)
    assert (
        month_key(date(2026, 3, 1)) == "2026-03" and month_label(date(2026, 3, 1)) == "maart 2026"
    )


def test_m3_conflict_message():
    assert conflict_message(date(2026, 11, 3), 150).startswith(
        "03/11/2026: iemand anders heeft deze dag intussen gewijzigd (nu: 1,5)."
    )
    assert "(nu: leeg)" in conflict_message(date(2026, 11, 3), None)


def test_m2_periods_overlap():
    jan, mar, may = date(2026, 1, 1), date(2026, 3, 1), date(2026, 5, 1)
    assert overlaps(jan, mar, mar, None) and overlaps(jan, None, may, may)
    assert not overlaps(jan, date(2026, 2, 28), mar, None)
    assert not overlaps(may, None, jan, mar)


def test_m2_approval_problems():
    existing = [(date(2024, 1, 1), date(2025, 12, 31))]
    assert approval_problems(date(2026, 1, 1), None, existing) == {}
    assert "al erkend" in approval_problems(date(2025, 12, 31), None, existing)["vanaf"]
    assert approval_problems(None, None, [])["vanaf"].startswith("Vul de datum in")
    assert approval_problems(date(2026, 2, 1), date(2026, 1, 1), [])["tot"].startswith(
        "De einddatum"
    )
    assert approval_problems(date(2026, 1, 1), date(2026, 1, 1), []) == {}


def test_m2_end_and_active():
    start = date(2026, 1, 1)
    assert end_problem(start, start) is None
    assert end_problem(start, None) == "Vul de einddatum in."
    assert "01/01/2026" in end_problem(start, date(2025, 12, 31))
    assert active_on((start, None), start) and active_on((start, start), start)
    assert not active_on((start, date(2026, 1, 31)), date(2026, 2, 1))
    assert not active_on((start, None), date(2025, 12, 31))


def capacity(**changes):
    values = {
        "valid_from": date(2026, 7, 1),
        "capacity": 10,
        "verzekerd_aanbod": 2,
        "toelichting": "Uitbreiding.",
        "existing_starts": {date(2026, 1, 1)},
        "approved": True,
    }
    return capacity_problems(**(values | changes))


def test_c2_capacity_problems():
    assert capacity() == {}
    assert capacity(capacity=0, verzekerd_aanbod=None) == {}
    assert capacity(capacity=10000) == {} and "capaciteit" in capacity(capacity=10001)
    assert "capaciteit" in capacity(capacity=-1) and "capaciteit" in capacity(capacity=None)
    assert "01/01/2026" in capacity(valid_from=date(2026, 1, 1))["vanaf"]
    assert "vanaf" in capacity(valid_from=None)
    assert "verzekerd_aanbod" in capacity(verzekerd_aanbod=11)
    assert capacity(verzekerd_aanbod=10) == {}
    assert "verzekerd_aanbod" in capacity(verzekerd_aanbod=-1)
    assert "toelichting" in capacity(toelichting=" ")
    assert "typemodule" in capacity(approved=False)


def test_c1_current_capacity():
    rows = [(date(2024, 1, 1), 40), (date(2026, 1, 1), 44), (date(2027, 1, 1), 50)]
    assert current_capacity(rows, date(2026, 11, 20)) == 44
    assert current_capacity(rows, date(2026, 1, 1)) == 44
    assert current_capacity(rows, date(2025, 12, 31)) == 40
    assert current_capacity(rows, date(2023, 12, 31)) is None


def test_m3_help_periods_edges():
    inner = help_periods(
        [(date(2026, 3, 1), date(2026, 3, 31)), (date(2026, 3, 5), date(2026, 3, 9))], TODAY
    )
    assert inner == [(date(2026, 3, 1), date(2026, 3, 31))]
    gap = help_periods(
        [(date(2026, 3, 1), date(2026, 3, 5)), (date(2026, 3, 7), date(2026, 3, 9))], TODAY
    )
    assert len(gap) == 2
    assert help_periods([(TODAY, None)], TODAY) == [(TODAY, TODAY)]
    assert help_periods([(TODAY, date(2027, 1, 1))], TODAY) == [(TODAY, TODAY)]
    assert help_periods([], TODAY) == []


def test_m3_amount_limits():
    rule = UNIT_RULES["uren"]
    # Above the most per day says so, also when the step is wrong too.
    assert amount_problem(Decimal("24.3"), rule) == "een dag telt hoogstens 24 uren."
    assert parse_amount("123456")[0] == Decimal(123456)
    assert parse_amount("1234567")[1] is not None
    assert parse_amount("1,123456")[0] == Decimal("1.123456")
    assert parse_amount("1,1234567")[1] is not None
    assert parse_amount("-")[1] is not None
    assert format_amount(1050) == "10,5" and format_amount(1005) == "10,05"


def test_m3_exact_boundaries():
    periods = [(date(2026, 11, 1), TODAY)]
    assert day_problem(TODAY, periods, TODAY) is None  # today is not the future
    # A value on a day outside the help is refused by cell_problem too (not only emptied).
    assert cell_problem(date(2026, 10, 31), "1", UNIT_RULES["uren"], periods, TODAY) == (
        None,
        "31/10/2026 ligt buiten de hulp met deze module: registreer enkel van de opstartdag "
        "tot de laatste dag van de hulp.",
    )
    assert parse_month("2026-01", TODAY) == date(2026, 1, 1)
    assert parse_month("1900-01", TODAY) == date(1900, 1, 1)
    assert month_days(date(2026, 3, 1))[0] == date(2026, 3, 1)
    assert month_days(date(2026, 3, 1))[-1] == date(2026, 3, 31)


def test_m2_exact_messages():
    existing = [(date(2024, 1, 1), date(2025, 12, 31)), (date(2026, 6, 1), None)]
    assert approval_problems(date(2026, 1, 1), date(2026, 5, 31), existing) == {}
    assert approval_problems(date(2026, 1, 1), date(2026, 6, 1), existing) == {
        "vanaf": "De voorziening is in die periode al erkend voor deze typemodule (vanaf "
        "01/06/2026). Beëindig die erkenning eerst."
    }
    assert approval_problems(date(2025, 1, 1), None, existing) == {
        "vanaf": "De voorziening is in die periode al erkend voor deze typemodule (vanaf "
        "01/01/2024 tot 31/12/2025). Beëindig die erkenning eerst."
    }
    assert approval_problems(None, None, []) == {
        "vanaf": "Vul de datum in vanaf wanneer de voorziening erkend is."
    }
    assert approval_problems(date(2026, 2, 1), date(2026, 1, 1), []) == {
        "tot": "De einddatum kan niet vóór de begindatum liggen."
    }


def test_c2_exact_messages():
    assert capacity(valid_from=None, capacity=None, toelichting="") == {
        "vanaf": "Vul de datum in vanaf wanneer de capaciteit geldt.",
        "capaciteit": "Vul de capaciteit in.",
        "toelichting": "Licht de wijziging toe voor de voorziening.",
    }
    assert capacity(valid_from=date(2026, 1, 1), capacity=10001, verzekerd_aanbod=-1) == {
        "vanaf": "Er is al een capaciteit voor deze typemodule vanaf 01/01/2026 bij deze "
        "voorziening. Een capaciteit wordt nooit overschreven: kies een andere datum vanaf.",
        "capaciteit": "De capaciteit ligt tussen 0 en 10000.",
        "verzekerd_aanbod": "Het verzekerd aanbod kan niet negatief zijn.",
    }
    assert capacity(capacity=-1, verzekerd_aanbod=None) == {
        "capaciteit": "De capaciteit ligt tussen 0 en 10000."
    }
    assert capacity(capacity=3, verzekerd_aanbod=4) == {
        "verzekerd_aanbod": "Het verzekerd aanbod (art. 74) kan niet groter zijn dan de capaciteit."
    }
    assert capacity(capacity=None, verzekerd_aanbod=4) == {"capaciteit": "Vul de capaciteit in."}
    assert capacity(approved=False) == {
        "typemodule": "De voorziening is op die datum niet erkend voor deze typemodule "
        "(zie Moduledatabank)."
    }
    # A missing or taken date is said first: no approval message on top of it.
    assert set(capacity(approved=False, valid_from=None)) == {"vanaf"}
    assert set(capacity(approved=False, valid_from=date(2026, 1, 1))) == {"vanaf"}


def test_m3_c2_values_that_mutation_testing_pinned():
    assert capacity(verzekerd_aanbod=0) == {}
    assert organisation_total_problem("1") == (100, None)
    assert organisation_total_problem("0") == (None, None)
    assert conflict_message(date(2026, 11, 3), 150) == (
        "03/11/2026: iemand anders heeft deze dag intussen gewijzigd (nu: 1,5). "
        "Uw waarde werd niet bewaard; controleer ze en bewaar opnieuw."
    )


def test_g1_an_erkenningsnummer_is_digits_and_letters_with_separators():
    assert erkenningsnummer_problem("") is None  # not known yet
    for good in ("1234", "ERK.2024/17", "A-1", "1" * 20):
        assert erkenningsnummer_problem(good) is None, good
    for bad in ("12 34", "-12", "nummer!", "1" * 21, "é123"):
        assert erkenningsnummer_problem(bad) == (
            "Het erkenningsnummer bestaat uit hoogstens 20 cijfers en letters "
            "(met punten, streepjes of schuine strepen ertussen)."
        ), bad
