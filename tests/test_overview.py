"""D-4 "Overzicht Dossiers": views, columns, sorting, the A–Z bar, paging, htmx and isolation."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import time_machine
from flask import render_template, url_for
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from binc_web.dossiers.overview import links_of, row_links
from binc_web.dossiers.queries import DossierRow, _page_rows, dossier_page, overview_filter
from binc_web.extensions import db
from binc_web.rules import overview as rules
from binc_web.rules.overview import ListState, parse_list_state
from binc_web.templating import today
from tests import factories
from tests import factories_overview as make
from tests.factories_registrations import registratie

TODAY = date(2026, 6, 15)
NOON = "2026-06-15 12:00 +02:00"


def names(page: str) -> list[str]:
    """The names in the rows of the dossier list, in order (not those of "Actie nodig")."""
    rows = page[page.index('id="dossierlijst"') :] if 'id="dossierlijst"' in page else page
    return re.findall(r'<a href="/dossiers/\d+">([^<]+)</a>', rows)


def header(page: str, key: str) -> str:
    """The <th> of a sort key."""
    match = re.search(rf'<th scope="col"[^>]*><a [^>]*id="sorteer-{key}"', page)
    assert match, f"no header for {key}"
    return match.group(0)


def get(client, url: str, **headers) -> str:
    response = client.get(url, headers=headers)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


@pytest.fixture
def four(world):
    """Four open dossiers of NAFT De Brug whose every column orders them differently.

    Name order: Aerts, Bogaert, Claes, Dubois (the world's own dossier is moved away).
    """
    db.session.delete(world.brug_dossier)
    aerts = make.dossier(
        world.brug,
        "Aerts",
        "Yara",
        date(2012, 3, 1),
        code="BNC_20260103_1",
        updated_at=make.at(2026, 5, 1, 10),
    )
    bogaert = make.dossier(
        world.brug,
        "Bogaert",
        "Mila",
        date(2009, 7, 15),
        code="BNC_20260101_2",
        updated_at=make.at(2026, 5, 3, 9),
    )
    claes = make.dossier(
        world.brug,
        "Claes",
        "Emma",
        date(2011, 1, 20),
        code="BNC_20260102_1",
        updated_at=make.at(2026, 4, 30, 8),
    )
    dubois = make.dossier(
        world.brug,
        "Dubois",
        "Noor",
        date(2010, 10, 10),
        code="BNC_20260101_1",
        updated_at=make.at(2026, 5, 2, 15),
    )
    # Aerts: the latest beslissing (by begindatum) ends before the older one does.
    older = make.beslissing(aerts, date(2025, 1, 1), date(2027, 1, 1), nrtj=True)
    make.schakeling(older, date(2026, 1, 5), date(2026, 1, 31))
    latest = make.beslissing(aerts, date(2026, 1, 1), date(2026, 7, 1), nrtj=True)
    make.schakeling(latest, date(2026, 2, 1))
    bogaert_beslissing = make.beslissing(bogaert, date(2025, 9, 1), date(2026, 3, 1))
    make.schakeling(bogaert_beslissing, date(2025, 12, 1))
    dubois_beslissing = make.beslissing(dubois, date(2026, 1, 1), date(2026, 12, 31), nrtj=True)
    make.schakeling(dubois_beslissing, date(2026, 1, 15))
    # Bogaert's beginregistratie is complete in time, Claes is a time-out (none required).
    registratie(bogaert, completed_on=date(2026, 1, 20))
    claes.aanmelding.time_out = True
    db.session.commit()
    return {"aerts": aerts, "bogaert": bogaert, "claes": claes, "dubois": dubois}


# The ascending order each column gives the four dossiers (descending is its reverse).
ASCENDING_ORDER = {
    "naam": ["Aerts", "Bogaert", "Claes", "Dubois"],
    "voornaam": ["Claes", "Bogaert", "Dubois", "Aerts"],  # Emma, Mila, Noor, Yara
    "geboortedatum": ["Bogaert", "Dubois", "Claes", "Aerts"],
    "dossiercode": ["Dubois", "Bogaert", "Claes", "Aerts"],
    "gewijzigd": ["Claes", "Aerts", "Dubois", "Bogaert"],
    "status": ["Aerts", "Bogaert", "Claes", "Dubois"],  # all open: name decides
    "br": ["Claes", "Aerts", "Dubois", "Bogaert"],  # not required, onvolledig ×2, volledig
    "beslissing": ["Claes", "Aerts", "Dubois", "Bogaert"],  # none, NRTJ, NRTJ, RTJ
    "beslis-tot": ["Claes", "Bogaert", "Aerts", "Dubois"],  # none, 01/03, 01/07, 31/12
    "schakeling": ["Claes", "Bogaert", "Dubois", "Aerts"],  # none, 12/2025, 15/01, 01/02
}


def test_d4_every_column_is_covered_by_the_sort_test():
    assert set(ASCENDING_ORDER) == set(rules.SORT_KEYS)


@pytest.mark.parametrize("key", list(ASCENDING_ORDER))
def test_d4_every_column_sorts_both_directions(login_as, world, four, key):
    client = login_as(world.jan, world.brug)
    ascending = get(client, f"/?sorteer={key}")
    assert names(ascending) == ASCENDING_ORDER[key]
    assert 'aria-sort="ascending"' in header(ascending, key)
    assert ascending.count("aria-sort=") == 1
    descending = get(client, f"/?sorteer={key}&richting=af")
    assert names(descending) == ASCENDING_ORDER[key][::-1]
    assert 'aria-sort="descending"' in header(descending, key)


def test_d4_header_links_toggle_the_direction_and_keep_the_rest(login_as, world, four):
    client = login_as(world.jan, world.brug)
    page = get(client, "/?sorteer=beslis-tot&letter=A&pagina=1")
    assert 'href="/?sorteer=beslis-tot&amp;richting=af&amp;letter=A"' in page
    assert 'href="/?sorteer=voornaam&amp;letter=A"' in page
    assert 'href="/?weergave=mijn&amp;sorteer=beslis-tot"' in page  # a view starts unfiltered
    descending = get(client, "/?sorteer=beslis-tot&richting=af")
    toggle = 'href="/?sorteer=beslis-tot" hx-get="/?sorteer=beslis-tot" id="sorteer-beslis-tot"'
    assert toggle in descending


def test_d4_beslis_tot_puts_dossiers_without_beslissing_first_then_by_end_date(
    login_as, world, four
):
    """The FAQ: "De dossiers zonder beslissing komen bovenaan te staan en vervolgens in
    chronologische volgorde" of the end date of the latest beslissing."""
    make.dossier(world.brug, "Zegers", "Adam")  # no beslissing either: after Claes by name
    db.session.commit()
    page = get(login_as(world.jan, world.brug), "/?sorteer=beslis-tot")
    assert names(page) == ["Claes", "Zegers", "Bogaert", "Aerts", "Dubois"]


def test_d4_columns_show_the_manuals_values(login_as, world, four):
    page = get(login_as(world.jan, world.brug), "/")
    row = page[page.index(">Aerts</a>") : page.index("</tr>", page.index(">Aerts</a>"))]
    cells = re.findall(r"<td>(.*?)</td>", row)
    assert cells[0] == "Yara"
    assert cells[1] == "01/03/2012"
    assert cells[2] == "BNC_20260103_1"
    assert cells[3] == "01/05/2026 12:00"  # 10:00 UTC in Belgian summer time
    assert cells[4] == "open"
    assert "br-onvolledig" in cells[5]  # BR: required, not filled in
    assert cells[6] == "NRTJ"
    assert re.sub(r"<[^>]+>", "", cells[7]) == "01/01/2026 &gt;tot 01/07/2026"
    assert cells[8] == "01/02/2026"
    for label in ("Naam", "Voornaam", "Geboortedatum", "Dossiercode", "Laatst gewijzigd"):
        assert f">{label}<span" in page
    for label in ("Status", "BR", "Beslissing", "Beslis. &gt; tot", "Schakeling"):
        assert f">{label}<span" in page
    assert "<caption>NAFT De Brug dossiers: 4 dossiers, gesorteerd op Naam (oplopend)" in page


def test_d4_rows_link_to_the_dossier_page(login_as, world, four):
    client = login_as(world.jan, world.brug)
    page = get(client, "/")
    assert f'<a href="/dossiers/{four["claes"].id}">Claes</a>' in page
    assert client.get(f"/dossiers/{four['claes'].id}").status_code == 200


def test_d4_br_status_shows_icons_with_a_text_alternative(app):
    row = dict(
        code="BNC_20260101_1",
        status="open",
        updated_at=make.at(2026, 1, 1),
        is_klas=False,
        name="Aerts",
        given_name="Yara",
        birth_date=date(2012, 3, 1),
        beslissing_kind=None,
        beslissing_begin=None,
        beslissing_end=None,
        schakeling_start=None,
        beslissing_id=None,
    )
    rows = [
        DossierRow(id=1, br_status="volledig", **row),
        DossierRow(id=2, br_status="onvolledig", **row),
        DossierRow(id=3, br_status=None, **row),
    ]
    with app.test_request_context("/"):
        html = render_template(
            "dossiers/_dossier_table.html",
            rows=list(zip(rows, links_of(rows, with_client=False), strict=True)),
            state=ListState(),
            total=3,
            pages=1,
            list_url=lambda state: "/",
            columns=rules.COLUMNS,
            column_labels=rules.COLUMN_LABELS,
            status_labels=rules.STATUS_LABELS,
            br_labels=rules.BR_LABELS,
            caption="Test",
            empty_message="",
        )
    assert '<span class="br br-volledig"><span aria-hidden="true">✔</span>' in html
    assert '<span class="visually-hidden">Beginregistratie volledig</span>' in html
    assert '<span class="br br-onvolledig"><span aria-hidden="true">✘</span>' in html
    assert '<span class="visually-hidden">Beginregistratie onvolledig</span>' in html
    assert html.count('class="br ') == 2


# --- A–Z bar ("oranje balk") ---


def test_d4_az_bar_greys_out_letters_without_dossiers(login_as, world, four):
    make.dossier(world.brug, "Öztürk", "Elif")
    make.dossier(world.brug, "de Smet", "Louis")
    make.dossier(world.anker, "Maes", "Finn")  # another organisation: M stays grey
    db.session.commit()
    page = get(login_as(world.jan, world.brug), "/")
    bar = page[page.index('class="az-balk"') : page.index("</nav>", page.index('class="az-balk"'))]
    for letter in "ABCDO":
        assert (
            f'<a href="/?letter={letter}" hx-get="/?letter={letter}" id="letter-{letter}">' in bar
        )
    for letter in "EFMZ":
        assert f'<span class="letter-leeg" aria-disabled="true">{letter}</span>' in bar
        assert f"letter={letter}" not in bar
    assert bar.count('aria-disabled="true"') == 21


def test_d4_a_letter_filters_the_list_ignoring_case_and_accents(login_as, world, four):
    make.dossier(world.brug, "Öztürk", "Elif")
    make.dossier(world.brug, "Oosterlinck", "Jan")
    make.dossier(world.brug, "de Smet", "Louis")
    db.session.commit()
    client = login_as(world.jan, world.brug)
    assert names(get(client, "/?letter=O")) == ["Oosterlinck", "Öztürk"]
    page = get(client, "/?letter=D")
    assert names(page) == ["de Smet", "Dubois"]
    assert "beginnend met D: 2 dossiers" in page
    assert 'id="letter-D" aria-current="true"' in page
    assert 'id="letter-alle" aria-current="true"' not in page
    empty = get(client, "/?letter=Q")
    assert "Er zijn geen dossiers in deze weergave met namen die beginnen met Q." in empty


# --- views ---


def test_d4_views_are_offered_with_the_organisation_name(login_as, world, four):
    page = get(login_as(world.jan, world.brug), "/")
    assert ">Mijn dossiers</a>" in page
    assert 'id="weergave-voorziening" aria-current="true">NAFT De Brug dossiers</a>' in page
    assert ">Afgesloten dossiers</a>" in page


def test_d4_mijn_dossiers_are_created_by_or_assigned_to_me(login_as, world):
    make.dossier(world.brug, "Aerts", created_by=world.jan, assigned_to=world.jan)
    make.dossier(world.brug, "Bogaert", created_by=world.jan)
    make.dossier(world.brug, "Claes", created_by=world.tom, assigned_to=world.jan)
    # D-7: taken over by Tom, so no longer under Jan's "Mijn dossiers".
    make.dossier(world.brug, "Dubois", created_by=world.jan, assigned_to=world.tom)
    make.dossier(world.brug, "Erens", created_by=world.tom, assigned_to=world.tom)
    make.dossier(
        world.brug, "Fierens", created_by=world.jan, status="closed", closed_at=date(2026, 5, 1)
    )
    db.session.commit()
    client = login_as(world.jan, world.brug)
    page = get(client, "/?weergave=mijn")
    assert names(page) == ["Aerts", "Bogaert", "Claes"]
    assert "<caption>Mijn dossiers: 3 dossiers" in page
    assert 'id="weergave-mijn" aria-current="true"' in page
    assert names(get(login_as(world.tom, world.brug), "/?weergave=mijn")) == ["Dubois", "Erens"]


@time_machine.travel(NOON, tick=False)
def test_d4_afgesloten_dossiers_are_those_closed_in_the_last_year(login_as, world):
    year_ago = TODAY - timedelta(days=365)
    make.dossier(world.brug, "Aerts", status="closed", closed_at=TODAY)
    make.dossier(world.brug, "Bogaert", status="closed", closed_at=year_ago)
    make.dossier(world.brug, "Claes", status="closed", closed_at=year_ago - timedelta(days=1))
    make.dossier(world.anker, "Dubois", status="closed", closed_at=TODAY)
    db.session.commit()
    client = login_as(world.jan, world.brug)
    closed = get(client, "/?weergave=afgesloten")
    assert names(closed) == ["Aerts", "Bogaert"]
    assert "<caption>Afgesloten dossiers: 2 dossiers" in closed
    assert "<td>afgesloten</td>" in closed
    assert names(get(client, "/")) == ["Peeters"]  # the open dossier of the world


def test_d4_class_dossiers_show_the_class_name_without_first_name_and_birth_date(login_as, world):
    klas = make.klas_dossier(world.brug, "3 BSO Houtbewerking", code="BNC_20260110_1")
    make.dossier(world.brug, "Aerts")
    db.session.commit()
    page = get(login_as(world.jan, world.brug), "/")
    assert names(page) == ["3 BSO Houtbewerking", "Aerts", "Peeters"]
    page = page[page.index('id="dossierlijst"') :]
    row = page[page.index(f'/dossiers/{klas.id}"') : page.index("</tr>", page.index(klas.code))]
    assert re.findall(r"<td>(.*?)</td>", row)[:3] == ["", "", "BNC_20260110_1"]
    assert '<span class="visually-hidden"> (klas)</span>' in row
    make.klas_dossier(world.brug, "Houtatelier")
    db.session.commit()
    assert names(get(login_as(world.jan, world.brug), "/?letter=H")) == ["Houtatelier"]


# --- paging ---


def test_d4_overview_paginates_in_sql(app, login_as, world):
    app.config["PAGE_SIZE"] = 2
    for family in ("Aerts", "Bogaert", "Claes", "Dubois"):
        make.dossier(world.brug, family)
    db.session.commit()
    client = login_as(world.jan, world.brug)
    first = get(client, "/")
    assert names(first) == ["Aerts", "Bogaert"]
    assert "Pagina 1 van 3" in first
    assert '<a href="/?pagina=2" hx-get="/?pagina=2" id="pagina-volgende" rel="next">' in first
    assert 'rel="prev"' not in first
    second = get(client, "/?pagina=2&richting=af")
    assert names(second) == ["Claes", "Bogaert"]
    assert 'href="/?richting=af" hx-get="/?richting=af" id="pagina-vorige" rel="prev"' in second
    assert 'href="/?richting=af&amp;pagina=3"' in second
    last = get(client, "/?pagina=99")
    assert names(last) == ["Peeters"]
    assert "Pagina 3 van 3" in last


def test_d4_overview_uses_a_constant_number_of_queries(app, login_as, world):
    client = login_as(world.jan, world.brug)
    urls = [
        "/",
        "/?sorteer=beslis-tot&richting=af",
        "/?sorteer=schakeling&letter=P",
        "/?weergave=mijn&pagina=2",
        "/?weergave=afgesloten&sorteer=beslissing",
    ]

    def counts():
        found = []
        for url in urls:
            with make.counted_queries() as statements:
                get(client, url)
            found.append(len(statements))
        return found

    few = counts()
    # person, memberships, the A–Z bar with the total, the page ("Actie nodig": its own request)
    assert max(few) <= 4
    for number in range(60):
        dossier = make.dossier(world.brug, f"Peeters{number}", created_by=world.jan)
        beslissing = make.beslissing(
            dossier, date(2026, 1, 1), date(2026, 6, 30), nrtj=bool(number % 2)
        )
        make.schakeling(beslissing, date(2026, 1, 2))
        factories.dossier(world.brug)
    make.klas_dossier(world.brug, "Peeterklas")
    db.session.commit()
    assert counts() == few


# --- the query string: shareable, validated ---


@pytest.mark.parametrize(
    "query",
    [
        "sorteer=drop&pagina=-5",
        "sorteer=naam;DROP TABLE dossiers&richting=sideways",
        "pagina=abc&letter=%C3%96",
        "pagina=99999999999999999999999999&letter=AB",
        "weergave=iedereen&letter=%00",
        "pagina=%00&sorteer=%00",
        "pagina=%D9%A3",
        "letter=1&richting=",
    ],
)
def test_d4_junk_in_the_query_string_falls_back_to_defaults(login_as, world, query):
    client = login_as(world.jan, world.brug)
    response = client.get(f"/?{query}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert names(page) == ["Peeters"]
    assert 'aria-sort="ascending"' in header(page, "naam")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.dictionaries(
        st.sampled_from(["weergave", "sorteer", "richting", "letter", "pagina", "x"]),
        st.text(max_size=30),
    )
)
def test_d4_any_query_string_gives_a_page_never_an_error(login_as, world, args):
    response = login_as(world.jan, world.brug).get("/", query_string=args)
    assert response.status_code == 200


def test_d4_state_parsing_and_canonical_urls():
    state = parse_list_state(
        {"weergave": "afgesloten", "sorteer": "beslis-tot", "richting": "af", "letter": "b"}
    )
    assert state == ListState("afgesloten", "beslis-tot", "af", "B", 1)
    assert state.args() == {
        "weergave": "afgesloten",
        "sorteer": "beslis-tot",
        "richting": "af",
        "letter": "B",
    }
    assert ListState().args() == {}
    assert parse_list_state({"pagina": "7"}).page == 7
    assert parse_list_state({"pagina": "0"}).page == 1
    assert parse_list_state({"pagina": "٣"}).page == 1  # only ASCII digits
    toggled = ListState(sort="naam", page=4).sorted_on("naam")
    assert (toggled.direction, toggled.page) == ("af", 1)
    assert toggled.sorted_on("naam").direction == "op"
    assert toggled.sorted_on("voornaam").direction == "op"


# --- htmx: fragment or page, history ---


def test_d4_htmx_gets_the_list_region_and_a_browser_the_whole_page(login_as, world, four):
    client = login_as(world.jan, world.brug)
    plain = client.get("/?sorteer=voornaam")
    assert plain.headers["Vary"].startswith("HX-Request")
    page = plain.get_data(as_text=True)
    assert page.startswith("<!doctype html>")
    assert "<h1>Overzicht Dossiers</h1>" in page
    fragment_response = client.get("/?sorteer=voornaam", headers={"HX-Request": "true"})
    assert "HX-Request" in fragment_response.headers["Vary"]
    fragment = fragment_response.get_data(as_text=True)
    assert fragment.lstrip().startswith('<div id="overzicht"')
    assert "<html" not in fragment and "<h1>" not in fragment
    assert names(fragment) == names(page) == ASCENDING_ORDER["voornaam"]


def test_d4_every_list_link_is_an_htmx_link_that_pushes_its_url(login_as, world, four):
    fragment = get(login_as(world.jan, world.brug), "/", **{"HX-Request": "true"})
    root = re.match(r"\s*(<div id=\"overzicht\"[^>]*>)", fragment).group(1)
    assert 'hx-target="this"' in root and 'hx-swap="outerHTML"' in root
    assert 'hx-push-url="true"' in root
    links = re.findall(r'<a href="([^"]*)" hx-get="([^"]*)"', fragment)
    assert len(links) >= 3 + 1 + 4 + 10  # views, "Alle", letters A-D, column headers
    assert all(href == target for href, target in links)
    rows = re.findall(r'<a href="/dossiers/\d+">', fragment)
    assert len(rows) == 4  # rows are ordinary links to the dossier page


def test_d4_history_restore_gets_the_whole_page(login_as, world, four):
    """historyCacheSize is 0: on "back" htmx asks the server again with this header."""
    response = login_as(world.jan, world.brug).get(
        "/?sorteer=gewijzigd",
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    page = response.get_data(as_text=True)
    assert page.startswith("<!doctype html>")
    assert names(page) == ASCENDING_ORDER["gewijzigd"]
    assert "HX-Request" in response.headers["Vary"]


# --- A-4 isolation ---


def test_a4_overview_never_shows_another_organisations_dossiers(login_as, world):
    shared = make.client("Aerts", "Yara")
    make.dossier(world.anker, who=shared, created_by=world.sofie)
    make.dossier(world.anker, "Bogaert", status="closed", closed_at=today(), created_by=world.sofie)
    own = make.dossier(world.brug, who=shared, created_by=world.sofie)
    db.session.commit()
    client = login_as(world.sofie, world.brug)
    for url in ("/", "/?weergave=mijn", "/?weergave=afgesloten", "/?letter=A", "/?letter=B"):
        page = get(client, url)
        assert world.anker_dossier.code not in page
        assert "Bogaert" not in page
    everything = get(client, "/?sorteer=dossiercode")
    assert names(everything) == ["Aerts", "Peeters"]
    assert own.code in everything
    assert 'aria-disabled="true">B</span>' in everything


def test_d4_row_links_are_the_routes_urls(app):
    """The list builds its row links from one routing per page; they must equal url_for's."""
    with app.test_request_context("/"):
        links = row_links()
        assert links["dossier_url"](dossier_id=42) == url_for("dossiers.show", dossier_id=42)
        assert links["new_schakeling_url"](dossier_id=7, beslissing_id=1000000007) == url_for(
            "dossiers.new_schakeling", dossier_id=7, beslissing_id=1000000007
        )


# --- paging from the nearer end (issue 13: the last page reads backwards) ---


def test_d4_pages_read_backwards_hold_the_rows_of_offset_paging(app, world):
    """Every page of every sort and direction of a list of 13 dossiers (equal names, no
    beslissing, class dossiers: ties and NULLs) in pages of 3: the rows the view shows (read
    backwards past the middle) are those of plain OFFSET paging, in the same order."""
    for number in range(10):
        dossier = make.dossier(
            world.brug, ["Aerts", "Peeters", "Claes"][number % 3], born=date(2010, 1, 1 + number)
        )
        if number % 4:
            make.beslissing(dossier, date(2026, 1, number + 1), date(2026, 6, number % 3 + 1))
    make.klas_dossier(world.brug, "Peeterklas")
    make.klas_dossier(world.brug, "Aertsklas")
    db.session.commit()
    listed = overview_filter(world.brug.id, rules.VIEW_ORGANISATION, world.jan.id, TODAY)
    size = 3
    total = 13  # the world's own dossier and the twelve above
    for sort in rules.SORT_KEYS:
        for direction in (rules.ASCENDING, rules.DESCENDING):
            for page in range(1, rules.page_count(total, size) + 1):
                state = ListState(sort=sort, direction=direction, page=page)
                forward = rules.PageWindow((page - 1) * size, size, reversed=False)
                expected = [row[0] for row in _page_rows(listed, state, forward)]
                shown = [row.id for row in dossier_page(listed, state, size, total)]
                assert shown == expected, (sort, direction, page)
    assert rules.page_window(5, size, total).reversed
