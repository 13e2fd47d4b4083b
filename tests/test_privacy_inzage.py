"""G-3 "Inzage": everything the acting organisation registered about one youth, on a page
with a print stylesheet and as a ZIP (one self-contained HTML file and the same data as JSON);
the request is logged; another organisation's youth is not found."""

from __future__ import annotations

import io
import json
import re
import time
import zipfile
from datetime import UTC, datetime

import pytest
import time_machine
from markupsafe import escape

from binc_web.extensions import db
from binc_web.models import AccessEntry, Registratie
from binc_web.privacy.inzage import COPIES, PARTS, covered_models
from binc_web.registrations import REGISTRY, readable_answers
from tests import factories
from tests.factories_privacy import MOTHER_PHONE, NUMBER, SECRETS, rich_youth


@pytest.fixture
def youth(world):
    return rich_youth(world)


def inzage_url(client) -> str:
    return f"/clienten/{client.id}/inzage"


def test_g3_inzage_shows_the_youth_context_and_every_part_of_the_dossier(login_as, world, youth):
    page = login_as(world.jan, world.brug).get(inzage_url(youth.client))
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    for expected in (
        "Inzage: Vanderstraeten Zoë",
        NUMBER,
        "21/07/2010",
        SECRETS["street"],
        SECRETS["mother"],
        MOTHER_PHONE,
        youth.brug_dossier.code,
        SECRETS["referentie"],
        SECRETS["andere_reden"],
        "01/12/2025",  # the beslissing's begindatum
        "02/12/2025",  # the schakeling's begindatum
        "NAFT",
        "Beginregistratie",
        SECRETS["toelichting"],
        "Aanmelding gewijzigd",
        "Time-out: nee → ja",
        "Raadplegen Dossier",
        'href="/static/inzage.css"',
    ):
        assert expected in text, expected


def test_g3_registration_answers_show_with_the_questions_labels(login_as, world, youth):
    stored = db.session.scalar(db.select(Registratie)).stored()
    answers = readable_answers(REGISTRY, stored)
    assert answers
    text = login_as(world.jan, world.brug).get(inzage_url(youth.client)).get_data(as_text=True)
    for answer in answers:
        assert f"<dt>{answer.label}</dt><dd>{answer.value}</dd>" in text.replace("&#39;", "'")


def test_g3_only_the_acting_organisations_dossiers_are_shown(login_as, world, youth):
    text = login_as(world.jan, world.brug).get(inzage_url(youth.client)).get_data(as_text=True)
    assert youth.brug_dossier.code in text
    assert "ANKER-DOSSIER-1" not in text
    anker = login_as(world.pieter, world.anker).get(inzage_url(youth.client))
    anker_text = anker.get_data(as_text=True)
    assert "ANKER-DOSSIER-1" in anker_text
    assert youth.brug_dossier.code not in anker_text
    assert SECRETS["referentie"] not in anker_text


def test_g3_a_youth_of_another_organisation_is_not_found(login_as, world, youth):
    stranger = other_organisations_youth(world)
    http = login_as(world.jan, world.brug)
    assert http.get(inzage_url(stranger)).status_code == 404
    assert http.get(inzage_url(stranger) + ".zip").status_code == 404
    assert http.get("/clienten/99999999999999999999/inzage").status_code == 404
    assert db.session.scalar(db.select(db.func.count()).select_from(AccessEntry)) == 1


def other_organisations_youth(world):
    found = factories.client("Buiten", "Bert")
    factories.dossier(world.anker, found)
    db.session.commit()
    return found


def test_g3_only_a_medewerker_opens_the_inzage(login_as, world, youth):
    assert login_as(world.ann, world.agency).get(inzage_url(youth.client)).status_code == 403


def test_g3_the_download_is_one_self_contained_html_file_and_the_same_data_as_json(
    login_as, world, youth
):
    answer = login_as(world.jan, world.brug).get(inzage_url(youth.client) + ".zip")
    assert answer.status_code == 200
    assert answer.mimetype == "application/zip"
    assert answer.headers["Content-Disposition"].startswith("attachment;")
    archive = zipfile.ZipFile(io.BytesIO(answer.data))
    assert sorted(archive.namelist()) == ["inzage.html", "inzage.json"]
    html = archive.read("inzage.html").decode()
    assert "<style>" in html and "@media print" in html
    for outside in ("<script", "src=", 'rel="stylesheet"', "/static/"):
        assert outside not in html
    data = json.loads(archive.read("inzage.json"))
    assert data["voorziening"] == "NAFT De Brug"
    youth_values = {
        line["waarde"] for part in data["jongere"] for row in part["rijen"] for line in row
    }
    assert {NUMBER, SECRETS["family_name"], SECRETS["mother"], MOTHER_PHONE} <= youth_values
    (only,) = data["dossiers"]
    assert {"label": "Dossiercode", "waarde": youth.brug_dossier.code} in only["dossier"]
    titles = [part["titel"] for part in only["onderdelen"]]
    assert "Jeugdhulpbeslissingen" in titles and "Schakelingen" in titles
    # Every value of the JSON is on the HTML page as well.
    for part in [*data["jongere"], *only["onderdelen"], *data["sporen"]]:
        for row in part["rijen"]:
            for line in row:
                assert f"<dd>{escape(line['waarde'])!s}</dd>" in html, line


def test_g3_the_inzage_and_its_download_are_logged(login_as, world, youth):
    http = login_as(world.jan, world.brug)
    http.get(inzage_url(youth.client))
    http.get(inzage_url(youth.client) + ".zip")
    logged = db.session.scalars(
        db.select(AccessEntry).where(AccessEntry.page.like("privacy.%")).order_by(AccessEntry.id)
    ).all()
    assert [(e.page, e.client_id, e.person_id, e.organisation_id) for e in logged] == [
        ("privacy.inzage", youth.client.id, world.jan.id, world.brug.id),
        ("privacy.inzage_download", youth.client.id, world.jan.id, world.brug.id),
    ]


def _refers_to(mapper, tables: set[str]) -> bool:
    """A client_id or dossier_id column, or a foreign key to one of ``tables``."""
    return any(
        column.key in ("client_id", "dossier_id")
        or any(key.column.table.name in tables for key in column.foreign_keys)
        for column in mapper.columns
    )


def models_about_a_youth() -> set[type]:
    """Every model that refers to a client or dossier, also through another such model (a row
    of a schakeling is about the youth of its dossier)."""
    tables, found = {"clients", "dossiers"}, set()
    while True:
        more = {
            mapper.class_
            for mapper in db.Model.registry.mappers
            if mapper.class_ not in found and _refers_to(mapper, tables)
        }
        if not more:
            return found
        found |= more
        tables |= {model.__table__.name for model in more}


def test_g3_every_model_with_a_client_or_dossier_reference_is_in_the_inzage(app):
    referring = models_about_a_youth()
    missing = {model.__name__ for model in referring - covered_models()}
    assert not missing, f"not in the Inzage (declare a Part in privacy/inzage.py): {missing}"
    assert len(referring) >= 8  # the check itself finds the models it is about


def test_g3_a_copy_left_out_repeats_a_part_that_is_shown():
    """A model left out as a copy (the figures' module spans) copies a model the Inzage shows."""
    assert set(COPIES.values()) <= {part.model for part in PARTS}


def test_g3_every_part_shows_the_youths_rows(login_as, world, youth):
    """Each declared part finds the fixture's row: a part with a wrong selection shows nothing."""
    data = json.loads(
        zipfile.ZipFile(
            io.BytesIO(login_as(world.jan, world.brug).get(inzage_url(youth.client) + ".zip").data)
        ).read("inzage.json")
    )
    (only,) = data["dossiers"]
    rows = {part["titel"]: part["rijen"] for part in [*data["jongere"], *only["onderdelen"]]}
    rows.update({part["titel"]: part["rijen"] for part in data["sporen"]})
    assert set(rows) == {part.title for part in PARTS}
    empty = [title for title, found in rows.items() if not found]
    assert not empty


@pytest.mark.parametrize("host_zone", ["UTC", "America/New_York"])
def test_g3_every_time_in_the_download_is_brussels_time(login_as, world, monkeypatch, host_zone):
    """The ZIP's listing (each member's time) and every time in its HTML and JSON are in
    Brussels time, whatever the host's own time zone: 10:00 UTC on 1 July is 12:00."""
    with time_machine.travel(datetime(2026, 7, 1, 10, 0, tzinfo=UTC), tick=False):
        # Inside the travel: time-machine sets the zone of its destination (UTC) itself.
        monkeypatch.setenv("TZ", host_zone)
        time.tzset()
        try:
            youth = rich_youth(world)
            answer = login_as(world.jan, world.brug).get(inzage_url(youth.client) + ".zip")
        finally:
            monkeypatch.undo()
            time.tzset()
    archive = zipfile.ZipFile(io.BytesIO(answer.data))
    assert [info.date_time for info in archive.infolist()] == [(2026, 7, 1, 12, 0, 0)] * 2
    data = json.loads(archive.read("inzage.json"))
    assert data["opgemaakt_op"] == "01/07/2026 12:00"
    html = archive.read("inzage.html").decode()
    assert "opgemaakt op 01/07/2026 12:00" in html
    # The fixture's rows are made now, but for a page read at 3 January 09:00 UTC (10:00) and
    # a registration saved on 20 January at 10:00 UTC (11:00).
    for text in (html, archive.read("inzage.json").decode()):
        times = set(re.findall(r"\d\d/\d\d/\d{4} \d\d:\d\d", text))
        assert times == {"01/07/2026 12:00", "03/01/2026 10:00", "20/01/2026 11:00"}
