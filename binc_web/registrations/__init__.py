"""R-1: begin- and eindregistratie as declarative parameter sets and the engine that uses them.

``engine`` interprets sets (visibility, cleaning, mandatory check, versions); ``naft`` (R-2,
R-3) and ``jeugdhulp`` (R-4) define them, sharing ``common`` parameters and ``categories``
answer lists; ``sets`` registers every version. No Flask, SQLAlchemy or WTForms here.
"""

from binc_web.registrations.engine import (
    BEGIN,
    EIND,
    Answer,
    Answers,
    AnswerType,
    Parameter,
    ParameterSet,
    ReadableAnswer,
    Section,
    answers_for,
    clean,
    display_value,
    form_values,
    is_complete,
    mandatory_errors,
    missing_mandatory,
    readable_answers,
    to_stored,
    visible_parameters,
)
from binc_web.registrations.sets import REGISTRY, set_for

__all__ = [
    "BEGIN",
    "EIND",
    "REGISTRY",
    "Answer",
    "AnswerType",
    "Answers",
    "Parameter",
    "ParameterSet",
    "ReadableAnswer",
    "Section",
    "answers_for",
    "clean",
    "display_value",
    "form_values",
    "is_complete",
    "mandatory_errors",
    "missing_mandatory",
    "readable_answers",
    "set_for",
    "to_stored",
    "visible_parameters",
]
