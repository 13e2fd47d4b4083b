"""F-1/F-3: the recipient rows of a shared document ("Dienst", "Naam medewerker", "E-mail
medewerker", "delen tot en met", "persoonlijk document voor ontvanger")."""

from __future__ import annotations

from datetime import date, timedelta

# F-1: "Documenten kunnen slechts 30 dagen gedeeld worden" (manual 15.1).
MAX_SHARE_DAYS = 30
# Enough for a document sent to a whole team; the form asks for a new upload beyond it.
MAX_RECIPIENTS = 20


def default_share_until(today: date) -> date:
    """F-1: "delen tot en met" is filled in with the maximum period."""
    return today + timedelta(days=MAX_SHARE_DAYS)


def share_until_problems(until: date, today: date) -> list[str]:
    """F-1: a share lasts at least until today and at most 30 days."""
    if until < today:
        return ["De datum 'delen tot en met' ligt in het verleden."]
    if until > default_share_until(today):
        return [
            f"Documenten kunnen slechts {MAX_SHARE_DAYS} dagen gedeeld worden: kies uiterlijk "
            f"{default_share_until(today):%d/%m/%Y}."
        ]
    return []


def personal_problems(
    personal: bool,
    sender_is_agency: bool,
    receives_as_organisation: bool,
    addressee_listed: bool,
) -> list[str]:
    """F-3 (15.3.1): only the agency marks a "persoonlijk document voor ontvanger", only for a
    voorziening, and only for a person on its "Gebruikersbeheer documenten" list."""
    if not personal:
        return []
    if not sender_is_agency:
        return ["Enkel het agentschap kan een persoonlijk document voor ontvanger delen."]
    if not receives_as_organisation:
        return ["Een persoonlijk document kan enkel gedeeld worden met een voorziening."]
    if not addressee_listed:
        return [
            "Deze medewerker staat niet in 'Gebruikersbeheer documenten' van de voorziening: "
            "een persoonlijk document kan enkel naar iemand van die lijst."
        ]
    return []
