"""A-2: acting for one organisation ("Selecteer de voorziening"), switching without logout."""

from __future__ import annotations

from tests.conftest import SOFIE, csrf_token
from tests.oidc_flow import oidc_login


def choose(client, organisation, **extra):
    return client.post(
        "/voorziening",
        data={"csrf_token": csrf_token(client, "/voorziening"), "organisation_id": organisation.id},
        **extra,
    )


def test_a2_selecteer_de_voorziening_lists_every_membership(client, world):
    oidc_login(client, SOFIE.national_number)
    page = client.get("/voorziening").get_data(as_text=True)
    assert "Selecteer de voorziening" in page
    assert "NAFT De Brug" in page and "Jeugdhulp Het Anker" in page
    assert "Opgroeien" not in page


def test_a2_choice_sets_the_header_and_the_scope(client, world):
    oidc_login(client, SOFIE.national_number)
    response = choose(client, world.anker)
    assert response.status_code == 303
    page = client.get("/").get_data(as_text=True)
    assert (
        "Aangemeld als <strong>medewerker</strong> voor <strong>Jeugdhulp Het Anker</strong>"
        in page
    )
    assert world.anker_dossier.code in page
    assert world.brug_dossier.code not in page
    assert "Wijzig voorziening" in page


def test_a2_switching_organisation_without_logging_out(client, world):
    oidc_login(client, SOFIE.national_number)
    choose(client, world.anker)
    assert client.get(f"/dossiers/{world.brug_dossier.id}").status_code == 404
    choose(client, world.brug)
    page = client.get("/").get_data(as_text=True)
    assert "voor <strong>NAFT De Brug</strong>" in page
    assert client.get(f"/dossiers/{world.brug_dossier.id}").status_code == 200
    assert client.get(f"/dossiers/{world.anker_dossier.id}").status_code == 404


def test_a2_an_organisation_without_membership_cannot_be_chosen(client, world):
    oidc_login(client, SOFIE.national_number)
    response = choose(client, world.agency)
    assert response.status_code == 422
    assert "Kies een voorziening uit de lijst." in response.get_data(as_text=True)
    assert client.get("/").headers["Location"] == "/voorziening"


def test_a2_junk_organisation_id_is_refused(client, world):
    oidc_login(client, SOFIE.national_number)
    response = client.post(
        "/voorziening",
        data={"csrf_token": csrf_token(client, "/voorziening"), "organisation_id": "'; drop"},
    )
    assert response.status_code == 422


def test_a2_next_page_is_kept_through_the_choice(client, world):
    oidc_login(client, SOFIE.national_number, next_path=f"/dossiers/{world.anker_dossier.id}")
    response = choose(client, world.anker)
    assert response.headers["Location"] == f"/dossiers/{world.anker_dossier.id}"


def test_a2_one_organisation_has_no_switch_link(login_as, world):
    page = login_as(world.jan, world.brug).get("/").get_data(as_text=True)
    assert "Wijzig voorziening" not in page
