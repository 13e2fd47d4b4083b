"""Issue 16 "who read what": every view of a dossier, client page, registration or Inzage writes
one access entry (who, for which organisation, when, what); list pages write nothing and send
no extra query; a beheerder reads their organisation's log, filtered, paginated, in .xlsx."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from binc_web.extensions import db
from binc_web.models import AccessEntry
from binc_web.templating import BRUSSELS
from tests import factories
from tests.conftest import pinned_to
from tests.factories_overview import counted_queries
from tests.factories_privacy import rich_youth
from tests.test_isolation import arguments_for, klas_dossier_id, scoped_objects
from tests.test_junk import JUNK

LOG = "/beheer/raadplegingen"


def entries() -> list[AccessEntry]:
    return db.session.scalars(db.select(AccessEntry).order_by(AccessEntry.id)).all()


def inserts(statements: list[str]) -> list[str]:
    return [s for s in statements if s.startswith("INSERT INTO access_entries")]


def touching_the_log(statements: list[str]) -> list[str]:
    return [s for s in statements if "access_entries" in s]


@pytest.fixture
def youth(world):
    return rich_youth(world)


def test_access_every_page_of_a_youth_writes_one_entry(login_as, world, youth):
    http = login_as(world.jan, world.brug)
    dossier, client = youth.brug_dossier, youth.client
    pages = [
        (f"/dossiers/{dossier.id}", "dossiers.show"),
        (f"/dossiers/{dossier.id}/activiteiten", "dossiers.activity"),
        (f"/dossiers/{dossier.id}/registratie/begin", "dossiers.registration:begin"),
        (f"/clienten/{client.id}/gegevens", "clients.details"),
        (f"/clienten/{client.id}/context", "clients.context"),
        (f"/clienten/{client.id}/inzage", "privacy.inzage"),
    ]
    before = len(entries())
    for url, page in pages:
        with counted_queries() as statements:
            assert http.get(url).status_code == 200, url
        assert len(inserts(statements)) == 1, url
        newest = entries()[-1]
        assert (newest.page, newest.client_id, newest.person_id, newest.organisation_id) == (
            page,
            client.id,
            world.jan.id,
            world.brug.id,
        )
        assert newest.dossier_id == (dossier.id if url.startswith("/dossiers") else None)
    assert len(entries()) == before + len(pages)


def test_access_list_pages_and_fragments_write_nothing_and_query_nothing_more(
    login_as, world, youth
):
    http = login_as(world.jan, world.brug)
    before = len(entries())
    dossier = youth.brug_dossier.id
    for url, htmx in (
        ("/", False),
        ("/acties", False),
        ("/dossiers/zoeken?naam=Vanderstraeten", False),
        (f"/dossiers/{dossier}/actiebalk", True),
        (f"/dossiers/{dossier}/registraties", True),
        (f"/dossiers/{dossier}/benutting", True),
    ):
        headers = {"HX-Request": "true"} if htmx else {}
        with counted_queries() as statements:
            assert http.get(url, headers=headers).status_code == 200, url
        assert touching_the_log(statements) == [], url
    assert len(entries()) == before


def test_access_a_section_asked_as_a_whole_page_is_logged(login_as, world, youth):
    """The dossier's sections answer a request without htmx with the whole dossier page."""
    http = login_as(world.jan, world.brug)
    dossier = youth.brug_dossier.id
    for url, page in (
        (f"/dossiers/{dossier}/actiebalk", "dossiers.action_bar"),
        (f"/dossiers/{dossier}/benutting", "figures.dossier_benutting"),
    ):
        assert http.get(url).status_code == 200
        assert (entries()[-1].page, entries()[-1].dossier_id) == (page, dossier)


def test_access_a_page_asked_with_the_htmx_header_is_logged_all_the_same(login_as, world, youth):
    """Only sections skip the log under htmx: the header cannot hide a read of a page."""
    http = login_as(world.jan, world.brug)
    before = len(entries())
    response = http.get(f"/dossiers/{youth.brug_dossier.id}", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert len(entries()) == before + 1


def test_access_a_refused_read_writes_nothing(login_as, world, youth):
    http = login_as(world.pieter, world.anker)
    before = len(entries())
    assert http.get(f"/dossiers/{youth.brug_dossier.id}").status_code == 404
    assert http.get("/dossiers/123456789").status_code == 404
    assert len(entries()) == before


def test_access_a_client_read_through_a_session_handle_names_the_youth(login_as, world):
    outsider = factories.client("Handvat", "Hanne")
    factories.dossier(world.anker, outsider)
    http = login_as(world.jan, world.brug)
    with http.session_transaction() as session:
        session["identified_clients"] = {
            str(world.brug.id): {"abc123": {"client": outsider.id, "at": int(1e10)}}
        }
    assert http.get("/clienten/abc123/context").status_code == 200
    assert (entries()[-1].page, entries()[-1].client_id) == ("clients.context", outsider.id)


def log_rows(text: str) -> int:
    return text.count("<tr>") - 1  # less the heading row


def test_access_the_beheerder_reads_their_organisations_log_only(login_as, world, youth):
    login_as(world.jan, world.brug).get(f"/dossiers/{youth.brug_dossier.id}")
    login_as(world.pieter, world.anker).get(f"/dossiers/{youth.anker_dossier.id}")
    page = login_as(world.tom, world.brug).get(LOG)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Raadplegen Dossier" in text and "Jan Peeters" in text
    assert "Pieter" not in text and "ANKER-DOSSIER-1" not in text
    assert youth.brug_dossier.code in text
    # the fixture's entry and Jan's read; Pieter's read is Het Anker's
    assert log_rows(text) == 2


def test_access_the_log_is_for_beheerders(login_as, world):
    assert login_as(world.jan, world.brug).get(LOG).status_code == 403
    assert login_as(world.jan, world.brug).get(LOG + ".xlsx").status_code == 403


def test_access_filter_by_person_and_by_youth(login_as, world, youth):
    other = factories.dossier(world.brug)
    login_as(world.jan, world.brug).get(f"/dossiers/{other.id}")
    login_as(world.sofie, world.brug).get(f"/dossiers/{youth.brug_dossier.id}")
    http = login_as(world.tom, world.brug)
    by_sofie = http.get(f"{LOG}?persoon={world.sofie.id}").get_data(as_text=True)
    assert log_rows(by_sofie) == 1 and "Sofie Janssens" in by_sofie
    by_youth = http.get(f"{LOG}?jongere={youth.client.id}").get_data(as_text=True)
    assert log_rows(by_youth) == 2 and other.code not in by_youth
    both = http.get(f"{LOG}?jongere={youth.client.id}&persoon={world.jan.id}")
    assert log_rows(both.get_data(as_text=True)) == 1


@pytest.mark.parametrize("junk", ["abc", "-1", "99999999999999999999", "1;DROP"])
def test_access_a_junk_filter_is_refused_with_a_message(login_as, world, junk):
    http = login_as(world.tom, world.brug)
    for url in (f"{LOG}?persoon={junk}", f"{LOG}?jongere={junk}", f"{LOG}.xlsx?persoon={junk}"):
        answer = http.get(url)
        assert answer.status_code == 400
        assert "Deze filter is ongeldig" in answer.get_data(as_text=True)


def add_entries(world, count: int, client_id=None) -> None:
    start = datetime(2026, 1, 1, 8, tzinfo=UTC)
    db.session.add_all(
        AccessEntry(
            at=start + timedelta(minutes=n),
            organisation_id=world.brug.id,
            person_id=world.jan.id,
            client_id=client_id,
            page="dossiers.show",
        )
        for n in range(count)
    )
    db.session.commit()


def test_access_the_log_is_paginated_with_a_constant_number_of_queries(app, login_as, world):
    app.config["PAGE_SIZE"] = 5
    http = login_as(world.tom, world.brug)
    add_entries(world, 3)
    with counted_queries() as few:
        http.get(LOG)
    add_entries(world, 60, client_id=factories.client("Veel", "Vera").id)
    with counted_queries() as many:
        text = http.get(LOG + "?pagina=2").get_data(as_text=True)
    assert len(many) == len(few)
    assert "Pagina 2 van 13 (63 regels)" in text and log_rows(text) == 5
    assert "Veel Vera" in text


def test_access_the_log_exports_to_xlsx_with_the_filters(login_as, world, youth):
    login_as(world.sofie, world.brug).get(f"/clienten/{youth.client.id}/context")
    login_as(world.jan, world.brug).get(f"/dossiers/{youth.brug_dossier.id}")
    answer = login_as(world.tom, world.brug).get(f"{LOG}.xlsx?persoon={world.sofie.id}")
    assert answer.status_code == 200
    assert answer.headers["Content-Disposition"].startswith("attachment;")
    sheet = openpyxl.load_workbook(io.BytesIO(answer.data)).active
    rows = [row for row in sheet.iter_rows(values_only=True) if any(row)]
    heading = rows.index(
        ("Tijdstip", "Gebruiker", "Pagina", "Jongere", "Rijksregisternummer", "Dossiercode")
    )
    (only,) = rows[heading + 1 :]
    assert isinstance(only[0], datetime)
    assert only[1:] == (
        "Sofie Janssens",
        "Cliëntcontext",
        "Vanderstraeten Zoë",
        youth.client.national_number,
        None,
    )


def test_access_entries_cannot_be_changed(world):
    add_entries(world, 1)
    entry = entries()[0]
    entry.page = "iets anders"
    with pytest.raises(PermissionError):
        db.session.commit()
    db.session.rollback()


def test_access_log_purge_removes_only_entries_past_the_retention_term(app, world):
    brussels_midnight = datetime(2021, 11, 30, tzinfo=BRUSSELS).astimezone(UTC)
    old, kept = (
        AccessEntry(at=moment, organisation_id=world.brug.id, page="dossiers.show")
        for moment in (brussels_midnight - timedelta(seconds=1), brussels_midnight)
    )
    db.session.add_all([old, kept])
    db.session.commit()
    kept_id = kept.id
    with pinned_to(date(2026, 11, 30)):
        result = app.test_cli_runner().invoke(args=["binc", "purge-access-log"])
    assert result.exit_code == 0, result.output
    assert "1 raadpleging ouder dan de bewaartermijn verwijderd." in result.output
    assert [e.id for e in entries()] == [kept_id]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=st.sampled_from(["persoon", "jongere", "pagina"]), junk=JUNK)
def test_access_junk_in_the_filters_is_a_4xx_or_an_empty_filter_never_a_5xx(
    login_as, world, name, junk
):
    http = login_as(world.tom, world.brug)
    before = len(entries())
    for url in (LOG, LOG + ".xlsx"):
        answer = http.get(url, query_string={name: junk})
        assert answer.status_code in (200, 400), (url, junk)
        if answer.status_code == 400:
            assert "Deze filter is ongeldig" in answer.get_data(as_text=True)
    assert len(entries()) == before


def test_access_the_youth_filter_names_no_youth_the_organisation_never_read(login_as, world, youth):
    elsewhere = factories.client("Elders", "Emiel")
    factories.dossier(world.anker, elsewhere)
    http = login_as(world.tom, world.brug)
    text = http.get(f"{LOG}?jongere={elsewhere.id}").get_data(as_text=True)
    assert "Elders" not in text and "Emiel" not in text
    assert "Er werden nog geen raadplegingen geregistreerd voor deze filter." in text
    named = http.get(f"{LOG}?jongere={youth.client.id}").get_data(as_text=True)
    assert "Enkel raadplegingen van Vanderstraeten Zoë." in named


# The URL parts that name one youth's data: a route with one of them shows that youth.
ABOUT_ONE_YOUTH = {"dossier_id", "client_id"}


def pages_about_one_youth(app):
    """Every GET route whose URL names a dossier or a client."""
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and ABOUT_ONE_YOUTH & set(rule.arguments):
            yield rule


def test_access_every_get_of_a_dossier_or_client_route_is_logged(app, login_as, world):
    """A new view of one youth's data that is not declared in PAGES fails here."""
    own = scoped_objects(world)
    own_klas = klas_dossier_id(world)
    db.session.commit()
    http = login_as(world.tom, world.brug)
    unlogged, checked = [], []
    for rule in pages_about_one_youth(app):
        url = rule.build(arguments_for(rule, own, own_klas), append_unknown=False)[1]
        before = len(entries())
        assert http.get(url).status_code == 200, url
        written = entries()[before:]
        if [(e.person_id, e.organisation_id) for e in written] != [(world.tom.id, world.brug.id)]:
            unlogged.append(rule.endpoint)
        checked.append(rule.endpoint)
    assert {"dossiers.show", "clients.details", "figures.dossier_benutting"} <= set(checked)
    assert not unlogged, f"declare these pages in privacy/access_log.py PAGES: {unlogged}"
