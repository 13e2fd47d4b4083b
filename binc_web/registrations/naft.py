"""R-2/R-3: the NAFT sets: beginregistratie (individual dossiers only) and the eindregistratie
for individual and klas-dossiers, with the manual's parameters, help texts and branches.

Mandatory markers: the manual's (*) on the main questions; a follow-up question ("Indien ja",
"Indien nee", "Indien nieuw schooltraject") is mandatory whenever its branch is open.
"""

from __future__ import annotations

from binc_web.registrations import categories as c
from binc_web.registrations.common import (
    GEZINSSITUATIE,
    NIET_BEGELEIDE_MINDERJARIGE,
    OPLEIDINGSNIVEAU_OUDERS,
    PLEEG_ADOPTIEGEZIN,
    THUISTAAL,
    ZWANGER,
)
from binc_web.registrations.engine import (
    BEGIN,
    EIND,
    AnswerType,
    Parameter,
    ParameterSet,
    Section,
    when,
)

NAFT_BEGIN = ParameterSet(
    code="naft_begin",
    label="Beginregistratie NAFT",
    kind=BEGIN,
    dossier_kinds=frozenset({"naft_individueel"}),
    version=1,
    sections=(
        Section(
            "situatie_jongere",
            "Situatie jongere bij opname",
            (
                NIET_BEGELEIDE_MINDERJARIGE,
                Parameter(
                    "dagbesteding",
                    "Dagbesteding",
                    "Welke is de gestructureerde (5 dagen of meer per maand) dagbesteding van "
                    "de jongere gedurende de schoolweek, op het moment dat het NAFT-traject "
                    "start.",
                    AnswerType.SINGLE,
                    c.DAGBESTEDING_JONGERE,
                    mandatory=True,
                ),
                Parameter(
                    "opleidingsniveau",
                    "Opleidingsniveau",
                    "In welke onderwijsvorm is de jongere momenteel of het laatst ingeschreven, "
                    "op het moment dat het NAFT-traject start.",
                    AnswerType.SINGLE,
                    c.ONDERWIJSVORMEN,
                    mandatory=True,
                ),
                Parameter(
                    "leerjaar",
                    "Leerjaar",
                    "In welk leerjaar van het secundair onderwijs is de jongere ingeschreven?",
                    AnswerType.SINGLE,
                    c.LEERJAREN,
                    mandatory=True,
                    condition=when("opleidingsniveau", *c.SECUNDAIR),
                ),
                Parameter(
                    "graad",
                    "Graad",
                    "In welke graad van het secundair onderwijs is de jongere ingeschreven "
                    "(enkel van toepassing op het gewoon SO en opleidingsvorm 4 van het BUSO)?",
                    AnswerType.SINGLE,
                    c.GRADEN,
                    mandatory=True,
                    condition=when("opleidingsniveau", *c.MET_GRAAD),
                ),
                Parameter(
                    "schoolachterstand",
                    "Aantal jaren schoolachterstand",
                    "Het aantal jaren achterstand t.o.v. de normale schoolcarrière (dubbelen), "
                    "op het moment dat de hulpverlening begint. NVT voor jongeren uit het "
                    "(lager) Buitengewoon Onderwijs.",
                    AnswerType.SINGLE,
                    c.SCHOOLACHTERSTAND,
                    mandatory=True,
                ),
                Parameter(
                    "buitengewoon_onderwijs",
                    "Buitengewoon Onderwijs achtergrond",
                    "De jongere volgde minstens één schooljaar onderwijs BLO (basisonderwijs) / "
                    "BUSO (secundair onderwijs).",
                    AnswerType.YES_NO,
                    mandatory=True,
                ),
                ZWANGER,
                Parameter(
                    "tienerouder",
                    "Tienerouder",
                    "Heeft de jongere een of meerdere kinderen?",
                    AnswerType.YES_NO,
                    mandatory=True,
                ),
            ),
        ),
        Section(
            "gezinssituatie",
            "Gezinssituatie bij opname",
            (GEZINSSITUATIE, PLEEG_ADOPTIEGEZIN),
        ),
        Section(
            "kenmerken_gezin",
            "Kenmerken gezinssituatie",
            (OPLEIDINGSNIVEAU_OUDERS, THUISTAAL),
        ),
    ),
)

INTERVENTIETYPES: dict[str, str] = {
    "leerling_individueel": "Leerlingondersteuning individueel",
    "leerling_groep": "Leerlingondersteuning in groep",
    "school_individueel": "Schoolondersteuning individueel",
    "school_groep": "Schoolondersteuning in groep",
    "herstelgesprekken": "Herstelgesprekken",
    "vrijwilligers": "Coaching en begeleiding door vrijwilligers",
}

ACTOREN: dict[str, str] = {
    "leerkrachten": "Leerkracht(en)",
    "leerlingenbegeleiders": "Leerlingenbegeleider(s)",
    "directie": "Directie",
    "clb": "CLB",
    "ouders": "Ouders",
    "peers": "Peers van de jongere",
    "andere_contextfiguur": "Andere contextfiguur",
    "vrije_tijd": "Actor(en) in het domein vrije tijd",
    "welzijn": "Actor(en) uit het domein welzijn",
    "andere": "Andere",
}

_NIEUW_SCHOOLTRAJECT = when("verderzetting", "nieuw")


def _anders(code: str, label: str, what: str) -> Parameter:
    """R-3: one of the four "Indien nieuw schooltraject" questions (ja/nee/onbekend)."""
    return Parameter(
        code,
        label,
        f"Gaat de jongere in het nieuwe schooltraject naar {what} dan voor het NAFT-traject?",
        AnswerType.YES_NO_UNKNOWN,
        mandatory=True,
        condition=_NIEUW_SCHOOLTRAJECT,
    )


NAFT_EIND = ParameterSet(
    code="naft_eind",
    label="Eindregistratie NAFT",
    kind=EIND,
    dossier_kinds=frozenset({"naft_individueel"}),
    version=1,
    sections=(
        Section(
            "proces",
            "Proces NAFT traject",
            (
                Parameter(
                    "interventietype",
                    "Welk type interventie gebeurde in dit traject?",
                    "Duid alle soorten interventies aan die in dit NAFT-traject werden ingezet, "
                    "bij de jongere zelf (leerlingondersteuning) of bij de school "
                    "(schoolondersteuning).",
                    AnswerType.MULTIPLE,
                    INTERVENTIETYPES,
                    mandatory=True,
                ),
                Parameter(
                    "actoren",
                    "Welke actoren waren betrokken in dit traject?",
                    "Duid alle personen en diensten aan die actief betrokken waren in het "
                    "NAFT-traject.",
                    AnswerType.MULTIPLE,
                    ACTOREN,
                    mandatory=True,
                ),
                Parameter(
                    "gedeeld",
                    "Werd de begeleiding van dit traject gedeeld met een andere erkende "
                    "NAFT-aanbieder?",
                    "Duid ‘ja’ aan als een andere erkende NAFT-aanbieder een deel van de "
                    "begeleiding van dit traject opnam.",
                    AnswerType.YES_NO,
                    mandatory=True,
                ),
                Parameter(
                    "naft_aanbieders",
                    "Selecteer NAFT-aanbieder",
                    "Met welke erkende NAFT-aanbieder(s) werd de begeleiding gedeeld? Je kan "
                    "meerdere aanbieders aanduiden.",
                    AnswerType.MULTIPLE,
                    c.NAFT_PROVIDERS,
                    mandatory=True,
                    condition=when("gedeeld", "ja"),
                ),
                Parameter(
                    "vroegtijdig_afgebroken",
                    "Werd het NAFT-traject vroegtijdig afgebroken?",
                    "Duid ‘ja’ aan als het traject stopte voor het geplande einde (bv. op vraag "
                    "van de jongere, de ouders of de school).",
                    AnswerType.YES_NO,
                    mandatory=True,
                ),
            ),
        ),
        Section(
            "resultaat",
            "Resultaat NAFT traject",
            (
                Parameter(
                    "doelen_bereikt",
                    "Zijn de doelen van het NAFT-traject bereikt?",
                    "Werden de doelen die bij de start van het NAFT-traject werden afgesproken "
                    "bereikt bij het einde van het traject?",
                    AnswerType.SINGLE,
                    c.DOELEN_BEREIKT,
                    mandatory=True,
                ),
                Parameter(
                    "terug_naar_school",
                    "Gaat de jongere (terug) naar school?",
                    "Gaat de jongere na het NAFT-traject (opnieuw) naar school? Bij ‘ja’ en "
                    "‘nee’ volgen nog enkele vragen.",
                    AnswerType.YES_NO,
                ),
                Parameter(
                    "verderzetting",
                    "Verderzetting van het schooltraject",
                    "Zet de jongere het schooltraject verder waar het was (heraansluiting of "
                    "verderzetting), of start een nieuw schooltraject?",
                    AnswerType.SINGLE,
                    {
                        "oud": "In zijn oude schooltraject (heraansluiting of verderzetting)",
                        "nieuw": "In een nieuw schooltraject",
                    },
                    mandatory=True,
                    condition=when("terug_naar_school", "ja"),
                ),
                _anders("andere_klas", "Andere klas", "een andere klas"),
                _anders("andere_school", "Andere school", "een andere school"),
                _anders(
                    "andere_studierichting", "Andere studierichting", "een andere studierichting"
                ),
                _anders("andere_onderwijsvorm", "Andere onderwijsvorm", "een andere onderwijsvorm"),
                Parameter(
                    "inschatting_vertraging",
                    "Inschatting van vertraging in het schooltraject (zittenblijven)",
                    "Wordt het schooltraject verdergezet met vertraging (zittenblijven), of zijn "
                    "daar sterke aanwijzingen voor?",
                    AnswerType.SINGLE,
                    {
                        "met_vertraging": "Schooltraject wordt verdergezet met vertraging of er "
                        "zijn sterke aanwijzingen",
                        "zonder_vertraging": "Schooltraject wordt (vermoedelijk) verdergezet "
                        "zonder vertraging",
                    },
                    mandatory=True,
                    condition=when("terug_naar_school", "ja"),
                ),
                Parameter(
                    "inschatting_afwezigheden",
                    "Inschatting van de problematische afwezigheden",
                    "Zijn de problematische afwezigheden van de jongere na het NAFT-traject "
                    "verminderd, of zijn daar sterke aanwijzingen voor?",
                    AnswerType.SINGLE,
                    {
                        "verminderd": "De afwezigheden zijn al verminderd of er zijn sterke "
                        "aanwijzingen dat de jongere na het NAFT-traject minder problematisch "
                        "afwezig zal zijn",
                        "niet_verminderd": "Geen aanwijzingen dat de problematische afwezigheden "
                        "zullen verminderen",
                        "geen_sprake": "Er was geen sprake van problematische afwezigheden",
                    },
                    mandatory=True,
                    condition=when("terug_naar_school", "ja"),
                ),
                Parameter(
                    "situatie_zonder_school",
                    "Wat doet de jongere als hij of zij niet naar school gaat?",
                    "De situatie van de jongere na het NAFT-traject, als hij of zij niet (terug) "
                    "naar school gaat.",
                    AnswerType.SINGLE,
                    {
                        "opleiding": "Volgt een ander type opleiding of training (bv. opleiding "
                        "bij VDAB)",
                        "zoekt_werk": "Is op zoek naar werk, maar volgt geen opleiding",
                        "werk": "Heeft werk (al dan niet gecombineerd met het volgen van een "
                        "opleiding)",
                        "niets": "Volgt geen opleiding en heeft geen werk",
                        "hulpverlening": "Zit in een hulpverleningstraject",
                        "onbekend": "Niet bekend",
                    },
                    mandatory=True,
                    condition=when("terug_naar_school", "nee"),
                ),
            ),
        ),
    ),
)

NAFT_EIND_KLAS = ParameterSet(
    code="naft_eind_klas",
    label="Eindregistratie NAFT klas-dossier",
    kind=EIND,
    dossier_kinds=frozenset({"naft_klas"}),
    version=1,
    sections=(
        Section(
            "resultaat",
            "Resultaat NAFT traject",
            (
                Parameter(
                    "kans_vergroot",
                    "Heeft het NAFT-traject de kans vergroot dat de leerlingen hun "
                    "onderwijstraject voortzetten en gekwalificeerd uitstromen?",
                    "Een inschatting voor de klas als geheel bij het einde van het NAFT-traject.",
                    AnswerType.SINGLE,
                    {
                        "groter": "Ja, de kans is groter dan tevoren",
                        "gelijk": "De kans is niet groter of kleiner dan tevoren",
                        "kleiner": "Neen, de kans is kleiner dan tevoren",
                    },
                    mandatory=True,
                ),
            ),
        ),
    ),
)
