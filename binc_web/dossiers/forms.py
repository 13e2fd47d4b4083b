"""Forms of the dossier: aanmelding (D-1), klas (K-5), transfer (D-7)."""

from __future__ import annotations

from wtforms import BooleanField, HiddenField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from binc_web.forms import BincForm, DatumField, GetalField
from binc_web.rules.aanmelding import AANMELDERS, REDEN_NIET_CLB, AanmeldingValues, variant_for
from binc_web.rules.dates import IN_THE_PAST
from binc_web.rules.klas import GRADEN, LEERJAREN, ONDERWIJSVORMEN, klas_problems


class AanmeldingForm(BincForm):
    """D-1: the aanmelding; fields the organisation kind does not have are removed."""

    uw_referentie = StringField(
        "Uw referentie",
        validators=[Optional(), Length(max=100, message="Gebruik hoogstens 100 tekens.")],
        description="Eigen dossiernummer, of een code om de cijfers per afdeling of regio "
        "te splitsen.",
    )
    via_toegangspoort = BooleanField("Via toegangspoort (NRTJ)")
    aanmelder = SelectField("Aanmelder", validate_choice=False)
    reden_niet_clb = SelectField("Reden niet CLB-aanmelding", validate_choice=False)
    reden_niet_clb_andere = StringField(
        "Andere reden",
        validators=[Optional(), Length(max=200, message="Gebruik hoogstens 200 tekens.")],
    )
    datum_aanmelding = DatumField(
        "Datum aanmelding",
        description="De datum waarop de aanmelding gebeurde (dd/mm/jjjj).",
        window=IN_THE_PAST,
        subject="De datum van aanmelding",
    )
    time_out = BooleanField(
        "Time-out",
        description="Aanvinken bij een time-out vanuit een andere voorziening: begin- en "
        "eindregistratie zijn dan niet verplicht.",
    )
    startdatum_lopend_dossier = DatumField(
        "Startdatum lopend dossier",
        description="Enkel bij een fusie of overname: de oorspronkelijke startdatum. Leeg laten "
        "wanneer die gelijk is aan de begindatum van de lopende beslissing.",
        window=IN_THE_PAST,
        subject="De startdatum van het lopend dossier",
    )
    version_id = HiddenField()

    def __init__(self, kind: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        variant = variant_for(kind)
        assert variant is not None
        self.aanmelder.choices = [("", "— kies —")] + [
            (a, AANMELDERS[a]) for a in variant.aanmelders
        ]
        self.reden_niet_clb.choices = [("", "— geen —"), *REDEN_NIET_CLB.items()]
        if not variant.toegangspoort_choice:
            del self.via_toegangspoort
        if not variant.reden_niet_clb:
            del self.reden_niet_clb
            del self.reden_niet_clb_andere
        if not variant.time_out:
            del self.time_out
        if not variant.startdatum_lopend_dossier:
            del self.startdatum_lopend_dossier

    def values(self) -> AanmeldingValues:
        """The typed values, for the D-1 rules."""

        def data(name):
            field = getattr(self, name, None)
            return field.data if field is not None else None

        return AanmeldingValues(
            via_toegangspoort=bool(data("via_toegangspoort")),
            aanmelder=data("aanmelder") or None,
            reden_niet_clb=data("reden_niet_clb") or None,
            reden_niet_clb_andere=(data("reden_niet_clb_andere") or "").strip() or None,
            datum_aanmelding=data("datum_aanmelding"),
            time_out=bool(data("time_out")),
            startdatum_lopend_dossier=data("startdatum_lopend_dossier"),
            uw_referentie=data("uw_referentie"),
        )


class KlasFields(BincForm):
    """K-5: the class data, asked by "Start klastraject" and changed later (manual 3.3)."""

    naam_klas = StringField(
        "Naam klas",
        validators=[Optional(), Length(max=120, message="Gebruik hoogstens 120 tekens.")],
    )
    aantal_deelnemers = GetalField(
        "Aantal deelnemers",
        message="Vul het aantal deelnemers in (een geheel getal).",
        validators=[
            InputRequired("Vul het aantal deelnemers in (een geheel getal)."),
            NumberRange(min=1, max=60, message="Het aantal deelnemers ligt tussen 1 en 60."),
        ],
    )
    onderwijsvorm = SelectField(
        "Onderwijsvorm", choices=[("", "— kies —"), *ONDERWIJSVORMEN], validate_choice=False
    )
    graad = SelectField("Graad", choices=[("", "— kies —"), *GRADEN], validate_choice=False)
    leerjaar = SelectField(
        "Leerjaar", choices=[("", "— kies —"), *LEERJAREN], validate_choice=False
    )

    def klas_problems(self) -> dict[str, str]:
        """K-5: the class data as the rules see it."""
        return klas_problems(
            self.naam_klas.data, self.onderwijsvorm.data, self.graad.data, self.leerjaar.data
        )


class KlasForm(AanmeldingForm, KlasFields):
    """K-5 "Start klastraject": the class and the aanmelding of its class dossier."""


class KlasEditForm(KlasFields):
    """Manual 3.3: the class data of an existing class dossier; a stale form is refused."""

    version_id = HiddenField()
