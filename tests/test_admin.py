"""A-3: roles, and the "Gebruikersbeheer" screen of a beheerder."""

from __future__ import annotations

import pytest

from binc_web.extensions import db
from binc_web.models import ActivityEntry, Membership, Person
from tests.conftest import csrf_token, log_in_client

NEW_NUMBER = "90020199704"
HX = {"HX-Request": "true"}


def memberships_of(national_number: str) -> list[tuple[str, str]]:
    return [
        (organisation, role)
        for organisation, role in db.session.execute(
            db.select(Membership.organisation_id, Membership.role)
            .join(Person, Person.id == Membership.person_id)
            .where(Person.national_number == national_number)
        ).all()
    ]


def test_a3_beheerder_sees_the_people_of_the_organisation(login_as, world):
    client = login_as(world.tom, world.brug)
    page = client.get("/beheer/gebruikers").get_data(as_text=True)
    assert "Gebruikersbeheer" in page
    assert world.jan.national_number in page
    assert world.pieter.national_number not in page  # Het Anker only


def test_a3_beheerder_grants_a_role_by_national_number(login_as, world):
    client = login_as(world.tom, world.brug)
    response = client.post(
        "/beheer/gebruikers",
        data={
            "csrf_token": csrf_token(client),
            "national_number": NEW_NUMBER,
            "role": "medewerker",
        },
    )
    assert response.status_code == 303
    assert memberships_of(NEW_NUMBER) == [(world.brug.id, "medewerker")]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"De rol medewerker werd toegekend aan {NEW_NUMBER}." in page
    entry = db.session.scalars(db.select(ActivityEntry)).one()
    assert (entry.action, entry.person_id, entry.organisation_id) == (
        "rol_toegekend",
        world.tom.id,
        world.brug.id,
    )


def test_a3_granted_role_lets_the_person_in(app, login_as, world):
    client = login_as(world.tom, world.brug)
    client.post(
        "/beheer/gebruikers",
        data={
            "csrf_token": csrf_token(client),
            "national_number": world.pieter.national_number,
            "role": "medewerker",
        },
    )
    other = app.test_client()
    log_in_client(other, world.pieter)
    assert other.get("/").headers["Location"] == "/voorziening"
    page = other.get("/voorziening").get_data(as_text=True)
    assert "NAFT De Brug" in page and "Jeugdhulp Het Anker" in page


def test_a3_grant_via_htmx_answers_the_fragment(login_as, world):
    client = login_as(world.tom, world.brug)
    response = client.post(
        "/beheer/gebruikers",
        data={
            "csrf_token": csrf_token(client),
            "national_number": NEW_NUMBER,
            "role": "medewerker",
        },
        headers=HX,
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "HX-Request" in response.headers["Vary"]
    assert body.lstrip().startswith('<div id="gebruikersbeheer">')
    assert "<html" not in body
    assert NEW_NUMBER in body


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("85073003329", "Het controlegetal (laatste twee cijfers) klopt niet."),
        ("8507300332", "Een rijksregisternummer telt 11 cijfers, niet 10."),
        ("85.07.30-033.28", "typ het zonder spaties of leestekens"),
        ("", "Vul een rijksregisternummer in."),
        ("<script>alert(1)</script>", "Een rijksregisternummer telt 11 cijfers."),
        ("1" * 200, "Een rijksregisternummer telt 11 cijfers."),
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_a3_wrong_national_number_gives_422_and_changes_nothing(
    login_as, world, number, message, htmx
):
    client = login_as(world.tom, world.brug)
    before = db.session.scalar(db.select(db.func.count()).select_from(Membership))
    response = client.post(
        "/beheer/gebruikers",
        data={"csrf_token": csrf_token(client), "national_number": number, "role": "medewerker"},
        headers=HX if htmx else {},
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in body
    assert "<script>alert(1)</script>" not in body
    assert '="None"' not in body
    assert ("<html" in body) is not htmx
    assert db.session.scalar(db.select(db.func.count()).select_from(Membership)) == before


def test_a3_agency_role_cannot_be_granted_in_a_provider(login_as, world):
    client = login_as(world.tom, world.brug)
    response = client.post(
        "/beheer/gebruikers",
        data={
            "csrf_token": csrf_token(client),
            "national_number": NEW_NUMBER,
            "role": "dossierbehandelaar",
        },
    )
    assert response.status_code == 422
    assert "kan niet toegekend worden binnen een NAFT-organisatie" in response.get_data(
        as_text=True
    )
    assert memberships_of(NEW_NUMBER) == []


def test_a3_unknown_role_is_refused(login_as, world):
    client = login_as(world.tom, world.brug)
    response = client.post(
        "/beheer/gebruikers",
        data={"csrf_token": csrf_token(client), "national_number": NEW_NUMBER, "role": "koning"},
    )
    assert response.status_code == 422
    assert "Kies een geldige rol." in response.get_data(as_text=True)


def test_a3_same_role_twice_is_refused(login_as, world):
    client = login_as(world.tom, world.brug)
    response = client.post(
        "/beheer/gebruikers",
        data={
            "csrf_token": csrf_token(client),
            "national_number": world.jan.national_number,
            "role": "medewerker",
        },
    )
    assert response.status_code == 422
    assert "heeft deze rol al" in response.get_data(as_text=True)


def test_a3_beheerder_revokes_a_role(login_as, world):
    client = login_as(world.tom, world.brug)
    membership = db.session.scalars(
        db.select(Membership).where(Membership.person_id == world.jan.id)
    ).one()
    response = client.post(
        f"/beheer/gebruikers/{membership.id}/intrekken", data={"csrf_token": csrf_token(client)}
    )
    assert response.status_code == 303
    assert memberships_of(world.jan.national_number) == []
    assert db.session.scalars(db.select(ActivityEntry.action)).all() == ["rol_ingetrokken"]


def test_a3_revoked_person_loses_access_at_the_next_request(app, login_as, world):
    jan_client = app.test_client()
    log_in_client(jan_client, world.jan, world.brug)
    assert jan_client.get("/").status_code == 200
    client = login_as(world.tom, world.brug)
    membership = db.session.scalars(
        db.select(Membership).where(Membership.person_id == world.jan.id)
    ).one()
    client.post(
        f"/beheer/gebruikers/{membership.id}/intrekken", data={"csrf_token": csrf_token(client)}
    )
    # The revocation ends Jan's session: he is back at "Aanmelden".
    response = jan_client.get("/")
    assert response.headers["Location"].startswith("/aanmelden")
    assert jan_client.get("/voorziening").headers["Location"].startswith("/aanmelden")


def test_a3_the_last_beheerder_cannot_be_revoked(login_as, world):
    client = login_as(world.tom, world.brug)
    own = db.session.scalars(
        db.select(Membership).where(
            Membership.person_id == world.tom.id, Membership.role == "beheerder"
        )
    ).one()
    response = client.post(
        f"/beheer/gebruikers/{own.id}/intrekken",
        data={"csrf_token": csrf_token(client)},
        headers=HX,
    )
    assert response.status_code == 422
    assert "minstens één beheerder" in response.get_data(as_text=True)
    assert db.session.get(Membership, own.id) is not None


def test_a3_beheerder_cannot_revoke_own_beheerder_role(login_as, world):
    db.session.add(
        Membership(person_id=world.jan.id, organisation_id=world.brug.id, role="beheerder")
    )
    db.session.commit()
    client = login_as(world.tom, world.brug)
    own = db.session.scalars(
        db.select(Membership).where(
            Membership.person_id == world.tom.id, Membership.role == "beheerder"
        )
    ).one()
    response = client.post(
        f"/beheer/gebruikers/{own.id}/intrekken", data={"csrf_token": csrf_token(client)}
    )
    assert response.status_code == 422
    assert "eigen rol als beheerder" in response.get_data(as_text=True)


def test_a3_medewerker_cannot_manage_users(login_as, world):
    client = login_as(world.jan, world.brug)
    assert client.get("/beheer/gebruikers").status_code == 403
    token = csrf_token(client)
    response = client.post(
        "/beheer/gebruikers",
        data={"csrf_token": token, "national_number": NEW_NUMBER, "role": "beheerder"},
    )
    assert response.status_code == 403
    assert memberships_of(NEW_NUMBER) == []
    # Not the user administration; "Gebruikersbeheer documenten" (15.3.1) is everyone's.
    assert 'href="/beheer/gebruikers"' not in client.get("/").get_data(as_text=True)


def test_a3_grant_without_csrf_token_is_refused(login_as, world):
    client = login_as(world.tom, world.brug)
    response = client.post(
        "/beheer/gebruikers", data={"national_number": NEW_NUMBER, "role": "medewerker"}
    )
    assert response.status_code == 400
    assert memberships_of(NEW_NUMBER) == []


def test_a3_htmx_request_without_csrf_header_is_refused_with_text(login_as, world):
    client = login_as(world.tom, world.brug)
    response = client.post(
        "/beheer/gebruikers",
        data={"national_number": NEW_NUMBER, "role": "medewerker"},
        headers=HX,
    )
    assert response.status_code == 400
    assert response.mimetype == "text/plain"
    assert "Het formulier is verlopen" in response.get_data(as_text=True)


def test_a3_htmx_request_with_csrf_header_is_accepted(login_as, world):
    client = login_as(world.tom, world.brug)
    response = client.post(
        "/beheer/gebruikers",
        data={"national_number": NEW_NUMBER, "role": "medewerker"},
        headers={**HX, "X-CSRFToken": csrf_token(client)},
    )
    assert response.status_code == 200
    assert memberships_of(NEW_NUMBER) == [(world.brug.id, "medewerker")]
