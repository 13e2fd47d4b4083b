"""R-1: the registration engine: parameter sets as data, and everything done with them.

A ``ParameterSet`` declares one registration form once (sections of parameters with label, help
text, answer type, options, mandatory marker and condition). The functions below are the only
place that interprets a set: which questions are visible (R-3 branches), cleaning submitted
values (shape errors in Dutch, hidden answers dropped), the mandatory check of "Valideren"
(R-5), completeness for the status icon (R-6), and reading stored answers back under the
version they were saved with, so reports and the raw export keep working when a set changes.

Plain Python: no Flask, SQLAlchemy or WTForms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from types import MappingProxyType
from typing import Protocol, cast

from binc_web.rules.dates import REGISTRATION, date_window_problem
from binc_web.rules.text import has_control_characters

# A cleaned answer: an option code (single choice, yes/no), a list of option codes (multiple
# choice, in the order of the options), a whole number, an ISO date string, or a text.
Answer = str | int | list[str]
Answers = dict[str, Answer]

BEGIN, EIND = "begin", "eind"
REGISTRATION_KINDS: dict[str, str] = {BEGIN: "Beginregistratie", EIND: "Eindregistratie"}

# the dossier kinds a set can apply to.
DOSSIER_KINDS: dict[str, str] = {
    "naft_individueel": "NAFT individueel dossier",
    "naft_klas": "NAFT klas-dossier",
    "een_gezin_een_plan": "1 Gezin 1 Plan",
    "jeugdhulp": "Jeugdhulp voorziening",
}

YES_NO: Mapping[str, str] = MappingProxyType({"ja": "Ja", "nee": "Nee"})
YES_NO_UNKNOWN: Mapping[str, str] = MappingProxyType({**YES_NO, "onbekend": "Onbekend"})

# the Dutch messages shown at a field (and summed up above the form).
MANDATORY = "Dit gegeven is verplicht."
CHOOSE_ONE = "Kies één antwoord."
UNKNOWN_OPTION = "Kies een van de voorgestelde antwoorden."
UNKNOWN_OPTIONS = "Kies enkel uit de voorgestelde antwoorden."
NOT_A_WHOLE_NUMBER = "Geef een geheel getal."
NOT_A_DATE = "Geef een bestaande datum in de vorm dd/mm/jjjj."
BAD_CHARACTERS = "De tekst bevat ongeldige tekens."
MALFORMED = "Ongeldige waarde."

_WHOLE_NUMBER = re.compile(r"-?[0-9]{1,9}")
_DUTCH_DATE = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")


class AnswerType(StrEnum):
    """R-1: the answer types a parameter can have."""

    SINGLE = "single"
    MULTIPLE = "multiple"
    YES_NO = "yes_no"
    YES_NO_UNKNOWN = "yes_no_unknown"
    NUMBER = "number"
    DATE = "date"
    TEXT = "text"


CHOICE_TYPES = frozenset(
    {AnswerType.SINGLE, AnswerType.MULTIPLE, AnswerType.YES_NO, AnswerType.YES_NO_UNKNOWN}
)


_FIXED_OPTIONS: Mapping[AnswerType, Mapping[str, str]] = {
    AnswerType.YES_NO: YES_NO,
    AnswerType.YES_NO_UNKNOWN: YES_NO_UNKNOWN,
}


class DefinitionError(ValueError):
    """A parameter set that cannot be right (raised when the definitions are imported)."""


@dataclass(frozen=True)
class Condition:
    """R-1/R-3: a parameter is shown only when ``parameter`` is visible and answered with one of
    ``values`` (for a multiple choice: when any of them is chosen)."""

    parameter: str
    values: frozenset[str]

    def holds(self, answer: Answer | None) -> bool:
        """R-3: whether ``answer`` (the other parameter's) opens this branch."""
        if isinstance(answer, list):
            return any(value in self.values for value in answer)
        return answer is not None and str(answer) in self.values


def when(parameter: str, *values: str) -> Condition:
    """R-1: shorthand for a condition in the definitions: ``when("terug_naar_school", "ja")``."""
    return Condition(parameter, frozenset(values))


@dataclass(frozen=True, eq=False)
class Parameter:
    """R-1: one question of a registration: code, label, help text, answer type, options, the
    mandatory marker (*) and the condition under which it is asked."""

    code: str
    label: str
    help: str
    type: AnswerType
    options: Mapping[str, str] = field(default_factory=dict)
    mandatory: bool = False
    condition: Condition | None = None
    minimum: int | None = None
    maximum: int | None = None
    max_length: int | None = None

    def __post_init__(self) -> None:
        for problem in _parameter_problems(self):
            raise DefinitionError(f"{self.code}: {problem}")
        options = _FIXED_OPTIONS.get(self.type) or MappingProxyType(dict(self.options))
        object.__setattr__(self, "options", options)


def _parameter_problems(parameter: Parameter) -> list[str]:
    """R-1: what is wrong with a parameter's own definition."""
    problems = []
    if not parameter.code.isidentifier():
        problems.append("the code must be an identifier")
    if not parameter.label.strip() or not parameter.help.strip():
        problems.append("a label and a help text are required")
    kind = parameter.type
    fixed = _FIXED_OPTIONS.get(kind)
    if fixed is not None:
        # ja/nee (and onbekend) are fixed: they are what reports and conditions count on.
        if parameter.options and dict(parameter.options) != dict(fixed):
            problems.append("the options of a yes/no question are fixed")
    elif (kind in (AnswerType.SINGLE, AnswerType.MULTIPLE)) != bool(parameter.options) or any(
        not code or not label for code, label in parameter.options.items()
    ):
        problems.append("single and multiple choices, and only they, list their options")
    if (kind is AnswerType.NUMBER) != (
        parameter.minimum is not None and parameter.maximum is not None
    ):
        problems.append("a number, and only a number, has a minimum and a maximum")
    elif (
        parameter.minimum is not None
        and parameter.maximum is not None
        and parameter.minimum > parameter.maximum
    ):
        problems.append("the minimum exceeds the maximum")
    if (kind is AnswerType.TEXT) != (parameter.max_length is not None and parameter.max_length > 0):
        problems.append("a text, and only a text, has a positive maximum length")
    return problems


@dataclass(frozen=True, eq=False)
class Section:
    """R-1: a titled group of parameters, as the manual's tables group them."""

    code: str
    label: str
    parameters: tuple[Parameter, ...]


@dataclass(frozen=True, eq=False)
class ParameterSet:
    """R-1: one registration form (begin or eind) for some dossier kinds, at one version."""

    code: str
    label: str
    kind: str
    dossier_kinds: frozenset[str]
    version: int
    sections: tuple[Section, ...]
    _by_code: Mapping[str, Parameter] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        by_code: dict[str, Parameter] = {}
        for parameter in (p for section in self.sections for p in section.parameters):
            if parameter.code in by_code:
                raise DefinitionError(f"{self.code}: {parameter.code} is defined twice")
            _check_condition(self.code, parameter, by_code)
            by_code[parameter.code] = parameter
        object.__setattr__(self, "_by_code", MappingProxyType(by_code))
        if self.kind not in REGISTRATION_KINDS:
            raise DefinitionError(f"{self.code}: kind must be one of {list(REGISTRATION_KINDS)}")
        if not self.dossier_kinds or not self.dossier_kinds <= DOSSIER_KINDS.keys():
            raise DefinitionError(f"{self.code}: unknown or no dossier kinds")
        if self.version < 1 or not by_code:
            raise DefinitionError(f"{self.code}: a set has a version from 1 and parameters")

    @property
    def parameters(self) -> tuple[Parameter, ...]:
        """R-1: every parameter in form order (also the columns of reports and the export)."""
        return tuple(self._by_code.values())

    def parameter(self, code: str) -> Parameter | None:
        """The parameter with this code, if the set has it."""
        return self._by_code.get(code)


def _check_condition(set_code: str, parameter: Parameter, earlier: Mapping[str, Parameter]) -> None:
    """R-1: a condition names an earlier choice parameter and some of its options, so
    visibility is decided in one pass and can never loop."""
    condition = parameter.condition
    if condition is None:
        return
    target = earlier.get(condition.parameter)
    if target is None or target.type not in CHOICE_TYPES:
        raise DefinitionError(
            f"{set_code}: {parameter.code} depends on {condition.parameter}, "
            "which is not an earlier choice parameter"
        )
    if not condition.values or not condition.values <= target.options.keys():
        raise DefinitionError(
            f"{set_code}: {parameter.code} depends on options {target.code} does not offer"
        )


# --- visibility, cleaning and completeness -------------------------------------------------


def visible_parameters(pset: ParameterSet, answers: Mapping[str, Answer]) -> list[Parameter]:
    """R-1/R-3: the parameters asked given ``answers``: a branch shows when its condition holds
    and the question it hangs on is itself shown (so nested branches close with their parent)."""
    visible: dict[str, Parameter] = {}
    for parameter in pset.parameters:
        condition = parameter.condition
        if condition is None or (
            condition.parameter in visible and condition.holds(answers.get(condition.parameter))
        ):
            visible[parameter.code] = parameter
    return list(visible.values())


class MultiValues(Protocol):
    """A form mapping that can hold several values per name (as werkzeug's MultiDict)."""

    def getlist(self, key: str) -> list[str]: ...


RawValues = Mapping[str, object] | MultiValues


def clean(
    pset: ParameterSet, raw: RawValues, today: date | None = None
) -> tuple[Answers, dict[str, str]]:
    """R-1/R-3/R-5: turn submitted form values into answers and per-field Dutch errors.

    ``raw`` maps field names (parameter codes) to a string or a list of strings, or is a
    MultiDict (``request.form``). Other names are ignored; an empty value means "not answered".
    Answers and errors of parameters hidden by the other answers are dropped: a closed branch
    keeps no stale answers. Never raises on bad input. With ``today`` (a worker's input, not
    answers copied from a stored registration), a date must lie in its window (convention 12).
    """
    parsed: Answers = {}
    errors: dict[str, str] = {}
    for parameter in pset.parameters:
        answer, error = _parse(parameter, _submitted(raw, parameter.code), today)
        if error is not None:
            errors[parameter.code] = error
        elif answer is not None:
            parsed[parameter.code] = answer
    shown = {parameter.code for parameter in visible_parameters(pset, parsed)}
    return (
        {code: answer for code, answer in parsed.items() if code in shown},
        {code: error for code, error in errors.items() if code in shown},
    )


def _submitted(raw: RawValues, name: str) -> list[str] | None:
    """The non-blank strings submitted under ``name``; None when they are not strings."""
    if hasattr(raw, "getlist"):
        values: object = cast(MultiValues, raw).getlist(name)
    else:
        values = cast(Mapping[str, object], raw).get(name)
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list | tuple) or not all(isinstance(v, str) for v in values):
        return None
    return [value.strip() for value in cast(Sequence[str], values) if value.strip()]


def _parse(
    parameter: Parameter, values: list[str] | None, today: date | None
) -> tuple[Answer | None, str | None]:
    """R-5: one parameter's answer from its submitted strings, or the reason it has none."""
    if values is None:
        return None, MALFORMED
    if not values:
        return None, None
    if parameter.type is AnswerType.MULTIPLE:
        if any(value not in parameter.options for value in values):
            return None, UNKNOWN_OPTIONS
        return [code for code in parameter.options if code in values], None
    if len(values) > 1:
        return None, CHOOSE_ONE
    value = values[0]
    if parameter.type in CHOICE_TYPES:
        return (value, None) if value in parameter.options else (None, _choice_message(parameter))
    if parameter.type is AnswerType.NUMBER:
        return _parse_number(parameter, value)
    if parameter.type is AnswerType.DATE:
        parsed = parse_dutch_date(value)
        if parsed is None:
            return None, NOT_A_DATE
        problem = today and date_window_problem(parsed, REGISTRATION, today)
        return (None, problem) if problem else (parsed.isoformat(), None)
    return _parse_text(parameter, value)


def _choice_message(parameter: Parameter) -> str:
    """R-5: the message for an answer that is not one of the options."""
    if parameter.type is AnswerType.YES_NO:
        return "Kies ja of nee."
    if parameter.type is AnswerType.YES_NO_UNKNOWN:
        return "Kies ja, nee of onbekend."
    return UNKNOWN_OPTION


def _parse_number(parameter: Parameter, value: str) -> tuple[int | None, str | None]:
    """R-5: a whole number within the parameter's bounds."""
    if not _WHOLE_NUMBER.fullmatch(value):
        return None, NOT_A_WHOLE_NUMBER
    number = int(value)
    low, high = parameter.minimum, parameter.maximum
    if low is not None and high is not None and not low <= number <= high:
        return None, f"Geef een getal van {low} tot en met {high}."
    return number, None


def _parse_text(parameter: Parameter, value: str) -> tuple[str | None, str | None]:
    """R-5: a text of at most the parameter's length, without control characters."""
    if has_control_characters(value, multiline=True):
        return None, BAD_CHARACTERS
    if parameter.max_length is not None and len(value) > parameter.max_length:
        return None, f"Gebruik maximaal {parameter.max_length} tekens (nu {len(value)})."
    return value, None


def parse_dutch_date(value: str) -> date | None:
    """R-1: a date typed as dd/mm/jjjj (day and month may have one digit), or None."""
    match = _DUTCH_DATE.fullmatch(value.strip())
    if match is None:
        return None
    day, month, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _answered(answer: Answer | None) -> bool:
    return answer is not None and answer != "" and answer != []


def missing_mandatory(pset: ParameterSet, answers: Mapping[str, Answer]) -> list[tuple[str, str]]:
    """R-5 "Valideren" (and R-6, D-10): (code, label) of every visible mandatory parameter
    without an answer, in form order; hidden branches are never required."""
    return [
        (parameter.code, parameter.label)
        for parameter in visible_parameters(pset, answers)
        if parameter.mandatory and not _answered(answers.get(parameter.code))
    ]


def mandatory_errors(pset: ParameterSet, answers: Mapping[str, Answer]) -> dict[str, str]:
    """R-5: the "Valideren" message at each missing mandatory field."""
    return {code: MANDATORY for code, _label in missing_mandatory(pset, answers)}


def is_complete(pset: ParameterSet, answers: Mapping[str, Answer]) -> bool:
    """R-6: every visible mandatory parameter is answered."""
    return not missing_mandatory(pset, answers)


# --- showing answers -----------------------------------------------------------------------


def display_value(parameter: Parameter, answer: Answer) -> str:
    """R-1: an answer as a worker reads it (option labels, dd/mm/jjjj), for pages and reports."""
    if isinstance(answer, list):
        return "; ".join(parameter.options.get(code, code) for code in answer)
    if parameter.type in CHOICE_TYPES:
        return parameter.options.get(str(answer), str(answer))
    if parameter.type is AnswerType.DATE:
        try:
            return date.fromisoformat(str(answer)).strftime("%d/%m/%Y")
        except ValueError:
            return str(answer)
    return str(answer)


def form_values(pset: ParameterSet, answers: Mapping[str, Answer]) -> dict[str, list[str]]:
    """R-1: answers back as form strings (the inverse of ``clean``), to fill the form."""
    values: dict[str, list[str]] = {}
    for parameter in pset.parameters:
        answer = answers.get(parameter.code)
        if isinstance(answer, list):
            values[parameter.code] = [str(code) for code in answer]
        elif answer is not None and parameter.type is AnswerType.DATE:
            values[parameter.code] = [display_value(parameter, answer)]
        elif answer is not None:
            values[parameter.code] = [str(answer)]
    return values


# --- versions and stored answers -----------------------------------------------------------


@dataclass(frozen=True)
class ReadableAnswer:
    """R-1: one stored answer with the label it had in the version it was saved under."""

    code: str
    label: str
    section: str
    value: str


class Registry:
    """R-1: every version of every parameter set, keyed by (set code, version); old versions
    stay so answers saved under them remain readable."""

    def __init__(self, sets: Iterable[ParameterSet] = ()) -> None:
        self._sets: dict[tuple[str, int], ParameterSet] = {}
        for pset in sets:
            self.add(pset)

    def add(self, pset: ParameterSet) -> None:
        """Register one version of a set (each (code, version) once)."""
        key = (pset.code, pset.version)
        if key in self._sets:
            raise DefinitionError(f"{pset.code} version {pset.version} is registered twice")
        for other in self._sets.values():
            if (
                other.code != pset.code
                and other.kind == pset.kind
                and other.dossier_kinds & pset.dossier_kinds
            ):
                raise DefinitionError(f"{pset.code} and {other.code} cover the same dossiers")
        self._sets[key] = pset

    def get(self, code: str, version: int) -> ParameterSet | None:
        """The set ``code`` as it was at ``version``."""
        return self._sets.get((code, version))

    def current(self, code: str) -> ParameterSet | None:
        """The newest version of set ``code``."""
        versions = [pset for (c, _v), pset in self._sets.items() if c == code]
        return max(versions, key=lambda pset: pset.version, default=None)

    def current_sets(self) -> list[ParameterSet]:
        """The newest version of every set."""
        codes = dict.fromkeys(code for code, _version in self._sets)
        return [pset for code in codes if (pset := self.current(code)) is not None]

    def all_sets(self) -> list[ParameterSet]:
        """Every registered version of every set."""
        return list(self._sets.values())

    def set_for(self, kind: str, organisation_kind: str, is_klas: bool) -> ParameterSet | None:
        """R-1/R-2: the current set for a begin or eind registration of a dossier, or None when
        that dossier has none (a NAFT klas-dossier has no beginregistratie)."""
        dossier = dossier_kind(organisation_kind, is_klas)
        for pset in self.current_sets():
            if pset.kind == kind and dossier in pset.dossier_kinds:
                return pset
        return None


def dossier_kind(organisation_kind: str, is_klas: bool) -> str | None:
    """R-1: the dossier kind of a dossier (klas-dossiers exist only in NAFT)."""
    if organisation_kind == "naft":
        return "naft_klas" if is_klas else "naft_individueel"
    if is_klas or organisation_kind not in DOSSIER_KINDS:
        return None
    return organisation_kind


def to_stored(pset: ParameterSet, answers: Mapping[str, Answer]) -> dict[str, object]:
    """R-1: the JSON-able form of answers, carrying the set code and version."""
    return {"set": pset.code, "version": pset.version, "answers": dict(answers)}


def _unpack(stored: Mapping[str, object]) -> tuple[str, int, dict[str, Answer]]:
    """Set code, version and answers of a stored dict; malformed parts read as empty."""
    code, version, answers = stored.get("set"), stored.get("version"), stored.get("answers")
    return (
        code if isinstance(code, str) else "",
        version if isinstance(version, int) else 0,
        cast(dict[str, Answer], answers) if isinstance(answers, dict) else {},
    )


def readable_answers(registry: Registry, stored: Mapping[str, object]) -> list[ReadableAnswer]:
    """R-1: stored answers with the labels of the version they were saved under, in that
    version's order; also for parameters a newer version changed or removed."""
    code, version, answers = _unpack(stored)
    pset = registry.get(code, version)
    readable = []
    known: set[str] = set()
    for section in pset.sections if pset is not None else ():
        for parameter in section.parameters:
            known.add(parameter.code)
            if parameter.code in answers:
                value = display_value(parameter, answers[parameter.code])
                readable.append(
                    ReadableAnswer(parameter.code, parameter.label, section.label, value)
                )
    readable.extend(
        ReadableAnswer(extra, extra, "", str(answer))
        for extra, answer in answers.items()
        if extra not in known
    )
    return readable


def answers_for(target: ParameterSet, registry: Registry, stored: Mapping[str, object]) -> Answers:
    """R-1: stored answers carried over into ``target`` (normally the current version) to fill
    its form: what still fits is kept, what a newer version changed or removed is left out."""
    code, version, answers = _unpack(stored)
    source = registry.get(code, version)
    if source is None:
        return {}
    cleaned, _errors = clean(target, form_values(source, answers))
    return cleaned
