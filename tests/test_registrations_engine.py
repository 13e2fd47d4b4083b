"""The registration engine and its parameter sets (R-1..R-5), without Flask."""

from __future__ import annotations

import ast
import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from binc_web.registrations import (
    REGISTRY,
    AnswerType,
    Parameter,
    ParameterSet,
    Section,
    answers_for,
    clean,
    display_value,
    form_values,
    is_complete,
    mandatory_errors,
    missing_mandatory,
    readable_answers,
    set_for,
    to_stored,
    visible_parameters,
)
from binc_web.registrations import categories as c
from binc_web.registrations.engine import (
    DOSSIER_KINDS,
    MANDATORY,
    DefinitionError,
    Registry,
    parse_dutch_date,
    when,
)
from binc_web.registrations.jeugdhulp import (
    EEN_GEZIN_EEN_PLAN_BEGIN,
    EEN_GEZIN_EEN_PLAN_EIND,
    JEUGDHULP_BEGIN,
    JEUGDHULP_EIND,
)
from binc_web.registrations.naft import NAFT_BEGIN, NAFT_EIND, NAFT_EIND_KLAS

PACKAGE = Path(__file__).resolve().parent.parent / "binc_web" / "registrations"
FORBIDDEN = ("flask", "flask_sqlalchemy", "flask_wtf", "sqlalchemy", "wtforms", "werkzeug")
ALL_SETS = REGISTRY.all_sets()
R4_SETS = (EEN_GEZIN_EEN_PLAN_BEGIN, EEN_GEZIN_EEN_PLAN_EIND, JEUGDHULP_BEGIN, JEUGDHULP_EIND)


def _visible_codes(pset: ParameterSet, answers: dict) -> list[str]:
    return [parameter.code for parameter in visible_parameters(pset, answers)]


def _a_value(parameter: Parameter) -> str:
    """Some valid form string for ``parameter``."""
    if parameter.options:
        return next(iter(parameter.options))
    return {
        AnswerType.NUMBER: str(parameter.minimum),
        AnswerType.DATE: "01/02/2024",
        AnswerType.TEXT: "x",
    }[parameter.type]


def _branch_to(pset: ParameterSet, parameter: Parameter) -> dict[str, str]:
    """The answers that open every branch above ``parameter``."""
    forced: dict[str, str] = {}
    condition = parameter.condition
    while condition is not None:
        forced[condition.parameter] = sorted(condition.values)[0]
        parent = pset.parameter(condition.parameter)
        condition = parent.condition if parent is not None else None
    return forced


def _filled(pset: ParameterSet, forced: dict[str, str] | None = None) -> dict:
    """Answers to every parameter that is shown, taking ``forced`` values where given."""
    raw = {p.code: (forced or {}).get(p.code, _a_value(p)) for p in pset.parameters}
    answers, errors = clean(pset, raw)
    assert errors == {}
    return answers


# A set with every answer type, to test shapes independent of the real definitions.
SHAPES = ParameterSet(
    code="shapes",
    label="Vormen",
    kind="begin",
    dossier_kinds=frozenset({"jeugdhulp"}),
    version=1,
    sections=(
        Section(
            "alles",
            "Alles",
            (
                Parameter("keuze", "Keuze", "h", AnswerType.SINGLE, {"a": "A", "b": "B"}),
                Parameter("meer", "Meer", "h", AnswerType.MULTIPLE, {"x": "X", "y": "Y", "z": "Z"}),
                Parameter("jn", "Ja/nee", "h", AnswerType.YES_NO),
                Parameter("jno", "Ja/nee/onbekend", "h", AnswerType.YES_NO_UNKNOWN),
                Parameter("getal", "Getal", "h", AnswerType.NUMBER, minimum=0, maximum=10),
                Parameter("datum", "Datum", "h", AnswerType.DATE),
                Parameter("tekst", "Tekst", "h", AnswerType.TEXT, max_length=5),
            ),
        ),
    ),
)


# --- definitions, set choice, shapes, storage, versions --------------------------------


def test_r1_registrations_import_no_framework():
    for module in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text())):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in FORBIDDEN, f"{module.name} imports {name}"


def test_r1_every_set_is_registered_once_per_dossier_kind():
    assert {pset.code for pset in ALL_SETS} == {
        "naft_begin",
        "naft_eind",
        "naft_eind_klas",
        "een_gezin_een_plan_begin",
        "een_gezin_een_plan_eind",
        "jeugdhulp_begin",
        "jeugdhulp_eind",
    }
    assert all(pset.version == 1 for pset in ALL_SETS)


@pytest.mark.parametrize("pset", ALL_SETS, ids=lambda pset: pset.code)
def test_r1_every_parameter_has_a_label_and_a_help_text(pset: ParameterSet):
    for section in pset.sections:
        assert section.label.strip()
        for parameter in section.parameters:
            assert parameter.label.strip(), parameter.code
            assert len(parameter.help.strip()) > 10, parameter.code
            assert all(label.strip() for label in parameter.options.values()), parameter.code


def test_r1_set_for_each_dossier_kind():
    assert set_for("begin", "naft", is_klas=False) is NAFT_BEGIN
    assert set_for("begin", "naft", is_klas=True) is None
    assert set_for("eind", "naft", is_klas=False) is NAFT_EIND
    assert set_for("eind", "naft", is_klas=True) is NAFT_EIND_KLAS
    assert set_for("begin", "een_gezin_een_plan", is_klas=False) is EEN_GEZIN_EEN_PLAN_BEGIN
    assert set_for("eind", "een_gezin_een_plan", is_klas=False) is EEN_GEZIN_EEN_PLAN_EIND
    assert set_for("begin", "jeugdhulp", is_klas=False) is JEUGDHULP_BEGIN
    assert set_for("eind", "jeugdhulp", is_klas=False) is JEUGDHULP_EIND
    assert set_for("begin", "agency", is_klas=False) is None
    assert set_for("eind", "jeugdhulp", is_klas=True) is None
    assert set_for("tussen", "naft", is_klas=False) is None


@pytest.mark.parametrize(
    ("build", "problem"),
    [
        (lambda: Parameter("a", "A", "h", AnswerType.SINGLE), "list their options"),
        (lambda: Parameter("a", "A", "h", AnswerType.TEXT), "maximum length"),
        (lambda: Parameter("a", "A", "h", AnswerType.NUMBER, minimum=0), "minimum and a maximum"),
        (
            lambda: Parameter("a", "A", "h", AnswerType.NUMBER, minimum=3, maximum=1),
            "exceeds",
        ),
        (lambda: Parameter("a", "A", "h", AnswerType.YES_NO, {"j": "J"}), "fixed"),
        (lambda: Parameter("a", "A", "", AnswerType.YES_NO), "help text"),
        (lambda: Parameter("a-b", "A", "h", AnswerType.YES_NO), "identifier"),
    ],
)
def test_r1_a_wrong_parameter_is_refused_at_import(build, problem):
    with pytest.raises(DefinitionError, match=problem):
        build()


def _set(*parameters: Parameter, code: str = "t", version: int = 1) -> ParameterSet:
    return ParameterSet(
        code, "T", "eind", frozenset({"jeugdhulp"}), version, (Section("s", "S", parameters),)
    )


def test_r1_a_wrong_set_is_refused_at_import():
    yes_no = Parameter("jn", "Jn", "h", AnswerType.YES_NO)
    later = Parameter("x", "X", "h", AnswerType.YES_NO, condition=when("jn", "ja"))
    with pytest.raises(DefinitionError, match="earlier choice"):
        _set(later, yes_no)
    with pytest.raises(DefinitionError, match="does not offer"):
        _set(yes_no, Parameter("x", "X", "h", AnswerType.YES_NO, condition=when("jn", "misschien")))
    with pytest.raises(DefinitionError, match="twice"):
        _set(yes_no, yes_no)
    with pytest.raises(DefinitionError, match="dossier kinds"):
        ParameterSet("t", "T", "eind", frozenset({"school"}), 1, (Section("s", "S", (yes_no,)),))
    registry = Registry([_set(yes_no)])
    with pytest.raises(DefinitionError, match="twice"):
        registry.add(_set(yes_no))
    with pytest.raises(DefinitionError, match="same dossiers"):
        registry.add(_set(yes_no, code="other"))


def test_r1_shape_errors_are_dutch_and_per_field():
    raw = {
        "keuze": "c",
        "meer": ["x", "onbestaand"],
        "jn": "misschien",
        "jno": "wellicht",
        "getal": "11",
        "datum": "31/02/2024",
        "tekst": "zeslang",
    }
    answers, errors = clean(SHAPES, raw)
    assert answers == {}
    assert errors == {
        "keuze": "Kies een van de voorgestelde antwoorden.",
        "meer": "Kies enkel uit de voorgestelde antwoorden.",
        "jn": "Kies ja of nee.",
        "jno": "Kies ja, nee of onbekend.",
        "getal": "Geef een getal van 0 tot en met 10.",
        "datum": "Geef een bestaande datum in de vorm dd/mm/jjjj.",
        "tekst": "Gebruik maximaal 5 tekens (nu 7).",
    }
    _answers, errors = clean(SHAPES, {"getal": "2,5", "keuze": ["a", "b"], "tekst": "a\x00"})
    assert errors == {
        "getal": "Geef een geheel getal.",
        "keuze": "Kies één antwoord.",
        "tekst": "De tekst bevat ongeldige tekens.",
    }
    assert clean(SHAPES, {"datum": "2024-02-01", "getal": "٣"})[1] == {
        "datum": "Geef een bestaande datum in de vorm dd/mm/jjjj.",
        "getal": "Geef een geheel getal.",
    }


def test_r1_clean_gives_typed_answers_and_ignores_other_fields():
    raw = {
        "keuze": " a ",
        "meer": ["z", "x", "z", ""],
        "jn": "nee",
        "jno": "onbekend",
        "getal": "10",
        "datum": "3/7/2024",
        "tekst": "regel",
        "csrf_token": "abc",
        "actie": "opslaan",
    }
    answers, errors = clean(SHAPES, raw)
    assert errors == {}
    assert answers == {
        "keuze": "a",
        "meer": ["x", "z"],
        "jn": "nee",
        "jno": "onbekend",
        "getal": 10,
        "datum": "2024-07-03",
        "tekst": "regel",
    }
    assert clean(SHAPES, {"keuze": "", "meer": [], "getal": "   "}) == ({}, {})


def test_r1_clean_reads_a_multidict():
    class Form:
        def __init__(self, pairs: list[tuple[str, str]]):
            self.pairs = pairs

        def getlist(self, key: str) -> list[str]:
            return [value for name, value in self.pairs if name == key]

    answers, errors = clean(SHAPES, Form([("meer", "y"), ("meer", "x"), ("jn", "ja")]))
    assert (answers, errors) == ({"meer": ["x", "y"], "jn": "ja"}, {})


def test_r1_form_values_and_display_values():
    answers, _errors = clean(SHAPES, {"meer": ["x", "y"], "datum": "03/07/2024", "getal": "4"})
    assert form_values(SHAPES, answers) == {
        "meer": ["x", "y"],
        "getal": ["4"],
        "datum": ["03/07/2024"],
    }
    assert clean(SHAPES, form_values(SHAPES, answers)) == (answers, {})
    meer, datum = SHAPES.parameter("meer"), SHAPES.parameter("datum")
    assert meer is not None and datum is not None
    assert display_value(meer, ["x", "y"]) == "X; Y"
    assert display_value(datum, "2024-07-03") == "03/07/2024"
    assert parse_dutch_date("29/02/2023") is None


def test_r1_stored_answers_are_json_and_carry_the_version():
    answers = _filled(NAFT_EIND, {"terug_naar_school": "ja", "verderzetting": "nieuw"})
    stored = json.loads(json.dumps(to_stored(NAFT_EIND, answers)))
    assert stored["set"] == "naft_eind" and stored["version"] == 1
    assert stored["answers"] == answers
    readable = {answer.code: answer for answer in readable_answers(REGISTRY, stored)}
    assert readable["verderzetting"].value == "In een nieuw schooltraject"
    assert readable["andere_klas"].label == "Andere klas"
    assert readable["andere_klas"].section == "Resultaat NAFT traject"
    assert answers_for(NAFT_EIND, REGISTRY, stored) == answers


def test_r1_answers_saved_under_version_1_stay_readable_after_version_2():
    v1 = _set(
        Parameter(
            "dagbesteding",
            "Dagbesteding",
            "h",
            AnswerType.SINGLE,
            {"school": "School", "werk": "Werk"},
        ),
        Parameter("hobby", "Heeft een hobby", "h", AnswerType.YES_NO),
        code="demo",
    )
    v2 = _set(
        Parameter(
            "dagbesteding",
            "Dagbesteding tijdens de week",
            "h",
            AnswerType.SINGLE,
            {"voltijds": "Voltijds onderwijs", "deeltijds": "Deeltijds", "werk": "Werk"},
        ),
        code="demo",
        version=2,
    )
    registry = Registry([v1, v2])
    assert registry.current("demo") is v2
    old = json.loads(json.dumps(to_stored(v1, {"dagbesteding": "school", "hobby": "ja"})))
    assert [(a.code, a.label, a.value) for a in readable_answers(registry, old)] == [
        ("dagbesteding", "Dagbesteding", "School"),
        ("hobby", "Heeft een hobby", "Ja"),
    ]
    # Carried into version 2's form: the removed parameter and the removed option drop out.
    assert answers_for(v2, registry, old) == {}
    still_fits = to_stored(v1, {"dagbesteding": "werk", "hobby": "nee"})
    assert answers_for(v2, registry, still_fits) == {"dagbesteding": "werk"}


def test_r1_unknown_or_damaged_stored_answers_read_as_raw_values():
    stored = {"set": "verdwenen", "version": 7, "answers": {"x": "ja"}}
    assert [(a.code, a.label, a.value) for a in readable_answers(REGISTRY, stored)] == [
        ("x", "x", "ja")
    ]
    assert readable_answers(REGISTRY, {"answers": "kapot"}) == []
    assert answers_for(NAFT_BEGIN, REGISTRY, stored) == {}


@pytest.mark.parametrize(
    "damaged",
    [
        {"set": ["naft_eind"], "version": 1},
        {"set": "naft_eind", "version": [1]},
        {"set": {"naft_eind": 1}, "version": {"1": 1}},
    ],
)
def test_r1_stored_answers_with_a_damaged_set_or_version_read_as_raw_values(damaged):
    """A stored registration whose set or version is not a name and a number (damaged JSON)
    is still shown, as raw values, and fills no form; it never breaks the page."""
    stored = damaged | {"answers": {"terug_naar_school": "ja"}}
    readable = readable_answers(REGISTRY, stored)
    assert [(a.code, a.label, a.value) for a in readable] == [
        ("terug_naar_school", "terug_naar_school", "ja")
    ]
    assert answers_for(NAFT_EIND, REGISTRY, stored) == {}


def test_r5_a_lone_surrogate_in_a_text_is_refused():
    """A half of a UTF-16 pair cannot be stored as UTF-8 (PostgreSQL): refused like NUL."""
    assert clean(SHAPES, {"tekst": "a\ud800"})[1] == {"tekst": "De tekst bevat ongeldige tekens."}
    assert clean(SHAPES, {"tekst": "a\tb"}) == ({"tekst": "a\tb"}, {})


def test_r5_a_typed_date_lies_in_its_window_a_stored_one_is_carried_as_it_is():
    """Convention 12: a worker's date answer lies at most two years ahead (``today`` given);
    answers copied from a stored registration (no ``today``) are not judged again."""
    today = date(2026, 11, 29)
    assert clean(SHAPES, {"datum": "01/01/2029"}, today) == (
        {},
        {"datum": "De datum mag niet na 31/12/2028 liggen."},
    )
    assert clean(SHAPES, {"datum": "31/12/2028"}, today) == ({"datum": "2028-12-31"}, {})
    assert clean(SHAPES, {"datum": "01/01/2029"}) == ({"datum": "2029-01-01"}, {})


def test_r1_an_answer_no_longer_offered_or_damaged_is_shown_as_stored():
    keuze, meer, datum, getal = (
        SHAPES.parameter(code) for code in ("keuze", "meer", "datum", "getal")
    )
    assert keuze is not None and meer is not None and datum is not None and getal is not None
    assert display_value(keuze, "a") == "A"
    assert display_value(keuze, "weg") == "weg"
    assert display_value(meer, ["x", "weg"]) == "X; weg"
    assert display_value(datum, "gisteren") == "gisteren"
    assert display_value(getal, 4) == "4"


def test_r1_stored_answers_without_a_version_read_as_raw_values():
    answers = _filled(NAFT_EIND, {"terug_naar_school": "ja", "verderzetting": "nieuw"})
    stored = to_stored(NAFT_EIND, answers)
    del stored["version"]
    readable = readable_answers(REGISTRY, stored)
    assert {(a.code, a.label, a.section, a.value) for a in readable} == {
        (code, code, "", str(answer)) for code, answer in answers.items()
    }
    assert answers_for(NAFT_EIND, REGISTRY, stored) == {}


# --- NAFT beginregistratie ------------------------------------------------------------


def test_r2_naft_begin_has_the_manuals_parameters():
    assert [(s.label, [p.label for p in s.parameters]) for s in NAFT_BEGIN.sections] == [
        (
            "Situatie jongere bij opname",
            [
                "Niet Begeleide Minderjarige",
                "Dagbesteding",
                "Opleidingsniveau",
                "Leerjaar",
                "Graad",
                "Aantal jaren schoolachterstand",
                "Buitengewoon Onderwijs achtergrond",
                "Zwanger",
                "Tienerouder",
            ],
        ),
        (
            "Gezinssituatie bij opname",
            ["Gezinssituatie", "Gaat het om een pleeg- of adoptiegezin?"],
        ),
        ("Kenmerken gezinssituatie", ["Opleidingsniveau ouders", "Thuistaal"]),
    ]
    assert NAFT_BEGIN.dossier_kinds == {"naft_individueel"}


def test_r2_help_texts_and_categories_follow_the_manual():
    def param(code: str) -> Parameter:
        parameter = NAFT_BEGIN.parameter(code)
        assert parameter is not None
        return parameter

    assert "NBMV" in param("niet_begeleide_minderjarige").help
    assert "NBEM" in param("niet_begeleide_minderjarige").help
    assert "5 dagen of meer per maand" in param("dagbesteding").help
    assert "NVT" in param("schoolachterstand").help
    assert "nvt" in param("schoolachterstand").options
    assert "pleeg- of adoptiegezin" in param("gezinssituatie").help
    assert "tussen de gezinsleden" in param("thuistaal").help
    vormen = param("opleidingsniveau").options
    for code in ("buso_ov1", "buso_ov2", "buso_ov3", "buso_ov4", "dbso", "okan", "aso", "bso"):
        assert code in vormen
    assert all(param(code).mandatory for code in ("zwanger", "tienerouder", "thuistaal"))


def test_r2_leerjaar_and_graad_follow_the_onderwijsvorm():
    assert {"leerjaar", "graad"} <= set(_visible_codes(NAFT_BEGIN, {"opleidingsniveau": "aso"}))
    buso = _visible_codes(NAFT_BEGIN, {"opleidingsniveau": "buso_ov1"})
    assert "leerjaar" in buso and "graad" not in buso
    lager = _visible_codes(NAFT_BEGIN, {"opleidingsniveau": "bulo"})
    assert "leerjaar" not in lager and "graad" not in lager
    answers, _ = clean(NAFT_BEGIN, {"opleidingsniveau": "okan", "leerjaar": "1", "graad": "1"})
    assert answers == {"opleidingsniveau": "okan", "leerjaar": "1"}


def test_r2_pleeg_adoptie_flag_only_for_a_family():
    assert "pleeg_adoptiegezin" in _visible_codes(NAFT_BEGIN, {"gezinssituatie": "vader_alleen"})
    assert "pleeg_adoptiegezin" not in _visible_codes(NAFT_BEGIN, {"gezinssituatie": "voorziening"})


# --- NAFT eindregistratie --------------------------------------------------------------


def test_r3_nested_branches_appear_and_disappear():
    school = {"verderzetting", "inschatting_vertraging", "inschatting_afwezigheden"}
    nieuw = {"andere_klas", "andere_school", "andere_studierichting", "andere_onderwijsvorm"}
    branches = school | nieuw | {"situatie_zonder_school"}

    def shown(answers: dict) -> set[str]:
        return set(_visible_codes(NAFT_EIND, answers)) & branches

    assert shown({}) == set()
    assert shown({"terug_naar_school": "nee"}) == {"situatie_zonder_school"}
    assert shown({"terug_naar_school": "ja"}) == school
    assert shown({"terug_naar_school": "ja", "verderzetting": "oud"}) == school
    assert shown({"terug_naar_school": "ja", "verderzetting": "nieuw"}) == school | nieuw
    # The nested branch closes with its parent, whatever "verderzetting" still says.
    assert shown({"terug_naar_school": "nee", "verderzetting": "nieuw"}) == {
        "situatie_zonder_school"
    }


def test_r3_stale_branch_answers_are_not_kept():
    raw = form_values(NAFT_EIND, _filled(NAFT_EIND, {"terug_naar_school": "ja"}))
    raw |= {
        "verderzetting": ["nieuw"],
        "andere_klas": ["onbekend"],
        "situatie_zonder_school": ["werk"],
    }
    answers, _ = clean(NAFT_EIND, raw)
    assert answers["andere_klas"] == "onbekend"
    assert "situatie_zonder_school" not in answers
    answers, _ = clean(NAFT_EIND, raw | {"verderzetting": ["oud"]})
    assert "andere_klas" not in answers
    answers, _ = clean(NAFT_EIND, raw | {"terug_naar_school": ["nee"]})
    assert answers["situatie_zonder_school"] == "werk"
    assert not {"verderzetting", "andere_klas", "inschatting_vertraging"} & answers.keys()
    answers, errors = clean(NAFT_EIND, raw | {"terug_naar_school": ["nee"], "andere_klas": "?"})
    assert "andere_klas" not in errors  # a hidden field's junk is dropped with it


def test_r3_a_branch_is_mandatory_only_when_it_is_shown():
    answers = _filled(NAFT_EIND, {"gedeeld": "nee"})
    assert is_complete(NAFT_EIND, answers)
    answers["gedeeld"] = "ja"
    assert missing_mandatory(NAFT_EIND, answers) == [
        ("naft_aanbieders", "Selecteer NAFT-aanbieder")
    ]
    answers["naft_aanbieders"] = ["alba", "oranjehuis"]
    assert is_complete(NAFT_EIND, answers)


def test_r3_the_manuals_answer_table():
    def options(code: str) -> list[str]:
        parameter = NAFT_EIND.parameter(code)
        assert parameter is not None
        return list(parameter.options.values())

    assert len(options("interventietype")) == 6
    assert "Coaching en begeleiding door vrijwilligers" in options("interventietype")
    assert len(options("actoren")) == 10 and options("actoren")[-1] == "Andere"
    assert options("doelen_bereikt") == ["Ja", "Grotendeels", "Eerder niet", "Nee"]
    assert options("andere_onderwijsvorm") == ["Ja", "Nee", "Onbekend"]
    assert options("situatie_zonder_school")[-2:] == [
        "Zit in een hulpverleningstraject",
        "Niet bekend",
    ]
    assert "Er was geen sprake van problematische afwezigheden" in options(
        "inschatting_afwezigheden"
    )
    aanbieders = NAFT_EIND.parameter("naft_aanbieders")
    assert aanbieders is not None and aanbieders.type is AnswerType.MULTIPLE
    assert dict(aanbieders.options) == c.NAFT_PROVIDERS
    mandatory = {p.code for p in NAFT_EIND.parameters if p.mandatory and p.condition is None}
    assert mandatory == {
        "interventietype",
        "actoren",
        "gedeeld",
        "vroegtijdig_afgebroken",
        "doelen_bereikt",
    }


def test_r3_klas_dossier_has_the_single_kans_vergroot_question():
    (question,) = NAFT_EIND_KLAS.parameters
    assert question.mandatory and question.type is AnswerType.SINGLE
    assert question.label.startswith("Heeft het NAFT-traject de kans vergroot")
    assert list(question.options.values()) == [
        "Ja, de kans is groter dan tevoren",
        "De kans is niet groter of kleiner dan tevoren",
        "Neen, de kans is kleiner dan tevoren",
    ]
    assert NAFT_EIND_KLAS.dossier_kinds == {"naft_klas"}


# --- 1 Gezin 1 Plan and jeugdhulp -----------------------------------------------------


def test_r4_youth_and_family_characteristics_then_trajectory_and_result():
    for begin in (EEN_GEZIN_EEN_PLAN_BEGIN, JEUGDHULP_BEGIN):
        codes = {p.code for p in begin.parameters}
        assert {
            "gezinssituatie",
            "aantal_gezinsleden",
            "dagbesteding",
            "thuistaal",
            "opleidingsniveau_ouders",
        } <= codes
    for eind in (EEN_GEZIN_EEN_PLAN_EIND, JEUGDHULP_EIND):
        codes = {p.code for p in eind.parameters}
        assert {"reden_einde", "doelen_bereikt", "vervolghulp", "vervolghulp_welke"} <= codes


@pytest.mark.parametrize("pset", R4_SETS, ids=lambda pset: pset.code)
def test_r4_no_free_text_so_no_subjective_data(pset: ParameterSet):
    assert all(parameter.type is not AnswerType.TEXT for parameter in pset.parameters)


def test_r4_branches_of_the_other_sets():
    assert "onderwijsvorm" not in _visible_codes(JEUGDHULP_BEGIN, {"dagbesteding": "thuis"})
    assert "onderwijsvorm" in _visible_codes(JEUGDHULP_BEGIN, {"dagbesteding": "werk"})
    answers, errors = clean(EEN_GEZIN_EEN_PLAN_EIND, {"gezinsplan": "ja", "datum_gezinsplan": "x"})
    assert errors == {"datum_gezinsplan": "Geef een bestaande datum in de vorm dd/mm/jjjj."}
    answers, errors = clean(EEN_GEZIN_EEN_PLAN_EIND, {"gezinsplan": "nee", "datum_gezinsplan": "x"})
    assert (answers, errors) == ({"gezinsplan": "nee"}, {})
    answers, errors = clean(EEN_GEZIN_EEN_PLAN_BEGIN, {"aantal_gezinsleden": "0"})
    assert errors == {"aantal_gezinsleden": "Geef een getal van 1 tot en met 30."}
    zwanger = JEUGDHULP_BEGIN.parameter("zwanger")
    assert zwanger is not None and not zwanger.mandatory  # only for the CIG and NAFT


# --- Valideren: missing mandatory parameters -------------------------------------------

MANDATORY_PARAMETERS = [
    (pset, parameter) for pset in ALL_SETS for parameter in pset.parameters if parameter.mandatory
]


@pytest.mark.parametrize(
    ("pset", "parameter"),
    MANDATORY_PARAMETERS,
    ids=[f"{pset.code}-{parameter.code}" for pset, parameter in MANDATORY_PARAMETERS],
)
def test_r5_each_mandatory_parameter_is_reported_when_left_empty(
    pset: ParameterSet, parameter: Parameter
):
    answers = _filled(pset, _branch_to(pset, parameter))
    assert is_complete(pset, answers)
    assert parameter.code in answers
    del answers[parameter.code]
    assert missing_mandatory(pset, answers) == [(parameter.code, parameter.label)]
    assert mandatory_errors(pset, answers) == {parameter.code: MANDATORY}
    assert not is_complete(pset, answers)


@pytest.mark.parametrize("pset", ALL_SETS, ids=lambda pset: pset.code)
def test_r5_an_empty_registration_lists_the_shown_mandatory_parameters_in_order(pset):
    missing = missing_mandatory(pset, {})
    assert missing == [
        (p.code, p.label) for p in pset.parameters if p.mandatory and p.condition is None
    ]
    assert missing  # every set asks something


def test_r5_opslaan_keeps_partial_answers_without_mandatory_errors():
    answers, errors = clean(NAFT_BEGIN, {"dagbesteding": "werk"})
    assert (answers, errors) == ({"dagbesteding": "werk"}, {})
    assert ("thuistaal", "Thuistaal") in missing_mandatory(NAFT_BEGIN, answers)


_JUNK_KEYS = st.sampled_from(
    sorted({p.code for pset in ALL_SETS for p in pset.parameters} | {"csrf_token", "", "x"})
)
_PLAUSIBLE = st.sampled_from(
    sorted(
        {code for pset in ALL_SETS for p in pset.parameters for code in p.options}
        | {"1", "30", "31/12/2023", "0", "-1"}
    )
)
_JUNK_VALUE = st.one_of(
    st.text(),
    _PLAUSIBLE,
    st.lists(st.one_of(st.text(max_size=20), _PLAUSIBLE), max_size=4),
    st.lists(st.one_of(st.integers(), st.none(), st.binary()), max_size=2),
    st.integers(),
    st.none(),
    st.binary(max_size=8),
)


@pytest.mark.parametrize("pset", ALL_SETS, ids=lambda pset: pset.code)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=st.dictionaries(_JUNK_KEYS, _JUNK_VALUE, max_size=12))
def test_r5_junk_never_raises_only_errors(pset: ParameterSet, raw: dict):
    answers, errors = clean(pset, raw)
    shown = set(_visible_codes(pset, answers))
    assert answers.keys() <= shown and errors.keys() <= shown
    assert not answers.keys() & errors.keys()
    assert all(isinstance(message, str) and message for message in errors.values())
    assert clean(pset, form_values(pset, answers)) == (answers, {})
    json.dumps(to_stored(pset, answers))
    missing_mandatory(pset, answers)


# --- every mistake in a definition is named at import, and only mistakes -------------

SINGLE, TEXT, NUMBER = AnswerType.SINGLE, AnswerType.TEXT, AnswerType.NUMBER


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("a", " ", "h", AnswerType.YES_NO), "a: a label and a help text are required"),
        (("a", "A", " ", AnswerType.DATE), "a: a label and a help text are required"),
        (
            ("a", "A", "h", AnswerType.YES_NO_UNKNOWN, {"ja": "Ja", "nee": "Nee"}),
            "a: the options of a yes/no question are fixed",
        ),
        (
            ("a", "A", "h", AnswerType.DATE, {"x": "X"}),
            "a: single and multiple choices, and only they, list their options",
        ),
        (
            ("a", "A", "h", AnswerType.MULTIPLE, {"": "Leeg"}),
            "a: single and multiple choices, and only they, list their options",
        ),
        (
            ("a", "A", "h", SINGLE, {"x": ""}),
            "a: single and multiple choices, and only they, list their options",
        ),
        (
            ("a", "A", "h", AnswerType.DATE, {}, False, None, 0, 1),
            "a: a number, and only a number, has a minimum and a maximum",
        ),
        (
            ("a", "A", "h", NUMBER, {}, False, None, None, 9),
            "a: a number, and only a number, has a minimum and a maximum",
        ),
        (
            ("a", "A", "h", NUMBER, {}, False, None, 0, 9, 5),
            "a: a text, and only a text, has a positive maximum length",
        ),
        (
            ("a", "A", "h", TEXT, {}, False, None, None, None, 0),
            "a: a text, and only a text, has a positive maximum length",
        ),
        (("1a", "A", "h", AnswerType.DATE), "1a: the code must be an identifier"),
        (
            ("a", "A", "h", NUMBER, {}, False, None, 3, 1),
            "a: the minimum exceeds the maximum",
        ),
    ],
)
def test_r1_each_mistake_in_a_parameter_is_named(arguments, message):
    with pytest.raises(DefinitionError) as refused:
        Parameter(*arguments)
    assert str(refused.value) == message


@pytest.mark.parametrize(
    "arguments",
    [
        ("a", "A", "h", AnswerType.YES_NO, {"ja": "Ja", "nee": "Nee"}),
        ("a", "A", "h", NUMBER, {}, False, None, 4, 4),
        ("a", "A", "h", TEXT, {}, False, None, None, None, 1),
        ("a", "A", "h", SINGLE, {"x": "X"}),
    ],
    ids=["yes-no-with-its-own-options", "number-of-one-value", "text-of-one-character", "one"],
)
def test_r1_a_right_parameter_at_the_edge_is_accepted(arguments):
    parameter = Parameter(*arguments)
    assert parameter.code == "a"
    if parameter.type is AnswerType.YES_NO:
        assert dict(parameter.options) == {"ja": "Ja", "nee": "Nee"}


def _one_section(*parameters: Parameter, kind="eind", kinds=("jeugdhulp",), version=1):
    return ParameterSet("t", "T", kind, frozenset(kinds), version, (Section("s", "S", parameters),))


JN = Parameter("jn", "Jn", "h", AnswerType.YES_NO)
WORDS = Parameter("woord", "Woord", "h", TEXT, max_length=5)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: _one_section(JN, kind="tussen"), "t: kind must be one of ['begin', 'eind']"),
        (lambda: _one_section(JN, kinds=()), "t: unknown or no dossier kinds"),
        (lambda: _one_section(JN, kinds=("jeugdhulp", "school")), "t: unknown or no dossier kinds"),
        (lambda: _one_section(JN, version=0), "t: a set has a version from 1 and parameters"),
        (lambda: _one_section(), "t: a set has a version from 1 and parameters"),
        (lambda: _one_section(JN, JN), "t: jn is defined twice"),
        (
            lambda: _one_section(
                WORDS, Parameter("x", "X", "h", AnswerType.DATE, condition=when("woord", "ja"))
            ),
            "t: x depends on woord, which is not an earlier choice parameter",
        ),
        (
            lambda: _one_section(
                JN, Parameter("x", "X", "h", AnswerType.DATE, condition=when("jn"))
            ),
            "t: x depends on options jn does not offer",
        ),
        (
            lambda: _one_section(
                JN, Parameter("x", "X", "h", AnswerType.DATE, condition=when("jn", "ja", "soms"))
            ),
            "t: x depends on options jn does not offer",
        ),
    ],
)
def test_r1_each_mistake_in_a_set_is_named(build, message):
    with pytest.raises(DefinitionError) as refused:
        build()
    assert str(refused.value) == message


def test_r1_a_set_may_hang_a_question_on_any_earlier_choice():
    meer = Parameter("meer", "Meer", "h", AnswerType.MULTIPLE, {"x": "X", "y": "Y"})
    after = Parameter("na", "Na", "h", AnswerType.DATE, condition=when("meer", "x", "y"))
    pset = _one_section(meer, after, kind="begin", kinds=("naft_klas", "jeugdhulp"))
    assert [p.code for p in pset.parameters] == ["meer", "na"]
    assert pset.parameter("na") is after and pset.parameter("weg") is None


def test_r1_a_set_may_cover_every_dossier_kind():
    pset = _one_section(JN, kinds=tuple(DOSSIER_KINDS))
    assert pset.dossier_kinds == DOSSIER_KINDS.keys()


def test_r1_versions_and_neighbouring_sets_live_side_by_side():
    """A set's next version, a set for the other kind of registration and one for other
    dossiers are all accepted; the current version is the highest."""
    first = _one_section(JN)
    registry = Registry([first])
    second = ParameterSet(
        "t", "T", "eind", frozenset({"jeugdhulp"}), 2, (Section("s", "S", (JN, WORDS)),)
    )
    registry.add(second)
    begin = ParameterSet(
        "b", "B", "begin", frozenset({"jeugdhulp"}), 1, (Section("s", "S", (JN,)),)
    )
    registry.add(begin)
    naft = ParameterSet("n", "N", "eind", frozenset({"naft_klas"}), 1, (Section("s", "S", (JN,)),))
    registry.add(naft)
    assert registry.current("t") is second and registry.get("t", 1) is first
    assert registry.current("onbekend") is None
    assert registry.current_sets() == [second, begin, naft]
    assert registry.set_for("eind", "jeugdhulp", is_klas=False) is second
    assert registry.set_for("begin", "jeugdhulp", is_klas=False) is begin
    assert registry.set_for("eind", "naft", is_klas=True) is naft
    with pytest.raises(DefinitionError) as refused:
        registry.add(_one_section(JN, version=2))
    assert str(refused.value) == "t version 2 is registered twice"
    with pytest.raises(DefinitionError) as refused:
        registry.add(ParameterSet("o", "O", "eind", frozenset({"jeugdhulp"}), 1, first.sections))
    assert str(refused.value) == "o and t cover the same dossiers"


def test_r3_a_branch_on_a_multiple_choice_opens_when_any_of_its_options_is_chosen():
    meer = Parameter("meer", "Meer", "h", AnswerType.MULTIPLE, {"x": "X", "y": "Y", "z": "Z"})
    after = Parameter("na", "Na", "h", AnswerType.DATE, condition=when("meer", "x"))
    pset = _one_section(meer, after)
    assert _visible_codes(pset, {"meer": ["y", "z"]}) == ["meer"]
    assert _visible_codes(pset, {"meer": ["y", "x"]}) == ["meer", "na"]
    assert _visible_codes(pset, {"meer": []}) == ["meer"]
