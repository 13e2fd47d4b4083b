"""R-2/R-4: the answer lists the registration sets share, kept in one place.

Where the manual gives no answer options, these are the Flemish education and family categories
a worker expects (R-2). Codes are stored with the answers, so a label can be reworded freely;
removing or renaming a code is a new version of the sets that use it (R-1).
"""

from __future__ import annotations

# the recognised NAFT providers ("Lijst met alle erkende NAFT-aanbieders"). The agency
# keeps the authoritative list; this is the only place to update it.
NAFT_PROVIDERS: dict[str, str] = {
    "alba": "Alba vzw",
    "arktos_antwerpen": "Arktos vzw – regio Antwerpen",
    "arktos_brussel": "Arktos vzw – regio Brussel",
    "arktos_limburg": "Arktos vzw – regio Limburg",
    "arktos_oost_vlaanderen": "Arktos vzw – regio Oost-Vlaanderen",
    "arktos_vlaams_brabant": "Arktos vzw – regio Vlaams-Brabant",
    "arktos_west_vlaanderen": "Arktos vzw – regio West-Vlaanderen",
    "groep_intro_brussel": "Groep INTRO vzw – Brussel",
    "groep_intro_oost_vlaanderen": "Groep INTRO vzw – Oost-Vlaanderen",
    "groep_intro_vlaams_brabant": "Groep INTRO vzw – Vlaams-Brabant",
    "oranjehuis": "Oranjehuis vzw",
    "tonuso": "Tonuso vzw",
    "jeugdzorg_emmaus": "Jeugdzorg Emmaüs Antwerpen",
}

# R-2: "Welke is de gestructureerde (5 dagen of meer per maand) dagbesteding van de jongere
# gedurende de schoolweek".
DAGBESTEDING_JONGERE: dict[str, str] = {
    "voltijds_onderwijs": "Voltijds onderwijs",
    "deeltijds_onderwijs": "Deeltijds onderwijs, duaal leren of leertijd (leren en werken)",
    "opleiding": "Opleiding of training buiten het onderwijs (bv. VDAB)",
    "werk": "Werk (ook vakantie- of interimwerk)",
    "dagcentrum": "Dagbesteding in een voorziening (bv. dagcentrum, arbeidszorg)",
    "geen": "Geen gestructureerde dagbesteding",
    "andere": "Andere",
}

# the same question for children of every age (1 Gezin 1 Plan also reaches babies).
DAGBESTEDING_KIND: dict[str, str] = {
    "thuis": "Thuis (nog niet schoolgaand)",
    "kinderopvang": "Kinderopvang of onthaalouder",
    "kleuteronderwijs": "Kleuteronderwijs",
    "lager_onderwijs": "Lager onderwijs",
    "secundair_onderwijs": "Voltijds secundair onderwijs",
    "deeltijds_onderwijs": DAGBESTEDING_JONGERE["deeltijds_onderwijs"],
    "opleiding": DAGBESTEDING_JONGERE["opleiding"],
    "werk": DAGBESTEDING_JONGERE["werk"],
    "dagcentrum": DAGBESTEDING_JONGERE["dagcentrum"],
    "geen": "Geen gestructureerde dagbesteding",
    "andere": "Andere",
}

# children not (yet) going to school, for whom no onderwijsvorm is asked.
NIET_SCHOOLGAAND = ("thuis", "kinderopvang")

# "In welke onderwijsvorm is de jongere momenteel of het laatst ingeschreven".
ONDERWIJSVORMEN: dict[str, str] = {
    "lager": "Gewoon lager onderwijs",
    "bulo": "Buitengewoon lager onderwijs",
    "so_a_stroom": "Gewoon secundair onderwijs: eerste graad A-stroom",
    "so_b_stroom": "Gewoon secundair onderwijs: eerste graad B-stroom",
    "aso": "Gewoon secundair onderwijs: ASO (doorstroomfinaliteit)",
    "tso": "Gewoon secundair onderwijs: TSO (dubbele finaliteit of doorstroom)",
    "kso": "Gewoon secundair onderwijs: KSO",
    "bso": "Gewoon secundair onderwijs: BSO (arbeidsmarktfinaliteit)",
    "buso_ov1": "BUSO opleidingsvorm 1 (sociale aanpassing)",
    "buso_ov2": "BUSO opleidingsvorm 2 (sociale en beroepsvorming)",
    "buso_ov3": "BUSO opleidingsvorm 3 (beroepsvorming)",
    "buso_ov4": "BUSO opleidingsvorm 4 (algemeen, beroepsvoorbereidend of technisch)",
    "dbso": "Deeltijds beroepssecundair onderwijs (DBSO)",
    "duaal_leertijd": "Duaal leren of leertijd (Syntra)",
    "okan": "Onthaalonderwijs voor anderstalige nieuwkomers (OKAN)",
    "volwassenenonderwijs": "Volwassenenonderwijs of tweedekansonderwijs",
    "geen": "Nooit ingeschreven in Vlaams onderwijs",
    "onbekend": "Onbekend",
}

# the forms of secondary education in which a "leerjaar" means something.
SECUNDAIR = (
    "so_a_stroom",
    "so_b_stroom",
    "aso",
    "tso",
    "kso",
    "bso",
    "buso_ov1",
    "buso_ov2",
    "buso_ov3",
    "buso_ov4",
    "dbso",
    "duaal_leertijd",
    "okan",
)
# R-2 (manual): "graad" applies only to gewoon secundair onderwijs and BUSO opleidingsvorm 4.
MET_GRAAD = ("so_a_stroom", "so_b_stroom", "aso", "tso", "kso", "bso", "buso_ov4")

LEERJAREN: dict[str, str] = {
    "1": "1ste leerjaar",
    "2": "2de leerjaar",
    "3": "3de leerjaar",
    "4": "4de leerjaar",
    "5": "5de leerjaar",
    "6": "6de leerjaar",
    "7": "7de leerjaar (specialisatiejaar of Se-n-Se)",
    "onbekend": "Onbekend",
}

GRADEN: dict[str, str] = {
    "1": "Eerste graad",
    "2": "Tweede graad",
    "3": "Derde graad",
    "onbekend": "Onbekend",
}

# R-2 (manual): "NVT voor jongeren uit het (lager) Buitengewoon Onderwijs".
SCHOOLACHTERSTAND: dict[str, str] = {
    "0": "Geen achterstand",
    "1": "1 jaar",
    "2": "2 jaar",
    "3": "3 jaar",
    "4": "4 jaar of meer",
    "nvt": "NVT (buitengewoon onderwijs)",
    "onbekend": "Onbekend",
}

# "Samenstelling van het gezin waarin de jongere hoofdzakelijk verblijft".
GEZINSSITUATIES: dict[str, str] = {
    "beide_ouders": "Twee ouders (samenwonend)",
    "moeder_alleen": "Eenoudergezin: moeder",
    "vader_alleen": "Eenoudergezin: vader",
    "moeder_partner": "Nieuw samengesteld gezin: moeder en partner",
    "vader_partner": "Nieuw samengesteld gezin: vader en partner",
    "familie": "Bij familie (bv. grootouders, oom of tante)",
    "voorziening": "In een leefgroep of voorziening",
    "zelfstandig": "Woont zelfstandig (alleen of met partner)",
    "andere": "Andere",
}
# in these situations the opvoedingsfiguren can be a pleeg- or adoptiegezin.
GEZINNEN = ("beide_ouders", "moeder_alleen", "vader_alleen", "moeder_partner", "vader_partner")

# "het hoogst behaalde diploma van de opvoedingsfiguren in het gezin".
OPLEIDINGSNIVEAUS_OUDERS: dict[str, str] = {
    "geen_diploma": "Geen diploma of enkel lager onderwijs",
    "lager_secundair": "Diploma lager secundair onderwijs (tweede graad)",
    "hoger_secundair": "Diploma hoger secundair onderwijs",
    "hoger_onderwijs": "Diploma hoger onderwijs (hogeschool of universiteit)",
    "buitenland": "Diploma uit het buitenland, niveau onbekend",
    "onbekend": "Onbekend",
}

# "De taal die tussen de gezinsleden onderling gesproken wordt".
THUISTALEN: dict[str, str] = {
    "nederlands": "Nederlands",
    "nederlands_en_andere": "Nederlands en een andere taal",
    "frans": "Frans",
    "engels": "Engels",
    "arabisch": "Arabisch",
    "berbers": "Berbers (Tamazight)",
    "turks": "Turks",
    "pools": "Pools",
    "roemeens": "Roemeens",
    "andere": "Een andere taal",
    "onbekend": "Onbekend",
}

# a concrete place, not an appreciation (no subjective data).
VERBLIJFPLAATSEN: dict[str, str] = {
    "thuis": "Thuis bij ouder(s)",
    "familie": "Bij familie of in het netwerk",
    "pleeggezin": "In een pleeggezin",
    "voorziening": "In een voorziening (leefgroep, internaat, kamertraining)",
    "zelfstandig": "Zelfstandig",
    "andere": "Andere",
    "onbekend": "Onbekend",
}

# why the help ended, as facts.
REDENEN_EINDE: dict[str, str] = {
    "afgerond": "Afgerond zoals gepland",
    "stopgezet_gezin": "Stopgezet op vraag van de jongere of het gezin",
    "stopgezet_voorziening": "Stopgezet door de voorziening",
    "doorverwezen": "Overgedragen of doorverwezen naar andere hulp",
    "verhuis": "Verhuis buiten het werkingsgebied",
    "leeftijd": "Leeftijdsgrens bereikt",
    "geen_contact": "Geen contact meer mogelijk",
    "andere": "Andere",
}

# who takes over after the help ends.
VERVOLGHULP: dict[str, str] = {
    "rtj": "Rechtstreeks toegankelijke jeugdhulp",
    "nrtj": "Niet-rechtstreeks toegankelijke jeugdhulp",
    "1g1p": "1 Gezin 1 Plan",
    "kind_en_gezin": "Kind en Gezin of Huis van het Kind",
    "caw": "CAW",
    "ggz": "Geestelijke gezondheidszorg",
    "vaph": "Ondersteuning van het VAPH",
    "clb": "CLB",
    "ocmw": "OCMW",
    "andere": "Andere",
}

DOELEN_BEREIKT: dict[str, str] = {
    "ja": "Ja",
    "grotendeels": "Grotendeels",
    "eerder_niet": "Eerder niet",
    "nee": "Nee",
}
