"""D-13: the manual's messages (chapter 10) for work that collided with someone else's.

One place for the exact texts, so views, fragments and tests all say the same thing.
"""

from __future__ import annotations

# Shown as an error page (or, for htmx, in the banner).
STALE = (
    "De gevraagde actie kon niet uitgevoerd worden. Dit kan verschillende oorzaken hebben: "
    "de gegevens zijn mogelijk verouderd (probeer uw actie opnieuw uit te voeren); er werd "
    "gebruik gemaakt van de navigatieknoppen van de browser; of er werd gewerkt in meerdere "
    "tabbladen of browservensters. Laad de pagina opnieuw."
)
DOSSIER_GONE = (
    "Het dossier bestaat niet meer. Mogelijk werd het inmiddels verwijderd door een andere "
    "gebruiker."
)
DOSSIER_ALREADY_DELETED = "Het dossier werd reeds verwijderd door een andere gebruiker"
BESLISSING_GONE = (
    "De jeugdhulpbeslissing bestaat niet meer. Mogelijk werd ze inmiddels verwijderd door een "
    "andere gebruiker."
)
SCHAKELING_GONE = (
    "De schakeling bestaat niet meer. Mogelijk werd ze inmiddels verwijderd door een andere "
    "gebruiker."
)
RECIPIENT_GONE = (
    "Deze persoon staat niet meer op de lijst 'Gebruikersbeheer documenten'. Mogelijk werd ze "
    "inmiddels verwijderd door een andere gebruiker of in een ander tabblad of browservenster."
)
BEGINREGISTRATIE_EXISTS = "Er werd reeds een beginregistratie aangemaakt in dit dossier."
EINDREGISTRATIE_EXISTS = "Er werd reeds een eindregistratie aangemaakt in dit dossier."

# Shown as a message in the form or fragment.
NOT_MOST_RECENT = (
    "De schakeling is niet de meest recente schakeling in het dossier en kan niet gewijzigd "
    "worden. Wellicht is er ondertussen een nieuwe schakeling aangemaakt."
)
OPEN_SCHAKELING_EXISTS = (
    "Intussen werd een schakeling zonder einddatum aan het dossier toegevoegd. Gelieve deze eerst "
    "af te sluiten alvorens een nieuwe schakeling toe te voegen."
)
ALREADY_CLOSED = "Dossier is reeds afgesloten"
# Under STALE, on a confirmation shown again with what is stored now (no fields to keep).
RECONFIRM = "Hieronder staat wat nu bewaard is. Bevestig opnieuw als uw actie nog nodig is."
