"""Forms of the figures: capacity (C-2), moduledatabank (M-2)."""

from __future__ import annotations

from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import Length

from binc_web.forms import BincForm, DatumField, GetalField
from binc_web.rules.dates import TRAJECT
from binc_web.rules.ids import parse_id


def add_problems(form, problems: dict[str, str]) -> bool:
    """Put the rules' messages (by field name) at their fields, after WTForms' own; True when
    there were none."""
    for name, message in problems.items():
        field = getattr(form, name)
        field.errors = [*field.errors, message]
    return not problems


def unflagged(form, problems: dict[str, str]) -> dict[str, str]:
    """The rules' messages for the fields WTForms found nothing wrong with: a date it could
    not read is not also "missing"."""
    return {name: message for name, message in problems.items() if not getattr(form, name).errors}


class ModuleSelect(SelectField):
    """A typemodule from a list; a junk id becomes None and the view says which is missing."""

    def __init__(self, label=None, **kwargs):
        super().__init__(label, coerce=lambda v: v, validate_choice=False, **kwargs)

    def process_formdata(self, valuelist):
        self.data = parse_id(valuelist[0]) if valuelist else None


class CapaciteitForm(BincForm):
    """C-2: a new capacity of a typemodule from a date on, with toelichting."""

    voorziening = HiddenField()
    typemodule = ModuleSelect("Typemodule")
    vanaf = DatumField(
        "Vanaf",
        description="De eerste dag waarop de nieuwe capaciteit geldt (dd/mm/jjjj).",
        window=TRAJECT,
        subject="De datum",
    )
    capaciteit = GetalField("Capaciteit", message="Vul de capaciteit in als geheel getal.")
    verzekerd_aanbod = GetalField(
        "Verzekerd aanbod (art. 74)",
        message="Vul het verzekerd aanbod in als geheel getal.",
        description="Het deel van de capaciteit voor verzekerd aanbod; leeg is 0.",
    )
    toelichting = TextAreaField(
        "Toelichting",
        validators=[Length(max=1000, message="Gebruik hoogstens 1000 tekens.")],
        description="De voorziening leest deze toelichting bij ‘Raadplegen capaciteit’.",
    )


class ErkenningForm(BincForm):
    """M-2: a new approval of a typemodule for a voorziening, from a date, maybe until one."""

    voorziening = HiddenField()
    typemodule = ModuleSelect("Typemodule")
    vanaf = DatumField("Vanaf", window=TRAJECT, subject="De datum vanaf")
    tot = DatumField(
        "Tot en met",
        description="Leeg laten zolang de erkenning loopt.",
        window=TRAJECT,
        subject="De einddatum",
    )


class ErkenningsnummerForm(BincForm):
    """G-1: the voorziening's erkenningsnummer, sent to the Groeipakket payer."""

    voorziening = HiddenField()
    erkenningsnummer = StringField(
        "Erkenningsnummer",
        description="Leeg laten zolang het niet gekend is: het Groeipakket-bestand vermeldt dan "
        "enkel het nummer van de voorziening in binc-web.",
        filters=[lambda text: text.strip() if text else ""],
        validators=[Length(max=20, message="Hoogstens 20 tekens.")],
    )


class BeeindigForm(BincForm):
    """M-2: ending a running approval on a date (the period stays in the history)."""

    tot = DatumField("Laatste dag", window=TRAJECT, subject="De einddatum")
