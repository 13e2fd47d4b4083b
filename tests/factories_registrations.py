"""Builders for begin- and eindregistraties (R-1..R-6): answers that complete a set, and stored
registrations with the dates the test chooses."""

from __future__ import annotations

from datetime import UTC, date, datetime

from binc_web.extensions import db
from binc_web.models import Dossier, Registratie
from binc_web.registrations import (
    Answers,
    AnswerType,
    Parameter,
    ParameterSet,
    is_complete,
    set_for,
    visible_parameters,
)


def _sample(parameter: Parameter):
    """A valid answer: the first option (ja for yes/no), the minimum, a date or a word."""
    if parameter.type is AnswerType.MULTIPLE:
        return [next(iter(parameter.options))]
    if parameter.options:
        return next(iter(parameter.options))
    if parameter.type is AnswerType.NUMBER:
        return parameter.minimum
    if parameter.type is AnswerType.DATE:
        return "2026-01-15"
    return "tekst"


def complete_answers(pset: ParameterSet, **chosen) -> Answers:
    """Answers to every mandatory question the branches open (``chosen`` answers first)."""
    answers: Answers = dict(chosen)
    while True:
        missing = [
            p for p in visible_parameters(pset, answers) if p.mandatory and p.code not in answers
        ]
        if not missing:
            return answers
        answers[missing[0].code] = _sample(missing[0])


def set_of(dossier: Dossier, kind: str) -> ParameterSet:
    pset = set_for(kind, dossier.organisation.kind, dossier.klas_id is not None)
    assert pset is not None
    return pset


def registratie(
    dossier: Dossier,
    kind: str = "begin",
    answers: Answers | None = None,
    *,
    complete: bool | None = None,
    completed_on: date | None = date(2026, 1, 20),
    saved: datetime | None = datetime(2026, 1, 20, 10, tzinfo=UTC),
) -> Registratie:
    """A saved registration; complete answers unless ``answers`` are given."""
    pset = set_of(dossier, kind)
    if answers is None:
        answers = complete_answers(pset)
    if complete is None:
        complete = is_complete(pset, answers)
    found = Registratie(
        dossier_id=dossier.id,
        kind=kind,
        set_code=pset.code,
        set_version=pset.version,
        answers=answers,
        complete=complete,
        completed_on=completed_on if complete else None,
        opened_at=saved,
        created_at=saved,
        updated_at=saved,
    )
    db.session.add(found)
    db.session.flush()
    return found
