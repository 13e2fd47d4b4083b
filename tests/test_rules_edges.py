"""Boundaries and exact messages of the small rules modules, pinned so that a one-line change
(mutation testing, docs/testing.md) turns a test red."""

from __future__ import annotations

from datetime import date

import pytest
from stdnum.be import nn
from stdnum.exceptions import ValidationError

from binc_web.rules.beslissingen import (
    ModuleChoice,
    Period,
    SchakelingFacts,
    beslissing_problems,
    delete_beslissing_problem,
    outside_beslissing_warning,
)
from binc_web.rules.clients import (
    context_person_check,
    identification_number_problems,
    register_line_check,
)
from binc_web.rules.dossier_code import dossier_code
from binc_web.rules.klas import klas_problems
from binc_web.rules.lifecycle import (
    NOT_CLOSED,
    ClosingFacts,
    approve_problem,
    close_problems,
    close_warnings,
    reopen_mode,
)
from binc_web.rules.national_number import is_bis_number, national_number_problems
from binc_web.rules.overview import (
    ASCENDING,
    DESCENDING,
    ListState,
    SearchTerms,
    parse_client_id,
    parse_list_state,
    search_terms_problem,
    view_label,
)
from binc_web.rules.roles import grant_problems, revoke_problems
from tests.test_rules_beslissingen import DAGBEGELEIDING, schakeling
from tests.test_rules_clients import NUMBER, TODAY, register_line


@pytest.mark.parametrize(
    ("month", "bis"),
    [
        ("19", False),
        ("20", True),
        ("32", True),
        ("33", False),
        ("39", False),
        ("40", True),
        ("52", True),
        ("53", False),
    ],
)
def test_k1_bis_month_offsets_are_20_to_32_and_40_to_52(month, bis):
    assert is_bis_number(f"85{month}3003302") is bis


def test_a3_a_role_of_another_kind_of_organisation_names_that_kind():
    assert grant_problems("dossierbehandelaar", "naft", False) == [
        "De rol dossierbehandelaar kan niet toegekend worden binnen een NAFT-organisatie."
    ]
    assert grant_problems("beleidsmedewerker", "onbekend", False) == [
        "De rol beleidsmedewerker kan niet toegekend worden binnen een onbekend-organisatie."
    ]
    assert grant_problems("baas", "naft", False) == ["Kies een geldige rol."]
    assert grant_problems("medewerker", "naft", True) == [
        "Deze persoon heeft deze rol al voor deze voorziening."
    ]
    assert grant_problems("beheerder", "agency", False) == []


def test_a3_the_last_beheerder_stays_and_nobody_locks_themselves_out():
    assert revoke_problems("beheerder", 0, revoking_self=False) == [
        "Er moet minstens één beheerder overblijven voor deze voorziening."
    ]
    assert revoke_problems("beheerder", 1, revoking_self=True) == [
        "U kunt uw eigen rol als beheerder niet intrekken; vraag dit aan een collega."
    ]
    assert revoke_problems("beheerder", 1, revoking_self=False) == []
    assert revoke_problems("medewerker", 0, revoking_self=True) == []


def test_d12_approval_names_the_other_open_dossier():
    assert approve_problem(status="open", other_open_dossier=False, other_code=None) == NOT_CLOSED
    assert approve_problem(status="closed", other_open_dossier=True, other_code="BNC_1") == (
        "Er werd intussen een ander open dossier (BNC_1) gevonden voor deze cliënt bij deze "
        "voorziening. Het dossier kan niet heropend worden."
    )
    assert approve_problem(status="closed", other_open_dossier=False, other_code=None) is None


def test_k5_a_class_without_a_name_is_refused():
    assert klas_problems(None, "aso", "1", "1") == {"naam_klas": "Vul de naam van de klas in."}
    assert klas_problems("  ", "aso", "1", "1") == {"naam_klas": "Vul de naam van de klas in."}
    assert klas_problems("5C\x07", None, "5", "8") == {
        "naam_klas": "De naam van de klas bevat ongeldige tekens.",
        "onderwijsvorm": "Kies de onderwijsvorm uit de lijst.",
        "graad": "Kies de graad uit de lijst.",
        "leerjaar": "Kies het leerjaar uit de lijst.",
    }


MONTH_HINT = (
    "De maand (3de en 4de cijfer) is 01 tot 12 bij een rijksregisternummer; bij een "
    "BIS-nummer is ze verhoogd met 20 of 40 (21 tot 32 of 41 tot 52)."
)


@pytest.mark.parametrize(
    ("month", "explained"),
    [
        ("12", False),
        ("13", True),
        ("19", True),
        ("20", False),
        ("32", False),
        ("33", True),
        ("39", True),
        ("40", False),
        ("52", False),
        ("53", True),
    ],
)
def test_k1_an_impossible_month_is_explained(month, explained):
    _, problems = identification_number_problems(f"85{month}3003300")
    assert problems[0] == "Het controlegetal (laatste twee cijfers) klopt niet."
    assert (problems[1:] == [MONTH_HINT]) is explained


def test_k1_a_register_line_joins_its_number_problems_and_keeps_the_number():
    check = register_line_check(register_line(national_number="85133003300"), TODAY)
    assert check.problems["national_number"] == (
        f"Het controlegetal (laatste twee cijfers) klopt niet. {MONTH_HINT}"
    )
    assert check.values["national_number"] is None
    good = register_line_check(register_line(), TODAY)
    assert good.values["national_number"] == NUMBER
    missing = register_line_check(register_line(national_number=None, birth_date=""), TODAY)
    assert missing.problems["national_number"] == "Vul een rijksregisternummer of BIS-nummer in."
    assert missing.problems["birth_date"] == "Geboortedatum is verplicht."
    assert register_line_check(register_line(gender="q"), TODAY).problems == {
        "gender": "Geslacht moet M, V of X zijn."
    }


def test_k4_context_person_messages():
    missing = context_person_check({"relation": "", "family_name": "Peeters"})
    assert missing.missing == ["Relatie"] and missing.missing_fields == {"relation"}
    assert missing.problems == {"relation": "Relatie is verplicht."}
    wrong = context_person_check(
        {"relation": "buurman", "family_name": "Peeters", "phone": "abc", "email": "geen"}
    )
    assert wrong.problems == {
        "relation": "Kies een relatie uit de lijst.",
        "phone": "Een telefoonnummer bestaat uit cijfers, eventueel met +, spaties, punten of "
        "streepjes.",
        "email": "Vul een geldig e-mailadres in, bv. naam@voorbeeld.be.",
    }
    # A text problem is reported as such, not replaced by the list check.
    long = context_person_check({"relation": "x" * 81, "family_name": "Peeters"})
    assert long.problems == {"relation": "Relatie mag hoogstens 80 tekens tellen, niet 81."}


def test_s5_deleting_a_beslissing_with_schakelingen_says_what_to_do():
    assert delete_beslissing_problem(2) == (
        "Een beslissing kan enkel verwijderd worden als er geen schakelingen aan gekoppeld "
        "zijn. Verwijder eerst de 2 schakelingen."
    )
    assert delete_beslissing_problem(1).endswith("Verwijder eerst de schakeling.")


# --- D-4 / D-5: the list state of the overview and search URLs ---


def test_d4_a_column_header_sorts_ascending_then_toggles_and_restarts_at_page_1():
    start = ListState(page=3)
    on_code = start.sorted_on("dossiercode")
    assert on_code == ListState(sort="dossiercode", direction=ASCENDING, page=1)
    assert on_code.sorted_on("dossiercode") == ListState(sort="dossiercode", direction=DESCENDING)
    assert ListState(sort="naam", direction=DESCENDING).sorted_on("naam").direction == ASCENDING
    assert start.with_changes(letter="B") == ListState(letter="B", page=3)


def test_d4_a_state_has_one_url_without_defaults():
    assert ListState().args() == {}
    full = ListState(view="mijn", sort="status", direction="af", letter="B", page=2)
    assert full.args() == {
        "weergave": "mijn",
        "sorteer": "status",
        "richting": "af",
        "letter": "B",
        "pagina": "2",
    }
    assert parse_list_state(full.args()) == full


def test_d4_unknown_url_values_fall_back_to_the_defaults():
    assert parse_list_state({}) == ListState()
    junk = {"weergave": "x", "sorteer": "y", "richting": "z", "letter": "ab", "pagina": "-1"}
    assert parse_list_state(junk) == ListState()
    assert parse_list_state({"letter": " b ", "pagina": "0"}) == ListState(letter="B", page=1)
    assert parse_list_state({"pagina": "99999999"}) == ListState(page=1)
    assert parse_list_state({"pagina": "2000000"}) == ListState(page=1_000_000)


def test_d5_a_client_id_in_the_url_is_a_whole_number_or_nothing():
    assert parse_client_id(" 42 ") == 42
    assert parse_client_id(None) is None
    assert parse_client_id("") is None
    assert parse_client_id("4²") is None
    assert parse_client_id("٤٢") is None
    assert parse_client_id(str(2**31 - 1)) == 2**31 - 1  # the largest id the column holds
    assert parse_client_id(str(2**31)) is None


def test_d4_the_views_are_named_as_in_the_manual():
    assert view_label("mijn", "De Brug") == "Mijn dossiers"
    assert view_label("afgesloten", "De Brug") == "Afgesloten dossiers"
    assert view_label("voorziening", "De Brug") == "De Brug dossiers"


def test_d5_search_terms_need_one_term_and_no_control_characters():
    assert search_terms_problem(SearchTerms()) == "Vul minstens 1 zoekterm in."
    for filled in (
        {"naam": "a"},
        {"voornaam": "a"},
        {"geboortedatum": date(2010, 1, 1)},
        {"dossiercode": "B"},
        {"rijksregisternummer": "1"},
        {"referentie": "r"},
        {"status": "open"},
        {"client_id": 0},
    ):
        assert search_terms_problem(SearchTerms(**filled)) is None, filled


# --- S-2 to S-5 and D-10/D-11: exact messages and boundaries ---


def test_s2_a_schakeling_needs_a_start_and_an_end_after_it():
    assert schakeling(begindatum=None) == {"begindatum": "Vul de begindatum in."}
    assert schakeling(einddatum=date(2026, 1, 9)) == {
        "einddatum": "De einddatum mag niet voor de begindatum liggen."
    }


def test_s6_a_module_that_is_not_allowed_is_reported_before_the_combination():
    problems = schakeling(modules=[DAGBEGELEIDING], allowed_module_ids={2})
    assert problems == {
        "modules": "Kies enkel modules die goedgekeurd en actief zijn voor uw voorziening."
    }


def test_s5_the_start_after_the_previous_end_message():
    others = [SchakelingFacts(1, date(2026, 1, 5), date(2026, 7, 5))]
    assert schakeling(begindatum=date(2026, 7, 1), einddatum=date(2026, 8, 1), others=others) == {
        "begindatum": "De begindatum mag niet voor de einddatum van de vorige schakeling "
        "(05/07/2026) liggen."
    }


def test_d10_a_closed_dossiers_schakeling_may_run_up_to_the_closing_day():
    closed = date(2026, 6, 30)
    assert schakeling(begindatum=closed, einddatum=closed, closed_on=closed) == {}
    message = (
        "Het dossier werd afgesloten op 30/06/2026: een schakeling mag niet later lopen dan die "
        "datum."
    )
    assert schakeling(begindatum=date(2026, 7, 1), einddatum=None, closed_on=closed) == {
        "begindatum": message
    }
    assert schakeling(einddatum=date(2026, 7, 1), closed_on=closed) == {"einddatum": message}


def test_s4_the_warning_names_both_reasons():
    warning = outside_beslissing_warning(
        Period(date(2026, 1, 1), date(2026, 8, 1)), Period(date(2026, 1, 5), date(2026, 7, 5))
    )
    assert warning == (
        "Let op: de schakeling begint vóór de beslissing (05/01/2026) en eindigt na de "
        "beslissing (05/07/2026). Bevestig als dit de reële situatie is, of pas de data aan."
    )


def test_d10_close_problems_count_the_schakelingen():
    facts = ClosingFacts(
        status="open",
        beslissingen=1,
        beslissingen_without_schakeling=2,
        schakeling_einddatums=(None, None, date(2026, 7, 1), date(2026, 8, 1)),
        registrations_exempt=True,
    )
    assert close_problems(facts, date(2026, 6, 30)) == [
        "2 schakelingen zonder einddatum: vul de einddatum van de laatste schakeling in.",
        "2 schakelingen met een einddatum in de toekomst.",
    ]
    assert close_warnings(facts) == [
        "2 beslissingen zonder schakeling. Bevestig dat u het dossier toch wilt afsluiten."
    ]


def test_d10_one_schakeling_or_beslissing_is_counted_in_the_singular():
    one = ClosingFacts(
        status="open",
        beslissingen=1,
        beslissingen_without_schakeling=1,
        schakeling_einddatums=(None, date(2026, 7, 1)),
        registrations_exempt=True,
    )
    assert close_problems(one, date(2026, 6, 30)) == [
        "1 schakeling zonder einddatum: vul de einddatum van de laatste schakeling in.",
        "1 schakeling met een einddatum in de toekomst.",
    ]
    assert close_warnings(one) == [
        "1 beslissing zonder schakeling. Bevestig dat u het dossier toch wilt afsluiten."
    ]


def test_d11_reopen_mode_values():
    direct = reopen_mode(
        status="closed", last_schakeling_end=None, other_open_dossier=False, today=date(2026, 1, 1)
    )
    assert direct == "direct"
    late = reopen_mode(
        status="closed",
        last_schakeling_end=date(2024, 1, 1),
        other_open_dossier=False,
        today=date(2026, 1, 1),
    )
    assert late == "request"


def test_d2_a_dossier_code_sequence_starts_at_1():
    with pytest.raises(ValueError, match=r"^sequence starts at 1$"):
        dossier_code(date(2026, 1, 1), 0)


def test_s1_beslissing_messages():
    assert beslissing_problems(
        begindatum=None,
        einddatum=None,
        via_toegangspoort=True,
        modules=[],
        allowed_module_ids=set(),
        naft=True,
    ) == {
        "begindatum": "Vul de begindatum in.",
        "einddatum": "Vul de einddatum in.",
        "via_toegangspoort": "Voor NAFT is ‘Via toegangspoort (NRTJ)’ altijd nee.",
        "modules": "Kies minstens één module.",
    }
    two = [ModuleChoice(1, "naft"), ModuleChoice(2, "naft")]
    assert beslissing_problems(
        begindatum=date(2026, 1, 5),
        einddatum=date(2026, 7, 5),
        via_toegangspoort=False,
        modules=two,
        allowed_module_ids={1, 2},
        naft=True,
    ) == {"modules": "Een NAFT-beslissing heeft precies één module."}


def test_k1_national_number_messages():
    digits_only = (
        "Een rijksregisternummer bestaat enkel uit cijfers: typ het zonder spaties of leestekens."
    )
    assert national_number_problems("85.07.30") == (None, [digits_only])


def test_k1_a_number_refused_for_any_other_reason_gets_the_general_message(monkeypatch):
    """Whatever else python-stdnum may refuse a number for, the user reads a Dutch message."""

    def refuse(number):
        raise ValidationError()

    monkeypatch.setattr(nn, "validate", refuse)
    assert national_number_problems(NUMBER) == (
        None,
        ["Dit is geen geldig rijksregisternummer of BIS-nummer."],
    )


def test_s5_a_beslissing_without_schakelingen_can_be_deleted():
    assert delete_beslissing_problem(0) is None
