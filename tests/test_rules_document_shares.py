"""F-1/F-3: the recipient rows of a shared document, as plain rules
(``binc_web.rules.document_shares``); the form and the upload are tested in
``test_documents.py``."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from binc_web.rules.document_shares import (
    default_share_until,
    personal_problems,
    share_until_problems,
)

TODAY = date(2026, 3, 10)
# Manual 15.1: "Documenten kunnen slechts 30 dagen gedeeld worden. Wanneer de datum deze
# termijn overschrijdt, wordt een foutboodschap getoond."
TOO_LONG = "Documenten kunnen slechts 30 dagen gedeeld worden: kies uiterlijk 09/04/2026."
IN_THE_PAST = "De datum 'delen tot en met' ligt in het verleden."
NOT_THE_AGENCY = "Enkel het agentschap kan een persoonlijk document voor ontvanger delen."
NOT_A_VOORZIENING = "Een persoonlijk document kan enkel gedeeld worden met een voorziening."
NOT_LISTED = (
    "Deze medewerker staat niet in 'Gebruikersbeheer documenten' van de voorziening: "
    "een persoonlijk document kan enkel naar iemand van die lijst."
)


def test_f1_delen_tot_en_met_defaults_to_the_maximum_of_30_days():
    assert default_share_until(TODAY) == date(2026, 4, 9)
    assert default_share_until(date(2026, 12, 15)) == date(2027, 1, 14)


def test_f1_exactly_30_days_is_allowed_31_is_refused():
    assert share_until_problems(TODAY + timedelta(days=30), TODAY) == []
    assert share_until_problems(TODAY + timedelta(days=31), TODAY) == [TOO_LONG]


def test_f1_today_is_allowed_yesterday_is_refused():
    assert share_until_problems(TODAY, TODAY) == []
    assert share_until_problems(TODAY - timedelta(days=1), TODAY) == [IN_THE_PAST]


def test_f1_the_refusal_names_the_last_day_allowed():
    assert share_until_problems(date(2027, 2, 1), date(2026, 12, 15)) == [
        "Documenten kunnen slechts 30 dagen gedeeld worden: kies uiterlijk 14/01/2027."
    ]


@pytest.mark.parametrize(
    ("personal", "agency", "voorziening", "listed", "problems"),
    [
        # not personal: nothing else is asked, whoever sends it to whomever
        (False, False, False, False, []),
        (False, True, True, True, []),
        # 15.3.1: only the agency ("Voorzieningenbeleid") marks it ...
        (True, False, True, True, [NOT_THE_AGENCY]),
        (True, False, False, False, [NOT_THE_AGENCY]),
        # ... only for a voorziening ...
        (True, True, False, True, [NOT_A_VOORZIENING]),
        (True, True, False, False, [NOT_A_VOORZIENING]),
        # ... and only for a person on its "Gebruikersbeheer documenten" list
        (True, True, True, False, [NOT_LISTED]),
        (True, True, True, True, []),
    ],
)
def test_f3_persoonlijk_document_only_by_the_agency_for_a_listed_person(
    personal, agency, voorziening, listed, problems
):
    assert personal_problems(personal, agency, voorziening, listed) == problems
