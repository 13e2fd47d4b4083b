"""F-1 "Diensten" (issue 15 item 4): the agency's beleidsmedewerker deactivates and reactivates
a service of the directory; a deactivated one is not offered under "Dienst", what was shared
with it stays."""

from __future__ import annotations

from sqlalchemy import event

from binc_web.extensions import db
from binc_web.models import ActivityEntry, Service, ServiceContact
from tests.conftest import csrf_token
from tests.factories_documents import CONSULENT_MAIL, consulent_service, shared_document

PAGE = "/diensten"


def offered(http, typed: str) -> str:
    """The "Dienst" autocomplete's answer for ``typed``."""
    return http.get("/diensten/zoek", query_string={"q": typed}).get_data(as_text=True)


def switch(http, service: Service, action: str):
    return http.post(f"{PAGE}/{service.id}/{action}", data={"csrf_token": csrf_token(http, PAGE)})


def test_f1_the_agency_deactivates_a_service_and_shares_with_it_stay(login_as, world):
    ocj = consulent_service()
    ocj.contacts.append(ServiceContact(name="Carla Consulent", email=CONSULENT_MAIL))
    document = shared_document(world.brug, world.jan, to=[(ocj, CONSULENT_MAIL)])
    world.ann.email = CONSULENT_MAIL
    db.session.commit()
    jan = login_as(world.jan, world.brug)
    assert "OCJ Antwerpen" in offered(jan, "OCJ")

    ann = login_as(world.ann, world.agency)
    listing = ann.get(PAGE).get_data(as_text=True)
    assert "OCJ Antwerpen" in listing and "Actief" in listing
    response = switch(ann, ocj, "deactiveren")
    assert response.status_code == 303
    assert "OCJ Antwerpen is niet meer actief" in ann.get(PAGE).get_data(as_text=True)
    db.session.refresh(ocj)
    assert ocj.active is False

    jan = login_as(world.jan, world.brug)
    assert "OCJ Antwerpen" not in offered(jan, "OCJ")
    assert jan.get(f"/diensten/{ocj.id}/contacten").status_code == 404
    # What was shared with it stays: the sender's list and the addressee's download.
    assert "verslag.pdf" in jan.get("/documenten").get_data(as_text=True)
    ann = login_as(world.ann, world.agency)
    assert ann.get(f"/documenten/{document.id}/bestand").status_code == 200

    assert switch(ann, ocj, "activeren").status_code == 303
    assert "OCJ Antwerpen is weer actief" in ann.get(PAGE).get_data(as_text=True)
    assert "OCJ Antwerpen" in offered(login_as(world.jan, world.brug), "OCJ")


def test_f1_deactivating_and_activating_a_service_is_logged(login_as, world):
    """Like a beheerder's role changes (A-3), each switch is an activity entry of the
    organisation acted for, naming the service; clicking again in a second tab logs nothing."""
    ocj = consulent_service()
    db.session.commit()
    ann = login_as(world.ann, world.agency)
    token = csrf_token(ann, PAGE)
    for action in ("deactiveren", "deactiveren", "activeren"):
        response = ann.post(f"{PAGE}/{ocj.id}/{action}", data={"csrf_token": token})
        assert response.status_code == 303
    entries = db.session.scalars(db.select(ActivityEntry).order_by(ActivityEntry.id)).all()
    assert [
        (e.action, e.description, e.before, e.after, e.person_id, e.organisation_id)
        for e in entries
    ] == [
        (
            "dienst_gedeactiveerd",
            "Dienst OCJ Antwerpen gedeactiveerd",
            {"dienst": "OCJ Antwerpen", "actief": True},
            {"dienst": "OCJ Antwerpen", "actief": False},
            world.ann.id,
            world.agency.id,
        ),
        (
            "dienst_geactiveerd",
            "Dienst OCJ Antwerpen geactiveerd",
            {"dienst": "OCJ Antwerpen", "actief": False},
            {"dienst": "OCJ Antwerpen", "actief": True},
            world.ann.id,
            world.agency.id,
        ),
    ]
    assert all(e.dossier_id is None and e.client_id is None for e in entries)


def test_f1_only_the_agencys_beleidsmedewerker_manages_services(login_as, world):
    ocj = consulent_service()
    db.session.commit()
    for person, organisation in ((world.jan, world.brug), (world.tom, world.brug)):
        http = login_as(person, organisation)
        assert http.get(PAGE).status_code == 404
        token = csrf_token(http, "/")
        response = http.post(f"{PAGE}/{ocj.id}/deactiveren", data={"csrf_token": token})
        assert response.status_code == 404
    db.session.refresh(ocj)
    assert ocj.active is True
    ann = login_as(world.ann, world.agency)
    assert (
        ann.post(
            f"{PAGE}/999999/deactiveren", data={"csrf_token": csrf_token(ann, PAGE)}
        ).status_code
        == 404
    )


def test_f1_diensten_pages_in_a_constant_number_of_queries(login_as, world, app):
    app.config["PAGE_SIZE"] = 3
    for number in range(5):
        service = Service(name=f"Campus {number}", kind="dienst")
        service.contacts.append(ServiceContact(name="Els", email=f"els{number}@campus.example"))
        db.session.add(service)
    db.session.commit()
    http = login_as(world.ann, world.agency)
    statements = []
    listener = lambda *_args: statements.append(1)  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        first = http.get(PAGE).get_data(as_text=True)
        few = len(statements)
        statements.clear()
        last = http.get(f"{PAGE}?pagina=3").get_data(as_text=True)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    # 5 campuses and the 3 organisations of the world: 8 services, 3 per page.
    assert "Pagina 1 van 3 (8 diensten)" in first
    assert "Pagina 3 van 3 (8 diensten)" in last
    assert len(statements) <= few
