"""R-2/R-4: parameters asked in the same way by several sets (the manual's help texts).

A parameter is immutable, so the NAFT and the other sets share these objects: a change here is
a change of every set that uses them (and, if it changes codes or options, a new version).
"""

from __future__ import annotations

from binc_web.registrations import categories as c
from binc_web.registrations.engine import AnswerType, Parameter, when

NIET_BEGELEIDE_MINDERJARIGE = Parameter(
    "niet_begeleide_minderjarige",
    "Niet Begeleide Minderjarige",
    "Niet Begeleide Minderjarige betreft zowel de niet-begeleide minderjarige vreemdeling "
    "(NBMV) volgens de verblijfswet als de niet-begeleide Europese minderjarige in kwetsbare "
    "toestand (NBEM).\n"
    "Een NBMV is een persoon die onderdaan is van een land dat geen lid is van de EER, jonger "
    "dan 18 jaar is, niet begeleid wordt door een persoon die het ouderlijk gezag of de voogdij "
    "over hem uitoefent (artikel 35 van het Wetboek van internationaal privaatrecht), en "
    "definitief geïdentificeerd is als NBMV door de dienst Voogdij.\n"
    "Een NBEM is een persoon die onderdaan is van een ander land dan België dat lid is van de "
    "EER, jonger dan 18 jaar is, niet op die manier begeleid wordt, niet in het bezit is van een "
    "gelegaliseerd document waaruit blijkt dat wie het ouderlijk gezag uitoefent (ook de voogd) "
    "toestemming gaf om te reizen en in België te verblijven, niet ingeschreven is in een van de "
    "bevolkingsregisters, en zich in een kwetsbare toestand bevindt.",
    AnswerType.YES_NO,
    mandatory=True,
)

ZWANGER = Parameter(
    "zwanger",
    "Zwanger",
    "Is de jongere zwanger? Deze parameter is enkel verplicht voor de CIG en NAFT.",
    AnswerType.YES_NO,
    mandatory=True,
)

GEZINSSITUATIE = Parameter(
    "gezinssituatie",
    "Gezinssituatie",
    "Samenstelling van het gezin waarin de jongere hoofdzakelijk verblijft. Als de jongere in "
    "een pleeg- of adoptiegezin zit, registreer je ook de gezinssamenstelling van dat gezin, én "
    "duid je aan dat het om een pleeg- of adoptiegezin gaat. Bij een bilocatieregeling "
    "registreer je het gezin waar de jongere gedomicilieerd is.",
    AnswerType.SINGLE,
    c.GEZINSSITUATIES,
    mandatory=True,
)

PLEEG_ADOPTIEGEZIN = Parameter(
    "pleeg_adoptiegezin",
    "Gaat het om een pleeg- of adoptiegezin?",
    "Duid ‘ja’ aan als het gezin waarin de jongere hoofdzakelijk verblijft een pleeg- of "
    "adoptiegezin is; de gezinssituatie hierboven beschrijft dan de samenstelling van dat gezin.",
    AnswerType.YES_NO,
    mandatory=True,
    condition=when("gezinssituatie", *c.GEZINNEN),
)

OPLEIDINGSNIVEAU_OUDERS = Parameter(
    "opleidingsniveau_ouders",
    "Opleidingsniveau ouders",
    "Wat is het hoogst behaalde diploma van de opvoedingsfiguren in het gezin. Bij "
    "bilocatieregeling wordt de gezinssituatie waar de jongere gedomicilieerd is geregistreerd.",
    AnswerType.SINGLE,
    c.OPLEIDINGSNIVEAUS_OUDERS,
    mandatory=True,
)

THUISTAAL = Parameter(
    "thuistaal",
    "Thuistaal",
    "De taal die tussen de gezinsleden onderling gesproken wordt.",
    AnswerType.SINGLE,
    c.THUISTALEN,
    mandatory=True,
)

AANTAL_GEZINSLEDEN = Parameter(
    "aantal_gezinsleden",
    "Aantal gezinsleden",
    "Het aantal personen dat in het gezin van de jongere woont, de jongere zelf inbegrepen "
    "(het gezin van de gezinssituatie hierboven).",
    AnswerType.NUMBER,
    mandatory=True,
    minimum=1,
    maximum=30,
)

DOELEN_BEREIKT = Parameter(
    "doelen_bereikt",
    "Zijn de doelen van het traject bereikt?",
    "Werden de hulpverleningsdoelen die bij de start met de jongere en het gezin werden "
    "afgesproken, bereikt bij het einde van de begeleiding?",
    AnswerType.SINGLE,
    c.DOELEN_BEREIKT,
    mandatory=True,
)

REDEN_EINDE = Parameter(
    "reden_einde",
    "Reden van het einde van de hulp",
    "Waarom eindigde de hulp? Kies de belangrijkste reden.",
    AnswerType.SINGLE,
    c.REDENEN_EINDE,
    mandatory=True,
)

VERVOLGHULP = Parameter(
    "vervolghulp",
    "Is er vervolghulp na het einde van deze hulp?",
    "Krijgen de jongere of het gezin na deze hulp verdere hulp of ondersteuning (ook wanneer "
    "die al gestart is)?",
    AnswerType.YES_NO,
    mandatory=True,
)

VERVOLGHULP_WELKE = Parameter(
    "vervolghulp_welke",
    "Welke vervolghulp?",
    "Duid alle vormen van hulp of ondersteuning aan die na deze hulp volgen.",
    AnswerType.MULTIPLE,
    c.VERVOLGHULP,
    mandatory=True,
    condition=when("vervolghulp", "ja"),
)
