"""R-4: the sets for 1 Gezin 1 Plan and the other jeugdhulp voorzieningen.

Begin: characteristics of the youth and the family (as the 1 Gezin 1 Plan leaflet lists them:
gezinssituatie, aantal gezinsleden, …). Eind: the trajectory and its result. Only facts: no
free text and nothing about anyone's opinion or experience (the leaflet's "geen subjectieve
gegevens").
"""

from __future__ import annotations

from dataclasses import replace

from binc_web.registrations import categories as c
from binc_web.registrations.common import (
    AANTAL_GEZINSLEDEN,
    DOELEN_BEREIKT,
    GEZINSSITUATIE,
    NIET_BEGELEIDE_MINDERJARIGE,
    OPLEIDINGSNIVEAU_OUDERS,
    PLEEG_ADOPTIEGEZIN,
    REDEN_EINDE,
    THUISTAAL,
    VERVOLGHULP,
    VERVOLGHULP_WELKE,
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

DAGBESTEDING = Parameter(
    "dagbesteding",
    "Dagbesteding",
    "Welke is de gestructureerde (5 dagen of meer per maand) dagbesteding van het kind of de "
    "jongere gedurende de week, bij de start van de hulp.",
    AnswerType.SINGLE,
    c.DAGBESTEDING_KIND,
    mandatory=True,
)

GEZINSINKOMEN = Parameter(
    "gezinsinkomen",
    "Belangrijkste bron van inkomen van het gezin",
    "Waaruit bestaat het inkomen van het gezin hoofdzakelijk, bij de start van de hulp?",
    AnswerType.SINGLE,
    {
        "arbeid": "Inkomen uit arbeid",
        "vervangingsinkomen": "Vervangingsinkomen (werkloosheid, ziekte, invaliditeit, pensioen)",
        "leefloon": "Leefloon of financiële steun van het OCMW",
        "geen": "Geen inkomen",
        "onbekend": "Onbekend",
    },
)

EEN_GEZIN_EEN_PLAN_BEGIN = ParameterSet(
    code="een_gezin_een_plan_begin",
    label="Beginregistratie 1 Gezin 1 Plan",
    kind=BEGIN,
    dossier_kinds=frozenset({"een_gezin_een_plan"}),
    version=1,
    sections=(
        Section("kenmerken_kind", "Kenmerken van het kind of de jongere", (DAGBESTEDING,)),
        Section(
            "gezinssituatie",
            "Gezinssituatie bij de start",
            (
                GEZINSSITUATIE,
                PLEEG_ADOPTIEGEZIN,
                AANTAL_GEZINSLEDEN,
                Parameter(
                    "aantal_minderjarigen",
                    "Aantal minderjarige kinderen in het gezin",
                    "Het aantal kinderen jonger dan 18 jaar dat in het gezin woont, het kind "
                    "of de jongere van dit dossier inbegrepen.",
                    AnswerType.NUMBER,
                    mandatory=True,
                    minimum=1,
                    maximum=20,
                ),
            ),
        ),
        Section(
            "kenmerken_gezin",
            "Kenmerken gezinssituatie",
            (OPLEIDINGSNIVEAU_OUDERS, THUISTAAL, GEZINSINKOMEN),
        ),
    ),
)

EEN_GEZIN_EEN_PLAN_EIND = ParameterSet(
    code="een_gezin_een_plan_eind",
    label="Eindregistratie 1 Gezin 1 Plan",
    kind=EIND,
    dossier_kinds=frozenset({"een_gezin_een_plan"}),
    version=1,
    sections=(
        Section(
            "traject",
            "Traject",
            (
                Parameter(
                    "ondersteuning",
                    "Welke ondersteuning werd aangeboden?",
                    "Duid alle vormen van ondersteuning aan die '1 Gezin, 1 Plan' in dit "
                    "traject bood.",
                    AnswerType.MULTIPLE,
                    {
                        "gezinscoach": "Vast aanspreekpunt voor het gezin (gezinscoach)",
                        "afstemming": "Afstemming tussen de betrokken hulpverleners",
                        "aan_huis": "Gezinsondersteuning aan huis",
                        "groepsaanbod": "Groepsaanbod voor ouders of kinderen",
                        "toeleiding": "Toeleiding naar andere hulp of diensten",
                        "andere": "Andere",
                    },
                    mandatory=True,
                ),
                Parameter(
                    "gezinsplan",
                    "Werd een gezinsplan opgemaakt?",
                    "Werd samen met het gezin één plan opgemaakt waarin de doelen en de "
                    "afspraken met alle betrokkenen staan?",
                    AnswerType.YES_NO,
                    mandatory=True,
                ),
                Parameter(
                    "datum_gezinsplan",
                    "Datum van het (eerste) gezinsplan",
                    "De datum waarop het eerste gezinsplan werd opgemaakt (dd/mm/jjjj).",
                    AnswerType.DATE,
                    mandatory=True,
                    condition=when("gezinsplan", "ja"),
                ),
            ),
        ),
        Section(
            "resultaat",
            "Resultaat",
            (REDEN_EINDE, DOELEN_BEREIKT, VERVOLGHULP, VERVOLGHULP_WELKE),
        ),
    ),
)

JEUGDHULP_BEGIN = ParameterSet(
    code="jeugdhulp_begin",
    label="Beginregistratie jeugdhulp",
    kind=BEGIN,
    dossier_kinds=frozenset({"jeugdhulp"}),
    version=1,
    sections=(
        Section(
            "situatie_jongere",
            "Situatie jongere bij opname",
            (
                NIET_BEGELEIDE_MINDERJARIGE,
                Parameter(
                    "verblijfplaats",
                    "Verblijfplaats bij de start van de hulp",
                    "Waar verbleef de jongere hoofdzakelijk op het moment dat de hulp startte?",
                    AnswerType.SINGLE,
                    c.VERBLIJFPLAATSEN,
                    mandatory=True,
                ),
                DAGBESTEDING,
                Parameter(
                    "onderwijsvorm",
                    "Onderwijsvorm",
                    "In welke onderwijsvorm is de jongere momenteel of het laatst "
                    "ingeschreven, bij de start van de hulp.",
                    AnswerType.SINGLE,
                    c.ONDERWIJSVORMEN,
                    mandatory=True,
                    condition=when(
                        "dagbesteding",
                        *(code for code in c.DAGBESTEDING_KIND if code not in c.NIET_SCHOOLGAAND),
                    ),
                ),
                # the manual makes it mandatory only for NAFT and the CIG, which this
                # project does not tell apart from other voorzieningen.
                replace(ZWANGER, mandatory=False),
            ),
        ),
        Section(
            "gezinssituatie",
            "Gezinssituatie bij opname",
            (GEZINSSITUATIE, PLEEG_ADOPTIEGEZIN, AANTAL_GEZINSLEDEN),
        ),
        Section(
            "kenmerken_gezin",
            "Kenmerken gezinssituatie",
            (OPLEIDINGSNIVEAU_OUDERS, THUISTAAL),
        ),
    ),
)

JEUGDHULP_EIND = ParameterSet(
    code="jeugdhulp_eind",
    label="Eindregistratie jeugdhulp",
    kind=EIND,
    dossier_kinds=frozenset({"jeugdhulp"}),
    version=1,
    sections=(
        Section("traject", "Traject", (REDEN_EINDE, DOELEN_BEREIKT)),
        Section(
            "situatie_na",
            "Situatie na de hulp",
            (
                Parameter(
                    "verblijfplaats_na",
                    "Verblijfplaats na het einde van de hulp",
                    "Waar verblijft de jongere hoofdzakelijk nu de hulp beëindigd is?",
                    AnswerType.SINGLE,
                    c.VERBLIJFPLAATSEN,
                    mandatory=True,
                ),
                Parameter(
                    "dagbesteding_na",
                    "Dagbesteding na het einde van de hulp",
                    "Welke is de gestructureerde (5 dagen of meer per maand) dagbesteding van "
                    "de jongere nu de hulp beëindigd is?",
                    AnswerType.SINGLE,
                    c.DAGBESTEDING_KIND,
                    mandatory=True,
                ),
                VERVOLGHULP,
                VERVOLGHULP_WELKE,
            ),
        ),
    ),
)
