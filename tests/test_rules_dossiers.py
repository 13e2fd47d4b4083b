"""Rules of the dossier (D-1 aanmelding, D-2 code, D-3 one open dossier, D-9 delete, K-5 klas)
as plain functions: no Flask, no database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from binc_web.rules.aanmelding import (
    AANMELDERS,
    REDEN_NIET_CLB,
    VARIANTS,
    AanmeldingValues,
    aanmelding_problems,
    default_aanmelder,
    variant_for,
)
from binc_web.rules.dossier_code import dossier_code
from binc_web.rules.dossiers import delete_problems, open_dossier_problem
from binc_web.rules.klas import GRADEN, LEERJAREN, ONDERWIJSVORMEN, klas_problems

TODAY = date(2026, 6, 15)
FIELDS = {
    "uw_referentie",
    "via_toegangspoort",
    "aanmelder",
    "reden_niet_clb",
    "reden_niet_clb_andere",
    "datum_aanmelding",
    "time_out",
    "startdatum_lopend_dossier",
}
NAFT_BY_CLB = AanmeldingValues(
    via_toegangspoort=False,
    aanmelder="clb",
    reden_niet_clb=None,
    reden_niet_clb_andere=None,
    datum_aanmelding=date(2026, 6, 1),
    time_out=False,
    startdatum_lopend_dossier=None,
)
CRISIS_INTAKE = AanmeldingValues(
    via_toegangspoort=False,
    aanmelder="crisismeldpunt",
    reden_niet_clb=None,
    reden_niet_clb_andere=None,
    datum_aanmelding=TODAY,
    time_out=False,
    startdatum_lopend_dossier=None,
)


def naft(**changes) -> dict[str, str]:
    return aanmelding_problems("naft", replace(NAFT_BY_CLB, **changes), TODAY)


def jeugdhulp(**changes) -> dict[str, str]:
    return aanmelding_problems("jeugdhulp", replace(CRISIS_INTAKE, **changes), TODAY)


# D-1 variants per organisation kind ------------------------------------------------------


def test_d1_naft_has_toegangspoort_fixed_on_nee_and_clb_as_default_aanmelder():
    variant = variant_for("naft")
    assert variant is not None
    assert variant.toegangspoort_choice is False
    assert default_aanmelder("naft") == "clb"
    assert variant.reden_niet_clb is True
    assert "clb" in variant.aanmelders


def test_d1_naft_reden_niet_clb_list_is_the_manuals():
    assert list(REDEN_NIET_CLB.values()) == [
        "Jongere zat voorheen niet in Nederlandstalig onderwijs",
        "Jongere heeft geen school en er is geen voorafgaand CLB gekend",
        "Andere",
    ]


def test_d1_jeugdhulp_chooses_toegangspoort_and_knows_crisismeldpunt_time_out_and_mergers():
    variant = variant_for("jeugdhulp")
    assert variant is not None
    assert variant.toegangspoort_choice is True
    assert "crisismeldpunt" in variant.aanmelders
    assert variant.time_out is True
    assert variant.startdatum_lopend_dossier is True
    assert variant.reden_niet_clb is False  # a NAFT question
    assert default_aanmelder("jeugdhulp") is None


def test_d1_een_gezin_een_plan_registers_dossiers_without_the_naft_and_jeugdhulp_extras():
    variant = variant_for("een_gezin_een_plan")
    assert variant is not None
    assert not variant.reden_niet_clb
    assert not variant.time_out
    assert not variant.startdatum_lopend_dossier


def test_d1_the_agency_registers_no_dossiers():
    assert variant_for("agency") is None
    assert default_aanmelder("agency") is None


def test_d1_every_aanmelder_of_every_variant_has_a_dutch_label():
    for variant in VARIANTS.values():
        assert len(set(variant.aanmelders)) == len(variant.aanmelders)
        for aanmelder in variant.aanmelders:
            assert AANMELDERS[aanmelder]


# D-1 aanmelding problems -----------------------------------------------------------------


def test_d1_complete_aanmeldingen_have_no_problems():
    assert naft() == {}
    assert naft(datum_aanmelding=TODAY) == {}
    assert jeugdhulp() == {}
    assert (
        jeugdhulp(
            via_toegangspoort=True,
            aanmelder="oc",
            time_out=True,
            startdatum_lopend_dossier=date(2019, 9, 1),
        )
        == {}
    )
    gezin = replace(NAFT_BY_CLB, aanmelder="kind_en_gezin")
    assert aanmelding_problems("een_gezin_een_plan", gezin, TODAY) == {}


def test_d1_aanmelder_and_datum_aanmelding_are_mandatory():
    problems = naft(aanmelder=None, datum_aanmelding=None)
    assert problems == {
        "aanmelder": "Kies de aanmelder.",
        "datum_aanmelding": "Vul de datum van aanmelding in (dd/mm/jjjj).",
    }


def test_d1_aanmelder_comes_from_the_list_of_the_organisation_kind():
    assert naft(aanmelder="crisismeldpunt") == {"aanmelder": "Kies een aanmelder uit de lijst."}
    assert naft(aanmelder="<script>") == {"aanmelder": "Kies een aanmelder uit de lijst."}
    assert jeugdhulp(aanmelder="crisismeldpunt") == {}


def test_d1_datum_aanmelding_and_startdatum_lopend_dossier_are_not_in_the_future():
    tomorrow = TODAY + timedelta(days=1)
    assert naft(datum_aanmelding=tomorrow) == {
        "datum_aanmelding": "De datum van aanmelding ligt in de toekomst."
    }
    assert jeugdhulp(startdatum_lopend_dossier=tomorrow) == {
        "startdatum_lopend_dossier": "De startdatum van het lopend dossier ligt in de toekomst."
    }
    assert jeugdhulp(startdatum_lopend_dossier=TODAY) == {}


def test_d1_naft_asks_the_reden_niet_clb_when_the_aanmelder_is_not_the_clb():
    """Manual 4.1: when the aanmelding did not come from the CLB "willen we weten wat de reden
    hiervoor was"; the field is only optional for an aanmelding by the CLB."""
    assert naft(aanmelder="school") == {
        "reden_niet_clb": "Kies de reden waarom de aanmelding niet door het CLB gebeurde."
    }
    assert naft(aanmelder="school", reden_niet_clb="niet_nl_onderwijs") == {}
    assert naft(aanmelder="clb", reden_niet_clb=None) == {}


def test_d1_reden_andere_comes_with_free_text():
    assert naft(aanmelder="ouders", reden_niet_clb="andere") == {
        "reden_niet_clb_andere": "Omschrijf de andere reden."
    }
    assert naft(aanmelder="ouders", reden_niet_clb="andere", reden_niet_clb_andere="  ") == {
        "reden_niet_clb_andere": "Omschrijf de andere reden."
    }
    assert naft(aanmelder="ouders", reden_niet_clb="andere", reden_niet_clb_andere="Verhuisd") == {}
    assert "reden_niet_clb_andere" in naft(
        aanmelder="ouders", reden_niet_clb="niet_nl_onderwijs", reden_niet_clb_andere="Verhuisd"
    )


def test_d1_reden_niet_clb_comes_from_the_list():
    assert naft(aanmelder="school", reden_niet_clb="verhuisd") == {
        "reden_niet_clb": "Kies een reden uit de lijst."
    }


def test_d1_naft_cannot_set_the_fields_it_does_not_have():
    problems = naft(via_toegangspoort=True, time_out=True, startdatum_lopend_dossier=TODAY)
    assert set(problems) == {"via_toegangspoort", "time_out", "startdatum_lopend_dossier"}
    assert problems["via_toegangspoort"] == (
        "Voor deze voorziening staat ‘Via toegangspoort’ op nee."
    )


def test_d1_jeugdhulp_has_no_reden_niet_clb():
    assert set(jeugdhulp(reden_niet_clb="andere", reden_niet_clb_andere="x")) == {"reden_niet_clb"}


@pytest.mark.parametrize("junk", ["\x00", "ref\x00", "a\x1bb", "\x7f"])
def test_d1_free_text_never_holds_control_characters(junk):
    """Invisible control characters (NUL cannot even be stored in PostgreSQL) are refused with
    a message instead of failing at the database."""
    assert naft(uw_referentie=junk) == {"uw_referentie": "Uw referentie bevat ongeldige tekens."}
    assert naft(aanmelder="ouders", reden_niet_clb="andere", reden_niet_clb_andere="x" + junk) == {
        "reden_niet_clb_andere": "De andere reden bevat ongeldige tekens."
    }


def test_d1_ordinary_text_with_markup_or_accents_is_fine_as_free_text():
    for text in ("Afdeling Gent-Noord", "<b>regio</b>", "Ñandú — 'é'", "ref 1\u00a02"):
        assert naft(uw_referentie=text) == {}


AANMELDER_KEYS = st.one_of(st.none(), st.sampled_from(sorted(AANMELDERS)), st.text(max_size=10))
REDEN_KEYS = st.one_of(st.none(), st.sampled_from(sorted(REDEN_NIET_CLB)), st.text(max_size=10))
DATES = st.one_of(st.none(), st.dates(date(1900, 1, 1), date(2100, 12, 31)))


@given(
    kind=st.sampled_from(sorted(VARIANTS)),
    values=st.builds(
        AanmeldingValues,
        via_toegangspoort=st.booleans(),
        aanmelder=AANMELDER_KEYS,
        reden_niet_clb=REDEN_KEYS,
        reden_niet_clb_andere=st.one_of(st.none(), st.text(max_size=30)),
        datum_aanmelding=DATES,
        time_out=st.booleans(),
        startdatum_lopend_dossier=DATES,
        uw_referentie=st.one_of(st.none(), st.text(max_size=30)),
    ),
)
def test_d1_any_aanmelding_gets_dutch_messages_at_known_fields(kind, values):
    problems = aanmelding_problems(kind, values, TODAY)
    assert set(problems) <= FIELDS
    for message in problems.values():
        assert message.strip() and message.endswith(".")
    if values.datum_aanmelding is None or values.aanmelder is None:
        assert problems


# D-2 dossier code ------------------------------------------------------------------------


def test_d2_code_is_bnc_creation_date_and_sequence():
    assert dossier_code(date(2026, 6, 15), 1) == "BNC_20260615_1"
    assert dossier_code(date(2026, 1, 5), 12) == "BNC_20260105_12"
    with pytest.raises(ValueError):
        dossier_code(date(2026, 6, 15), 0)


@given(st.dates(), st.integers(1, 10**6), st.integers(1, 10**6))
def test_d2_different_sequences_or_days_never_share_a_code(day, first, second):
    other_day = day + timedelta(days=1) if day < date.max else day - timedelta(days=1)
    assert (dossier_code(day, first) == dossier_code(day, second)) is (first == second)
    assert dossier_code(day, first) != dossier_code(other_day, first)


# D-3 one open dossier per client per organisation ----------------------------------------


def test_d3_no_open_dossier_is_no_problem():
    assert open_dossier_problem(None, "NAFT De Brug") is None


def test_d3_an_open_dossier_is_named_in_the_refusal():
    message = open_dossier_problem("BNC_20260105_1", "NAFT De Brug")
    assert message == (
        "Er bestaat al een open dossier (BNC_20260105_1) voor deze jongere bij NAFT De Brug. "
        "Sluit het af voor je een nieuw dossier start."
    )


# D-9 delete ------------------------------------------------------------------------------


def test_d9_an_open_dossier_without_beslissingen_and_schakelingen_can_be_deleted():
    assert delete_problems("open", 0, 0) == []


def test_d9_beslissingen_and_schakelingen_are_deleted_first_and_each_is_named():
    assert delete_problems("open", 1, 0) == ["Verwijder eerst de beslissing van dit dossier."]
    assert delete_problems("open", 2, 3) == [
        "Verwijder eerst de 3 schakelingen van dit dossier.",
        "Verwijder eerst de 2 beslissingen van dit dossier.",
    ]


def test_d9_a_closed_dossier_cannot_be_deleted():
    assert delete_problems("closed", 1, 1) == ["Een afgesloten dossier kan niet verwijderd worden."]
    assert delete_problems("closed", 0, 0) == ["Een afgesloten dossier kan niet verwijderd worden."]


# K-5 klas --------------------------------------------------------------------------------


def test_k5_complete_class_has_no_problems():
    assert klas_problems("3B Okan", "okan", "1", "1") == {}


def test_k5_class_needs_a_name_and_choices_from_the_lists():
    assert klas_problems("   ", "", "9", None) == {
        "naam_klas": "Vul de naam van de klas in.",
        "onderwijsvorm": "Kies de onderwijsvorm uit de lijst.",
        "graad": "Kies de graad uit de lijst.",
        "leerjaar": "Kies het leerjaar uit de lijst.",
    }


def test_k5_class_name_never_holds_control_characters():
    assert klas_problems("3B\x00", "aso", "2", "3") == {
        "naam_klas": "De naam van de klas bevat ongeldige tekens."
    }


def test_k5_lists_have_dutch_labels():
    assert dict(ONDERWIJSVORMEN)["okan"] == "Onthaalklas anderstalige nieuwkomers (OKAN)"
    assert GRADEN[0] == ("1", "1ste graad")
    assert [label for _, label in LEERJAREN][:2] == ["1ste leerjaar", "2de leerjaar"]


def test_d1_fields_of_another_variant_and_the_reden_niet_clb_messages():
    same_field = "Dit veld bestaat niet voor deze voorziening."
    assert naft(time_out=True) == {"time_out": "Time-out bestaat niet voor deze voorziening."}
    assert naft(startdatum_lopend_dossier=TODAY) == {"startdatum_lopend_dossier": same_field}
    assert jeugdhulp(reden_niet_clb="andere") == {"reden_niet_clb": same_field}
    assert naft(reden_niet_clb="niet_nl_onderwijs") == {
        "reden_niet_clb": "Laat dit veld leeg: de aanmelding gebeurde door het CLB."
    }
    assert naft(
        aanmelder="school", reden_niet_clb="niet_nl_onderwijs", reden_niet_clb_andere="x"
    ) == {"reden_niet_clb_andere": "Vul dit enkel in bij reden ‘Andere’."}
