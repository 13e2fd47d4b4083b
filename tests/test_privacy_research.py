"""G-4: the pseudonymised research export: one row per dossier of a youth over all
organisations, no name, number, address, "Uw referentie" or free text in any column; a stable
keyed pseudonym per youth, another key gives other pseudonyms; the key stays in instance/."""

from __future__ import annotations

import csv
import io
import os
import stat
import zipfile
from datetime import date

import openpyxl
import pytest

from binc_web.extensions import db
from binc_web.models import Client
from binc_web.privacy.retention import erase_youth, youth_of
from binc_web.rules.pseudonyms import pseudonym
from binc_web.templating import today
from tests import factories
from tests.factories_privacy import SECRETS, rich_youth

XLSX = "/onderzoek/onderzoeksbestand.xlsx"
CSV = "/onderzoek/onderzoeksbestand.csv"


@pytest.fixture
def key_file(app, tmp_path):
    path = tmp_path / "sleutels" / "research_key"
    app.config["RESEARCH_KEY_PATH"] = str(path)
    return path


@pytest.fixture
def youth(world, key_file):
    found = rich_youth(world)
    # Another youth at De Brug, to tell rows apart.
    factories.dossier(world.brug, factories.client("Tweede", "Tine"))
    return found


def sheet_rows(data: bytes) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return [row for row in sheet.iter_rows(values_only=True)]


def as_dicts(rows: list[tuple]) -> list[dict]:
    heading, *rest = rows
    return [dict(zip(heading, row, strict=True)) for row in rest]


def download(http, url: str = XLSX) -> bytes:
    answer = http.get(url)
    assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
    assert answer.headers["Content-Disposition"].startswith("attachment;")
    return answer.data


def test_g4_no_column_holds_a_name_number_address_or_free_text(login_as, world, youth):
    http = login_as(world.ann, world.agency)
    data = download(http)
    # Search the file itself (every XML part of the workbook), not only the cell values.
    archive = zipfile.ZipFile(io.BytesIO(data))
    text = " ".join(archive.read(name).decode() for name in archive.namelist())
    text += download(http, CSV).decode("utf-8-sig")
    people = [youth.client.given_name + " " + youth.client.family_name, "Tine", "Tweede"]
    numbers = [youth.client.national_number, youth.client.national_number[:6]]
    numbers += [c.national_number for c in db_clients()]
    for secret in [*SECRETS.values(), *people, *numbers, "Greet", "2070"]:
        assert secret not in text, secret
    assert "21/07/2010" not in text and "2010-07-21" not in text


def db_clients():
    return db.session.scalars(db.select(Client)).all()


def test_g4_one_row_per_dossier_the_same_youth_the_same_pseudonym(login_as, world, youth):
    rows = as_dicts(sheet_rows(download(login_as(world.ann, world.agency))))
    # world's own two dossiers, Zoë at De Brug and at Het Anker, Tine at De Brug
    assert len(rows) == 5
    zoe = [r for r in rows if r["Geboortejaar en -maand"] == "2010-07"]
    assert {r["Voorziening"] for r in zoe} == {"NAFT De Brug", "Jeugdhulp Het Anker"}
    assert len({r["Pseudoniem jongere"] for r in zoe}) == 1
    assert len({r["Pseudoniem jongere"] for r in rows}) == 4
    brug = next(r for r in zoe if r["Voorziening"] == "NAFT De Brug")
    assert brug["Geslacht"] == "V"
    assert brug["Aanmelder"] == "andere" and brug["Reden niet CLB-aanmelding"] == "andere"
    assert brug["Aantal beslissingen"] == 1 and brug["Aantal schakelingen"] == 1
    assert brug["Modules eerste schakeling"] == "NAFT"
    assert brug["Begindatum eerste schakeling"].date() == date(2025, 12, 2)
    assert brug["Beginregistratie volledig"] == "ja"


def test_g4_two_runs_give_the_same_pseudonyms_another_key_others(
    login_as, world, youth, key_file, tmp_path, app
):
    http = login_as(world.ann, world.agency)
    first = as_dicts(sheet_rows(download(http)))
    second = as_dicts(sheet_rows(download(http)))
    assert [r["Pseudoniem jongere"] for r in first] == [r["Pseudoniem jongere"] for r in second]
    key = key_file.read_text().strip().encode()
    assert first[2]["Pseudoniem jongere"] in {
        pseudonym(key, client.national_number) for client in db_clients()
    }
    app.config["RESEARCH_KEY_PATH"] = str(tmp_path / "andere_sleutel")
    third = as_dicts(sheet_rows(download(http)))
    assert not {r["Pseudoniem jongere"] for r in first} & {r["Pseudoniem jongere"] for r in third}


def test_g4_an_erased_youth_has_no_pseudonym_and_is_marked(login_as, world, youth, key_file):
    """The leaflet keeps the data "tot je de leeftijd van 35 jaar hebt bereikt": after G-2 the
    rows of the youth are no longer about an identifiable person. No pseudonym (not of the old
    number, not of the stand-in, which would still tie the youth's dossiers together), and
    "Gewist (35 jaar)" says why the column is empty; the dossiers and their figures stay."""
    http = login_as(world.ann, world.agency)
    before = as_dicts(sheet_rows(download(http)))
    key = key_file.read_text().strip().encode()
    old = pseudonym(key, youth.client.national_number)
    erase_youth(youth_of(youth.client.id, today()))
    db.session.commit()
    stand_in = pseudonym(key, db.session.get(Client, youth.client.id).national_number)
    data = download(http)
    after = as_dicts(sheet_rows(data))
    assert len(after) == len(before)
    zoe = [r for r in after if r["Geboortejaar en -maand"] == "2010-07"]
    assert len(zoe) == 2
    assert [(r["Pseudoniem jongere"], r["Gewist (35 jaar)"]) for r in zoe] == [(None, "ja")] * 2
    others = [r for r in after if r not in zoe]
    assert {r["Gewist (35 jaar)"] for r in others} == {"nee"}
    assert all(len(r["Pseudoniem jongere"]) == 64 for r in others)
    archive = zipfile.ZipFile(io.BytesIO(data))
    text = " ".join(archive.read(name).decode() for name in archive.namelist())
    text += download(http, CSV).decode("utf-8-sig")
    assert old not in text and stand_in not in text
    brug = next(r for r in zoe if r["Voorziening"] == "NAFT De Brug")
    assert brug["Aantal schakelingen"] == 1 and brug["Modules eerste schakeling"] == "NAFT"


def test_g4_csv_has_the_same_rows(login_as, world, youth):
    http = login_as(world.ann, world.agency)
    xlsx = sheet_rows(download(http))
    lines = list(csv.reader(io.StringIO(download(http, CSV).decode("utf-8-sig")), delimiter=";"))
    assert tuple(lines[0]) == xlsx[0]
    assert [line[0] for line in lines[1:]] == [row[0] for row in xlsx[1:]]


def test_g4_the_key_is_created_once_readable_by_its_owner_only(login_as, world, key_file):
    http = login_as(world.ann, world.agency)
    assert not key_file.exists()
    download(http)
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    created = key_file.read_text()
    download(http)
    assert key_file.read_text() == created and len(created) == 64


def test_g4_only_the_agencys_beleidsmedewerker_exports(login_as, world, key_file):
    for who, where in ((world.jan, world.brug), (world.tom, world.brug)):
        http = login_as(who, where)
        for url in ("/onderzoek", XLSX, CSV):
            assert http.get(url).status_code == 403, url
    page = login_as(world.ann, world.agency).get("/onderzoek")
    assert page.status_code == 200 and "Onderzoeksbestand" in page.get_data(as_text=True)


def test_g4_each_export_is_in_the_access_log_without_its_content(login_as, world, youth):
    """Who exported when, in which form: the agency's log; no youth, no dossier, no content."""
    from binc_web.models import AccessEntry

    http = login_as(world.ann, world.agency)
    assert http.get(XLSX).status_code == 200
    assert http.get(CSV).status_code == 200
    assert http.get("/onderzoek").status_code == 200  # the page itself exports nothing
    logged = db.session.execute(
        db.select(
            AccessEntry.page,
            AccessEntry.person_id,
            AccessEntry.organisation_id,
            AccessEntry.client_id,
            AccessEntry.dossier_id,
        )
        .where(AccessEntry.organisation_id != world.brug.id)  # the fixture's own read
        .order_by(AccessEntry.id)
    ).all()
    assert logged == [
        ("privacy.research_xlsx", world.ann.id, world.agency.id, None, None),
        ("privacy.research_csv", world.ann.id, world.agency.id, None, None),
    ]
    refused = login_as(world.jan, world.brug)
    assert refused.get(XLSX).status_code == 403
    assert db.session.scalar(db.select(db.func.count()).select_from(AccessEntry)) == 3
