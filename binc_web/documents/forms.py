"""Forms of "Toevoegen document" (F-1, F-3) and "Gebruikersbeheer documenten" (15.3.1)."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional

from binc_web.forms import BincForm, DatumField, RefusesControlCharacters
from binc_web.rules.dates import DateWindow
from binc_web.rules.document_files import DESCRIPTION_LENGTH
from binc_web.rules.document_shares import MAX_RECIPIENTS

# "delen tot en met" is plausible up to next year; rules.document_shares holds it to 30 days.
SHARE_WINDOW = DateWindow(1)


class RecipientForm(RefusesControlCharacters, Form):
    """One recipient row: "Dienst", "Naam medewerker", "E-mail medewerker", "delen tot en met"
    and, for the agency, "persoonlijk document voor ontvanger"."""

    dienst = StringField(
        "Dienst",
        validators=[InputRequired("Kies een dienst."), Length(max=200)],
    )
    # The id of the service chosen in the autocomplete; empty without JavaScript.
    dienst_id = HiddenField()
    naam = StringField(
        "Naam medewerker",
        validators=[InputRequired("Vul de naam van de medewerker in."), Length(max=200)],
    )
    email = StringField(
        "E-mail medewerker",
        validators=[InputRequired("Vul het e-mailadres van de medewerker in."), Length(max=254)],
    )
    tot = DatumField("Delen tot en met", window=SHARE_WINDOW, subject="De datum 'delen tot en met'")
    persoonlijk = BooleanField("Persoonlijk document voor ontvanger")


class DocumentForm(BincForm):
    """F-1 "Toevoegen document" (F-3: with "vertrouwelijk" when not tied to a dossier)."""

    beschrijving = TextAreaField(
        "Korte beschrijving",
        validators=[Optional(), Length(max=DESCRIPTION_LENGTH)],
    )
    bestand = FileField("Bestand opladen", description="Eén bestand van maximaal 10 MB.")
    vertrouwelijk = BooleanField(
        "Vertrouwelijk",
        description="Enkel zichtbaar voor uzelf, niet voor uw collega's.",
    )
    ontvangers = FieldList(FormField(RecipientForm), min_entries=1, max_entries=MAX_RECIPIENTS)


class FindPersonForm(BincForm):
    """15.3.1: "Zoek persoon" by rijksregisternummer and [Voeg toe]."""

    rijksregisternummer = StringField(
        "Zoek persoon",
        validators=[
            InputRequired("Vul een rijksregisternummer in."),
            Length(max=20, message="Een rijksregisternummer telt 11 cijfers."),
        ],
        description="Het rijksregisternummer: 11 cijfers. Enkel wie al eens aanmeldde in "
        "binc-web kan gevonden worden.",
    )
