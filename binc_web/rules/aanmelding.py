"""D-1: the aanmelding ("Start Binc-dossier"): choice lists and rules per organisation kind."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from binc_web.rules.text import has_control_characters

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


@dataclass(frozen=True)
class AanmeldingVariant:
    """D-1: which aanmelding fields an organisation kind gets."""

    toegangspoort_choice: bool  # False: "Via toegangspoort (NRTJ)" is fixed on "nee"
    aanmelders: tuple[str, ...]
    default_aanmelder: str | None
    reden_niet_clb: bool
    time_out: bool
    startdatum_lopend_dossier: bool


_COMMON = ("school", "ouders", "jongere", "cawb", "kind_en_gezin", "huisarts", "andere")

VARIANTS: dict[str, AanmeldingVariant] = {
    "naft": AanmeldingVariant(False, ("clb", *_COMMON), "clb", True, False, False),
    "een_gezin_een_plan": AanmeldingVariant(
        False,
        (
            "kind_en_gezin",
            "clb",
            "oc",
            "andere_voorziening",
            *(a for a in _COMMON if a != "kind_en_gezin"),
        ),
        None,
        False,
        False,
        False,
    ),
    "jeugdhulp": AanmeldingVariant(
        True,
        ("oc", "sdj", "crisismeldpunt", "clb", "andere_voorziening", *_COMMON),
        None,
        False,
        True,
        True,
    ),
}


def variant_for(kind: str) -> AanmeldingVariant | None:
    """D-1: the aanmelding variant of an organisation kind (None: it registers no dossiers)."""
    return VARIANTS.get(kind)


@dataclass(frozen=True)
class AanmeldingValues:
    """What a worker typed in the aanmelding form."""

    via_toegangspoort: bool
    aanmelder: str | None
    reden_niet_clb: str | None
    reden_niet_clb_andere: str | None
    datum_aanmelding: date | None
    time_out: bool
    startdatum_lopend_dossier: date | None
    uw_referentie: str | None = None


def aanmelding_problems(kind: str, values: AanmeldingValues, today: date) -> dict[str, str]:
    """D-1: problems per field of an aanmelding for an organisation of ``kind``."""
    variant = VARIANTS[kind]
    problems: dict[str, str] = {}
    if has_control_characters(values.uw_referentie):
        problems["uw_referentie"] = "Uw referentie bevat ongeldige tekens."
    if values.via_toegangspoort and not variant.toegangspoort_choice:
        problems["via_toegangspoort"] = "Voor deze voorziening staat ‘Via toegangspoort’ op nee."
    if not values.aanmelder:
        problems["aanmelder"] = "Kies de aanmelder."
    elif values.aanmelder not in variant.aanmelders:
        problems["aanmelder"] = "Kies een aanmelder uit de lijst."
    if values.datum_aanmelding is None:
        problems["datum_aanmelding"] = "Vul de datum van aanmelding in (dd/mm/jjjj)."
    elif values.datum_aanmelding > today:
        problems["datum_aanmelding"] = "De datum van aanmelding ligt in de toekomst."
    problems.update(_reden_problems(variant, values))
    if values.time_out and not variant.time_out:
        problems["time_out"] = "Time-out bestaat niet voor deze voorziening."
    start = values.startdatum_lopend_dossier
    if start is not None and not variant.startdatum_lopend_dossier:
        problems["startdatum_lopend_dossier"] = "Dit veld bestaat niet voor deze voorziening."
    elif start is not None and start > today:
        problems["startdatum_lopend_dossier"] = (
            "De startdatum van het lopend dossier ligt in de toekomst."
        )
    return problems


def _reden_problems(variant: AanmeldingVariant, values: AanmeldingValues) -> dict[str, str]:
    """D-1 (manual 4.1): when the aanmelding did not come from the CLB, NAFT asks why."""
    reden, andere = values.reden_niet_clb, (values.reden_niet_clb_andere or "").strip()
    if not variant.reden_niet_clb:
        return {"reden_niet_clb": "Dit veld bestaat niet voor deze voorziening."} if reden else {}
    if reden and reden not in REDEN_NIET_CLB:
        return {"reden_niet_clb": "Kies een reden uit de lijst."}
    if reden and values.aanmelder == "clb":
        return {"reden_niet_clb": "Laat dit veld leeg: de aanmelding gebeurde door het CLB."}
    if not reden and values.aanmelder in variant.aanmelders and values.aanmelder != "clb":
        return {"reden_niet_clb": "Kies de reden waarom de aanmelding niet door het CLB gebeurde."}
    if has_control_characters(andere):
        return {"reden_niet_clb_andere": "De andere reden bevat ongeldige tekens."}
    if reden == "andere" and not andere:
        return {"reden_niet_clb_andere": "Omschrijf de andere reden."}
    if andere and reden != "andere":
        return {"reden_niet_clb_andere": "Vul dit enkel in bij reden ‘Andere’."}
    return {}


def default_aanmelder(organisation_kind: str) -> str | None:
    """D-1: NAFT aanmeldingen come from the CLB unless the worker says otherwise."""
    variant = VARIANTS.get(organisation_kind)
    return variant.default_aanmelder if variant else None
