"""D-5 "Opzoeken dossier" by name narrows on the dossier's folded name first (issue 13): accents
and case match exactly as the name condition alone does (part of the name, regardless of
case, accents as typed), alike on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from binc_web.extensions import db
from tests import factories_overview as make
from tests.test_overview import names
from tests.test_search import search


@pytest.fixture
def accented(world):
    """Names with accents, and one youth of another organisation with a matching name."""
    for family, given in (
        ("Öztürk", "Elif"),
        ("Ozer", "Ali"),
        ("De Smet", "Jan"),
        ("Desmet", "Lotte"),
        ("Lefèvre", "Zoë"),
        ("Dubois", "Émile"),
    ):
        make.dossier(world.brug, family, given)
    make.dossier(world.anker, "De Smet", "Anna")
    db.session.commit()


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("naam=Ö", ["Öztürk"]),
        ("naam=ÖZTÜRK", ["Öztürk"]),
        ("naam=öztürk", ["Öztürk"]),
        ("naam=oz", ["Ozer"]),
        ("naam=è", ["Lefèvre"]),
        ("naam=LEFÈ", ["Lefèvre"]),
        ("naam=lefe", []),
        ("naam=De Smet", ["De Smet"]),
        ("naam=de smet", ["De Smet"]),
        ("naam=DE SMET", ["De Smet"]),
        ("naam=desmet", ["Desmet"]),
        ("naam=smet", ["De Smet", "Desmet"]),
        ("naam=t j", []),  # the sort name "de smet jan" holds it; the family name does not
        ("voornaam=é", ["Dubois"]),
        ("voornaam=émi", ["Dubois"]),
        ("voornaam=ÉMILE", ["Dubois"]),
        ("voornaam=emile", []),
        ("voornaam=zoë", ["Lefèvre"]),
        ("voornaam=zoe", []),
        ("naam=smet&voornaam=jan", ["De Smet"]),
        ("naam=smet&voornaam=lo", ["Desmet"]),
    ],
)
def test_d5_accents_and_case_match_as_the_name_condition_does(
    login_as, world, accented, query, found
):
    page = search(login_as(world.jan, world.brug), query)
    assert names(page) == found
