"""D-13 on shared client data (K-3 Cliëntgegevens, K-4 Cliëntcontext): two workers saving the
same form; the first save wins, the second gets the manual's message and overwrites nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from binc_web.extensions import db
from binc_web.models import Client, ContextPerson
from binc_web.rules.concurrency import STALE
from tests.test_concurrency import form_of, text

HX = {"HX-Request": "true"}


def details(client: Client, **changes) -> dict:
    values = {
        "family_name": client.family_name,
        "given_name": client.given_name,
        "gender": client.gender,
        "birth_date": client.birth_date.strftime("%d/%m/%Y"),
        "nationality": "België",
        "country_of_origin": "België",
        "language": "Nederlands",
        "street": "Kerkstraat",
        "house_number": "12",
        "postcode": "9000",
        "municipality": "Gent",
        "country": "België",
    }
    values.update(changes)
    return values


@pytest.mark.parametrize("htmx", [False, True])
def test_d13_k3_second_save_of_the_same_cliëntgegevens_gets_the_message(two_workers, htmx):
    jan, sofie, client = two_workers
    path = f"/clienten/{client.id}/gegevens"
    jan_form, sofie_form = form_of(jan, path), form_of(sofie, path)
    assert "version_id" in jan_form
    first = jan.post(path, data={**jan_form, **details(client, language="Frans")})
    assert first.status_code in (200, 303)
    headers = HX if htmx else None
    second = sofie.post(
        path, data={**sofie_form, **details(client, language="Arabisch")}, headers=headers
    )
    assert second.status_code == 409
    assert STALE in text(second)
    assert db.session.get(Client, client.id).language == "Frans"


@pytest.mark.parametrize("htmx", [False, True])
def test_d13_k4_second_save_of_the_same_context_person_gets_the_message(two_workers, htmx):
    jan, sofie, client = two_workers
    person = ContextPerson(client_id=client.id, relation="moeder", family_name="Maes")
    db.session.add(person)
    db.session.commit()
    path = f"/clienten/{client.id}/context/{person.id}"
    jan_form, sofie_form = form_of(jan, path), form_of(sofie, path)
    assert "version_id" in jan_form
    values = {"relation": "moeder", "family_name": "Maes"}
    first = jan.post(path, data={**jan_form, **values, "phone": "09 111 11 11"})
    assert first.status_code in (200, 303)
    headers = HX if htmx else None
    second = sofie.post(
        path, data={**sofie_form, **values, "phone": "09 222 22 22"}, headers=headers
    )
    assert second.status_code == 409
    assert STALE in text(second)
    assert db.session.get(ContextPerson, person.id).phone == "09 111 11 11"


def test_d13_k4_deleting_a_context_person_changed_meanwhile_gets_the_message(two_workers):
    jan, sofie, client = two_workers
    person = ContextPerson(client_id=client.id, relation="moeder", family_name="Maes")
    db.session.add(person)
    db.session.commit()
    delete_path = f"/clienten/{client.id}/context/{person.id}/verwijderen"
    sofie_form = form_of(sofie, delete_path)
    path = f"/clienten/{client.id}/context/{person.id}"
    jan.post(path, data={**form_of(jan, path), "relation": "moeder", "family_name": "Peeters"})
    response = sofie.post(delete_path, data=sofie_form)
    assert response.status_code == 409
    assert STALE in text(response)
    assert db.session.get(ContextPerson, person.id).family_name == "Peeters"


def test_d13_k3_a_save_racing_past_the_check_is_refused_by_the_version(two_workers):
    """The database has the last word: another worker's save committed between this save's
    check and its write (here: just before its flush) makes the write fail, not overwrite."""
    jan, _sofie, client = two_workers
    path = f"/clienten/{client.id}/gegevens"
    jan_form = form_of(jan, path)
    clients = Client.__table__

    def another_worker_saves_first(session, flush_context, instances):
        if any(isinstance(changed, Client) for changed in session.dirty):
            with db.engine.begin() as connection:
                connection.execute(
                    clients.update()
                    .where(clients.c.id == client.id)
                    .values(language="Arabisch", version_id=clients.c.version_id + 1)
                )

    event.listen(Session, "before_flush", another_worker_saves_first, once=True)
    try:
        response = jan.post(path, data={**jan_form, **details(client, language="Frans")})
    finally:
        if event.contains(Session, "before_flush", another_worker_saves_first):
            event.remove(Session, "before_flush", another_worker_saves_first)
    assert response.status_code == 409
    assert STALE in text(response)
    assert db.session.get(Client, client.id).language == "Arabisch"
