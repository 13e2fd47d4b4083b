"""Forms of the traject: beslissing (S-1), schakeling (S-2), "Afsluiten vorig hulpaanbod"."""

from __future__ import annotations

from wtforms import BooleanField, HiddenField, SelectMultipleField, TextAreaField
from wtforms.validators import Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from binc_web.forms import BincForm, DatumField
from binc_web.rules.beslissingen import (
    VERZEKERD_AANBOD_HELP,
    ZWAARTEPUNT_HELP,
    BeslissingVariant,
)
from binc_web.rules.dates import TRAJECT
from binc_web.rules.ids import parse_id


class ModuleChecklist(SelectMultipleField):
    """Typemodules as check boxes; the rules (not WTForms) decide which ids are allowed."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, label=None, **kwargs):
        super().__init__(label, coerce=int, validate_choice=False, **kwargs)

    def process_formdata(self, valuelist):
        # Junk ids are dropped here and reported by the rules as "kies minstens één module".
        self.data = [number for number in map(parse_id, valuelist) if number is not None]


class BeslissingForm(BincForm):
    """S-1 "Toevoegen Jeugdhulpbeslissing" / "Wijzigen Jeugdhulpbeslissing"."""

    via_toegangspoort = BooleanField(
        "Via toegangspoort (NRTJ)",
        description="Aanvinken wanneer de beslissing van de toegangspoort komt (NRTJ); "
        "anders is het een rechtstreeks toegankelijke beslissing (RTJ).",
    )
    begindatum = DatumField(
        "Begindatum",
        description="De datum waarop de voorziening kan starten met het hulpaanbod (dd/mm/jjjj).",
        window=TRAJECT,
        subject="De begindatum",
    )
    einddatum = DatumField(
        "Einddatum",
        description="De datum waarop de beslissing afloopt.",
        window=TRAJECT,
        subject="De einddatum",
    )
    modules = ModuleChecklist("Modules")
    version_id = HiddenField()

    def __init__(self, variant: BeslissingVariant, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not variant.toegangspoort_choice:
            # S-1: RTJ, as "Via toegangspoort" is fixed on nee in the aanmelding (D-1).
            del self.via_toegangspoort
        if variant.standard_term:
            self.einddatum.description = (
                "Standaard 6 maanden na de begindatum; leeg laten neemt die termijn."
            )


class SchakelingForm(BincForm):
    """S-2 "Toevoegen Start Hulpaanbod" / "Toevoegen Verlenging" / "Wijzigen schakeling"."""

    begindatum = DatumField(
        "Begindatum",
        description="De eerste effectieve begeleidingsactie (intake, rondetafel, …), dd/mm/jjjj.",
        window=TRAJECT,
        subject="De begindatum",
    )
    einddatum = DatumField(
        "Einddatum",
        description="Mag leeg blijven zolang het hulpaanbod loopt; vul ze in zodra het stopt.",
        window=TRAJECT,
        subject="De einddatum",
    )
    modules = ModuleChecklist("Modules")
    verzekerd_aanbod = BooleanField("Verzekerd aanbod (art. 74)", description=VERZEKERD_AANBOD_HELP)
    zwaartepunt_andere_sector = BooleanField(
        "Zwaartepunt verblijf ligt in een andere sector", description=ZWAARTEPUNT_HELP
    )
    # S-4: set when the user confirmed the warning about dates outside the beslissing.
    bevestigd = HiddenField()
    version_id = HiddenField()


class EinddatumForm(BincForm):
    """S-3 "Afsluiten vorig hulpaanbod (schakeling)": the end date of the open schakeling."""

    einddatum = DatumField(
        "Einddatum vorige schakeling",
        description="In principe de einddatum van de bijhorende beslissing (dd/mm/jjjj).",
        window=TRAJECT,
        subject="De einddatum",
    )
    version_id = HiddenField()


class ConfirmForm(BincForm):
    """A confirmation (delete, close) that refuses a stale page: the version it was shown with."""

    version_id = HiddenField()


class ReopenRequestForm(ConfirmForm):
    """D-12: why a dossier closed more than a year ago should be reopened."""

    toelichting = TextAreaField(
        "Toelichting voor de dossierbehandelaar",
        validators=[Optional(), Length(max=1000, message="Gebruik hoogstens 1000 tekens.")],
        description="Waarom moet dit dossier heropend worden? Vermeld geen gegevens uit de "
        "begin- of eindregistratie.",
    )
