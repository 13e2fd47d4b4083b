"""A-4: every organisation-scoped URL answers 404 to a worker of another organisation."""

from __future__ import annotations

import pytest

from binc_web.extensions import db
from binc_web.models import ContextPerson, Membership
from tests import factories
from tests.conftest import csrf_token


def scoped_objects(world) -> dict[str, int]:
    """For each URL parameter naming a scoped object: an object of NAFT De Brug.

    A new scoped route with a new parameter makes the sweep fail until it is added here.
    """
    membership = db.session.scalars(
        db.select(Membership).where(Membership.organisation_id == world.brug.id)
    ).first()
    context_person = ContextPerson(
        client_id=world.brug_dossier.client_id, relation="moeder", family_name="Peeters"
    )
    db.session.add(context_person)
    db.session.flush()
    return {
        "dossier_id": world.brug_dossier.id,
        "membership_id": membership.id,
        "client_id": world.brug_dossier.client_id,
        "context_person_id": context_person.id,
    }


def scoped_rules(app):
    for rule in app.url_map.iter_rules():
        if rule.arguments and rule.endpoint != "static":
            yield rule


def test_a4_every_scoped_route_is_covered_by_the_sweep(app, world):
    known = scoped_objects(world)
    unknown = {arg for rule in scoped_rules(app) for arg in rule.arguments} - set(known)
    assert not unknown, f"add an object of another organisation for {unknown} to the sweep"


@pytest.mark.parametrize("htmx", [False, True])
def test_a4_other_organisation_gets_404_on_every_scoped_route(app, login_as, world, htmx):
    foreign = scoped_objects(world)
    factories.grant(world.pieter, world.anker, "beheerder")
    db.session.commit()
    client = login_as(world.pieter, world.anker)
    headers = {"X-CSRFToken": csrf_token(client)}
    if htmx:
        headers["HX-Request"] = "true"
    checked = []
    for rule in scoped_rules(app):
        url = rule.build({arg: foreign[arg] for arg in rule.arguments}, append_unknown=False)[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method, headers=headers)
            assert response.status_code == 404, f"{method} {url} answered {response.status_code}"
            assert world.brug_dossier.code not in response.get_data(as_text=True)
            checked.append((method, rule.endpoint))
    assert ("GET", "dossiers.show") in checked
    assert ("POST", "admin.revoke") in checked
    assert ("POST", "clients.delete_context_person") in checked
    assert ("GET", "clients.context") in checked
    assert db.session.get(ContextPerson, foreign["context_person_id"]).relation == "moeder"
    assert (
        db.session.scalar(
            db.select(db.func.count()).where(Membership.organisation_id == world.brug.id)
        )
        == 4
    )


def test_a4_own_organisation_reaches_the_same_routes(app, login_as, world):
    own = scoped_objects(world)
    client = login_as(world.tom, world.brug)
    for rule in scoped_rules(app):
        if "GET" not in rule.methods:
            continue
        url = rule.build({arg: own[arg] for arg in rule.arguments}, append_unknown=False)[1]
        assert client.get(url).status_code == 200, url


def test_a4_dossier_of_another_organisation_is_indistinguishable_from_a_missing_one(
    login_as, world
):
    client = login_as(world.pieter, world.anker)
    foreign = client.get(f"/dossiers/{world.brug_dossier.id}")
    missing = client.get("/dossiers/999999")
    assert foreign.status_code == missing.status_code == 404
    assert foreign.get_data() == missing.get_data()


def test_a4_overview_lists_only_the_own_organisation(login_as, world):
    page = login_as(world.pieter, world.anker).get("/").get_data(as_text=True)
    assert world.anker_dossier.code in page
    assert world.brug_dossier.code not in page
