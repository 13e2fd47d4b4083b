"""D-5 "Opzoeken dossier": terms, validation, results in the overview's table, "Resultaten
dossiers", htmx and isolation."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from flask import g, render_template, session
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from binc_web.extensions import db
from binc_web.rules.overview import SearchTerms, has_control_characters, search_terms_problem
from tests import factories_overview as make
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
        closed_at=date.today() - timedelta(days=800),
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


def test_d5_the_search_page_starts_with_an_empty_form(login_as, world):
    page = search(login_as(world.jan, world.brug), "")
    assert "<h1>Opzoeken dossier</h1>" in page
    for label in ("Naam", "Voornaam", "Geboortedatum", "Dossiercode", "Rijksregisternummer"):
        assert f">{label}</label>" in page
    assert ">Uw referentie</label>" in page and ">Status</label>" in page
    assert '<form method="get" action="/dossiers/zoeken" hx-get="/dossiers/zoeken"' in page
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


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("123", "Een rijksregisternummer telt 11 cijfers, niet 3."),
        ("85.07.30-033.28", "typ het zonder spaties of leestekens"),
        ("85073003329", "Het controlegetal (laatste twee cijfers) klopt niet."),
    ],
)
def test_d5_an_invalid_national_number_is_refused_at_the_field(login_as, world, number, message):
    page = search(login_as(world.jan, world.brug), f"rijksregisternummer={number}", 422)
    error = re.search(r'id="rijksregisternummer-error">([^<]*)<', page).group(1)
    assert message in error


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
    number = people["aerts"].client.national_number
    page = search(login_as(world.jan, world.brug), f"rijksregisternummer={number}")
    assert names(page) == ["Aerts"]
    assert people["aerts"].code in page
    assert "GENT-999" not in page
    anker = search(login_as(world.pieter, world.anker), f"rijksregisternummer={number}")
    assert names(anker) == ["Aerts"] and people["aerts"].code not in anker


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
    assert '<div id="dossierlijst" class="dossierlijst">' in page
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
