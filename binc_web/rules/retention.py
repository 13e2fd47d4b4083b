"""G-2: personal data is kept until the youth turns 35, then removed (the 1 Gezin 1 Plan
leaflet: "Jouw gegevens worden in BINC bijgehouden tot je de leeftijd van 35 jaar hebt
bereikt"). Which youths are due on a day, as plain dates (Brussels calendar days).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from binc_web.rules.pseudonyms import EXPORTED_ANSWER_TYPES
from binc_web.rules.report_sets import age_on, years_before

RETENTION_AGE = 35


def is_due(birth_date: date, today: date) -> bool:
    """G-2: whether the youth born on ``birth_date`` turned 35 *before* ``today``: they were
    35 yesterday. A youth whose 35th birthday is today is erased tomorrow, so that the whole of
    their 35th birthday still counts as "until 35"; someone born on 29 February turns 35 on 1
    March in a year without one (``report_sets.age_on``), and is erased on 2 March."""
    return age_on(birth_date, today - timedelta(days=1)) >= RETENTION_AGE


def latest_due_birth_date(today: date) -> date:
    """G-2: the latest birth date that is due on ``today``, for a database query: a youth is
    due exactly when ``birth_date <= latest_due_birth_date(today)`` (the same answer as
    :func:`is_due`, proven by the tests)."""
    return years_before(today - timedelta(days=1), RETENTION_AGE)


def kept_answers(answer_types: Mapping[str, str], answers: Mapping[str, object]) -> dict:
    """G-2: what stays of a registration's answers (R-1) after the erasure: the answers to
    parameters whose type (``answer_types``: code → type) is a code, number or date, as the
    G-4 export keeps them; free text, and answers to parameters not in the set, go."""
    return {
        code: answer
        for code, answer in answers.items()
        if answer_types.get(code) in EXPORTED_ANSWER_TYPES
    }
