"""P-2: the report workbooks opened with openpyxl, their counts compared with hand-built
dossiers (P-1 sets as rows)."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest

from binc_web.catalogue import sync_catalogue
from binc_web.extensions import db
from binc_web.models import Client, Dossier, TypeModule
from binc_web.reports.catalogue import REPORTS, ReportContext, file_name, report
from tests import factories
from tests import factories_figures as figures
from tests.factories_overview import counted_queries
from tests.factories_registrations import registratie
from tests.factories_reports import excel_table, klas_traject, open_report, schakeling, traject

START, END = date(2026, 1, 1), date(2026, 3, 31)


def brug_with_lotte_twice():
    """NAFT De Brug: Lotte opened and closed a dossier in Q1 and started a second one; Tom, a
    boy of 17, is lopend; a klas-dossier started; a dossier without schakeling."""
    brug = factories.organisation("NAFT De Brug", "naft")
    lotte = factories.client("Peeters", "Lotte")  # a girl born 17/05/2010: 15 on 01/01/2026
    traject(brug, date(2026, 2, 1), date(2026, 3, 1), closed=True, who=lotte)
    traject(brug, date(2026, 3, 10), who=lotte)
    tom = factories.client("Maes", "Tom")
    tom.gender, tom.birth_date = "M", date(2008, 6, 1)  # 17 on 01/01/2026
    traject(brug, date(2025, 6, 1), who=tom)
    klas_traject(brug, date(2026, 1, 15))
    traject(brug, None)
    db.session.commit()
    return brug


def test_p2_aantal_dossiers_counts_dossiers_and_unique_minors(app):
    brug = brug_with_lotte_twice()

    counts = excel_table(
        open_report(brug, "aantal-dossiers", START, END)["Dossiers en minderjarigen"]
    )

    assert counts["Opgestarte dossiers"] == {"Aantal dossiers": 3, "Unieke minderjarigen": 1}
    assert counts["Afgesloten dossiers"] == {"Aantal dossiers": 1, "Unieke minderjarigen": 1}
    assert counts["Lopende dossiers"] == {"Aantal dossiers": 1, "Unieke minderjarigen": 1}
    assert counts["Alle dossiers"] == {"Aantal dossiers": 4, "Unieke minderjarigen": 2}


def test_p2_aantal_dossiers_by_gender_and_age_with_niet_ingevuld(app):
    brug = brug_with_lotte_twice()
    book = open_report(brug, "aantal-dossiers", START, END)

    dossiers = excel_table(book["Dossiers naar geslacht"])
    minors = excel_table(book["Minderjarigen naar geslacht"])
    ages = excel_table(book["Dossiers naar leeftijd"])
    minor_ages = excel_table(book["Minderjarigen naar leeftijd"])

    # The klas-dossier has no youth: "Niet ingevuld", as the manual's tables over opgestarte
    # dossiers show what is not filled in.
    assert dossiers["Opgestarte dossiers"] == {
        "Man": 0,
        "Vrouw": 2,
        "X": 0,
        "Niet ingevuld": 1,
        "Totaal": 3,
    }
    assert dossiers["Alle dossiers"] == {
        "Man": 1,
        "Vrouw": 2,
        "X": 0,
        "Niet ingevuld": 1,
        "Totaal": 4,
    }
    assert minors["Alle dossiers"] == {
        "Man": 1,
        "Vrouw": 1,
        "X": 0,
        "Niet ingevuld": 0,
        "Totaal": 2,
    }
    assert ages["Alle dossiers"]["15 - 17 jaar"] == 3
    assert ages["Alle dossiers"]["Niet ingevuld"] == 1
    assert minor_ages["Alle dossiers"]["15 - 17 jaar"] == 2
    assert minor_ages["Lopende dossiers"] == {
        "0 - 5 jaar": 0,
        "6 - 11 jaar": 0,
        "12 - 14 jaar": 0,
        "15 - 17 jaar": 1,
        "18 jaar en ouder": 0,
        "Niet ingevuld": 0,
        "Totaal": 1,
    }


def test_p2_aanmelding_counts_aanmelder_reden_and_toegangspoort(app):
    brug = brug_with_lotte_twice()
    tom = db.session.scalars(db.select(Client).where(Client.given_name == "Tom")).one()
    lopend = db.session.scalars(db.select(Dossier).where(Dossier.client_id == tom.id)).one()
    lopend.aanmelding.aanmelder = "ouders"
    lopend.aanmelding.reden_niet_clb = "niet_nl_onderwijs"
    db.session.commit()
    book = open_report(brug, "aanmelding", START, END)

    aanmelders = excel_table(book["Aanmelder"])
    redenen = excel_table(book["Reden niet CLB-aanmelding"])
    poort = excel_table(book["Via toegangspoort (NRTJ)"])

    assert aanmelders["Alle dossiers"]["CLB"] == 2
    assert aanmelders["Alle dossiers"]["School"] == 1  # the klas
    assert aanmelders["Alle dossiers"]["Ouders of opvoedingsverantwoordelijken"] == 1
    assert aanmelders["Alle dossiers"]["Totaal"] == 4
    # The klas came from a school without a reason: not filled in.
    assert redenen["Alle dossiers"] == {
        "Jongere zat voorheen niet in Nederlandstalig onderwijs": 1,
        "Jongere heeft geen school en er is geen voorafgaand CLB gekend": 0,
        "Andere": 0,
        "Niet van toepassing": 2,
        "Niet ingevuld": 1,
        "Totaal": 4,
    }
    assert poort["Alle dossiers"] == {"Ja": 0, "Nee": 4, "Niet ingevuld": 0, "Totaal": 4}


def test_p2_every_workbook_has_a_header_a_frozen_heading_and_a_filterable_table(app):
    brug = brug_with_lotte_twice()
    sync_catalogue()
    figures.approval(brug, "NAFT")  # a module, so that "Bezetting en inzet" has rows
    db.session.commit()

    for definition in REPORTS:
        if definition.extension != "xlsx":
            continue
        counts_dossiers = definition.key != "bezetting-inzet"
        book = open_report(brug, definition.key, START, END)
        for sheet in book:
            header = dict(sheet.iter_rows(max_row=5, max_col=2, values_only=True))
            assert header["Rapport"].startswith(f"{definition.name}: ")
            assert header["Voorziening"] == "NAFT De Brug"
            assert header["Periode"] == "01/01/2026 tot en met 31/03/2026"
            assert header["Geteld"]
            assert header["Gegenereerd op"] == "02/04/2026 11:30"
            (table,) = sheet.tables.values()
            assert table.autoFilter.ref == table.ref
            assert sheet.freeze_panes == "A8"
            for row in sheet.iter_rows(min_row=8, min_col=2, values_only=True):
                assert all(isinstance(value, int) for value in row) or not counts_dossiers


def test_p2_another_organisations_dossiers_are_not_in_the_report(app):
    brug_with_lotte_twice()
    anker = factories.organisation("Jeugdhulp Het Anker")
    db.session.commit()

    counts = excel_table(
        open_report(anker, "aantal-dossiers", START, END)["Dossiers en minderjarigen"]
    )

    assert counts["Alle dossiers"] == {"Aantal dossiers": 0, "Unieke minderjarigen": 0}


def test_p5_file_name_keeps_accents_and_leaves_out_what_a_file_name_cannot_hold():
    definition = report("aantal-dossiers")

    assert (
        file_name("Jeugdhulp Ò/Ë", definition, date(2026, 5, 1))
        == "Jeugdhulp Ò Ë - Aantal dossiers en minderjarigen - 01-05-2026.xlsx"
    )


def test_p2_an_unknown_report_key_is_a_key_error():
    with pytest.raises(KeyError):
        report("bestaat-niet")


def test_p2_beslissingen_en_schakelingen_modules_duration_verlengingen_and_kind(app):
    sync_catalogue()
    naft, context = (
        db.session.scalars(db.select(TypeModule).where(TypeModule.function == function)).first()
        for function in ("naft", "contextbegeleiding")
    )
    anker = factories.organisation("Jeugdhulp Het Anker")
    traject(anker, date(2026, 1, 10), date(2026, 3, 20), closed=True, modules=(naft,))
    verlengd = traject(anker, date(2025, 6, 1), date(2026, 1, 1), modules=(naft,))
    schakeling(verlengd, date(2026, 1, 1), kind="verlenging", modules=(context,))
    traject(anker, date(2025, 1, 1), date(2026, 2, 1), closed=True, via_toegangspoort=True)
    traject(anker, date(2025, 1, 1), date(2025, 3, 1), modules=(context,))  # lopend
    db.session.commit()
    book = open_report(anker, "beslissingen-schakelingen", START, END)

    modules = excel_table(book["Modules"])
    durations = excel_table(book["Duur hulpaanbod"])
    verlengingen = excel_table(book["Verlengingen"])
    kinds = excel_table(book["Soort jeugdhulpbeslissing"])

    # The lopend dossier's schakeling ended before the period: its module is not counted.
    assert modules["Alle dossiers"] == {naft.name: 2, context.name: 1, "Totaal": 2}
    assert modules["Opgestarte dossiers"] == {naft.name: 1, context.name: 0, "Totaal": 1}
    assert durations["Afgesloten dossiers"] == {
        "Minder dan 3 maanden": 1,  # 69 days
        "3 tot 6 maanden": 0,
        "6 tot 12 maanden": 0,
        "12 maanden of langer": 1,  # 396 days
        "Nog niet afgesloten": 0,
        "Totaal": 2,
    }
    assert durations["Lopende dossiers"]["Nog niet afgesloten"] == 2
    assert verlengingen["Alle dossiers"] == {
        "Geen verlenging": 3,
        "1 verlenging": 1,
        "2 verlengingen": 0,
        "3 of meer verlengingen": 0,
        "Totaal": 4,
    }
    assert kinds["Alle dossiers"] == {"RTJ": 3, "NRTJ": 1, "Totaal": 4}


def test_p2_bezetting_en_inzet_per_module_of_the_organisation(app):
    """The figures of C-3's case D (test_figures_bezetting) in the report: VB-LAAG 58/62,
    CB-LAAG 15/31, weighted 73/93; C-4: VB-LAAG in 4 schakelingen, 2 started in March."""
    sync_catalogue()
    anker = factories.organisation("Jeugdhulp Het Anker")
    figures.capacity(anker, "VB-LAAG", date(2020, 1, 1), 2)
    figures.capacity(anker, "CB-LAAG", date(2020, 1, 1), 1)
    figures.traject(
        anker,
        ("VB-LAAG",),
        (date(2026, 2, 15), date(2026, 3, 10)),
        (date(2026, 3, 10), date(2026, 3, 20)),
    )
    figures.traject(anker, ("VB-LAAG",), (date(2026, 3, 25), None))
    figures.traject(anker, ("VB-LAAG",), (date(2026, 1, 1), date(2026, 4, 30)))
    figures.traject(anker, ("VB-LAAG",), (date(2026, 4, 1), date(2026, 5, 1)))
    figures.traject(anker, ("CB-LAAG",), (date(2026, 3, 1), date(2026, 3, 15)))
    db.session.commit()
    verblijf, context = figures.module("VB-LAAG").name, figures.module("CB-LAAG").name

    book = open_report(anker, "bezetting-inzet", date(2026, 3, 1), date(2026, 3, 31))
    bezetting = excel_table(book["Bezettingsgraad"])
    inzet = excel_table(book["Inzet"])

    assert (bezetting[verblijf]["Teller"], bezetting[verblijf]["Noemer"]) == (58, 62)
    assert bezetting[verblijf]["Bezettingsgraad"] == pytest.approx(58 / 62)
    assert (bezetting[context]["Teller"], bezetting[context]["Noemer"]) == (15, 31)
    assert (
        bezetting["Gewogen gemiddelde"]["Teller"],
        bezetting["Gewogen gemiddelde"]["Noemer"],
    ) == (73, 93)
    assert inzet[verblijf] == {"Aantal schakelingen": 4, "Waarvan gestart in de periode": 2}
    assert inzet[context] == {"Aantal schakelingen": 1, "Waarvan gestart in de periode": 1}


def add_dossiers(organisation, count: int) -> None:
    """``count`` more dossiers of every kind of set, with registrations."""
    for _ in range(count):
        traject(organisation, date(2026, 1, 10))
        registratie(traject(organisation, date(2025, 1, 10), date(2026, 2, 1), closed=True), "eind")
        traject(organisation, date(2025, 6, 1))
    db.session.commit()


def queries_per_report(organisation) -> dict[str, int]:
    """How many statements each report of the catalogue sends while it is written."""
    counts = {}
    for definition in REPORTS:
        with counted_queries() as statements:
            definition.write(
                io.BytesIO(),
                ReportContext(organisation.id, START, END, datetime(2026, 4, 2, tzinfo=UTC)),
            )
        counts[definition.key] = len(statements)
    return counts


def test_p2_the_number_of_queries_does_not_grow_with_the_number_of_dossiers(app):
    """Per report (and so per table: a report's tables are counted together), at two sizes."""
    brug = factories.organisation("NAFT De Brug", "naft")
    add_dossiers(brug, 2)
    few = queries_per_report(brug)
    add_dossiers(brug, 10)
    more = queries_per_report(brug)

    assert more == few
