"""G-1: the Groeipakket feed's rules (``binc_web.rules.groeipakket``): which modules, the
18-year limit of the two autonomy modules, "Zwaartepunt verblijf ligt in een andere sector",
and the rows that bring the payer from what it was told to what holds."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from binc_web.rules.groeipakket import (
    AUTONOMY_MODULES,
    GROEIPAKKET_MODULES,
    OFF,
    ON,
    Change,
    ModuleFacts,
    Period,
    desired_periods,
    eighteenth_birthday,
    feed_changes,
    groeipakket_period,
    last_autonomy_day,
)
from binc_web.rules.modules import CATALOGUE


def test_g1_the_groeipakket_modules_are_the_faqs_list_and_two_autonomy_modules():
    """FAQ "De modules met impact op het Groeipakket zijn: …" and its "Opmerking"."""
    names = {m.code: m.name for m in CATALOGUE}
    assert {names[code] for code in GROEIPAKKET_MODULES} == {
        "Kamertraining",
        "Verblijf voor minderjarigen (lage frequentie)",
        "Verblijf voor minderjarigen (hoge frequentie)",
        "Beveiligend verblijf",
        "Verblijf in functie van diagnostiek",
        "Contextbegeleiding in functie van autonoom wonen",
        "Begeleiding in een kleinschalige wooneenheid",
        "Verblijf in een pleeggezin (perspectiefzoekend)",
        "Verblijf in een pleeggezin (perspectiefbiedend, hoge en lage frequentie)",
        "Verblijf i.f.v. behandeling met geïntegreerde diagnostiek, tot 5 dagen per week",
        "Verblijf i.f.v. behandeling met geïntegreerde diagnostiek, tot 7 dagen per week",
        "Verblijf voor minderjarigen met een GES+-problematiek",
    }
    assert {names[code] for code in AUTONOMY_MODULES} == {
        "Contextbegeleiding in functie van autonoom wonen",
        "Begeleiding in een kleinschalige wooneenheid",
    }


def test_g1_the_18th_birthday_and_the_last_day_an_autonomy_module_counts():
    assert eighteenth_birthday(date(2008, 6, 15)) == date(2026, 6, 15)
    assert last_autonomy_day(date(2008, 6, 15)) == date(2026, 6, 14)
    # Born on 29 February: 18 on 1 March when the year has no 29 February (rules.clients.age_on).
    assert eighteenth_birthday(date(2008, 2, 29)) == date(2026, 3, 1)
    assert last_autonomy_day(date(2008, 2, 29)) == date(2026, 2, 28)
    assert eighteenth_birthday(date(2006, 2, 28)) == date(2024, 2, 28)


def facts(code="VB-HOOG", start=date(2026, 1, 5), end=None, zwaartepunt=False, born=None):
    return ModuleFacts(
        schakeling_id=7,
        module_code=code,
        organisation_id=2,
        rijksregisternummer="08061500290",
        birth_date=born or date(2008, 6, 15),
        begindatum=start,
        einddatum=end,
        zwaartepunt_andere_sector=zwaartepunt,
    )


def test_g1_a_groeipakket_module_is_told_from_begindatum_to_einddatum():
    period = groeipakket_period(facts(end=date(2026, 12, 31)))
    assert period == Period("08061500290", 2, "VB-HOOG", date(2026, 1, 5), date(2026, 12, 31))
    # After the 18th birthday too: only the two autonomy modules stop there.
    assert groeipakket_period(facts(start=date(2026, 7, 1))).tot is None


def test_g1_other_modules_and_zwaartepunt_in_een_andere_sector_are_left_out():
    assert groeipakket_period(facts(code="CB-LAAG")) is None
    assert groeipakket_period(facts(code="VB-CRISIS")) is None
    assert groeipakket_period(facts(zwaartepunt=True)) is None


def test_g1_a_youth_erased_at_35_is_never_told():
    """G-2 leaves a stand-in number ("G" + id) that must never reach the payer."""
    erased = replace(facts(), rijksregisternummer="G0000000007", erased=True)
    assert groeipakket_period(erased) is None
    assert desired_periods([erased]) == {}


def test_g1_an_autonomy_module_counts_until_the_day_before_the_18th_birthday():
    capped = groeipakket_period(facts(code="CB-AUTONOOM"))
    assert (capped.van, capped.tot) == (date(2026, 1, 5), date(2026, 6, 14))
    earlier = groeipakket_period(facts(code="CB-KWE", end=date(2026, 3, 31)))
    assert earlier.tot == date(2026, 3, 31)
    later = groeipakket_period(facts(code="CB-KWE", end=date(2026, 9, 30)))
    assert later.tot == date(2026, 6, 14)
    last_day = groeipakket_period(facts(code="CB-KWE", start=date(2026, 6, 14)))
    assert (last_day.van, last_day.tot) == (date(2026, 6, 14), date(2026, 6, 14))
    assert groeipakket_period(facts(code="CB-KWE", start=date(2026, 6, 15))) is None


def test_g1_feed_changes_bring_the_payer_from_what_it_was_told_to_what_holds():
    told = Period("08061500290", 2, "VB-HOOG", date(2026, 1, 5), None)
    ended = Period("08061500290", 2, "VB-HOOG", date(2026, 1, 5), date(2026, 3, 31))
    moved = Period("08061500290", 2, "VB-HOOG", date(2026, 1, 8), None)
    key = (7, "VB-HOOG")
    assert feed_changes({}, {key: told}) == [Change(key, ON, told)]
    assert feed_changes({key: told}, {key: told}) == []
    assert feed_changes({key: told}, {key: ended}) == [Change(key, ON, ended)]
    assert feed_changes({key: told}, {}) == [Change(key, OFF, told)]
    assert feed_changes({key: told}, {key: moved}) == [
        Change(key, OFF, told),
        Change(key, ON, moved),
    ]


def test_g1_desired_periods_keep_the_sent_modules_per_schakeling():
    kept = facts(code="VB-HOOG")
    assert desired_periods([kept, facts(code="CB-LAAG"), facts(zwaartepunt=True)]) == {
        (7, "VB-HOOG"): groeipakket_period(kept)
    }
    assert desired_periods([]) == {}


def test_g1_feed_changes_look_at_every_schakeling_and_module_in_key_order():
    kept = Period("08061500290", 2, "VB-HOOG", date(2026, 1, 5), None)
    added = Period("08061500290", 2, "VB-LAAG", date(2026, 4, 1), None)
    gone = Period("08061500290", 2, "VB-KAMER", date(2026, 2, 1), None)
    announced = {(7, "VB-HOOG"): kept, (9, "VB-KAMER"): gone}
    desired = {(7, "VB-HOOG"): kept, (8, "VB-LAAG"): added}
    assert feed_changes(announced, desired) == [
        Change((8, "VB-LAAG"), ON, added),
        Change((9, "VB-KAMER"), OFF, gone),
    ]
