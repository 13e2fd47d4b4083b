"""D-13: the manual's chapter 10, reproduced with two sessions, and truly parallel writers on
PostgreSQL. The first save wins, the other gets the manual's message, nothing is lost."""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from flask.testing import FlaskClient

from binc_web.catalogue import sync_catalogue
from binc_web.extensions import db
from binc_web.models import ActivityEntry, Beslissing, Dossier, Schakeling
from binc_web.rules.concurrency import (
    BESLISSING_GONE,
    DOSSIER_GONE,
    NOT_MOST_RECENT,
    OPEN_SCHAKELING_EXISTS,
    STALE,
)
from tests.conftest import csrf_token, log_in_client
from tests.factories_overview import beslissing, schakeling
from tests.test_dossiers import meanwhile, sql
from tests.test_traject import approve, module

HX = {"HX-Request": "true"}
VERSION = re.compile(r'name="version_id" type="hidden" value="(\d+)"')


@pytest.fixture
def anker(world):
    """Het Anker with its modules, a beslissing and an open schakeling in its dossier."""
    sync_catalogue()
    approve(world.anker, "CB-LAAG", "CB-BREED")
    decided = beslissing(world.anker_dossier, date(2026, 1, 5), date(2026, 7, 5))
    decided.modules = [module("CB-LAAG")]
    running = schakeling(decided, date(2026, 1, 9))
    running.modules = [module("CB-LAAG")]
    db.session.commit()
    return world, decided, running


def session_for(app, person, organisation, client_class=None):
    """A browser of its own (cookies, session), as a second worker or a second tab. Worker
    threads pass ids (the test's objects belong to its own database session) and the plain
    FlaskClient (they have no app context of the test to step out of)."""
    http = (client_class or app.test_client_class)(app, app.response_class, use_cookies=True)
    return log_in_client(http, person, organisation)


def form_of(http, path: str) -> dict:
    """Open a form (GET) and keep what a browser would post back: token and version."""
    page = http.get(path, headers=HX).get_data(as_text=True)
    data = {"csrf_token": csrf_token(http, path)}
    version = VERSION.search(page)
    if version:
        data["version_id"] = version.group(1)
    return data


def text(response) -> str:
    return response.get_data(as_text=True)


# --- chapter 10, with two sessions ---


def test_d13_adding_a_schakeling_to_a_deleted_beslissing(app, anker):
    world, _decided, _running = anker
    empty = beslissing(world.anker_dossier, date(2026, 3, 1), date(2026, 9, 1))
    db.session.commit()
    pieter = session_for(app, world.pieter, world.anker)
    sofie = session_for(app, world.sofie, world.anker)
    path = f"/dossiers/{world.anker_dossier.id}/beslissingen/{empty.id}/schakelingen/nieuw"
    stale_form = form_of(pieter, path)
    delete = f"/dossiers/{world.anker_dossier.id}/beslissingen/{empty.id}/verwijderen"
    assert sofie.post(delete, data=form_of(sofie, delete), headers=HX).status_code == 200
    response = pieter.post(path, data={**stale_form, "begindatum": "01/03/2026"})
    assert response.status_code == 404
    assert BESLISSING_GONE in text(response)


def test_d13_adding_a_beslissing_to_a_deleted_dossier(app, world):
    jan = session_for(app, world.jan, world.brug)
    tom = session_for(app, world.tom, world.brug)
    path = f"/dossiers/{world.brug_dossier.id}/beslissingen/nieuw"
    stale_form = form_of(jan, path)
    delete = f"/dossiers/{world.brug_dossier.id}/verwijderen"
    assert tom.post(delete, data={"csrf_token": csrf_token(tom, delete)}).status_code == 303
    response = jan.post(path, data={**stale_form, "begindatum": "05/01/2026"})
    assert response.status_code == 404
    assert DOSSIER_GONE in text(response)


def test_d13_two_tabs_changing_the_same_schakeling_first_save_wins(app, anker):
    world, _decided, running = anker
    path = f"/dossiers/{world.anker_dossier.id}/schakelingen/{running.id}/wijzigen"
    pieter = session_for(app, world.pieter, world.anker)
    first_tab, second_tab = form_of(pieter, path), form_of(pieter, path)
    common = {"begindatum": "09/01/2026", "modules": str(module("CB-LAAG").id)}
    saved = pieter.post(path, data={**first_tab, **common, "einddatum": "30/06/2026"}, headers=HX)
    assert saved.status_code == 200
    refused = pieter.post(
        path, data={**second_tab, **common, "einddatum": "01/07/2026"}, headers=HX
    )
    assert refused.status_code == 409 and STALE in text(refused)
    assert 'value="01/07/2026"' in text(refused)  # what the second tab typed stays visible
    db.session.expire_all()
    assert db.session.get(Schakeling, running.id).einddatum == date(2026, 6, 30)


def test_d13_changing_a_schakeling_that_is_no_longer_the_most_recent(app, anker):
    world, decided, running = anker
    path = f"/dossiers/{world.anker_dossier.id}/schakelingen/{running.id}/wijzigen"
    pieter = session_for(app, world.pieter, world.anker)
    stale_form = form_of(pieter, path)
    # Meanwhile a colleague ends it and adds the next schakeling.
    running.einddatum = date(2026, 3, 1)
    newer = schakeling(decided, date(2026, 3, 1))
    newer.modules = [module("CB-BREED")]
    db.session.commit()
    response = pieter.post(
        path,
        data={**stale_form, "begindatum": "09/01/2026", "modules": str(module("CB-LAAG").id)},
        headers=HX,
    )
    assert response.status_code == 422
    assert NOT_MOST_RECENT in text(response)
    db.session.expire_all()
    assert db.session.get(Schakeling, running.id).einddatum == date(2026, 3, 1)


def test_d13_adding_an_open_schakeling_when_one_was_added_meanwhile(app, world):
    sync_catalogue()
    approve(world.anker, "CB-LAAG")
    decided = beslissing(world.anker_dossier, date(2026, 1, 5), date(2026, 7, 5))
    db.session.commit()
    path = f"/dossiers/{world.anker_dossier.id}/beslissingen/{decided.id}/schakelingen/nieuw"
    pieter = session_for(app, world.pieter, world.anker)
    sofie = session_for(app, world.sofie, world.anker)
    data = {"begindatum": "09/01/2026", "modules": str(module("CB-LAAG").id)}
    pieter_form, sofie_form = form_of(pieter, path), form_of(sofie, path)
    assert sofie.post(path, data={**sofie_form, **data}, headers=HX).status_code == 200
    response = pieter.post(path, data={**pieter_form, **data}, headers=HX)
    assert response.status_code == 422
    assert OPEN_SCHAKELING_EXISTS in text(response)
    assert db.session.scalar(db.select(db.func.count()).select_from(Schakeling)) == 1


# --- a save that loses at the database itself (on SQLite too) ---
# The colleague's change lands after every check of the request and just before its write
# (tests.test_dossiers.meanwhile): only the database notices, and the answer is the manual's.


def colleague_saved(dossier):
    """A colleague's save of ``dossier`` (its version moves on), just before this write."""
    bump = "UPDATE dossiers SET version_id = version_id + 1 WHERE id = :id"
    return meanwhile(sql(bump, id=dossier.id))


def count(model, **where) -> int:
    db.session.expire_all()
    query = db.select(db.func.count()).select_from(model).filter_by(**where)
    return db.session.scalar(query)


def refused_as_stale(response, ran) -> None:
    assert ran, "the colleague's change did not run"
    assert response.status_code == 409, text(response)[:300]
    assert STALE in text(response)


def test_d13_a_schakeling_change_that_loses_at_the_database(app, anker):
    world, _decided, running = anker
    path = f"/dossiers/{world.anker_dossier.id}/schakelingen/{running.id}/wijzigen"
    pieter = session_for(app, world.pieter, world.anker)
    data = {
        **form_of(pieter, path),
        "begindatum": "09/01/2026",
        "einddatum": "30/06/2026",
        "modules": str(module("CB-LAAG").id),
    }
    with colleague_saved(world.anker_dossier) as ran:
        response = pieter.post(path, data=data, headers=HX)
    refused_as_stale(response, ran)
    assert db.session.get(Schakeling, running.id).einddatum is None
    assert count(ActivityEntry, action="schakeling_gewijzigd") == 0


def test_d13_closing_the_previous_schakeling_that_loses_at_the_database(app, anker):
    world, _decided, running = anker
    pieter = session_for(app, world.pieter, world.anker)
    data = form_of(pieter, f"/dossiers/{world.anker_dossier.id}/beslissingen/nieuw")
    path = f"/dossiers/{world.anker_dossier.id}/schakelingen/afsluiten-vorige"
    with colleague_saved(world.anker_dossier) as ran:
        response = pieter.post(path, data={**data, "einddatum": "30/06/2026"}, headers=HX)
    refused_as_stale(response, ran)
    assert db.session.get(Schakeling, running.id).einddatum is None


def test_d13_deleting_a_beslissing_that_loses_at_the_database(app, anker):
    world, _decided, _running = anker
    empty = beslissing(world.anker_dossier, date(2026, 3, 1), date(2026, 9, 1))
    db.session.commit()
    pieter = session_for(app, world.pieter, world.anker)
    path = f"/dossiers/{world.anker_dossier.id}/beslissingen/{empty.id}/verwijderen"
    data = form_of(pieter, path)
    with colleague_saved(world.anker_dossier) as ran:
        response = pieter.post(path, data=data, headers=HX)
    refused_as_stale(response, ran)
    assert count(Beslissing, id=empty.id) == 1


def test_d13_a_new_beslissing_that_loses_at_the_database(app, world):
    sync_catalogue()
    approve(world.brug, "NAFT")
    jan = session_for(app, world.jan, world.brug)
    path = f"/dossiers/{world.brug_dossier.id}/beslissingen/nieuw"
    data = {**form_of(jan, path), "begindatum": "05/01/2026", "modules": str(module("NAFT").id)}
    with colleague_saved(world.brug_dossier) as ran:
        response = jan.post(path, data=data, headers=HX)
    refused_as_stale(response, ran)
    assert count(Beslissing, dossier_id=world.brug_dossier.id) == 0


def test_d13_a_new_schakeling_that_loses_at_the_database(app, world):
    sync_catalogue()
    approve(world.anker, "CB-LAAG")
    decided = beslissing(world.anker_dossier, date(2026, 1, 5), date(2026, 7, 5))
    db.session.commit()
    path = f"/dossiers/{world.anker_dossier.id}/beslissingen/{decided.id}/schakelingen/nieuw"
    pieter = session_for(app, world.pieter, world.anker)
    data = {
        **form_of(pieter, path),
        "begindatum": "09/01/2026",
        "einddatum": "30/06/2026",
        "modules": str(module("CB-LAAG").id),
    }
    with colleague_saved(world.anker_dossier) as ran:
        response = pieter.post(path, data=data, headers=HX)
    refused_as_stale(response, ran)
    assert count(Schakeling) == 0


def test_d13_an_open_schakeling_refused_by_the_database_names_the_other(app, world):
    """S-5 at the database: a colleague's open schakeling lands just before this one is
    written; the unique index refuses the second, with the manual's message in the form."""
    sync_catalogue()
    approve(world.anker, "CB-LAAG")
    decided = beslissing(world.anker_dossier, date(2026, 1, 5), date(2026, 7, 5))
    db.session.commit()
    path = f"/dossiers/{world.anker_dossier.id}/beslissingen/{decided.id}/schakelingen/nieuw"
    pieter = session_for(app, world.pieter, world.anker)
    data = {**form_of(pieter, path), "begindatum": "09/01/2026"}
    data["modules"] = str(module("CB-LAAG").id)

    def colleague_adds_an_open_schakeling(session):
        session.add(
            Schakeling(
                beslissing_id=decided.id,
                dossier_id=world.anker_dossier.id,
                begindatum=date(2026, 1, 10),
            )
        )

    with meanwhile(colleague_adds_an_open_schakeling) as ran:
        response = pieter.post(path, data=data, headers=HX)
    assert ran
    assert response.status_code == 422, text(response)[:300]
    assert OPEN_SCHAKELING_EXISTS in text(response)
    assert [s.begindatum for s in db.session.scalars(db.select(Schakeling))] == [date(2026, 1, 10)]


def test_d13_a_new_schakeling_in_a_dossier_deleted_meanwhile(app, world):
    """The dossier is deleted just before the schakeling is written: the database refuses the
    schakeling of a dossier that is gone, and the manual's message says so (404)."""
    sync_catalogue()
    approve(world.anker, "CB-LAAG")
    decided = beslissing(world.anker_dossier, date(2026, 1, 5), date(2026, 7, 5))
    db.session.commit()
    path = f"/dossiers/{world.anker_dossier.id}/beslissingen/{decided.id}/schakelingen/nieuw"
    pieter = session_for(app, world.pieter, world.anker)
    data = {**form_of(pieter, path), "begindatum": "09/01/2026"}
    data["modules"] = str(module("CB-LAAG").id)
    deleted = sql("DELETE FROM dossiers WHERE id = :id", id=world.anker_dossier.id)
    with meanwhile(deleted) as ran:
        response = pieter.post(path, data=data, headers=HX)
    assert ran
    assert response.status_code == 404, text(response)[:300]
    assert DOSSIER_GONE in text(response)
    assert count(Schakeling) == 0


def test_d13_a_new_beslissing_in_a_dossier_deleted_meanwhile(app, world):
    """The dossier is deleted just before the beslissing is written: the manual's message
    (404), not a server error."""
    sync_catalogue()
    approve(world.brug, "NAFT")
    jan = session_for(app, world.jan, world.brug)
    path = f"/dossiers/{world.brug_dossier.id}/beslissingen/nieuw"
    data = {**form_of(jan, path), "begindatum": "05/01/2026", "modules": str(module("NAFT").id)}
    deleted = sql("DELETE FROM dossiers WHERE id = :id", id=world.brug_dossier.id)
    with meanwhile(deleted) as ran:
        response = jan.post(path, data=data, headers=HX)
    assert ran
    assert response.status_code == 404, text(response)[:300]
    assert DOSSIER_GONE in text(response)
    assert count(Beslissing) == 0


# --- truly parallel writers (PostgreSQL) ---


def race(app, person, organisation, path: str, payloads: list[dict]):
    """Each payload posted by its own session, all released at the same moment."""
    barrier = threading.Barrier(len(payloads))
    person_id, organisation_id = person.id, organisation.id

    def run(payload):
        http = session_for(app, person_id, organisation_id, FlaskClient)
        data = {**form_of(http, path), **payload}
        barrier.wait(timeout=30)
        return http.post(path, data=data, headers=HX)

    db.session.commit()
    with ThreadPoolExecutor(len(payloads)) as pool:
        responses = list(pool.map(run, payloads))
    db.session.expire_all()
    return responses


@pytest.mark.postgres
def test_d13_parallel_changes_of_one_schakeling_exactly_one_wins(app, anker):
    world, _decided, running = anker
    path = f"/dossiers/{world.anker_dossier.id}/schakelingen/{running.id}/wijzigen"
    ends = [f"{day:02d}/06/2026" for day in range(20, 26)]
    payloads = [
        {"begindatum": "09/01/2026", "einddatum": end, "modules": str(module("CB-LAAG").id)}
        for end in ends
    ]
    responses = race(app, world.pieter, world.anker, path, payloads)
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] + [409] * 5
    # A loser that read the winner's version gets the panel with the message (issue 11); one
    # that lost at the commit itself gets the message alone: either way, the D-13 message.
    assert all(STALE in text(r) for r in responses if r.status_code == 409)
    winner = ends[[r.status_code for r in responses].index(200)]
    stored = db.session.get(Schakeling, running.id)
    assert stored.einddatum.strftime("%d/%m/%Y") == winner
    changes = db.session.scalars(
        db.select(ActivityEntry).where(ActivityEntry.action == "schakeling_gewijzigd")
    ).all()
    assert len(changes) == 1 and changes[0].after["einddatum"] == stored.einddatum.isoformat()


@pytest.mark.postgres
def test_d13_parallel_open_schakelingen_exactly_one_is_added(app, world):
    sync_catalogue()
    approve(world.anker, "CB-LAAG")
    decided = beslissing(world.anker_dossier, date(2026, 1, 5), date(2026, 7, 5))
    path = f"/dossiers/{world.anker_dossier.id}/beslissingen/{decided.id}/schakelingen/nieuw"
    payloads = [
        {"begindatum": f"{day:02d}/01/2026", "modules": str(module("CB-LAAG").id)}
        for day in range(9, 15)
    ]
    responses = race(app, world.pieter, world.anker, path, payloads)
    winners = [r for r in responses if r.status_code == 200]
    losers = [r for r in responses if r.status_code != 200]
    assert len(winners) == 1
    for response in losers:
        assert (response.status_code, text(response)) == (409, STALE) or (
            response.status_code == 422 and OPEN_SCHAKELING_EXISTS in text(response)
        )
    stored = db.session.scalars(
        db.select(Schakeling).where(Schakeling.dossier_id == world.anker_dossier.id)
    ).all()
    assert len(stored) == 1 and stored[0].einddatum is None
    assert db.session.get(Dossier, world.anker_dossier.id).status == "open"
    assert db.session.scalar(db.select(db.func.count()).select_from(Beslissing)) == 1
