"""P-2 "Beginregistratie" and "Eindregistratie": a table per parameter of every set, generated
from the R-1 definitions; only opened registrations count; "Niet ingevuld" counts the
unanswered and "Niet van toepassing" the follow-up questions that were not asked."""

from __future__ import annotations

from datetime import date

import pytest

from binc_web.extensions import db
from binc_web.registrations import REGISTRY
from binc_web.reports.registraties import sets_for
from tests import factories
from tests.factories_registrations import registratie
from tests.factories_reports import excel_table, klas_traject, open_report, traject

START, END = date(2026, 1, 1), date(2026, 3, 31)
SET_ROWS = {"Opgestarte dossiers", "Afgesloten dossiers", "Lopende dossiers", "Alle dossiers"}


def tables_by_parameter(book) -> dict[tuple[str, str], dict]:
    """{(set label, parameter code): table} read from each sheet's "Geteld" line."""
    found = {}
    for sheet in book:
        header = dict(sheet.iter_rows(max_row=5, max_col=2, values_only=True))
        counted, code = header["Geteld"].rsplit("; parameter ", 1)
        set_label = counted.split("(", 1)[1].rstrip(")")
        found[set_label, code] = excel_table(sheet)
    return found


@pytest.mark.parametrize("organisation_kind", ["naft", "een_gezin_een_plan", "jeugdhulp"])
@pytest.mark.parametrize("kind", ["begin", "eind"])
def test_p2_a_table_per_registration_parameter_exists_for_every_set(app, organisation_kind, kind):
    organisation = factories.organisation("Voorziening", organisation_kind)
    db.session.commit()

    found = tables_by_parameter(open_report(organisation, f"{kind}registratie", START, END))

    expected = {
        (pset.label, parameter.code)
        for pset in sets_for(kind, organisation_kind)
        for parameter in pset.parameters
    }
    assert expected and set(found) == expected
    assert all(set(table) == SET_ROWS for table in found.values())


def test_p2_every_current_set_is_reported_for_some_organisation_kind():
    reported = {
        pset.code
        for kind in ("begin", "eind")
        for organisation_kind in ("naft", "een_gezin_een_plan", "jeugdhulp")
        for pset in sets_for(kind, organisation_kind)
    }
    assert reported == {pset.code for pset in REGISTRY.current_sets()}


def test_p2_beginregistratie_counts_opened_registrations_and_niet_ingevuld(app):
    brug = factories.organisation("NAFT De Brug", "naft")
    complete = traject(brug, date(2026, 1, 10))
    registratie(
        complete,
        answers={"dagbesteding": "werk", "opleidingsniveau": "tso", "leerjaar": "3"},
    )
    half = traject(brug, date(2026, 2, 10))
    registratie(half, answers={"dagbesteding": "werk", "opleidingsniveau": "tso"})
    empty = traject(brug, date(2026, 2, 20))
    registratie(empty, answers={})
    traject(brug, date(2026, 3, 1))  # the page never opened: not counted
    unopened = traject(brug, date(2026, 3, 2))
    registratie(unopened, answers={"dagbesteding": "werk"}, saved=None)
    db.session.commit()

    found = tables_by_parameter(open_report(brug, "beginregistratie", START, END))

    dagbesteding = found["Beginregistratie NAFT", "dagbesteding"]["Opgestarte dossiers"]
    assert dagbesteding["Werk (ook vakantie- of interimwerk)"] == 2
    assert dagbesteding["Niet ingevuld"] == 1
    assert dagbesteding["Totaal"] == 3
    leerjaar = found["Beginregistratie NAFT", "leerjaar"]["Opgestarte dossiers"]
    assert leerjaar["3de leerjaar"] == 1
    assert leerjaar["Niet ingevuld"] == 1  # secundair without leerjaar
    assert leerjaar["Niet van toepassing"] == 1  # no opleidingsniveau: not asked
    assert found["Beginregistratie NAFT", "leerjaar"]["Lopende dossiers"]["Totaal"] == 0


def test_p2_eindregistratie_counts_each_option_of_a_multiple_choice_and_nested_branches(app):
    brug = factories.organisation("NAFT De Brug", "naft")
    first = traject(brug, date(2025, 9, 1), date(2026, 2, 1), closed=True)
    registratie(
        first,
        "eind",
        answers={
            "actoren": ["leerkrachten", "clb"],
            "terug_naar_school": "ja",
            "verderzetting": "nieuw",
            "andere_klas": "ja",
        },
    )
    second = traject(brug, date(2025, 9, 1), date(2026, 3, 1), closed=True)
    # A stale answer below a closed branch (saved under an older set) is not counted.
    registratie(
        second,
        "eind",
        answers={"actoren": ["clb"], "terug_naar_school": "nee", "andere_klas": "nee"},
    )
    klas = klas_traject(brug, date(2026, 1, 5))
    registratie(klas, "eind", answers={"kans_vergroot": "groter"})
    db.session.commit()

    found = tables_by_parameter(open_report(brug, "eindregistratie", START, END))

    actoren = found["Eindregistratie NAFT", "actoren"]["Afgesloten dossiers"]
    assert actoren["Leerkracht(en)"] == 1
    assert actoren["Directie"] == 0
    assert actoren["CLB"] == 2
    assert actoren["Totaal"] == 2
    andere_klas = found["Eindregistratie NAFT", "andere_klas"]["Afgesloten dossiers"]
    assert andere_klas["Ja"] == 1
    assert andere_klas["Nee"] == 0
    assert andere_klas["Niet van toepassing"] == 1
    kans = found["Eindregistratie NAFT klas-dossier", "kans_vergroot"]["Opgestarte dossiers"]
    assert kans["Totaal"] == 1
