"""P-2 "Beginregistratie" and "Eindregistratie": one table per parameter, GENERATED from the
R-1 parameter sets: a parameter added to a set gets its table without report code.

Only dossiers whose registration page was opened count (P-1, manual 14.3). A table's columns
are the parameter's options (a multiple choice counts a dossier under every option chosen),
"Niet ingevuld" (asked but not answered) and, for a follow-up question, "Niet van toepassing"
(the answer it hangs on did not open it). Answers are read by parameter code, whatever version
of the set they were saved under.
"""

from __future__ import annotations

from functools import partial

from sqlalchemy import and_, func, literal, not_, or_
from sqlalchemy.sql import ColumnElement

from binc_web.models import Organisation, Registratie
from binc_web.registrations import REGISTRY, AnswerType, Parameter, ParameterSet
from binc_web.registrations.engine import REGISTRATION_KINDS
from binc_web.reports.counting import Column, CountedTable, count_table, dossier_facts
from binc_web.reports.counting import set_conditions as conditions_of
from binc_web.rules.report_sets import NIET_INGEVULD, Period

NIET_VAN_TOEPASSING = "Niet van toepassing"
INGEVULD = "Ingevuld"
NUMBER_COLUMNS = 10  # a number gets a column per value up to this many, then "… of meer"


def sets_for(kind: str, organisation_kind: str) -> list[ParameterSet]:
    """R-1: the current sets of ``kind`` (begin, eind) for the dossiers of an organisation of
    this kind (NAFT: individual and klas-dossiers)."""
    found = []
    for is_klas in (False, True):
        pset = REGISTRY.set_for(kind, organisation_kind, is_klas)
        if pset is not None and pset not in found:
            found.append(pset)
    return found


def table_titles(kind: str) -> tuple[str, ...]:
    """P-4: the titles of every table the report can hold, over all organisation kinds."""
    titles = dict.fromkeys(
        parameter.label
        for pset in REGISTRY.current_sets()
        if pset.kind == kind
        for parameter in pset.parameters
    )
    return tuple(titles)


def tables(kind: str, organisation: Organisation, period: Period) -> list[CountedTable]:
    """P-2: a table per parameter of each set the organisation's dossiers get, one query each."""
    facts = dossier_facts(organisation.id)
    sets = conditions_of(facts, period)
    found = []
    for pset in sets_for(kind, organisation.kind):
        source = facts.join(
            Registratie,
            and_(
                Registratie.dossier_id == facts.c.dossier_id,
                Registratie.kind == kind,
                Registratie.set_code == pset.code,
                Registratie.opened_at.is_not(None),
            ),
        )
        counts = (
            f"dossiers waarvan de {REGISTRATION_KINDS[kind].lower()} al geopend werd ({pset.label})"
        )
        for parameter in pset.parameters:
            columns = parameter_columns(pset, parameter)
            found.append(
                count_table(
                    parameter.label, f"{counts}; parameter {parameter.code}", source, sets, columns
                )
            )
    return found


def parameter_columns(pset: ParameterSet, parameter: Parameter) -> list[Column]:
    """P-2: the columns of a parameter's table, from its definition (R-1)."""
    shown = _true(_shown(pset, parameter))
    answered = _true(_answered(parameter))
    value = _value(parameter)
    if parameter.type is AnswerType.MULTIPLE:
        categories = [
            (label, value.contains(f'"{code}"', autoescape=True))
            for code, label in parameter.options.items()
        ]
    elif parameter.options:
        categories = [(label, value == code) for code, label in parameter.options.items()]
    elif parameter.type is AnswerType.NUMBER:
        categories = _number_categories(parameter)
    else:
        categories = [(INGEVULD, answered)]
    columns = [Column(label, and_(shown, condition)) for label, condition in categories]
    columns.append(Column(NIET_INGEVULD, and_(shown, not_(answered))))
    if parameter.condition is not None:
        columns.append(Column(NIET_VAN_TOEPASSING, not_(shown)))
    return columns


def _number_categories(parameter: Parameter) -> list[tuple[str, ColumnElement[bool]]]:
    """A column per value from the minimum, the last one "… of meer"."""
    number = Registratie.answers[parameter.code].as_integer()
    low = parameter.minimum or 0
    high = parameter.maximum if parameter.maximum is not None else low
    last = min(high, low + NUMBER_COLUMNS - 1)
    categories = [(str(value), number == value) for value in range(low, last)]
    label = f"{last} of meer" if last < high else str(last)
    categories.append((label, number >= last))
    return categories


def _value(parameter: Parameter):
    """The stored answer as text (a multiple choice: its JSON list)."""
    return Registratie.answers[parameter.code].as_string()


def _answered(parameter: Parameter) -> ColumnElement[bool]:
    """R-5: an answer is stored and is not empty."""
    value = _value(parameter)
    return and_(value.is_not(None), value != "", value != "[]")


def _shown(pset: ParameterSet, parameter: Parameter) -> ColumnElement[bool]:
    """R-1/R-3 in SQL: the parameter is asked given the stored answers (its condition holds and
    the question it hangs on is itself asked), as ``engine.visible_parameters``."""
    condition = parameter.condition
    if condition is None:
        return literal(True)
    parent = pset.parameter(condition.parameter)
    assert parent is not None  # the engine refuses a set whose condition names no parameter
    answer = _value(parent)
    if parent.type is AnswerType.MULTIPLE:
        holds = or_(*(answer.contains(f'"{code}"', autoescape=True) for code in condition.values))
    else:
        holds = answer.in_(sorted(condition.values))
    return and_(_shown(pset, parent), holds)


def _true(condition: ColumnElement[bool]) -> ColumnElement[bool]:
    """Unknown (an SQL NULL from a missing answer) read as false."""
    return func.coalesce(condition, False)


begin_tables = partial(tables, "begin")
eind_tables = partial(tables, "eind")
