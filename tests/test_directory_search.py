"""F-1: the directory's autocomplete (htmx active search) for "Dienst" and "Naam medewerker",
and the combobox macros the document form includes."""

from __future__ import annotations

import re

from flask import render_template_string
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wtforms import Form, HiddenField, StringField

from binc_web.directory import find_active_service, service_of
from binc_web.extensions import db
from binc_web.models import Service, ServiceContact
from tests.factories_overview import counted_queries
from tests.test_junk import JUNK

HX = {"HX-Request": "true"}
OPTION = re.compile(r'<li id="([^"]+)" role="option" aria-selected="false" data-label="([^"]+)"')


def options(response) -> list[str]:
    """The labels of the options in an autocomplete answer, in order."""
    assert response.status_code == 200, response.get_data(as_text=True)
    return [label for _id, label in OPTION.findall(response.get_data(as_text=True))]


def add_service(name: str, kind: str = "dienst", *contacts, active: bool = True) -> Service:
    service = Service(name=name, kind=kind, active=active)
    service.contacts = [ServiceContact(name=n, email=e) for n, e in contacts]
    db.session.add(service)
    db.session.commit()
    return service


def test_f1_search_matches_whatever_the_accents_or_case(login_as, world):
    add_service("Gemeenschapsinstelling campus De Zande")
    add_service("Gemeenschapsinstelling campus Sint-Jozef")
    add_service("Sociale dienst jeugdrechtbank Gent", "consulent")
    add_service("OCJ Oost-Vlaanderen", "consulent")
    client = login_as(world.jan, world.brug)

    assert options(client.get("/diensten/zoek?q=CAMPUS", headers=HX)) == [
        "Gemeenschapsinstelling campus De Zande",
        "Gemeenschapsinstelling campus Sint-Jozef",
    ]
    assert options(client.get("/diensten/zoek", query_string={"q": "sïnt-jozef"})) == [
        "Gemeenschapsinstelling campus Sint-Jozef"
    ]
    # Names that start with the text first, then the others that contain it.
    assert options(client.get("/diensten/zoek?q=o")) == [
        "OCJ Oost-Vlaanderen",
        "Opgroeien",
        "Gemeenschapsinstelling campus Sint-Jozef",
        "Sociale dienst jeugdrechtbank Gent",
    ]
    assert options(client.get("/diensten/zoek?q=anker")) == ["Jeugdhulp Het Anker"]


def test_f1_search_answers_a_listbox_with_its_status_and_the_kind_of_service(login_as, world):
    ocj = add_service("OCJ Oost-Vlaanderen", "consulent")
    client = login_as(world.jan, world.brug)

    response = client.get("/diensten/zoek?q=ocj&lijst=ontvangers-0-dienst-lijst", headers=HX)

    body = response.get_data(as_text=True)
    assert '<ul id="ontvangers-0-dienst-lijst" role="listbox"' in body
    assert f'id="ontvangers-0-dienst-lijst-{ocj.id}" role="option"' in body
    assert f'data-id="{ocj.id}" data-contacts-url="/diensten/{ocj.id}/contacten"' in body
    assert 'OCJ Oost-Vlaanderen <span class="combobox-note">(consulent)</span>' in body
    assert '<p id="ontvangers-0-dienst-lijst-status" hx-swap-oob="innerHTML">1 dienst gevonden' in (
        body
    )


def test_f1_search_is_limited_to_ten_services(login_as, world):
    for number in range(15):
        add_service(f"Campus {number:02d}")
    client = login_as(world.jan, world.brug)

    found = options(client.get("/diensten/zoek?q=campus"))

    assert found == [f"Campus {number:02d}" for number in range(10)]
    assert "10 diensten gevonden" in client.get("/diensten/zoek?q=campus").get_data(as_text=True)


def test_f1_an_empty_search_lists_nothing_and_asks_for_letters(login_as, world):
    client = login_as(world.jan, world.brug)
    for query in ("", "   "):
        response = client.get("/diensten/zoek", query_string={"q": query}, headers=HX)
        assert options(response) == []
        body = response.get_data(as_text=True)
        assert 'aria-label="Gevonden diensten" data-passive-swap hidden' in body
        assert "Typ enkele letters van de naam van de dienst." in body


def test_f1_search_leaves_out_inactive_services_and_treats_wildcards_as_letters(login_as, world):
    add_service("Campus Oud", active=False)
    add_service("Campus 100% Nieuw")
    client = login_as(world.jan, world.brug)

    assert options(client.get("/diensten/zoek?q=campus")) == ["Campus 100% Nieuw"]
    assert options(client.get("/diensten/zoek", query_string={"q": "%"})) == ["Campus 100% Nieuw"]
    assert options(client.get("/diensten/zoek", query_string={"q": "_"})) == []
    assert "Geen gekende dienst gevonden." in client.get("/diensten/zoek?q=_").get_data(
        as_text=True
    )


def test_f1_a_search_with_a_control_character_gets_a_dutch_400(login_as, world):
    client = login_as(world.jan, world.brug)
    response = client.get("/diensten/zoek", query_string={"q": "a\x00b"}, headers=HX)
    assert response.status_code == 400
    assert response.get_data(as_text=True) == "De zoekterm bevat een ongeldig teken."


def test_f1_contacts_of_a_service_match_on_name_or_email(login_as, world):
    ocj = add_service(
        "OCJ Oost-Vlaanderen",
        "consulent",
        ("Els Van Acker", "els.vanacker@ocj.example.org"),
        ("Bram De Wilde", "bram.dewilde@ocj.example.org"),
        ("Zoë Ödön", "zoe@ocj.example.org"),
    )
    client = login_as(world.pieter, world.anker)
    url = f"/diensten/{ocj.id}/contacten"

    assert options(client.get(url, headers=HX)) == ["Bram De Wilde", "Els Van Acker", "Zoë Ödön"]
    assert options(client.get(url, query_string={"q": "ZOE OD"})) == ["Zoë Ödön"]
    assert options(client.get(url, query_string={"q": "wilde@"})) == ["Bram De Wilde"]
    body = client.get(url, query_string={"q": "els", "lijst": "naam-1-lijst"}).get_data(
        as_text=True
    )
    assert 'data-label="Els Van Acker" data-email="els.vanacker@ocj.example.org"' in body
    assert '<p id="naam-1-lijst-status" hx-swap-oob="innerHTML">1 gekende medewerker' in body
    assert "Geen gekende medewerker bij OCJ Oost-Vlaanderen." in client.get(
        url, query_string={"q": "niemand"}
    ).get_data(as_text=True)


def test_f1_contacts_are_limited_to_ten(login_as, world):
    ocj = add_service(
        "OCJ Limburg",
        "consulent",
        *[(f"Consulent {n:02d}", f"c{n}@ocj.example.org") for n in range(12)],
    )
    client = login_as(world.jan, world.brug)
    assert len(options(client.get(f"/diensten/{ocj.id}/contacten"))) == 10


def test_f1_the_autocomplete_sends_as_many_queries_for_ten_results_as_for_one(login_as, world):
    """Convention 10: the services in one query, a service's contacts in one more, whatever
    the number found."""
    ocj = add_service("OCJ Limburg", "consulent", ("Jo Claes", "jo@example.org"))
    client = login_as(world.jan, world.brug)
    client.get("/diensten/zoek?q=x")  # the session's first request loads the person once

    def statements(url: str) -> int:
        with counted_queries() as sent:
            assert client.get(url).status_code == 200
        return len(sent)

    few = statements("/diensten/zoek?q=ocj"), statements(f"/diensten/{ocj.id}/contacten")
    for number in range(12):
        add_service(f"OCJ {number:02d}")
        ocj.contacts.append(ServiceContact(name=f"Consulent {number}", email=f"c{number}@x.org"))
    db.session.commit()
    many = statements("/diensten/zoek?q=ocj"), statements(f"/diensten/{ocj.id}/contacten")
    assert few == many, (few, many)


def test_f1_contacts_of_a_missing_or_inactive_service_are_not_found(login_as, world):
    gone = add_service("Campus Oud", "dienst", ("Jo Claes", "jo@example.org"), active=False)
    client = login_as(world.jan, world.brug)
    assert client.get(f"/diensten/{gone.id}/contacten").status_code == 404
    assert client.get("/diensten/999999/contacten").status_code == 404


def test_f1_every_worker_may_search_the_directory_of_any_organisation(login_as, world):
    anker = service_of(world.anker)
    anker.contacts.append(ServiceContact(name="Pieter Willems", email="pieter@anker.example.org"))
    db.session.commit()
    client = login_as(world.ann, world.agency)
    assert options(client.get("/diensten/zoek?q=het anker")) == ["Jeugdhulp Het Anker"]
    assert options(client.get(f"/diensten/{anker.id}/contacten")) == ["Pieter Willems"]


def test_f1_the_directory_needs_a_login(client, world):
    ocj = add_service("OCJ Oost-Vlaanderen", "consulent", ("Els", "els@example.org"))
    for url in ("/diensten/zoek?q=ocj", f"/diensten/{ocj.id}/contacten"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/aanmelden" in response.headers["Location"]
        response = client.get(url, headers=HX)
        assert "HX-Redirect" in response.headers
        assert "Els" not in response.get_data(as_text=True)


@settings(
    max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(query=JUNK, listbox=JUNK, htmx=st.booleans())
def test_f1_junk_in_the_autocomplete_never_gets_a_server_error(
    app, login_as, world, query, listbox, htmx
):
    client = login_as(world.jan, world.brug)
    ocj = service_of(world.brug)
    for url in ("/diensten/zoek", f"/diensten/{ocj.id}/contacten"):
        response = client.get(
            url, query_string={"q": query, "lijst": listbox}, headers=HX if htmx else {}
        )
        assert response.status_code in (200, 400), (url, query, response.status_code)
        if response.status_code == 400:
            assert "zoekterm" in response.get_data(as_text=True)
        else:
            assert "<script" not in response.get_data(as_text=True)


def test_f1_a_typed_service_name_is_found_without_the_autocomplete(app, world):
    add_service("Gemeenschapsinstelling campus De Zande")
    add_service("Campus Oud", active=False)
    assert find_active_service(" gemeenschapsinstelling CAMPUS de zande").name == (
        "Gemeenschapsinstelling campus De Zande"
    )
    assert find_active_service("Campus Oud") is None
    assert find_active_service("campus") is None


class RecipientRow(Form):
    dienst = StringField("Dienst")
    dienst_id = HiddenField()
    naam = StringField("Naam medewerker")
    email = StringField("E-mail medewerker")


def test_f1_the_combobox_macros_render_an_accessible_combobox(app, world):
    row = RecipientRow(prefix="ontvangers-0-")
    row.naam.errors = ["Vul de naam van de medewerker in."]
    template = (
        '{% from "directory/_combobox.html" import dienst, medewerker %}'
        "{{ dienst(row.dienst, row.dienst_id, contact_field=row.naam, required=True) }}"
        "{{ medewerker(row.naam, row.email, service_id=service_id) }}"
        "{{ medewerker(row.email, row.email) }}"
    )
    with app.test_request_context():
        html = render_template_string(template, row=row, service_id=service_of(world.brug).id)

    service_input = re.search(r'<input [^>]*id="ontvangers-0-dienst"[^>]*>', html).group(0)
    for attribute in (
        'role="combobox"',
        'aria-autocomplete="list"',
        'aria-expanded="false"',
        'aria-controls="ontvangers-0-dienst-lijst"',
        'autocomplete="off"',
        'hx-get="/diensten/zoek"',
        'hx-target="#ontvangers-0-dienst-lijst"',
        'data-id-field="ontvangers-0-dienst_id"',
        'data-contact-field="ontvangers-0-naam"',
        "required",
    ):
        assert attribute in service_input
    assert '<label for="ontvangers-0-dienst">Dienst <span class="mandatory"' in html
    assert '<input id="ontvangers-0-dienst_id" name="ontvangers-0-dienst_id" type="hidden"' in html
    assert '<ul id="ontvangers-0-dienst-lijst" role="listbox"' in html
    assert '<p id="ontvangers-0-dienst-lijst-status" class="visually-hidden" role="status">' in html
    name_input = re.search(r'<input [^>]*id="ontvangers-0-naam"[^>]*>', html).group(0)
    assert f'hx-get="/diensten/{service_of(world.brug).id}/contacten"' in name_input
    assert 'data-email-field="ontvangers-0-email"' in name_input
    assert 'aria-invalid="true"' in name_input
    assert 'aria-describedby="ontvangers-0-naam-error"' in name_input
    assert '<p class="field-message" id="ontvangers-0-naam-error">Vul de naam' in html
    # Before a service is chosen, "Naam medewerker" has nothing to search.
    email_input = re.search(r'<input [^>]*id="ontvangers-0-email"[^>]*>', html).group(0)
    assert "hx-get" not in email_input
