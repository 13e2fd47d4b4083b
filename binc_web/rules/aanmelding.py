"""D-1: the choice lists of the aanmelding form."""

from __future__ import annotations

AANMELDERS: dict[str, str] = {
    "clb": "CLB",
    "school": "School",
    "ouders": "Ouders of opvoedingsverantwoordelijken",
    "jongere": "Jongere zelf",
    "oc": "Ondersteuningscentrum Jeugdzorg (OCJ)",
    "sdj": "Sociale Dienst Jeugdrechtbank (SDJ)",
    "crisismeldpunt": "Crisismeldpunt",
    "cawb": "CAW",
    "kind_en_gezin": "Opgroeien / Kind en Gezin",
    "huisarts": "Huisarts of ziekenhuis",
    "andere_voorziening": "Andere voorziening",
    "andere": "Andere",
}

# The manual's list for "Reden niet CLB-aanmelding" (NAFT); "Andere" comes with free text.
REDEN_NIET_CLB: dict[str, str] = {
    "niet_nl_onderwijs": "Jongere zat voorheen niet in Nederlandstalig onderwijs",
    "geen_school_geen_clb": "Jongere heeft geen school en er is geen voorafgaand CLB gekend",
    "andere": "Andere",
}


def default_aanmelder(organisation_kind: str) -> str | None:
    """D-1: NAFT aanmeldingen come from the CLB unless the worker says otherwise."""
    return "clb" if organisation_kind == "naft" else None
