"""D-8: write activity entries in the same transaction as the change they describe."""

from __future__ import annotations

from datetime import date

from flask import g

from binc_web.extensions import db
from binc_web.models import ActivityEntry
from binc_web.rules.aanmelding import AANMELDERS, REDEN_NIET_CLB
from binc_web.rules.klas import KLAS_LABELS
from binc_web.rules.wording import as_written

# D-8: the before/after values are shown with the manual's labels, not as stored keys.
CHANGE_LABELS = {
    "code": "Dossiercode",
    "status": "Status",
    "klas": "Naam klas",
    "naam_klas": "Naam klas",
    "aantal_deelnemers": "Aantal deelnemers",
    "onderwijsvorm": "Onderwijsvorm",
    "graad": "Graad",
    "leerjaar": "Leerjaar",
    "toegewezen_aan": "Toegewezen aan",
    "uw_referentie": "Uw referentie",
    "via_toegangspoort": "Via toegangspoort (NRTJ)",
    "aanmelder": "Aanmelder",
    "reden_niet_clb": "Reden niet CLB-aanmelding",
    "reden_niet_clb_andere": "Andere reden",
    "datum_aanmelding": "Datum aanmelding",
    "time_out": "Time-out",
    "startdatum_lopend_dossier": "Startdatum lopend dossier",
    "soort": "Soort",
    "begindatum": "Begindatum",
    "einddatum": "Einddatum",
    "modules": "Modules",
    "verzekerd_aanbod": "Verzekerd aanbod (art. 74)",
    "zwaartepunt_andere_sector": "Zwaartepunt verblijf ligt in een andere sector",
    "afgesloten_op": "Afgesloten op",
    "toelichting": "Toelichting",
    "opmerking": "Opmerking dossierbehandelaar",
}
_CHOICES = {
    "aanmelder": AANMELDERS,
    "reden_niet_clb": REDEN_NIET_CLB,
    **KLAS_LABELS,
    "status": {"open": "open", "closed": "afgesloten", "afgesloten": "afgesloten"},
}
_DATES = {
    "datum_aanmelding",
    "startdatum_lopend_dossier",
    "begindatum",
    "einddatum",
    "afgesloten_op",
}


def record_activity(
    action: str,
    target,
    description: str,
    *,
    dossier_id: int | None = None,
    client_id: int | None = None,
    before: dict | None = None,
    after: dict | None = None,
    organisation_id: int | None = None,
) -> ActivityEntry:
    """Add an entry for ``target`` to the session; the caller's commit saves both together.
    ``client_id`` marks a change to shared client data (K-2): it shows in every dossier of the
    youth. ``organisation_id`` files the entry under another organisation than the one acted
    for (15.1.1: a recipient's download shows in the sender's dossier)."""
    if organisation_id is None and g.get("organisation"):
        organisation_id = g.organisation.id
    entry = ActivityEntry(
        organisation_id=organisation_id,
        person_id=g.person.id if g.get("person") else None,
        dossier_id=dossier_id,
        client_id=client_id,
        action=action,
        object_type=type(target).__name__,
        object_id=getattr(target, "id", None),
        description=description[:300],
        before=before,
        after=after,
    )
    db.session.add(entry)
    return entry


def change_label(key: str) -> str:
    """D-8: the label of a logged value."""
    return CHANGE_LABELS.get(key, as_written(key.replace("_", " ")))


def change_value(key: str, value) -> str:
    """D-8: a logged value as a worker reads it (ja/nee, dd/mm/jjjj, list labels, — for empty)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "—"
    if key in _DATES and isinstance(value, str):
        try:
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return _CHOICES.get(key, {}).get(value, str(value))
