"""C-1 "Raadplegen capaciteit" (every worker) and C-2 "Capaciteitsbeheer" (the agency's
beleidsmedewerker): current capacity, history, never overwritten, duplicates refused."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from flask.testing import FlaskClient

from binc_web.catalogue import sync_catalogue
from binc_web.extensions import db
from binc_web.models import Capaciteit
from tests.conftest import csrf_token, log_in_client, pinned_to
from tests.test_traject import approve, module

TODAY = date(2026, 11, 20)
PAGE = "/agentschap/capaciteit"


@pytest.fixture(autouse=True)
def _pinned():
    with pinned_to(TODAY):
        yield


@pytest.fixture
def capacities(world):
    """NAFT De Brug: 40 places since 2024, 44 since 01/01/2026 and 50 planned from 2027."""
    sync_catalogue()
    approve(world.brug, "NAFT", since=date(2024, 1, 1))
    for start, places, note in [
        (date(2024, 1, 1), 40, "Erkende capaciteit."),
        (date(2026, 1, 1), 44, "Uitbreiding na programmatie."),
        (date(2027, 1, 1), 50, "Tweede uitbreiding."),
    ]:
        db.session.add(
            Capaciteit(
                organisation_id=world.brug.id,
                type_module_id=module("NAFT").id,
                valid_from=start,
                capacity=places,
                toelichting=note,
            )
        )
    db.session.commit()
    return world


def text(response) -> str:
    return response.get_data(as_text=True)


def rows(organisation) -> list[tuple]:
    found = db.session.scalars(
        db.select(Capaciteit)
        .where(Capaciteit.organisation_id == organisation.id)
        .order_by(Capaciteit.valid_from)
    ).all()
    return [(r.valid_from, r.capacity, r.verzekerd_aanbod, r.toelichting) for r in found]


def test_c1_jan_sees_the_current_capacity_and_the_toelichting(client, login_as, capacities):
    world = capacities
    login_as(world.jan, world.brug)
    page = text(client.get("/capaciteit"))
    assert "<h1>Raadplegen capaciteit</h1>" in page
    assert "Verzekerd aanbod (art. 74)" in page
    row = page[page.index("NAFT onderwijs-welzijnstraject</a>") :]
    assert "<td>44</td>" in row[:300] and "Uitbreiding na programmatie." in row
    assert "vanaf 01/01/2027: 50" in row
    assert f'href="/capaciteit/{module("NAFT").id}"' in page
    assert 'aria-current="page">Raadplegen capaciteit' in page


def test_c1_module_name_opens_its_history(client, login_as, capacities):
    world = capacities
    login_as(world.jan, world.brug)
    page = text(client.get(f"/capaciteit/{module('NAFT').id}"))
    assert "Historiek capaciteit: NAFT onderwijs-welzijnstraject" in page
    # Newest first, every row kept, the applying one marked.
    assert page.index("01/01/2027") < page.index("01/01/2026") < page.index("01/01/2024")
    assert "01/01/2026</th>" not in page and '01/01/2026 <span class="meta">(huidige)' in page
    assert "Erkende capaciteit." in page


def test_c1_other_organisation_sees_nothing_of_it(client, login_as, capacities):
    world = capacities
    login_as(world.pieter, world.anker)
    assert "NAFT onderwijs" not in text(client.get("/capaciteit"))
    assert client.get(f"/capaciteit/{module('NAFT').id}").status_code == 404
    login_as(world.ann, world.agency)
    assert client.get("/capaciteit").status_code == 403


def new_capacity(client, organisation, **fields):
    data = {
        "csrf_token": csrf_token(client, PAGE),
        "voorziening": str(organisation.id),
        "typemodule": str(module("NAFT").id),
        "vanaf": "01/07/2026",
        "capaciteit": "46",
        "verzekerd_aanbod": "",
        "toelichting": "Extra plaatsen na evaluatie.",
    }
    return client.post(PAGE, data=data | fields)


def test_c2_ann_adds_a_capacity_from_a_date_and_earlier_rows_stay(client, login_as, capacities):
    world = capacities
    login_as(world.ann, world.agency)
    page = text(client.get(f"{PAGE}?voorziening={world.brug.id}"))
    assert "NAFT De Brug: huidige capaciteit" in page and "Nieuwe capaciteit" in page
    response = new_capacity(client, world.brug)
    assert response.status_code == 303
    assert rows(world.brug) == [
        (date(2024, 1, 1), 40, 0, "Erkende capaciteit."),
        (date(2026, 1, 1), 44, 0, "Uitbreiding na programmatie."),
        (date(2026, 7, 1), 46, 0, "Extra plaatsen na evaluatie."),
        (date(2027, 1, 1), 50, 0, "Tweede uitbreiding."),
    ]
    added = db.session.scalars(db.select(Capaciteit).where(Capaciteit.capacity == 46)).one()
    assert added.created_by_id == world.ann.id
    page = text(client.get(f"{PAGE}?voorziening={world.brug.id}"))
    assert "Nieuwe capaciteit voor NAFT onderwijs-welzijnstraject bij NAFT De Brug" in page


def test_c2_a_second_capacity_on_the_same_start_is_refused(client, login_as, capacities):
    world = capacities
    login_as(world.ann, world.agency)
    response = new_capacity(client, world.brug, vanaf="01/01/2026", capaciteit="60")
    assert response.status_code == 422
    assert "Er is al een capaciteit voor deze typemodule vanaf 01/01/2026" in text(response)
    assert (date(2026, 1, 1), 44, 0, "Uitbreiding na programmatie.") in rows(world.brug)
    assert len(rows(world.brug)) == 3


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"capaciteit": ""}, "Vul de capaciteit in."),
        ({"capaciteit": "-1"}, "De capaciteit ligt tussen 0 en 10000."),
        ({"capaciteit": "4,5"}, "Vul de capaciteit in als geheel getal."),
        ({"verzekerd_aanbod": "50"}, "kan niet groter zijn dan de capaciteit"),
        ({"toelichting": "  "}, "Licht de wijziging toe voor de voorziening."),
        ({"vanaf": "01/07/2020"}, "niet erkend voor deze typemodule"),
        ({"typemodule": ""}, "Kies een typemodule."),
        ({"vanaf": "31/02/2026"}, "Vul een bestaande datum in als dd/mm/jjjj."),
    ],
)
def test_c2_invalid_capacity_is_refused_in_dutch(client, login_as, capacities, fields, message):
    world = capacities
    login_as(world.ann, world.agency)
    response = new_capacity(client, world.brug, **fields)
    assert response.status_code == 422
    assert message in text(response)
    assert len(rows(world.brug)) == 3


def test_c2_an_empty_form_names_every_missing_field_at_once(client, login_as, capacities):
    """Found walking Capaciteitsbeheer: "Capaciteit opslaan" on the empty form named only the
    typemodule; the date, capacity and toelichting came one save later."""
    world = capacities
    login_as(world.ann, world.agency)
    empty = {"typemodule": "", "vanaf": "", "capaciteit": "", "toelichting": ""}
    response = new_capacity(client, world.brug, **empty)
    assert response.status_code == 422
    page = text(response)
    for message in (
        "Kies een typemodule.",
        "Vul de datum in vanaf wanneer de capaciteit geldt.",
        "Vul de capaciteit in.",
        "Licht de wijziging toe voor de voorziening.",
    ):
        assert message in page
    assert len(rows(world.brug)) == 3


def test_c2_a_wrong_date_gets_one_message_not_two(client, login_as, capacities):
    world = capacities
    login_as(world.ann, world.agency)
    response = new_capacity(client, world.brug, typemodule="", vanaf="31/02/2026")
    page = text(response)
    assert response.status_code == 422
    assert "Vul een bestaande datum in als dd/mm/jjjj." in page
    assert "Vul de datum in vanaf wanneer de capaciteit geldt." not in page
    assert "Kies een typemodule." in page


def test_c2_capacity_zero_is_allowed(client, login_as, capacities):
    world = capacities
    login_as(world.ann, world.agency)
    assert new_capacity(client, world.brug, capaciteit="0").status_code == 303


def test_c2_only_the_agency_and_only_a_voorziening(client, login_as, capacities):
    world = capacities
    login_as(world.jan, world.brug)
    assert new_capacity(client, world.brug).status_code == 404
    login_as(world.ann, world.agency)
    assert new_capacity(client, world.agency).status_code == 404
    assert len(rows(world.brug)) == 3


@pytest.mark.postgres
def test_c2_two_capacities_on_one_start_at_once_one_is_stored(app, capacities):
    world = capacities
    barrier = threading.Barrier(4)
    ann, agency = world.ann.id, world.agency.id
    brug, naft = str(world.brug.id), str(module("NAFT").id)

    def run(places):
        http = log_in_client(FlaskClient(app, app.response_class, use_cookies=True), ann, agency)
        data = {
            "csrf_token": csrf_token(http, PAGE),
            "voorziening": brug,
            "typemodule": naft,
            "vanaf": "01/07/2026",
            "capaciteit": str(places),
            "toelichting": "Gelijktijdig.",
        }
        barrier.wait(timeout=30)
        return http.post(PAGE, data=data)

    db.session.commit()
    with ThreadPoolExecutor(4) as pool:
        responses = list(pool.map(run, [45, 46, 47, 48]))
    db.session.expire_all()
    assert sorted(r.status_code for r in responses) == [303, 422, 422, 422]
    refused = [r for r in responses if r.status_code == 422]
    assert all("vanaf 01/07/2026" in text(r) for r in refused)
    assert len([row for row in rows(world.brug) if row[0] == date(2026, 7, 1)]) == 1
