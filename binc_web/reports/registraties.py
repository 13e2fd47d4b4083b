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

from sqlalchemy import and_, func, literal, not_, or_, select
from sqlalchemy.sql import ColumnElement

from binc_web.models import Organisation, Registratie
from binc_web.registrations import REGISTRY, AnswerType, Parameter, ParameterSet
from binc_web.registrations.engine import REGISTRATION_KINDS
from binc_web.reports.counting import (
    MATERIALIZED,
    SET_FLAGS,
    Column,
    CountedTable,
    TableSpec,
    count_tables,
    dossier_facts,
    set_conditions,
)
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
    """P-2: a table per parameter of each set the organisation's dossiers get, one query per
    set."""
    facts = dossier_facts(organisation.id, period)
    found = []
    for pset in sets_for(kind, organisation.kind):
        answers = _answers(facts, kind, pset)
        counts = (
            f"dossiers waarvan de {REGISTRATION_KINDS[kind].lower()} al geopend werd ({pset.label})"
        )
        specs = [
            TableSpec(
                parameter.label,
                f"{counts}; parameter {parameter.code}",
                parameter_columns(pset, parameter, answers),
            )
            for parameter in pset.parameters
        ]
        found += count_tables(answers, set_conditions(answers), specs)
    return found


def _answers(facts, kind: str, pset: ParameterSet):
    """The opened registrations of ``pset`` of the dossiers in ``facts``: the set flags and
    each parameter's answer as text (``a_<code>``) and, for a number, as a number
    (``n_<code>``), read from the JSON once per registration (a materialized CTE)."""
    values = []
    for parameter in pset.parameters:
        answer = Registratie.answers[parameter.code]
        values.append(answer.as_string().label(f"a_{parameter.code}"))
        if parameter.type is AnswerType.NUMBER:
            values.append(answer.as_integer().label(f"n_{parameter.code}"))
    return (
        select(*(facts.c[flag] for flag in SET_FLAGS.values()), *values)
        .join_from(
            facts,
            Registratie,
            and_(
                Registratie.dossier_id == facts.c.dossier_id,
                Registratie.kind == kind,
                Registratie.set_code == pset.code,
                Registratie.opened_at.is_not(None),
            ),
        )
        .cte(f"answers_{pset.code}")
        .prefix_with(MATERIALIZED)
    )


def parameter_columns(pset: ParameterSet, parameter: Parameter, answers) -> list[Column]:
    """P-2: the columns of a parameter's table, from its definition (R-1), over ``answers``."""
    shown = _true(_shown(pset, parameter, answers))
    value = answers.c[f"a_{parameter.code}"]
    answered = _true(and_(value.is_not(None), value != "", value != "[]"))
    if parameter.type is AnswerType.MULTIPLE:
        categories = [
            (label, value.contains(f'"{code}"', autoescape=True))
            for code, label in parameter.options.items()
        ]
    elif parameter.options:
        categories = [(label, value == code) for code, label in parameter.options.items()]
    elif parameter.type is AnswerType.NUMBER:
        categories = _number_categories(parameter, answers.c[f"n_{parameter.code}"])
    else:
        categories = [(INGEVULD, answered)]
    columns = [Column(label, and_(shown, condition)) for label, condition in categories]
    columns.append(Column(NIET_INGEVULD, and_(shown, not_(answered))))
    if parameter.condition is not None:
        columns.append(Column(NIET_VAN_TOEPASSING, not_(shown)))
    return columns


def _number_categories(parameter: Parameter, number) -> list[tuple[str, ColumnElement[bool]]]:
    """A column per value from the minimum, the last one "… of meer"."""
    low = parameter.minimum or 0
    high = parameter.maximum if parameter.maximum is not None else low
    last = min(high, low + NUMBER_COLUMNS - 1)
    categories = [(str(value), number == value) for value in range(low, last)]
    label = f"{last} of meer" if last < high else str(last)
    categories.append((label, number >= last))
    return categories


def _shown(pset: ParameterSet, parameter: Parameter, answers) -> ColumnElement[bool]:
    """R-1/R-3 in SQL: the parameter is asked given the stored answers (its condition holds and
    the question it hangs on is itself asked), as ``engine.visible_parameters``."""
    condition = parameter.condition
    if condition is None:
        return literal(True)
    parent = pset.parameter(condition.parameter)
    assert parent is not None  # the engine refuses a set whose condition names no parameter
    answer = answers.c[f"a_{parent.code}"]
    if parent.type is AnswerType.MULTIPLE:
        holds = or_(*(answer.contains(f'"{code}"', autoescape=True) for code in condition.values))
    else:
        holds = answer.in_(sorted(condition.values))
    return and_(_shown(pset, parent, answers), holds)


def _true(condition: ColumnElement[bool]) -> ColumnElement[bool]:
    """Unknown (an SQL NULL from a missing answer) read as false."""
    return func.coalesce(condition, False)


begin_tables = partial(tables, "begin")
eind_tables = partial(tables, "eind")
