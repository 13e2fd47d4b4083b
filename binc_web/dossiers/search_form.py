"""D-5 "Opzoeken dossier": the search form. It is posted (a rijksregisternummer stays out of
URLs); its results have a shareable URL in which the youth's id replaces the number."""

from __future__ import annotations

from collections.abc import Mapping

from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, Length, Optional, ValidationError

from binc_web.forms import BincPlainForm, DatumField
from binc_web.rules.dates import IN_THE_PAST
from binc_web.rules.national_number import national_number_problems
from binc_web.rules.overview import (
    CLIENT_ARG,
    CONTROL_CHARACTERS,
    SEARCH_STATUSES,
    SearchTerms,
)
from binc_web.rules.text import has_control_characters


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _no_control_characters(form, field) -> None:
    if isinstance(field.data, str) and has_control_characters(field.data):
        raise ValidationError(CONTROL_CHARACTERS)


def _national_number(form, field) -> None:
    if field.data:
        number, problems = national_number_problems(field.data)
        if problems:
            raise ValidationError(" ".join(problems))
        field.data = number


def _text(label: str, max_length: int, description: str | None = None) -> StringField:
    return StringField(
        label,
        validators=[
            Optional(),
            Length(max=max_length, message=f"Gebruik hoogstens {max_length} tekens."),
            _no_control_characters,
        ],
        filters=[_strip],
        description=description,
    )


class DossierSearchForm(BincPlainForm):
    """D-5: at least one term; partial names, code and referentie; exact birth date and number."""

    naam = _text("Naam", 120, "Familienaam van de jongere of naam van de klas (of een deel).")
    voornaam = _text("Voornaam", 120)
    geboortedatum = DatumField(
        "Geboortedatum", description="dd/mm/jjjj", window=IN_THE_PAST, subject="De geboortedatum"
    )
    dossiercode = _text("Dossiercode", 30, "Bijvoorbeeld BNC_20260105_1 (of een deel).")
    rijksregisternummer = StringField(
        "Rijksregisternummer",
        validators=[Optional(), _no_control_characters, _national_number],
        filters=[_strip],
        description="11 cijfers, zonder spaties of leestekens.",
    )
    referentie = _text("Uw referentie", 100)
    status = SelectField(
        "Status",
        choices=[SelectChoice(code, label) for code, label in SEARCH_STATUSES],
        default="alle",
        validate_choice=False,
        validators=[
            AnyOf(
                [code for code, _label in SEARCH_STATUSES], message="Kies een status uit de lijst."
            )
        ],
    )

    def submitted(self, args: Mapping[str, str]) -> bool:
        """True when the query string carries the form (the "Zoeken" button was used)."""
        return CLIENT_ARG in args or any(name in args for name in self._fields)

    def terms(self, client_id: int | None = None) -> SearchTerms:
        """The validated terms (``client_id``: the youth the number was resolved to)."""
        return SearchTerms(
            naam=self.naam.data or "",
            voornaam=self.voornaam.data or "",
            geboortedatum=self.geboortedatum.data,
            dossiercode=self.dossiercode.data or "",
            rijksregisternummer=self.rijksregisternummer.data or "",
            referentie=self.referentie.data or "",
            status=self.status.data or "alle",
            client_id=client_id,
        )

    def url_args(self, client_id: int | None) -> dict[str, str]:
        """The terms as typed, for the URL of the results and links to their other pages and
        sorts: the youth's id instead of the rijksregisternummer."""
        found = {}
        for name, field in self._fields.items():
            typed = (field.raw_data or [""])[0].strip()
            if name == "rijksregisternummer" or not typed or (name == "status" and typed == "alle"):
                continue
            found[name] = typed
        if client_id is not None:
            found[CLIENT_ARG] = str(client_id)
        return found
