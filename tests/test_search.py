"""D-5 "Opzoeken dossier": terms, validation, results in the overview's table, "Resultaten
dossiers", htmx and isolation."""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import date, timedelta

import pytest
from flask import g, render_template, session
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event

from binc_web.extensions import db
from binc_web.rules.national_number import compose_national_number
from binc_web.rules.overview import (
    SearchTerms,
    parse_client_id,
    search_terms_problem,
)
from binc_web.rules.text import has_control_characters
from binc_web.templating import today
from tests import factories_overview as make
from tests.conftest import csrf_token
from tests.test_overview import names

EMPTY_FORM = "naam=&voornaam=&geboortedatum=&dossiercode=&rijksregisternummer=&referentie="


@pytest.fixture
def people(world):
    """Dossiers of NAFT De Brug (and one youth also known at Het Anker)."""
    aerts = make.dossier(
        world.brug,
        "Aerts",
        "Yara",
        date(2012, 3, 1),
        code="BNC_20260103_1",
        referentie="GENT-001",
    )
    old = make.dossier(
        world.brug,
        "Peeters",
        "Jonas",
        date(2008, 2, 2),
        code="BNC_20230301_4",
        status="closed",
        closed_at=today() - timedelta(days=800),
        referentie="ANTW-007",
    )
    damme = make.dossier(world.brug, "Van Damme", "Noor", date(2011, 11, 11), referentie="gent-042")
    klas = make.klas_dossier(world.brug, "3 BSO Houtbewerking")
    make.dossier(world.anker, who=aerts.client, referentie="GENT-999")
    make.dossier(world.anker, "Peeters", "Pieter", referentie="GENT-500")
    db.session.commit()
    return {"aerts": aerts, "old": old, "damme": damme, "klas": klas}


def search(client, query: str, status: int = 200, **headers) -> str:
    response = client.get(f"/dossiers/zoeken?{query}", headers=headers)
    assert response.status_code == status, response.status_code
    return response.get_data(as_text=True)


def post_search(client, terms: dict, **headers):
    """Press "Zoeken": the form is posted (with the CSRF token of the search page)."""
    token = csrf_token(client, "/dossiers/zoeken")
    return client.post("/dossiers/zoeken", data={"csrf_token": token, **terms}, headers=headers)


def test_d5_the_search_page_starts_with_an_empty_form(login_as, world):
    page = search(login_as(world.jan, world.brug), "")
    assert "<h1>Opzoeken dossier</h1>" in page
    for label in ("Naam", "Voornaam", "Geboortedatum", "Dossiercode", "Rijksregisternummer"):
        assert f">{label}</label>" in page
    assert ">Uw referentie</label>" in page and ">Status</label>" in page
    assert '<form method="post" action="/dossiers/zoeken" hx-post="/dossiers/zoeken"' in page
    assert 'name="csrf_token"' in page.split('role="search"')[1]
    assert "Zoekresultaten" not in page and 'role="alert"' not in page.split("<main")[1]
    assert ">Zoeken</button>" in page


@pytest.mark.parametrize("htmx", [False, True])
def test_d5_at_least_one_term_is_required(login_as, world, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    page = search(login_as(world.jan, world.brug), EMPTY_FORM + "&status=alle", 422, **headers)
    assert '<div class="error-summary" role="alert">' in page
    assert "<li>Vul minstens 1 zoekterm in.</li>" in page
    assert "Zoekresultaten" not in page
    assert page.lstrip().startswith('<div id="opzoeken"') == htmx


def test_d5_an_invalid_birth_date_is_refused_at_the_field(login_as, world):
    page = search(login_as(world.jan, world.brug), "geboortedatum=31/02/2026&naam=pee", 422)
    assert (
        '<p class="field-message" id="geboortedatum-error">Vul een bestaande datum in als '
        "dd/mm/jjjj.</p>" in page
    )
    assert 'aria-invalid="true"' in page and 'value="31/02/2026"' in page
    assert 'value="pee"' in page
    assert "Zoekresultaten" not in page


def test_d5_a_birth_date_outside_its_window_is_refused_at_the_field(login_as, world):
    """Convention 12: a birth date lies between 1900 and today."""
    page = search(login_as(world.jan, world.brug), "geboortedatum=01/10/9999", 422)
    assert "De geboortedatum ligt in de toekomst." in page
    assert "Zoekresultaten" not in page


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("123", "Een rijksregisternummer telt 11 cijfers, niet 3."),
        ("85.07.30-033.28", "typ het zonder spaties of leestekens"),
        ("85073003329", "Het controlegetal (laatste twee cijfers) klopt niet."),
    ],
)
def test_d5_an_invalid_national_number_is_refused_at_the_field(login_as, world, number, message):
    client = login_as(world.jan, world.brug)
    response = post_search(client, {"rijksregisternummer": number, "naam": "pee"})
    assert response.status_code == 422
    error = re.search(r'id="rijksregisternummer-error">([^<]*)<', response.text).group(1)
    assert message in error
    assert f'value="{number}"' in response.text and 'value="pee"' in response.text
    assert resultaten_link(client) == ""  # a refused search is not remembered


def test_d5_control_characters_and_unknown_status_are_refused(login_as, world):
    client = login_as(world.jan, world.brug)
    page = search(client, "naam=pe%00ters", 422)
    assert "Gebruik geen onzichtbare stuurtekens in een zoekterm." in page
    page = search(client, "status=drop", 422)
    assert "Kies een status uit de lijst." in page


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("naam=pee", ["Peeters", "Peeters"]),
        ("naam=DAMME", ["Van Damme"]),
        ("naam=houtbe", ["3 BSO Houtbewerking"]),
        ("voornaam=NOO", ["Van Damme"]),
        ("geboortedatum=01/03/2012", ["Aerts"]),
        ("geboortedatum=+01/03/2012+", ["Aerts"]),
        ("dossiercode=bnc_20260103", ["Aerts"]),
        ("referentie=gent", ["Aerts", "Van Damme"]),
        ("status=afgesloten", ["Peeters"]),
        ("naam=pee&status=open", ["Peeters"]),
        ("naam=pee&voornaam=jon", ["Peeters"]),
        ("naam=aerts&referentie=antw", []),
        ("naam=%25", []),
        ("naam=_", []),
        ("naam=Zegers", []),
    ],
)
def test_d5_each_term_finds_its_dossiers(login_as, world, people, query, found):
    page = search(login_as(world.jan, world.brug), query)
    assert names(page) == found
    assert "<h2>Zoekresultaten</h2>" in page
    if not found:
        assert "Er werden geen dossiers gevonden die aan alle zoektermen voldoen." in page


def test_d5_the_national_number_finds_only_this_organisations_dossier(login_as, world, people):
    aerts = people["aerts"].client
    client = login_as(world.jan, world.brug)
    response = post_search(client, {"rijksregisternummer": aerts.national_number})
    assert response.status_code == 303
    assert response.location == f"/dossiers/zoeken?jongere={aerts.id}"
    page = search(client, f"jongere={aerts.id}")
    assert names(page) == ["Aerts"]
    assert people["aerts"].code in page
    assert "GENT-999" not in page
    assert f'value="{aerts.national_number}"' in page  # the form shows what was searched
    anker = login_as(world.pieter, world.anker)
    response = post_search(anker, {"rijksregisternummer": aerts.national_number})
    page = search(anker, response.location.split("?", 1)[1])
    assert names(page) == ["Aerts"] and people["aerts"].code not in page


def test_d5_a_national_number_never_appears_in_a_url(app, login_as, world, people):
    """Server logs and browser history keep URLs: the number travels in the posted form only;
    the results' URL, their other pages and sorts, "Resultaten dossiers" and the htmx history
    carry the youth's id."""
    app.config["PAGE_SIZE"] = 1
    aerts = people["aerts"].client
    number = aerts.national_number
    client = login_as(world.jan, world.brug)
    response = post_search(client, {"rijksregisternummer": number, "referentie": "gent"})
    assert response.status_code == 303
    assert response.location == f"/dossiers/zoeken?referentie=gent&jongere={aerts.id}"
    page = client.get(response.location).text
    links = re.findall(r'href="([^"]*)"', page)
    assert any("sorteer=" in link for link in links)
    assert not [link for link in links if number in link]
    assert number not in resultaten_link(client)
    response = post_search(client, {"rijksregisternummer": number}, **{"HX-Request": "true"})
    assert response.status_code == 200 and names(response.text) == ["Aerts"]
    assert response.headers["HX-Push-Url"] == f"/dossiers/zoeken?jongere={aerts.id}"
    assert response.text.lstrip().startswith('<div id="opzoeken"')
    with client.session_transaction() as stored:
        assert number not in repr(dict(stored))


def test_d5_a_national_number_in_a_url_is_ignored(login_as, world, people):
    number = people["aerts"].client.national_number
    client = login_as(world.jan, world.brug)
    page = search(client, f"rijksregisternummer={number}")
    assert "Zoekresultaten" not in page and number not in page
    page = search(client, f"rijksregisternummer={number}&naam=damme")
    assert names(page) == ["Van Damme"]


def test_d5_an_unknown_national_number_finds_nothing_and_keeps_the_form(login_as, world, people):
    unknown = compose_national_number(date(2012, 3, 1), 997)
    client = login_as(world.jan, world.brug)
    response = post_search(client, {"rijksregisternummer": unknown})
    assert response.status_code == 200
    assert "Er werden geen dossiers gevonden die aan alle zoektermen voldoen." in response.text
    assert f'value="{unknown}"' in response.text
    assert unknown not in resultaten_link(client)


def test_a4_a_youth_id_in_the_url_shows_nothing_of_another_organisation(login_as, world, people):
    """Het Anker's youth (no dossier at NAFT De Brug): no dossier, and not their number."""
    pieter = world.anker_dossier.client
    page = search(login_as(world.jan, world.brug), f"jongere={pieter.id}")
    assert names(page) == [] and pieter.national_number not in page
    assert "Er werden geen dossiers gevonden die aan alle zoektermen voldoen." in page


@pytest.mark.parametrize("junk", ["x", "-1", "1e3", "١", "9" * 40])
def test_d5_a_junk_youth_id_is_ignored(login_as, world, people, junk):
    client = login_as(world.jan, world.brug)
    assert "<li>Vul minstens 1 zoekterm in.</li>" in search(client, f"jongere={junk}", 422)
    assert names(search(client, f"jongere={junk}&naam=damme")) == ["Van Damme"]


def test_d5_a_posted_search_without_number_goes_to_its_url(login_as, world, people):
    client = login_as(world.jan, world.brug)
    response = post_search(client, {"naam": "pee", "voornaam": "", "status": "alle"})
    assert response.status_code == 303 and response.location == "/dossiers/zoeken?naam=pee"
    response = post_search(client, {"naam": "", "status": "alle"})
    assert response.status_code == 422
    assert "<li>Vul minstens 1 zoekterm in.</li>" in response.text
    htmx = {"HX-Request": "true"}
    response = post_search(client, {"naam": "", "status": "alle"}, **htmx)
    assert response.status_code == 422 and response.headers["HX-Push-Url"] == "false"
    unknown = compose_national_number(date(2012, 3, 1), 997)
    response = post_search(client, {"rijksregisternummer": unknown}, **htmx)
    assert response.status_code == 200 and response.headers["HX-Push-Url"] == "false"


def test_d5_search_finds_closed_dossiers_older_than_a_year(login_as, world, people):
    client = login_as(world.jan, world.brug)
    overview = client.get("/?weergave=afgesloten").get_data(as_text=True)
    assert people["old"].code not in overview
    page = search(client, "referentie=antw")
    assert names(page) == ["Peeters"] and "<td>afgesloten</td>" in page


def test_a4_search_never_finds_another_organisations_dossiers(login_as, world, people):
    client = login_as(world.jan, world.brug)
    for query in ("naam=pee", "referentie=gent", "status=open", "voornaam=pieter"):
        page = search(client, query)
        assert "Pieter" not in page and "GENT-500" not in page
        assert world.anker_dossier.code not in page
    assert names(search(client, "voornaam=pieter")) == []


def test_d5_results_use_the_overview_table_and_link_to_the_dossier(login_as, world, people):
    client = login_as(world.jan, world.brug)
    page = search(client, "referentie=gent")
    assert "<caption>Gevonden dossiers: 2 dossiers, gesorteerd op Naam (oplopend)" in page
    assert '<div id="dossierlijst" class="dossierlijst" data-passive-swap>' in page
    assert f'<a href="/dossiers/{people["damme"].id}">Van Damme</a>' in page
    assert 'aria-sort="ascending"' in page
    assert client.get(f"/dossiers/{people['damme'].id}").status_code == 200


def test_d5_results_paginate_and_sort_keeping_the_terms(app, login_as, world, people):
    app.config["PAGE_SIZE"] = 1
    client = login_as(world.jan, world.brug)
    first = search(client, "naam=pee&sorteer=status")
    assert names(first) == ["Peeters"] and "<td>afgesloten</td>" in first
    assert "Pagina 1 van 2" in first
    assert 'href="/dossiers/zoeken?naam=pee&amp;sorteer=status&amp;pagina=2"' in first
    assert 'href="/dossiers/zoeken?naam=pee&amp;sorteer=status&amp;richting=af"' in first
    second = search(client, "naam=pee&sorteer=status&pagina=2")
    assert "<td>open</td>" in second
    descending = search(client, "naam=pee&sorteer=status&richting=af")
    assert "<td>open</td>" in descending and "<td>afgesloten</td>" not in descending
    by_birth = search(client, "naam=pee&sorteer=geboortedatum&pagina=7")
    assert "Pagina 2 van 2" in by_birth and "17/05/2010" in by_birth


def test_d5_htmx_gets_the_search_region(login_as, world, people):
    client = login_as(world.jan, world.brug)
    response = client.get("/dossiers/zoeken?naam=pee", headers={"HX-Request": "true"})
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    root = re.match(r"\s*(<div id=\"opzoeken\"[^>]*>)", fragment).group(1)
    assert 'hx-target="this"' in root and 'hx-push-url="true"' in root
    assert "<html" not in fragment and names(fragment) == ["Peeters", "Peeters"]
    plain = client.get("/dossiers/zoeken?naam=pee")
    assert plain.get_data(as_text=True).startswith("<!doctype html>")
    restore = client.get(
        "/dossiers/zoeken?naam=pee",
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert restore.get_data(as_text=True).startswith("<!doctype html>")


def resultaten_link(client) -> str:
    """The "Resultaten dossiers" fragment as the dossier page will include it."""
    response = client.get("/dossiers/zoeken")
    match = re.search(r'<div id="resultaten-dossiers"[^>]*>\s*<a href="([^"]*)"', response.text)
    return match.group(1).replace("&amp;", "&") if match else ""


def test_d5_resultaten_dossiers_returns_to_the_last_results(login_as, world, people):
    client = login_as(world.jan, world.brug)
    assert resultaten_link(client) == ""
    search(client, "naam=pee&voornaam=&status=alle&sorteer=geboortedatum&richting=af")
    link = resultaten_link(client)
    assert link == "/dossiers/zoeken?naam=pee&sorteer=geboortedatum&richting=af"
    search(client, EMPTY_FORM, 422)  # a refused search does not replace the last results
    assert resultaten_link(client) == link
    again = search(client, link.split("?", 1)[1])
    assert names(again) == ["Peeters", "Peeters"]
    assert "Resultaten dossiers</a>" in again


def test_d5_a_search_reads_its_results_and_their_number_in_one_statement(login_as, world, people):
    """Besides the person and their memberships: the page of results with their number (the
    database sorts every match anyway), whatever the number of dossiers (issue 13)."""
    client = login_as(world.jan, world.brug)
    with make.counted_queries() as statements:
        page = search(client, "naam=pee")
    assert len(statements) == 3 and "2 dossiers" in page
    for number in range(60):
        make.dossier(world.brug, f"Peeters{number}")
    db.session.commit()
    with make.counted_queries() as statements:
        page = search(client, "naam=pee&pagina=2&sorteer=geboortedatum")
    assert len(statements) == 3 and "62 dossiers" in page and "Pagina 2 van" in page


@contextmanager
def session_writes(app):
    """The statements that write the stored sessions while the block runs."""
    writes: list[str] = []

    def keep(_connection, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith(("UPDATE SESSIONS", "INSERT INTO SESSIONS")):
            writes.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", keep)
    try:
        yield writes
    finally:
        event.remove(engine, "before_cursor_execute", keep)


def test_d5_the_same_results_again_leave_the_session_as_it_is(app, login_as, world, people):
    """Returning to the same results ("Resultaten dossiers", a reload, the htmx history) does
    not write the session again: only other results change what it remembers (issue 13)."""
    client = login_as(world.jan, world.brug)
    search(client, "naam=pee")
    with session_writes(app) as writes:
        assert names(search(client, "naam=pee")) == ["Peeters", "Peeters"]
        assert writes == []
        search(client, "naam=PEE")
        assert len(writes) == 1
    assert resultaten_link(client) == "/dossiers/zoeken?naam=PEE"


def test_d5_resultaten_dossiers_fragment_for_the_dossier_page(app, login_as, world, people):
    client = login_as(world.sofie, world.brug)
    search(client, "referentie=gent")
    with client.session_transaction() as stored:
        remembered = dict(stored)
    with app.test_request_context("/dossiers/1"):
        session.update(remembered)
        g.organisation = world.brug
        html = render_template("dossiers/_resultaten_link.html")
        assert '<div id="resultaten-dossiers" class="resultaten-dossiers">' in html
        assert '<a href="/dossiers/zoeken?referentie=gent">Resultaten dossiers</a>' in html
        g.organisation = world.anker  # another organisation: not its results
        assert render_template("dossiers/_resultaten_link.html").strip() == ""


def test_d5_search_terms_rules():
    assert search_terms_problem(SearchTerms()) == "Vul minstens 1 zoekterm in."
    assert search_terms_problem(SearchTerms(status="alle")) is not None
    assert search_terms_problem(SearchTerms(status="open")) is None
    assert search_terms_problem(SearchTerms(geboortedatum=date(2010, 1, 1))) is None
    assert search_terms_problem(SearchTerms(referentie="x")) is None
    assert search_terms_problem(SearchTerms(client_id=0)) is None  # an unknown number: a term
    assert parse_client_id(" 42 ") == 42
    assert parse_client_id("4 2") is None and parse_client_id("") is None
    assert has_control_characters("a\x00b") and has_control_characters("\n")
    assert not has_control_characters("Öztürk-Van Damme")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "naam",
                "voornaam",
                "geboortedatum",
                "dossiercode",
                "rijksregisternummer",
                "referentie",
                "status",
                "sorteer",
                "pagina",
                "jongere",
            ]
        ),
        st.text(max_size=40),
    )
)
def test_d5_any_query_string_gives_results_or_a_message_never_an_error(login_as, world, args):
    response = login_as(world.jan, world.brug).get("/dossiers/zoeken", query_string=args)
    assert response.status_code in (200, 422)
    if response.status_code == 422:
        assert '<div class="error-summary" role="alert">' in response.text


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.dictionaries(
        st.sampled_from(
            ["naam", "voornaam", "geboortedatum", "dossiercode", "rijksregisternummer", "status"]
        ),
        st.text(max_size=40),
    )
)
def test_d5_any_posted_form_gives_results_or_a_message_never_an_error(login_as, world, terms):
    response = post_search(login_as(world.jan, world.brug), terms)
    assert response.status_code in (200, 303, 422)
    if response.status_code == 303:
        assert response.location.startswith("/dossiers/zoeken")
        assert "rijksregisternummer" not in response.location
    if response.status_code == 422:
        assert '<div class="error-summary" role="alert">' in response.text


def test_d5_search_results_link_to_the_clients_data(login_as, world, people):
    """Manual 2.1: a result leads to the dossier and, for a youth, to their Cliëntgegevens."""
    page = search(login_as(world.jan, world.brug), "naam=Van+Damme&status=alle")
    assert f'href="/clienten/{people["damme"].client_id}/gegevens"' in page
    assert 'href="/clienten/None' not in search(
        login_as(world.jan, world.brug), "naam=3+BSO&status=alle"
    )


def test_d5_resultaten_dossiers_only_on_a_dossier_reached_from_the_results(login_as, world, people):
    http = login_as(world.jan, world.brug)
    results = search(http, "naam=Van+Damme&status=alle")
    link = re.search(r'<a href="(/dossiers/\d+)">Van Damme</a>', results).group(1)
    assert "Resultaten dossiers" in http.get(link).get_data(as_text=True)
    other = http.get(f"/dossiers/{people['aerts'].id}").get_data(as_text=True)
    assert "Resultaten dossiers" not in other
