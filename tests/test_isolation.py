"""A-4: every organisation-scoped URL answers 404 to a worker of another organisation."""

from __future__ import annotations

import inspect
import re
from datetime import date

import pytest
from flask import url_for

from binc_web.catalogue import sync_catalogue
from binc_web.directory import service_of
from binc_web.extensions import db
from binc_web.models import (
    Beslissing,
    Capaciteit,
    ContextPerson,
    DocumentRecipient,
    Dossier,
    GroeipakketRun,
    Membership,
    ModuleApproval,
    Registratie,
    ReopenRequest,
    Schakeling,
    TypeModule,
)
from tests import factories
from tests import factories_overview as make
from tests.conftest import csrf_token, log_in_client
from tests.factories_documents import CONSULENT_MAIL, consulent_service, shared_document
from tests.factories_jobs import report_objects


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
    beslissing = Beslissing(
        dossier_id=world.brug_dossier.id, begindatum=date(2026, 1, 5), einddatum=date(2026, 7, 5)
    )
    db.session.add(beslissing)
    db.session.flush()
    schakeling = Schakeling(
        beslissing_id=beslissing.id, dossier_id=world.brug_dossier.id, begindatum=date(2026, 1, 9)
    )
    db.session.add(schakeling)
    db.session.flush()
    reopen_request = ReopenRequest(dossier_id=world.brug_dossier.id, organisation_id=world.brug.id)
    db.session.add(reopen_request)
    sync_catalogue()
    # A module with a unit of benutting (M-3), so the month view exists for the own worker.
    module = db.session.scalars(db.select(TypeModule).where(TypeModule.code == "CB-LAAG")).one()
    schakeling.modules = [module]
    approval = ModuleApproval(
        organisation_id=world.brug.id, type_module_id=module.id, valid_from=date(2024, 1, 1)
    )
    db.session.add(approval)
    db.session.add(
        Capaciteit(
            organisation_id=world.brug.id,
            type_module_id=module.id,
            valid_from=date(2024, 1, 1),
            capacity=40,
        )
    )
    run = GroeipakketRun(night=date(2026, 1, 9), rows_on=0, rows_off=0, sha256="", content=b"")
    db.session.add(run)
    db.session.flush()
    return {
        "approval_id": approval.id,  # M-2: only the agency's beleidsmedewerker ends it
        "run_id": run.id,  # G-1: only the agency's beleidsmedewerker downloads a run's file
        "type_module_id": module.id,  # C-1 history, M-3 month view
        "maand": "2026-01",
        "dag": 9,
        "aanvraag_id": reopen_request.id,
        "besluit": "goedkeuren",
        "beslissing_id": beslissing.id,
        "schakeling_id": schakeling.id,
        "dossier_id": world.brug_dossier.id,
        "membership_id": membership.id,
        "client_id": world.brug_dossier.client_id,
        "context_person_id": context_person.id,
        "kind": "begin",  # the beginregistratie of the dossier
        **report_objects(world.brug),  # P-3/P-4: a periodic report, a request, a file
        "service_id": service_of(world.brug).id,  # F-1: the directory (not scoped, below)
        **document_objects(world),  # F-1..F-5: a document Het Anker does not receive
    }


def document_objects(world) -> dict[str, int]:
    """F-2: a document of De Brug shared with a consulent-type service (not with Het Anker),
    and an entry of De Brug's "Gebruikersbeheer documenten"."""
    document = shared_document(
        world.brug,
        world.jan,
        to=[(consulent_service(), CONSULENT_MAIL)],
        dossier=world.brug_dossier,
    )
    listed = DocumentRecipient(organisation_id=world.brug.id, person_id=world.jan.id)
    db.session.add(listed)
    db.session.flush()
    return {"document_id": document.id, "document_recipient_id": listed.id}


def klas_dossier_id(world) -> int:
    """Manual 3.3: "Klasgegevens wijzigen" exists for a class dossier only."""
    found = make.klas_dossier(world.brug, "3 BSO Hout")
    db.session.flush()
    return found.id


def arguments_for(rule, objects: dict, klas_id: int) -> dict:
    args = {arg: objects[arg] for arg in rule.arguments}
    if rule.endpoint == "dossiers.edit_klas":
        args["dossier_id"] = klas_id
    return args


# Routes with an id that every worker may reach, whatever their organisation: the directory
# of services documents are shared with (F-1) holds nothing about youths.
UNSCOPED = {"directory.contacts"}


def scoped_rules(app):
    for rule in app.url_map.iter_rules():
        if rule.arguments and rule.endpoint not in {"static", *UNSCOPED}:
            yield rule


def test_a4_every_scoped_route_is_covered_by_the_sweep(app, world):
    known = scoped_objects(world)
    unknown = {arg for rule in scoped_rules(app) for arg in rule.arguments} - set(known)
    assert not unknown, f"add an object of another organisation for {unknown} to the sweep"


@pytest.mark.parametrize("htmx", [False, True])
def test_a4_other_organisation_gets_404_on_every_scoped_route(app, login_as, world, htmx):
    foreign = scoped_objects(world)
    foreign_klas = klas_dossier_id(world)
    factories.grant(world.pieter, world.anker, "beheerder")
    db.session.commit()
    client = login_as(world.pieter, world.anker)
    headers = {"X-CSRFToken": csrf_token(client)}
    if htmx:
        headers["HX-Request"] = "true"
    checked = []
    for rule in scoped_rules(app):
        args = arguments_for(rule, foreign, foreign_klas)
        url = rule.build(args, append_unknown=False)[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method, headers=headers)
            assert response.status_code == 404, f"{method} {url} answered {response.status_code}"
            assert world.brug_dossier.code not in response.get_data(as_text=True)
            checked.append((method, rule.endpoint))
    assert ("GET", "dossiers.show") in checked
    assert ("POST", "admin.revoke") in checked
    assert ("POST", "clients.delete_context_person") in checked
    assert ("GET", "clients.context") in checked
    assert ("POST", "dossiers.registration") in checked
    assert ("POST", "figures.dag_opslaan") in checked and ("GET", "figures.historiek") in checked
    assert ("GET", "documents.download") in checked and ("GET", "documents.show") in checked
    assert ("POST", "documents.add_for_dossier") in checked
    assert ("POST", "documents.remove_recipient") in checked
    assert db.session.scalar(db.select(db.func.count()).select_from(Registratie)) == 0
    assert db.session.get(ContextPerson, foreign["context_person_id"]).relation == "moeder"
    assert (
        db.session.scalar(
            db.select(db.func.count()).where(Membership.organisation_id == world.brug.id)
        )
        == 4
    )


# GET routes with an id that only the agency's beleidsmedewerker reaches (every organisation's
# worker gets 404 above): for them "the own organisation" is the agency.
AGENCY_ROUTES = {"groeipakket.download"}


def test_a4_own_organisation_reaches_the_same_routes(app, login_as, world):
    own = scoped_objects(world)
    own_klas = klas_dossier_id(world)
    client = login_as(world.tom, world.brug)
    agency = log_in_client(app.test_client(), world.ann, world.agency)
    for rule in scoped_rules(app):
        if "GET" not in rule.methods:
            continue
        url = rule.build(arguments_for(rule, own, own_klas), append_unknown=False)[1]
        reaching = agency if rule.endpoint in AGENCY_ROUTES else client
        assert reaching.get(url).status_code == 200, url


def test_a4_dossier_of_another_organisation_is_indistinguishable_from_a_missing_one(
    login_as, world
):
    client = login_as(world.pieter, world.anker)
    foreign = client.get(f"/dossiers/{world.brug_dossier.id}")
    missing = client.get("/dossiers/999999")
    assert foreign.status_code == missing.status_code == 404
    assert without_csrf_token(foreign) == without_csrf_token(missing)


def test_a4_overview_lists_only_the_own_organisation(login_as, world):
    page = login_as(world.pieter, world.anker).get("/").get_data(as_text=True)
    assert world.anker_dossier.code in page
    assert world.brug_dossier.code not in page


def without_csrf_token(response) -> str:
    """The page without its CSRF token, which carries the second it was signed in."""
    return re.sub(r"[\w-]+\.[\w-]+\.[\w-]{27}", "TOKEN", response.get_data(as_text=True))


# Routes that name a scoped object in the query string instead of the path: endpoint →
# (parameter, an object of NAFT De Brug that Het Anker must not reach).
QUERY_SCOPED = {
    "dossiers.new": ("client_id", lambda world: world.brug_dossier.client_id),
    "dossiers.transfer": ("van", lambda world: world.jan.id),
}


def test_a4_every_id_read_from_the_query_string_is_covered_by_the_sweep(app):
    readers = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if not rule.arguments
        and re.search(
            r"request\.(args|values)\.get\((\"client_id\"|[^)]*type=database_id)",
            inspect.getsource(app.view_functions[rule.endpoint]),
        )
    }
    assert "dossiers.new" in readers, "the pattern no longer finds query-string ids"
    assert readers <= set(QUERY_SCOPED), f"add {readers - set(QUERY_SCOPED)} to QUERY_SCOPED"


@pytest.mark.parametrize("endpoint", sorted(QUERY_SCOPED))
def test_a4_other_organisation_gets_404_for_ids_in_the_query_string(app, login_as, world, endpoint):
    parameter, foreign = QUERY_SCOPED[endpoint]
    client = login_as(world.pieter, world.anker)
    with app.test_request_context():
        url = url_for(endpoint, **{parameter: foreign(world)})
    token = csrf_token(client)
    dossiers = db.session.scalar(db.select(db.func.count()).select_from(Dossier))
    assert client.get(url).status_code == 404
    response = client.post(
        url,
        data={
            "csrf_token": token,
            "dossier_id": str(world.brug_dossier.id),
            "aanmelder": "clb",
            "datum_aanmelding": "02/01/2026",
        },
    )
    assert response.status_code == 404
    assert world.brug_dossier.code not in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Dossier)) == dossiers
    assert db.session.get(Dossier, world.brug_dossier.id).assigned_to_id is None


@pytest.mark.parametrize("endpoint", sorted(QUERY_SCOPED))
def test_a4_own_organisation_reaches_the_query_string_routes(app, login_as, world, endpoint):
    parameter, own = QUERY_SCOPED[endpoint]
    client = login_as(world.tom, world.brug)
    with app.test_request_context():
        url = url_for(endpoint, **{parameter: own(world)})
    assert client.get(url).status_code == 200, url
