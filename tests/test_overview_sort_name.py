"""D-4: the name key of the dossier lists (``dossiers.sort_name``): that it stays current
whoever changes a name, and that the lists sort and letter on it alike everywhere (how it is
made: tests/test_rules_overview.py)."""

from __future__ import annotations

import re
from datetime import date

from binc_web.extensions import db
from binc_web.models import Aanmelding, Client, Dossier, Klas
from binc_web.rules.national_number import compose_national_number
from tests import factories_overview as make
from tests.conftest import csrf_token


def names(page: str) -> list[str]:
    """The names in the rows of the dossier list, in order (not those of "Actie nodig")."""
    rows = page[page.index('id="dossierlijst"') :] if 'id="dossierlijst"' in page else page
    return re.findall(r'<a href="/dossiers/\d+">([^<]+)</a>', rows)


def get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def stored(dossier: Dossier) -> str:
    """The sort name in the database (not the session's copy)."""
    return db.session.scalar(db.select(Dossier.sort_name).where(Dossier.id == dossier.id))


def only_the(world) -> None:
    """Leave NAFT De Brug without the world's own dossier."""
    db.session.delete(world.brug_dossier)


# --- kept current ---


def test_d4_new_dossiers_get_their_sort_name(app, world):
    person = make.dossier(world.brug, "Öztürk", "Elif")
    klas = make.klas_dossier(world.brug, "2de graad OKAN")
    # Client and dossier new in the same flush: the dossier only has the relationship.
    youth = Client(
        national_number=compose_national_number(date(2013, 2, 2), 102),
        family_name="Émond",
        given_name="Inès",
        gender="V",
        birth_date=date(2013, 2, 2),
    )
    together = Dossier(
        code="BNC_20251201_901", organisation_id=world.anker.id, client=youth, status="open"
    )
    together.aanmelding = Aanmelding(aanmelder="clb", datum_aanmelding=date(2025, 11, 20))
    db.session.add(together)
    db.session.commit()
    assert stored(person) == "ozturk elif"
    assert stored(klas) == "2de graad okan"
    assert stored(together) == "emond ines"


def test_d4_sort_name_stays_current_after_a_client_rename(app, login_as, world):
    """K-3 corrects a youth's name: every dossier of the youth moves in the lists, and that is
    no change of the dossiers themselves (version and "Laatst gewijzigd" stay, D-13)."""
    only_the(world)
    aerts = make.dossier(world.brug, "Aerts", "Yara", date(2011, 3, 14), status="open")
    elsewhere = make.dossier(
        world.anker, who=aerts.client, status="closed", closed_at=date(2026, 1, 5)
    )
    make.dossier(world.brug, "Bogaert", "Mila")
    db.session.commit()
    before = (aerts.version_id, aerts.updated_at)
    http = login_as(world.jan, world.brug)
    assert names(get(http, "/")) == ["Aerts", "Bogaert"]

    data = {
        "csrf_token": csrf_token(http),
        "family_name": "Çelik",
        "given_name": "Yara",
        "gender": "V",
        "birth_date": "14/03/2011",
        "nationality": "België",
        "country_of_origin": "België",
        "language": "Nederlands",
        "version_id": str(aerts.client.version_id),
    }
    response = http.post(f"/clienten/{aerts.client_id}/gegevens", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)

    assert stored(aerts) == stored(elsewhere) == "celik yara"
    assert names(get(http, "/")) == ["Bogaert", "Çelik"]
    assert names(get(http, "/?letter=C")) == ["Çelik"]
    assert names(get(http, "/?letter=A")) == []
    db.session.refresh(aerts)
    assert (aerts.version_id, aerts.updated_at) == before


def test_d4_a_rename_in_the_session_updates_the_loaded_dossiers_too(app, world):
    dossier = make.dossier(world.brug, "Aerts", "Yara")
    db.session.commit()
    assert dossier.sort_name == "aerts yara"  # loaded
    dossier.client.given_name = "Zoë"
    db.session.flush()
    assert dossier.sort_name == "aerts zoe"
    assert stored(dossier) == "aerts zoe"
    assert dossier not in db.session.dirty


def test_d4_sort_name_stays_current_after_a_class_rename(app, login_as, world):
    only_the(world)
    klas = make.klas_dossier(world.brug, "Houtatelier")
    make.dossier(world.brug, "Bogaert", "Mila")
    db.session.commit()
    http = login_as(world.jan, world.brug)
    assert names(get(http, "/")) == ["Bogaert", "Houtatelier"]
    db.session.get(Klas, klas.klas_id).name = "Atelier hout"
    db.session.commit()
    assert stored(klas) == "atelier hout"
    assert names(get(http, "/")) == ["Atelier hout", "Bogaert"]
    assert names(get(http, "/?letter=A")) == ["Atelier hout"]


def test_d4_a_dossier_given_another_client_takes_its_name(app, world):
    dossier = make.dossier(world.brug, "Aerts", "Yara")
    other = make.client("Willems", "Noor")
    db.session.commit()
    dossier.client_id = other.id
    db.session.commit()
    assert stored(dossier) == "willems noor"


# --- sorting and letters on the key ---


def test_d4_accented_names_sort_and_letter_as_their_plain_letter(app, login_as, world):
    """The same order and letters on SQLite (whose lower() knows only ASCII) and PostgreSQL:
    Ö is an O, É an E, prefixes count as written and a space sorts before every letter."""
    only_the(world)
    for family, given in [
        ("Öztürk", "Elif"),
        ("Olsen", "Finn"),
        ("Özdemir", "Arda"),
        ("Oosterlinck", "Jan"),
        ("Émond", "Inès"),
        ("Eeckhout", "Lotte"),
        ("Desmet", "Noor"),
        ("de Smet", "Louis"),
        ("De Backer", "Emma"),
        ("Ørsted", "Ida"),
    ]:
        make.dossier(world.brug, family, given)
    make.klas_dossier(world.brug, "3 BSO Houtbewerking")
    db.session.commit()
    http = login_as(world.jan, world.brug)
    everything = names(get(http, "/"))
    assert everything == [
        "3 BSO Houtbewerking",
        "De Backer",
        "de Smet",
        "Desmet",
        "Eeckhout",
        "Émond",
        "Olsen",
        "Oosterlinck",
        "Özdemir",
        "Öztürk",
        "Ørsted",  # Ø is no O with an accent: after z, under no letter
    ]
    assert names(get(http, "/?richting=af")) == everything[::-1]
    assert names(get(http, "/?letter=O")) == ["Olsen", "Oosterlinck", "Özdemir", "Öztürk"]
    page = get(http, "/?letter=E")
    assert names(page) == ["Eeckhout", "Émond"]
    assert "beginnend met E: 2 dossiers" in page
    assert names(get(http, "/?letter=D")) == ["De Backer", "de Smet", "Desmet"]
    bar = page[page.index('class="az-balk"') : page.index("</nav>", page.index('class="az-balk"'))]
    assert bar.count('aria-disabled="true"') == 23  # all but D, E and O


def test_d4_overview_totals_and_order_read_the_dossiers_alone(app, login_as, world):
    """The A–Z totals and the sorted page of ids never join clients or classes (the index on
    organisation, status and sort name answers them); only the rows shown are joined."""
    make.dossier(world.brug, "Aerts", "Yara")
    db.session.commit()
    http = login_as(world.jan, world.brug)
    with make.counted_queries() as statements:
        get(http, "/?letter=A")
    totals, page = statements[-2:]
    assert "FROM dossiers" in totals and "clients" not in totals
    inner = page[page.index("FROM (SELECT") : page.index(") AS page")]
    assert "clients" not in inner and "klassen" not in inner
