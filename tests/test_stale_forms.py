"""D-13 on the forms outside the traject panel (Cliëntgegevens, Cliëntcontext, aanmelding,
klasgegevens, begin- and eindregistratie): a save refused because a colleague saved first
comes back as the form (409) where the user acted, with the message above it, what they typed
still in it, what is stored now where it differs, and the stored version, so that a second
"Opslaan" saves what they typed (and a reload is not needed). Nothing is written by the
refusal itself."""

from __future__ import annotations

import re

import pytest

from binc_web.extensions import db
from binc_web.models import ActivityEntry, Client, ContextPerson, Dossier, Registratie
from binc_web.rules.concurrency import BEGINREGISTRATIE_EXISTS, RECONFIRM, STALE
from tests.conftest import csrf_token
from tests.test_clients_concurrency import details
from tests.test_concurrency import form_of, session_for, text
from tests.test_dossiers import edit_data, edit_url, klas_data
from tests.test_registrations import opened

HX = {"HX-Request": "true"}
VERSION = re.compile(r'name="version_id" (?:type="hidden" )?value="(\d*)"')


def version_in(response) -> str:
    """The version the refused form carries back (what a second "Opslaan" posts)."""
    return VERSION.search(text(response)).group(1)


def activity_count() -> int:
    db.session.expire_all()
    return db.session.scalar(db.select(db.func.count()).select_from(ActivityEntry))


def stored_now(response) -> str:
    """The part of the answer that lists what is stored now (empty when there is none)."""
    body = text(response)
    start = body.find('id="verouderd"')
    assert start >= 0, "no D-13 message above the form"
    return body[start : body.find("</div>", start)]


@pytest.mark.parametrize("htmx", [False, True])
def test_d13_k3_refused_cliëntgegevens_come_back_to_redo(two_workers, htmx):
    jan, sofie, client = two_workers
    path = f"/clienten/{client.id}/gegevens"
    jan_form, sofie_form = form_of(jan, path), form_of(sofie, path)
    assert jan.post(path, data={**jan_form, **details(client, language="Frans")}).status_code in (
        200,
        303,
    )
    written = activity_count()
    typed = {**sofie_form, **details(client, language="Arabisch")}
    refused = sofie.post(path, data=typed, headers=HX if htmx else None)
    assert refused.status_code == 409
    assert 'id="clientgegevens"' in text(refused)  # the form, in place of the old one
    assert STALE in text(refused)
    assert 'value="Arabisch"' in text(refused)  # what Sofie typed
    assert "<li>Omgangstaal: Frans</li>" in stored_now(refused)  # what Jan saved
    assert "<li>Naam:" not in stored_now(refused)  # the same in both: not listed
    assert activity_count() == written
    db.session.expire_all()
    current = db.session.get(Client, client.id)
    assert (current.language, version_in(refused)) == ("Frans", str(current.version_id))
    again = sofie.post(path, data={**typed, "version_id": version_in(refused)})
    assert again.status_code in (200, 303)
    db.session.expire_all()
    assert db.session.get(Client, client.id).language == "Arabisch"


def test_d13_k4_refused_context_person_comes_back_to_redo(two_workers):
    jan, sofie, client = two_workers
    person = ContextPerson(client_id=client.id, relation="moeder", family_name="Maes")
    db.session.add(person)
    db.session.commit()
    path = f"/clienten/{client.id}/context/{person.id}"
    jan_form, sofie_form = form_of(jan, path), form_of(sofie, path)
    values = {"relation": "moeder", "family_name": "Maes"}
    jan.post(path, data={**jan_form, **values, "phone": "09 111 11 11"})
    typed = {**sofie_form, **values, "phone": "09 222 22 22"}
    refused = sofie.post(path, data=typed, headers=HX)
    assert refused.status_code == 409
    assert 'id="clientcontext"' in text(refused) and STALE in text(refused)
    assert 'value="09 222 22 22"' in text(refused)
    assert "09 111 11 11" in stored_now(refused)
    again = sofie.post(path, data={**typed, "version_id": version_in(refused)}, headers=HX)
    assert again.status_code == 200
    db.session.expire_all()
    assert db.session.get(ContextPerson, person.id).phone == "09 222 22 22"


def test_d13_k4_refused_deletion_asks_again_with_what_is_stored(two_workers):
    jan, sofie, client = two_workers
    person = ContextPerson(client_id=client.id, relation="moeder", family_name="Maes")
    db.session.add(person)
    db.session.commit()
    person_id = person.id
    delete_path = f"/clienten/{client.id}/context/{person.id}/verwijderen"
    sofie_form = form_of(sofie, delete_path)
    path = f"/clienten/{client.id}/context/{person.id}"
    jan.post(path, data={**form_of(jan, path), "relation": "moeder", "family_name": "Peeters"})
    refused = sofie.post(delete_path, data=sofie_form, headers=HX)
    assert refused.status_code == 409
    assert STALE in text(refused) and RECONFIRM in text(refused)
    assert "Peeters" in text(refused)  # the confirmation shows what is stored now
    assert db.session.get(ContextPerson, person.id) is not None
    confirmed = sofie.post(delete_path, data={**sofie_form, "version_id": version_in(refused)})
    assert confirmed.status_code in (200, 303)
    remaining = db.select(db.func.count()).where(ContextPerson.id == person_id)
    assert db.session.scalar(remaining) == 0


@pytest.mark.parametrize("htmx", [False, True])
def test_d13_d1_refused_aanmelding_comes_back_to_redo(login_as, world, htmx):
    dossier = world.brug_dossier
    http = login_as(world.jan, world.brug)
    first_tab = edit_data(http, dossier, uw_referentie="Eerste tabblad")
    second_tab = edit_data(http, dossier, uw_referentie="Tweede tabblad")
    assert http.post(edit_url(dossier), data=first_tab).status_code == 303
    written = activity_count()
    refused = http.post(edit_url(dossier), data=second_tab, headers=HX if htmx else None)
    assert refused.status_code == 409
    assert 'id="aanmelding"' in text(refused) and STALE in text(refused)
    assert 'value="Tweede tabblad"' in text(refused)
    assert "Uw referentie: Eerste tabblad" in stored_now(refused)
    assert activity_count() == written
    again = http.post(edit_url(dossier), data={**second_tab, "version_id": version_in(refused)})
    assert again.status_code == 303
    db.session.expire_all()
    assert db.session.get(Dossier, dossier.id).aanmelding.uw_referentie == "Tweede tabblad"


def test_d13_klasgegevens_refused_come_back_to_redo(login_as, world):
    http = login_as(world.jan, world.brug)
    dossier_url = http.post("/dossiers/nieuwe-klas", data=klas_data(http)).headers["Location"]
    edit = f"{dossier_url}/klas"
    base = {
        "csrf_token": csrf_token(http, edit),
        "aantal_deelnemers": "9",
        "onderwijsvorm": "bso",
        "graad": "2",
        "leerjaar": "4",
        "version_id": version_in(http.get(edit)),
    }
    assert http.post(edit, data=base | {"naam_klas": "Eerste"}).status_code == 303
    refused = http.post(edit, data=base | {"naam_klas": "Tweede"})
    assert refused.status_code == 409 and STALE in text(refused)
    assert 'value="Tweede"' in text(refused)
    assert "Naam klas: Eerste" in stored_now(refused)
    again = http.post(edit, data=base | {"naam_klas": "Tweede", "version_id": version_in(refused)})
    assert again.status_code == 303
    db.session.expire_all()
    dossier = db.session.get(Dossier, int(dossier_url.rsplit("/", 1)[1]))
    assert dossier.klas.name == "Tweede"


def registration(dossier: Dossier) -> Registratie:
    db.session.expire_all()
    return db.session.scalar(
        db.select(Registratie).where(
            Registratie.dossier_id == dossier.id, Registratie.kind == "begin"
        )
    )


def test_d13_r5_refused_registration_comes_back_to_redo(app, world):
    dossier = world.brug_dossier
    path = f"/dossiers/{dossier.id}/registratie/begin"
    jan = session_for(app, world.jan, world.brug)
    sofie = session_for(app, world.sofie, world.brug)
    first = {**opened(jan, path), "actie": "opslaan", "dagbesteding": "werk"}
    assert jan.post(path, data=first).status_code == 303
    sofie_form = opened(sofie, path)
    jan_again = {**opened(jan, path), "actie": "opslaan", "dagbesteding": "geen"}
    assert jan.post(path, data=jan_again).status_code == 303
    typed = {**sofie_form, "actie": "opslaan", "dagbesteding": "opleiding"}
    refused = sofie.post(path, data=typed, headers=HX)
    assert refused.status_code == 409
    assert 'id="registratie"' in text(refused) and STALE in text(refused)
    assert registration(dossier).answers == {"dagbesteding": "geen"}
    assert ": Geen" in stored_now(refused) or ": geen" in stored_now(refused)
    again = sofie.post(path, data={**typed, "version_id": version_in(refused)}, headers=HX)
    assert again.status_code == 200
    assert registration(dossier).answers == {"dagbesteding": "opleiding"}


def test_d13_r5_registration_created_meanwhile_comes_back_with_the_manuals_message(app, world):
    dossier = world.brug_dossier
    path = f"/dossiers/{dossier.id}/registratie/begin"
    jan = session_for(app, world.jan, world.brug)
    sofie = session_for(app, world.sofie, world.brug)
    jan_form, sofie_form = opened(jan, path), opened(sofie, path)
    assert "nieuw" in jan_form and "nieuw" in sofie_form
    saved = {**sofie_form, "actie": "opslaan", "dagbesteding": "werk"}
    assert sofie.post(path, data=saved, headers=HX).status_code == 200
    typed = {**jan_form, "actie": "opslaan", "dagbesteding": "opleiding"}
    late = jan.post(path, data=typed)
    assert late.status_code == 409
    assert BEGINREGISTRATIE_EXISTS in text(late)
    assert 'name="nieuw"' not in text(late)  # the form now changes the existing registration
    assert registration(dossier).created_by_id == world.sofie.id
    redo = {key: value for key, value in typed.items() if key != "nieuw"}
    again = jan.post(path, data={**redo, "version_id": version_in(late)})
    assert again.status_code == 303
    assert registration(dossier).answers == {"dagbesteding": "opleiding"}
