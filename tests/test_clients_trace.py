"""K-2 "Sharing leaves a trace": register look-ups and reads by an organisation without a
dossier for the youth are logged, look-ups are limited per person, a change to shared data shows
in the activity of every dossier of the youth; K-1 identification answers alike for unknown and
known youths and puts no internal id of a youth without a dossier in a URL."""

from __future__ import annotations

import re
from datetime import date

import pytest
import time_machine

from binc_web.clients.access import SESSION_KEY
from binc_web.extensions import db
from binc_web.models import Client, ContextPerson, Dossier, RegisterEntry, RegisterLookup
from tests import factories
from tests.conftest import csrf_token, log_in_client
from tests.test_clients import (
    IDENTIFY,
    NOWHERE,
    WOUT,
    client_by_number,
    details_data,
    mother,
    register,  # noqa: F401  (fixture)
    search,
    select,
)

HX = {"HX-Request": "true"}
LIMIT_MESSAGE = "Te veel opzoekingen in het rijksregister na elkaar."
CLIENT_LINK = re.compile(r"/clienten/(\d+)")


def lookups() -> list[RegisterLookup]:
    return db.session.scalars(db.select(RegisterLookup).order_by(RegisterLookup.id)).all()


def known_elsewhere(world, number: str = WOUT) -> Client:
    """Wout, already a client of Het Anker (with a dossier and a context person)."""
    known = Client(
        national_number=number,
        family_name="Maes",
        given_name="Wout",
        gender="M",
        birth_date=date(2011, 4, 9),
    )
    db.session.add(known)
    db.session.flush()
    factories.dossier(world.anker, known)
    db.session.add(ContextPerson(client_id=known.id, relation="moeder", family_name="Maes"))
    db.session.commit()
    return known


# K-2: the trace of look-ups and reads -------------------------------------------------------


@pytest.mark.usefixtures("register")
def test_k2_register_look_ups_by_number_and_by_name_are_logged(login_as, world):
    http = login_as(world.jan, world.brug)
    search(http, option="nummer", national_number=WOUT)
    search(http, option="naam", family_name="maes", gender="M", birth_year="2011")
    by_number, by_name = lookups()
    assert (by_number.kind, by_number.person_id, by_number.organisation_id) == (
        "nummer",
        world.jan.id,
        world.brug.id,
    )
    assert WOUT in by_number.search and by_number.results == 1
    assert (by_name.kind, by_name.results) == ("naam", 1)
    assert "maes" in by_name.search and "2011" in by_name.search


@pytest.mark.usefixtures("register")
def test_k2_a_refused_search_is_no_look_up(login_as, world):
    search(login_as(world.jan, world.brug), option="nummer", national_number="123")
    assert lookups() == []


@pytest.mark.usefixtures("register")
def test_k2_continuing_with_a_youth_and_reading_their_pages_is_logged(login_as, world):
    known = known_elsewhere(world)
    http = login_as(world.jan, world.brug)
    location = select(http).headers["Location"]
    http.get(location)
    http.get(location.replace("/gegevens", "/context"))
    chosen, *reads = lookups()
    assert (chosen.kind, chosen.client_id, chosen.person_id) == ("verder", known.id, world.jan.id)
    assert [(r.kind, r.client_id, r.organisation_id) for r in reads] == [
        ("inzage", known.id, world.brug.id)
    ] * 2
    assert [r.search for r in reads] == ["Cliëntgegevens", "Cliëntcontext"]


def test_k2_reads_by_an_organisation_with_a_dossier_for_the_youth_are_not_logged(login_as, world):
    http = login_as(world.jan, world.brug)
    client_id = world.brug_dossier.client_id
    assert http.get(f"/clienten/{client_id}/context").status_code == 200
    assert http.get(f"/clienten/{client_id}/gegevens").status_code == 200
    assert lookups() == []


@pytest.mark.usefixtures("register")
def test_k2_the_look_up_log_is_append_only(login_as, world):
    search(login_as(world.jan, world.brug), option="nummer", national_number=WOUT)
    entry = lookups()[0]
    entry.search = "niets"
    with pytest.raises(PermissionError):
        db.session.flush()
    db.session.rollback()
    db.session.delete(lookups()[0])
    with pytest.raises(PermissionError):
        db.session.flush()
    db.session.rollback()


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.usefixtures("register")
def test_k2_register_look_ups_are_rate_limited_per_person(app, login_as, world, htmx):
    app.config["REGISTER_LOOKUP_LIMIT"] = "3 per 10 minutes"
    jan = login_as(world.jan, world.brug)
    headers = HX if htmx else None
    for _ in range(2):
        assert search(jan, headers, option="nummer", national_number=WOUT).status_code == 200
    assert select(jan).status_code == 303  # "verder" asks the register too
    refused = search(jan, headers, option="nummer", national_number=WOUT)
    assert refused.status_code == 429
    assert LIMIT_MESSAGE in refused.get_data(as_text=True)
    assert select(jan).status_code == 429
    assert jan.get(IDENTIFY).status_code == 200  # the page itself is no look-up
    assert len(lookups()) == 3
    sofie = app.test_client()
    log_in_client(sofie, world.sofie, world.brug)
    assert search(sofie, option="nummer", national_number=WOUT).status_code == 200


@pytest.mark.usefixtures("register")
def test_k2_identified_access_expires_after_an_hour(login_as, world):
    with time_machine.travel("2026-06-15 09:00 +02:00", tick=False) as clock:
        http = login_as(world.jan, world.brug)
        location = select(http).headers["Location"]
        # Visits every 20 minutes keep the session itself alive (its idle timeout is 30).
        for moment in ("09:20", "09:40", "09:59"):
            clock.move_to(f"2026-06-15 {moment} +02:00")
            assert http.get(location).status_code == 200
        clock.move_to("2026-06-15 10:01 +02:00")
        assert http.get(location).status_code == 404


# K-2: a change to shared data in the activity of every dossier ------------------------------


def test_k2_a_change_to_shared_client_data_shows_in_every_dossier_of_the_youth(
    app, login_as, world
):
    shared = db.session.get(Client, world.anker_dossier.client_id)
    brug_dossier = factories.dossier(world.brug, shared)
    person = ContextPerson(client_id=shared.id, relation="moeder", family_name="Maes")
    db.session.add(person)
    db.session.commit()
    pieter = login_as(world.pieter, world.anker)
    response = pieter.post(
        f"/clienten/{shared.id}/context/{person.id}",
        data=mother(pieter, phone="09 123 45 67", version_id=person.version_id),
    )
    assert response.status_code == 303
    jan = app.test_client()
    log_in_client(jan, world.jan, world.brug)
    page = jan.get(f"/dossiers/{brug_dossier.id}/activiteiten").get_data(as_text=True)
    assert "Contextpersoon van cliënt" in page
    assert "09 123 45 67" in page
    assert "Jeugdhulp Het Anker" in page
    assert "Pieter" not in page  # another organisation's worker is not named
    own = pieter.get(f"/dossiers/{world.anker_dossier.id}/activiteiten").get_data(as_text=True)
    assert "09 123 45 67" in own and "Jeugdhulp Het Anker" in own


@pytest.mark.usefixtures("register")
def test_k2_a_change_to_cliëntgegevens_by_an_identifying_organisation_shows_in_the_dossier(
    app, login_as, world
):
    known = known_elsewhere(world)
    jan = login_as(world.jan, world.brug)
    location = select(jan).headers["Location"]
    data = details_data(jan, language="Frans")
    assert jan.post(location, data=data).status_code == 303
    pieter = app.test_client()
    log_in_client(pieter, world.pieter, world.anker)
    anker_dossier = (
        known.id
        and db.session.scalars(db.select(Dossier).where(Dossier.client_id == known.id)).one()
    )
    page = pieter.get(f"/dossiers/{anker_dossier.id}/activiteiten").get_data(as_text=True)
    assert "Cliëntgegevens van" in page and "Frans" in page
    assert "NAFT De Brug" in page


def test_k2_a_change_before_the_dossier_existed_is_not_its_activity(app, login_as, world):
    shared = db.session.get(Client, world.anker_dossier.client_id)
    pieter = login_as(world.pieter, world.anker)
    pieter.post(f"/clienten/{shared.id}/context", data=mother(pieter, phone="09 123 45 67"))
    later = factories.dossier(world.brug, shared)
    db.session.commit()
    jan = app.test_client()
    log_in_client(jan, world.jan, world.brug)
    page = jan.get(f"/dossiers/{later.id}/activiteiten").get_data(as_text=True)
    assert "09 123 45 67" not in page


# K-1 (item 10): no oracle, no internal ids ---------------------------------------------------


def _answer(http, number):
    response = select(http, number)
    page = http.get(response.headers["Location"]).get_data(as_text=True)
    shape = re.sub(r"/clienten/[^/]+/", "/clienten/<ref>/", response.headers["Location"])
    return response.status_code, shape, page


@pytest.mark.usefixtures("register")
def test_k1_continuing_answers_alike_for_an_unknown_and_a_known_youth(app, login_as, world):
    other = db.session.get(Client, world.anker_dossier.client_id)
    db.session.add(
        RegisterEntry(
            national_number=other.national_number,
            family_name=other.family_name,
            given_name=other.given_name,
            gender=other.gender,
            birth_date=other.birth_date,
        )
    )
    db.session.commit()
    http = login_as(world.jan, world.brug)
    unknown_status, unknown_shape, unknown_page = _answer(http, WOUT)
    known_status, known_shape, known_page = _answer(http, other.national_number)
    assert (unknown_status, unknown_shape) == (known_status, known_shape)
    assert unknown_shape == "/clienten/<ref>/gegevens"
    message = "De jongere werd geïdentificeerd."
    assert message in unknown_page and message in known_page
    assert "al gekend" not in known_page


@pytest.mark.usefixtures("register")
def test_k1_no_internal_id_of_a_youth_without_dossier_in_urls(login_as, world):
    http = login_as(world.jan, world.brug)
    response = select(http)
    wout = client_by_number(WOUT)
    location = response.headers["Location"]
    assert str(wout.id) not in location.split("/")
    pages = [http.get(location), http.get(location.replace("/gegevens", "/context"))]
    for page in pages:
        assert page.status_code == 200
        body = page.get_data(as_text=True)
        assert not [m for m in CLIENT_LINK.findall(body) if m == str(wout.id)]
        assert f"client_id={wout.id}" not in body
    # Knowing the id is no way in: only the handle of this session opens the pages.
    assert http.get(f"/clienten/{wout.id}/context").status_code == 404
    assert http.get(f"/dossiers/nieuw?client_id={wout.id}").status_code == 404


@pytest.mark.usefixtures("register")
def test_k1_a_handle_is_worth_nothing_in_another_session_or_organisation(app, login_as, world):
    sofie = login_as(world.sofie, world.brug)
    location = select(sofie).headers["Location"]
    assert sofie.get(location).status_code == 200
    jan = app.test_client()
    log_in_client(jan, world.jan, world.brug)
    assert jan.get(location).status_code == 404
    with sofie.session_transaction() as session:
        assert SESSION_KEY in session
        session["organisation_id"] = world.anker.id
    assert sofie.get(location).status_code == 404


@pytest.mark.usefixtures("register")
def test_k1_unknown_number_in_the_register_still_answers_with_the_register_message(login_as, world):
    http = login_as(world.jan, world.brug)
    assert select(http, NOWHERE).status_code == 422
    assert csrf_token(http)


# K-2: who reads the trace ------------------------------------------------------------------


@pytest.mark.usefixtures("register")
def test_k2_a_beheerder_reads_the_look_ups_of_their_own_organisation(app, login_as, world):
    jan = login_as(world.jan, world.brug)
    search(jan, option="nummer", national_number=WOUT)
    pieter = app.test_client()
    log_in_client(pieter, world.pieter, world.anker)
    search(pieter, option="naam", family_name="Maes", gender="M", birth_year="2011")
    tom = app.test_client()
    log_in_client(tom, world.tom, world.brug)
    response = tom.get("/beheer/opzoekingen")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<h1>Opzoekingen in het rijksregister</h1>" in page
    assert f"rijksregisternummer {WOUT}" in page and "Jan Peeters" in page
    assert "geboortejaar 2011" not in page  # Het Anker's search is not De Brug's business
    assert jan.get("/beheer/opzoekingen").status_code == 403


def test_k2_the_look_up_page_pages_and_refuses_junk_pages(login_as, world):
    tom = login_as(world.tom, world.brug)
    assert tom.get("/beheer/opzoekingen?pagina=99999999999999999999").status_code == 200
    assert tom.get("/beheer/opzoekingen?pagina=abc").status_code == 200
