"""D-13: the collision messages are the manual's own words (chapter 10), typed out here from
the manual, so a test comparing a response with the code's constant also checks the wording."""

from __future__ import annotations

import pytest

from binc_web.rules import concurrency

MANUAL = {
    "BESLISSING_GONE": "De jeugdhulpbeslissing bestaat niet meer. Mogelijk werd ze inmiddels "
    "verwijderd door een andere gebruiker.",
    "DOSSIER_GONE": "Het dossier bestaat niet meer. Mogelijk werd het inmiddels verwijderd door "
    "een andere gebruiker.",
    "BEGINREGISTRATIE_EXISTS": "Er werd reeds een beginregistratie aangemaakt in dit dossier.",
    "EINDREGISTRATIE_EXISTS": "Er werd reeds een eindregistratie aangemaakt in dit dossier.",
    "DOSSIER_ALREADY_DELETED": "Het dossier werd reeds verwijderd door een andere gebruiker",
    "NOT_MOST_RECENT": "De schakeling is niet de meest recente schakeling in het dossier en kan "
    "niet gewijzigd worden. Wellicht is er ondertussen een nieuwe schakeling aangemaakt.",
    "OPEN_SCHAKELING_EXISTS": "Intussen werd een schakeling zonder einddatum aan het dossier "
    "toegevoegd. Gelieve deze eerst af te sluiten alvorens een nieuwe schakeling toe te voegen.",
    "ALREADY_CLOSED": "Dossier is reeds afgesloten",
}


@pytest.mark.parametrize("name", sorted(MANUAL))
def test_d13_each_message_is_the_manuals_sentence(name):
    assert getattr(concurrency, name) == MANUAL[name]


def test_d13_the_stale_message_gives_the_manuals_three_causes():
    """The manual's error page: the sentence, then its three likely causes."""
    assert concurrency.STALE.startswith(
        "De gevraagde actie kon niet uitgevoerd worden. Dit kan verschillende oorzaken hebben"
    )
    for cause in (
        "de gegevens zijn mogelijk verouderd",
        "navigatieknoppen van de browser",
        "meerdere tabbladen",
    ):
        assert cause in concurrency.STALE


def test_d13_a_vanished_schakeling_is_said_like_a_vanished_beslissing():
    """Not in the manual: worded after its message for a beslissing."""
    assert concurrency.SCHAKELING_GONE == (
        "De schakeling bestaat niet meer. Mogelijk werd ze inmiddels verwijderd door een andere "
        "gebruiker."
    )
