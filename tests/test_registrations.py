"""R-1..R-6 through the views: the begin- and eindregistratie forms ("Valideren", "Opslaan",
conditional questions with and without htmx), their status on the dossier page and the
overview, D-10 closing, D-13 collisions and A-4 isolation."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from binc_web.extensions import db
from binc_web.models import ActivityEntry, Dossier, Registratie
from binc_web.registrations import form_values, set_for
from binc_web.registrations.naft import NAFT_BEGIN, NAFT_EIND
from binc_web.rules.concurrency import BEGINREGISTRATIE_EXISTS, EINDREGISTRATIE_EXISTS, STALE
from binc_web.rules.registrations import begin_registration_deadline, br_status
from binc_web.templating import today
from tests import factories
from tests.conftest import csrf_token, pinned_to
from tests.factories_overview import beslissing, klas_dossier, schakeling
from tests.factories_registrations import complete_answers, registratie
from tests.test_concurrency import session_for

HX = {"HX-Request": "true"}
TODAY = today()


@pytest.fixture(autouse=True)
def _on_today():
    """Every test here runs on TODAY, the app's date (see conftest.pinned_to)."""
    with pinned_to(TODAY):
        yield


VERSION = re.compile(r'name="version_id" type="hidden" value="(\d+)"')
SCRIPT = "<script>alert(1)</script>"


def url(dossier: Dossier, kind: str = "begin") -> str:
    return f"/dossiers/{dossier.id}/registratie/{kind}"


def text(response) -> str:
    return response.get_data(as_text=True)


def opened(http, path: str) -> dict:
    """Open the form (GET) and keep what a browser posts back: token, version, "nieuw"."""
    page = text(http.get(path))
    data = {"csrf_token": csrf_token(http, path), "version_id": VERSION.search(page)[1]}
    if 'name="nieuw"' in page:
        data["nieuw"] = "1"
    return data


def post(http, path: str, action: str, answers: dict, headers=None, form: dict | None = None):
    data = {**(form or opened(http, path)), **answers, "actie": action}
    return http.post(path, data=data, headers=headers or {})


def stored(dossier: Dossier, kind: str = "begin") -> Registratie | None:
    db.session.expire_all()
    return db.session.scalar(
        db.select(Registratie).where(Registratie.dossier_id == dossier.id, Registratie.kind == kind)
    )


def entries(dossier: Dossier) -> list[ActivityEntry]:
    return db.session.scalars(
        db.select(ActivityEntry)
        .where(ActivityEntry.dossier_id == dossier.id, ActivityEntry.action.like("registratie%"))
        .order_by(ActivityEntry.id)
    ).all()


def as_form(pset, answers) -> dict:
    return form_values(pset, answers)


@pytest.fixture
def jan(login_as, world):
    return login_as(world.jan, world.brug)


# --- the form, "Valideren" and "Opslaan" ---


def test_r6_opening_the_page_records_it_once(jan, world):
    dossier = world.brug_dossier
    assert stored(dossier) is None
    page = text(jan.get(url(dossier)))
    assert "<h1>Beginregistratie</h1>" in page
    first = stored(dossier)
    assert first.opened_at is not None and not first.saved and first.answers == {}
    assert first.set_code == "naft_begin"
    jan.get(url(dossier))
    again = stored(dossier)
    assert (again.opened_at, again.version_id) == (first.opened_at, first.version_id)
    assert db.session.scalar(db.select(db.func.count()).select_from(Registratie)) == 1


def test_r1_the_form_shows_every_question_with_label_help_and_marker(jan, world):
    page = text(jan.get(url(world.brug_dossier)))
    for parameter in NAFT_BEGIN.parameters:
        if parameter.condition is None:
            assert f'id="veld-{parameter.code}"' in page
            assert f"Uitleg bij {parameter.label}" in page
    assert 'id="reg-dagbesteding-hulp"' in page
    assert 'aria-describedby="reg-dagbesteding-hulp"' in page
    assert page.count('class="mandatory" aria-hidden="true">*</span>') >= 11
    # Hidden branch: the leerjaar hangs on the opleidingsniveau.
    assert 'id="veld-leerjaar"' not in page
    assert "<script" not in page.split("</head>")[1]


def test_r5_htmx_gets_the_region_and_a_browser_the_page(jan, world):
    fragment = text(jan.get(url(world.brug_dossier), headers=HX))
    assert '<div id="registratie"' in fragment and "<html" not in fragment
    assert "<html" in text(jan.get(url(world.brug_dossier)))


def test_r5_valideren_lists_what_is_missing_and_saves_nothing(jan, world):
    dossier = world.brug_dossier
    path = url(dossier)
    for headers in ({}, HX):
        response = post(jan, path, "valideren", {"dagbesteding": "werk"}, headers)
        assert response.status_code == 422
        body = text(response)
        assert "Nog niet volledig. Vul deze verplichte gegevens in:" in body
        assert '<a href="#reg-thuistaal">Thuistaal</a>: Dit gegeven is verplicht.' in body
        assert '<a href="#reg-zwanger-1">Zwanger</a>' in body
        assert 'id="reg-thuistaal-fout"' in body  # at the field too
        assert '<option value="werk" selected>' in body  # what was chosen stays
        assert "Dagbesteding</a>" not in body
        assert ("<html" in body) == (headers == {})
    registration = stored(dossier)
    assert registration.answers == {} and not registration.saved and entries(dossier) == []


def test_r5_valideren_of_a_complete_form_says_so_and_still_saves_nothing(jan, world):
    dossier = world.brug_dossier
    answers = as_form(NAFT_BEGIN, complete_answers(NAFT_BEGIN))
    response = post(jan, url(dossier), "valideren", answers, HX)
    assert response.status_code == 200
    assert "De beginregistratie is volledig." in text(response)
    assert stored(dossier).answers == {}


def test_r5_opslaan_saves_partial_answers_without_htmx(jan, world):
    dossier = world.brug_dossier
    response = post(jan, url(dossier), "opslaan", {"dagbesteding": "werk", "zwanger": "nee"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(url(dossier))
    page = text(jan.get(url(dossier)))
    assert "Beginregistratie opgeslagen. Nog 8 verplichte gegevens in te vullen" in page
    registration = stored(dossier)
    assert registration.answers == {"dagbesteding": "werk", "zwanger": "nee"}
    assert (registration.complete, registration.completed_on) == (False, None)
    assert registration.created_by_id == world.jan.id and registration.saved
    assert registration.version_id == 2
    [entry] = entries(dossier)
    assert entry.description == "Beginregistratie aangemaakt (onvolledig)"
    assert entry.after == {"Dagbesteding": "Werk (ook vakantie- of interimwerk)", "Zwanger": "Nee"}
    assert entry.before == {"Dagbesteding": None, "Zwanger": None}


def test_r5_opslaan_with_htmx_answers_the_region_with_the_new_version(jan, world):
    dossier = world.brug_dossier
    answers = as_form(NAFT_BEGIN, complete_answers(NAFT_BEGIN))
    response = post(jan, url(dossier), "opslaan", answers, HX)
    assert response.status_code == 200
    body = text(response)
    assert "Beginregistratie opgeslagen: volledig." in body and "<html" not in body
    assert VERSION.search(body)[1] == "2" and 'name="nieuw"' not in body
    registration = stored(dossier)
    assert registration.complete and registration.completed_on == TODAY
    # The dossier changed too: its "Laatst gewijzigd" and version moved with the save.
    assert db.session.get(Dossier, dossier.id).version_id == 2


def test_r6_completed_on_is_kept_while_complete_and_cleared_when_not(jan, world):
    dossier = world.brug_dossier
    answers = complete_answers(NAFT_BEGIN)
    registratie(dossier, "begin", answers, completed_on=date(2026, 1, 20))
    db.session.commit()
    changed = {**answers, "thuistaal": "frans"}
    assert post(jan, url(dossier), "opslaan", as_form(NAFT_BEGIN, changed)).status_code == 303
    assert stored(dossier).completed_on == date(2026, 1, 20)
    entry = entries(dossier)[-1]
    assert entry.description == "Beginregistratie gewijzigd (volledig)"
    assert list(entry.after) == ["Thuistaal"]
    del changed["thuistaal"]
    assert post(jan, url(dossier), "opslaan", as_form(NAFT_BEGIN, changed)).status_code == 303
    registration = stored(dossier)
    assert (registration.complete, registration.completed_on) == (False, None)
    assert entries(dossier)[-1].after == {"Thuistaal": None}


def test_r5_a_refused_value_saves_nothing_and_is_shown_at_its_field(jan, world):
    dossier = world.brug_dossier
    response = post(jan, url(dossier), "opslaan", {"dagbesteding": "maanreis", "zwanger": "ja"}, HX)
    assert response.status_code == 422
    body = text(response)
    assert "De beginregistratie werd niet bewaard." in body
    assert "Dagbesteding</a>: Kies een van de voorgestelde antwoorden." in body
    assert stored(dossier).answers == {}


def test_r5_an_unknown_action_is_refused(jan, world):
    response = post(jan, url(world.brug_dossier), "wissen", {"dagbesteding": "werk"})
    assert response.status_code == 400
    assert stored(world.brug_dossier).answers == {}


# --- conditional questions ---


def test_r3_branches_appear_as_answers_change_and_nothing_is_saved(jan, world):
    dossier = world.brug_dossier
    path = url(dossier, "eind")
    form = opened(jan, path)
    closed = text(post(jan, path, "tonen", {}, HX, form))
    assert 'id="veld-verderzetting"' not in closed
    assert 'hx-vals=\'{"actie": "tonen"}\'' in closed  # terug_naar_school re-renders the form
    yes = text(post(jan, path, "tonen", {"terug_naar_school": "ja"}, HX, form))
    assert 'id="veld-verderzetting"' in yes and 'id="veld-andere_klas"' not in yes
    assert 'id="veld-situatie_zonder_school"' not in yes
    new = text(
        post(jan, path, "tonen", {"terug_naar_school": "ja", "verderzetting": "nieuw"}, HX, form)
    )
    for code in ("andere_klas", "andere_school", "andere_studierichting", "andere_onderwijsvorm"):
        assert f'id="veld-{code}"' in new
    no = text(post(jan, path, "tonen", {"terug_naar_school": "nee"}, HX, form))
    assert 'id="veld-situatie_zonder_school"' in no and 'id="veld-verderzetting"' not in no
    assert "Dit gegeven is verplicht." not in no  # not validated: no messages yet
    assert stored(dossier, "eind").answers == {} and entries(dossier) == []


def test_r3_after_valideren_the_messages_follow_the_answers(jan, world):
    path = url(world.brug_dossier, "eind")
    form = opened(jan, path)
    validated = text(post(jan, path, "valideren", {"terug_naar_school": "ja"}, HX, form))
    assert 'name="gevalideerd"' in validated
    assert "Verderzetting van het schooltraject</a>: Dit gegeven is verplicht." in validated
    again = text(
        post(jan, path, "tonen", {"terug_naar_school": "nee", "gevalideerd": "1"}, HX, form)
    )
    assert "Verderzetting van het schooltraject</a>" not in again
    assert "Wat doet de jongere als hij of zij niet naar school gaat?</a>" in again


def test_r3_answers_of_a_closed_branch_are_not_kept(jan, world):
    dossier = world.brug_dossier
    path = url(dossier, "eind")
    answers = {
        "terug_naar_school": "nee",
        "verderzetting": "nieuw",
        "andere_klas": "ja",
        "situatie_zonder_school": "werk",
    }
    assert post(jan, path, "opslaan", answers).status_code == 303
    assert stored(dossier, "eind").answers == {
        "terug_naar_school": "nee",
        "situatie_zonder_school": "werk",
    }


def test_r3_without_javascript_the_branch_shows_after_saving(jan, world):
    path = url(world.brug_dossier, "eind")
    assert post(jan, path, "opslaan", {"gedeeld": "ja"}).status_code == 303
    page = text(jan.get(path))
    assert 'id="veld-naft_aanbieders"' in page
    assert '<input type="checkbox" id="reg-naft_aanbieders-1"' in page


# --- hypothesis: junk on the form ---

CODES = [p.code for p in NAFT_BEGIN.parameters]
JUNK = st.text(max_size=40) | st.sampled_from(["", " ", SCRIPT, "ja", "nee", "9" * 30, "\x00"])


@settings(
    max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(
    fields=st.dictionaries(st.sampled_from(CODES), st.lists(JUNK, max_size=3), max_size=8),
    refused=JUNK.filter(
        lambda value: value.strip() not in NAFT_BEGIN.parameter("thuistaal").options
    ),
)
def test_r5_junk_on_the_form_is_refused_with_a_message_and_changes_nothing(
    login_as, world, fields, refused
):
    http = login_as(world.jan, world.brug)
    dossier = world.brug_dossier
    path = url(dossier)
    form = opened(http, path)
    before = stored(dossier)
    data = {**fields, "thuistaal": [refused, "nl"] if not refused.strip() else refused}
    response = http.post(path, data={**form, **data, "actie": "opslaan"}, headers=HX)
    assert response.status_code == 422
    body = text(response)
    assert "werd niet bewaard" in body and "Thuistaal</a>" in body
    assert SCRIPT not in body
    after = stored(dossier)
    assert (after.answers, after.version_id) == (before.answers, before.version_id)
    assert entries(dossier) == []


def test_r4_jeugdhulp_numbers_are_checked(login_as, world):
    http = login_as(world.pieter, world.anker)
    path = url(world.anker_dossier)
    response = post(http, path, "opslaan", {"aantal_gezinsleden": "veel"}, HX)
    assert response.status_code == 422
    assert "Aantal gezinsleden</a>: Geef een geheel getal." in text(response)
    assert 'value="veel"' in text(response)  # what was typed stays, to correct it
    assert post(http, path, "opslaan", {"aantal_gezinsleden": "4"}).status_code == 303
    assert stored(world.anker_dossier).answers == {"aantal_gezinsleden": 4}


@pytest.mark.parametrize("value", ["01/10/9999", "01/01/0001", "01/01/1899"])
def test_r5_a_date_outside_its_window_is_refused(login_as, world, value):
    """Convention 12: a date answer lies between 1900 and two years ahead."""
    gezin = factories.organisation("1 Gezin 1 Plan Regio Gent", "een_gezin_een_plan")
    factories.grant(world.sofie, gezin, "medewerker")
    dossier = factories.dossier(gezin)
    db.session.commit()
    http = login_as(world.sofie, gezin)
    answers = {"gezinsplan": "ja", "datum_gezinsplan": value}
    response = post(http, url(dossier, "eind"), "opslaan", answers, HX)
    assert response.status_code == 422
    assert "De datum mag niet" in text(response)
    assert stored(dossier, "eind") is None or stored(dossier, "eind").answers == {}


def test_r4_every_organisation_kind_fills_both_registrations(login_as, world):
    gezin = factories.organisation("1 Gezin 1 Plan Regio Gent", "een_gezin_een_plan")
    factories.grant(world.sofie, gezin, "medewerker")
    dossier = factories.dossier(gezin)
    db.session.commit()
    http = login_as(world.sofie, gezin)
    for kind in ("begin", "eind"):
        pset = set_for(kind, "een_gezin_een_plan", False)
        answers = as_form(pset, complete_answers(pset))
        assert post(http, url(dossier, kind), "opslaan", answers).status_code == 303
        assert stored(dossier, kind).complete
    assert "datum_gezinsplan" in stored(dossier, "eind").answers


# --- D-13 ---


def test_d13_a_stale_form_is_refused(app, world):
    dossier = world.brug_dossier
    path = url(dossier)
    jan = session_for(app, world.jan, world.brug)
    first_tab, second_tab = opened(jan, path), opened(jan, path)
    assert post(jan, path, "opslaan", {"dagbesteding": "werk"}, form=first_tab).status_code == 303
    second = opened(jan, path)
    assert post(jan, path, "opslaan", {"dagbesteding": "geen"}, form=second).status_code == 303
    refused = post(jan, path, "opslaan", {"dagbesteding": "opleiding"}, HX, second)
    assert refused.status_code == 409 and STALE in text(refused)
    assert second_tab["version_id"] == "1"
    assert stored(dossier).answers == {"dagbesteding": "geen"}


@pytest.mark.parametrize(
    ("kind", "message"), [("begin", BEGINREGISTRATIE_EXISTS), ("eind", EINDREGISTRATIE_EXISTS)]
)
def test_d13_two_people_creating_the_registration_first_save_wins(app, world, kind, message):
    dossier = world.brug_dossier
    path = url(dossier, kind)
    jan = session_for(app, world.jan, world.brug)
    sofie = session_for(app, world.sofie, world.brug)
    jan_form, sofie_form = opened(jan, path), opened(sofie, path)
    assert "nieuw" in jan_form and "nieuw" in sofie_form
    pset = set_for(kind, "naft", False)
    first = next(iter(pset.parameters))
    value = next(iter(first.options))
    assert post(sofie, path, "opslaan", {first.code: value}, HX, sofie_form).status_code == 200
    late = post(jan, path, "opslaan", {first.code: value}, form=jan_form)
    assert late.status_code == 409
    assert message in text(late)
    assert stored(dossier, kind).created_by_id == world.sofie.id
    assert len(entries(dossier)) == 1


@pytest.mark.postgres
def test_d13_parallel_first_saves_exactly_one_wins(app, world):
    import threading
    from concurrent.futures import ThreadPoolExecutor

    dossier = world.brug_dossier
    path = url(dossier)
    people = [(world.jan.id, world.brug.id), (world.sofie.id, world.brug.id)] * 3
    barrier = threading.Barrier(len(people))
    db.session.commit()

    def run(ids):
        http = session_for(app, *ids, FlaskClient)
        form = opened(http, path)
        barrier.wait(timeout=30)
        return post(http, path, "opslaan", {"dagbesteding": "werk"}, HX, form)

    with ThreadPoolExecutor(len(people)) as pool:
        responses = list(pool.map(run, people))
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] + [409] * 5
    assert all(BEGINREGISTRATIE_EXISTS in text(r) for r in responses if r.status_code == 409)
    assert len(entries(dossier)) == 1


@pytest.mark.postgres
def test_d13_parallel_openings_share_one_registration(app, world):
    import threading
    from concurrent.futures import ThreadPoolExecutor

    dossier = world.brug_dossier
    path = url(dossier, "eind")
    barrier = threading.Barrier(6)
    db.session.commit()

    def run(_number):
        http = session_for(app, world_ids[0], world_ids[1], FlaskClient)
        barrier.wait(timeout=30)
        return http.get(path)

    world_ids = (world.jan.id, world.brug.id)
    with ThreadPoolExecutor(6) as pool:
        responses = list(pool.map(run, range(6)))
    assert [r.status_code for r in responses] == [200] * 6
    assert db.session.scalar(db.select(db.func.count()).select_from(Registratie)) == 1


# --- closed dossiers, status ---


def test_r6_a_closed_dossier_keeps_its_registrations_editable(jan, world):
    dossier = world.brug_dossier
    dossier.status, dossier.closed_at = "closed", TODAY - timedelta(days=3)
    db.session.commit()
    page = text(jan.get(url(dossier, "eind")))
    assert "zonder het dossier te heropenen" in page
    assert post(jan, url(dossier, "eind"), "opslaan", {"gedeeld": "nee"}).status_code == 303
    assert stored(dossier, "eind").answers == {"gedeeld": "nee"}
    assert db.session.get(Dossier, dossier.id).status == "closed"


def test_r6_a_class_dossier_has_no_beginregistratie_and_needs_no_eindregistratie(jan, world):
    klas = klas_dossier(world.brug, "3B")
    db.session.commit()
    missing = jan.get(url(klas, "begin"))
    assert missing.status_code == 404
    assert "Een klas-dossier heeft geen beginregistratie." in text(missing)
    page = text(jan.get(url(klas, "eind")))
    assert "Heeft het NAFT-traject de kans vergroot" in page
    assert "niet vereist" in page
    dossier_page = text(jan.get(f"/dossiers/{klas.id}"))
    assert "registratie/begin" not in dossier_page
    assert 'reg-status-niet-vereist">niet vereist</span>' in dossier_page


def test_r6_the_dossier_page_links_both_with_their_status(jan, world):
    dossier = world.brug_dossier
    registratie(dossier, "begin")
    registratie(dossier, "eind", {"gedeeld": "nee"})
    db.session.commit()
    page = text(jan.get(f"/dossiers/{dossier.id}"))
    section = page[page.index('id="registraties"') :]
    assert f'href="{url(dossier)}">Beginregistratie</a>' in section
    assert 'reg-status-volledig">volledig</span>' in section
    assert f'href="{url(dossier, "eind")}">Eindregistratie</a>' in section
    assert re.search(r"onvolledig</span> \(nog \d+ verplichte gegevens in te vullen\)", section)


def overview_br(http, dossier: Dossier) -> str | None:
    page = text(http.get("/?weergave=voorziening"))
    page = page[page.index('id="dossierlijst"') :]
    row = page[page.index(dossier.code) : page.index("</tr>", page.index(dossier.code))]
    match = re.search(r'class="br br-(\w+)"', row)
    return match[1] if match else None


def facts_br(dossier: Dossier) -> str | None:
    """R-6 from the rules, with the facts gathered in Python."""
    db.session.expire_all()
    dossier = db.session.get(Dossier, dossier.id)
    aanmelding = dossier.aanmelding
    required = not (
        dossier.klas_id or aanmelding.time_out or aanmelding.aanmelder == "crisismeldpunt"
    )
    starts = [s.begindatum for b in dossier.beslissingen for s in b.schakelingen]
    start = min(starts) if starts else aanmelding.datum_aanmelding
    begin = stored(dossier)
    return br_status(
        required=required,
        complete=bool(begin and begin.complete),
        completed_on=begin.completed_on if begin else None,
        start=start,
    )


def test_r6_br_status_on_the_overview_in_every_case(jan, world):
    brug = world.brug
    cases = {}

    def case(name, expected, *, start=date(2026, 1, 10), **registration):
        dossier = factories.dossier(brug)
        if start:
            decided = beslissing(dossier, start, start + timedelta(days=180))
            schakeling(decided, start)
        if registration:
            registratie(dossier, "begin", **registration)
        cases[name] = (dossier, expected)
        return dossier

    case("volledig op tijd", "volledig", completed_on=date(2026, 4, 10))
    case("volledig te laat", "onvolledig", completed_on=date(2026, 4, 11))
    case("onvolledig", "onvolledig", answers={"dagbesteding": "werk"})
    case("leeg bewaard", "onvolledig", answers={}, complete=False)
    case("niet geopend", "onvolledig")
    # Without schakeling the aanmelding (02/01/2026) is the start of help.
    case("op tijd na aanmelding", "volledig", start=None, completed_on=date(2026, 4, 2))
    case("te laat na aanmelding", "onvolledig", start=None, completed_on=date(2026, 4, 3))
    case("time-out", None).aanmelding.time_out = True
    case("crisis", None).aanmelding.aanmelder = "crisismeldpunt"
    klas = klas_dossier(brug, "4A")
    cases["klas"] = (klas, None)
    db.session.commit()
    for name, (dossier, expected) in cases.items():
        assert overview_br(jan, dossier) == expected, name
        assert facts_br(dossier) == expected, name


# --- D-10 ---


def finished(dossier: Dossier) -> None:
    decided = beslissing(dossier, TODAY - timedelta(days=200), TODAY - timedelta(days=10))
    schakeling(decided, TODAY - timedelta(days=190), TODAY - timedelta(days=10))
    db.session.commit()


def close(http, dossier: Dossier):
    path = f"/dossiers/{dossier.id}/afsluiten"
    page = text(http.get(path))
    data = {"csrf_token": csrf_token(http, path)}
    version = VERSION.search(page)
    if version:
        data["version_id"] = version[1]
    return http.post(path, data=data)


def test_d10_closing_names_every_missing_registration_parameter(jan, world):
    dossier = world.brug_dossier
    finished(dossier)
    answers = complete_answers(NAFT_BEGIN)
    del answers["thuistaal"], answers["tienerouder"]
    registratie(dossier, "begin", answers)
    db.session.commit()
    response = close(jan, dossier)
    assert response.status_code == 422
    problems = re.findall(r"<li>(.*?)</li>", text(response).split("kan niet afgesloten worden")[1])
    assert problems == [
        "Verplicht gegeven ontbreekt: Beginregistratie: Tienerouder",
        "Verplicht gegeven ontbreekt: Beginregistratie: Thuistaal",
        "Verplicht gegeven ontbreekt: Eindregistratie (nog niet ingevuld)",
    ]
    registratie(dossier, "eind", complete_answers(NAFT_EIND, terug_naar_school="nee"))
    answers.update(thuistaal="nederlands", tienerouder="nee")
    stored(dossier).answers = answers
    db.session.commit()
    assert close(jan, dossier).status_code == 303
    assert db.session.get(Dossier, dossier.id).status == "closed"


@pytest.mark.parametrize("exemption", ["time_out", "crisis"])
def test_d10_time_out_and_crisis_dossiers_close_without_registrations(login_as, world, exemption):
    dossier = world.anker_dossier
    if exemption == "time_out":
        dossier.aanmelding.time_out = True
    else:
        dossier.aanmelding.aanmelder = "crisismeldpunt"
    finished(dossier)
    assert close(login_as(world.pieter, world.anker), dossier).status_code == 303
    closed = db.session.get(Dossier, dossier.id)
    assert (closed.status, closed.closed_at) == ("closed", TODAY)
    assert stored(dossier) is None and stored(dossier, "eind") is None


def test_d10_a_class_dossier_closes_without_eindregistratie(jan, world):
    klas = klas_dossier(world.brug, "5C")
    finished(klas)
    assert close(jan, klas).status_code == 303
    closed = db.session.get(Dossier, klas.id)
    assert (closed.status, closed.closed_at) == ("closed", TODAY)
    assert stored(klas, "eind") is None


# --- A-4 ---


def test_a4_another_organisation_can_neither_open_nor_save_a_registration(login_as, world):
    http = login_as(world.pieter, world.anker)
    for kind in ("begin", "eind"):
        assert http.get(url(world.brug_dossier, kind)).status_code == 404
        response = http.post(
            url(world.brug_dossier, kind),
            data={"csrf_token": csrf_token(http), "actie": "opslaan", "dagbesteding": "werk"},
        )
        assert response.status_code == 404
    assert db.session.scalar(db.select(db.func.count()).select_from(Registratie)) == 0


def test_d8_the_activity_log_shows_labels_and_values(jan, world):
    dossier = world.brug_dossier
    post(jan, url(dossier), "opslaan", {"dagbesteding": "werk"})
    page = text(jan.get(f"/dossiers/{dossier.id}/activiteiten"))
    assert "Beginregistratie aangemaakt (onvolledig)" in page
    assert "<dt>Dagbesteding</dt><dd>Werk (ook vakantie- of interimwerk)</dd>" in page


# --- "Actie nodig" on the start page (beyond Binc) ---


def actie_nodig(http) -> dict[str, list[str]]:
    """Per list of "Actie nodig": its heading (with the total) → the text of each item."""
    page = text(http.get("/acties", headers=HX))
    section = page[
        page.index('id="actie-nodig"') : page.index("</section>", page.index('id="actie-nodig"'))
    ]
    lists = re.findall(r"<h3>(.*?)</h3>\s*<ul class=\"acties\">(.*?)</ul>", section, re.S)
    return {
        title: [
            re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", item)).strip()
            for item in re.findall(r"<li>(.*?)</li>", items, re.S)
        ]
        for title, items in lists
    }


def started(organisation, family: str, days_ago: int | None, ends_in: int = 200, **aanmelding):
    """An open dossier whose help started ``days_ago`` (None: no beslissing at all)."""
    from tests.factories_overview import dossier as make_dossier

    found = make_dossier(organisation, family)
    for key, value in aanmelding.items():
        setattr(found.aanmelding, key, value)
    if days_ago is not None:
        start = TODAY - timedelta(days=days_ago)
        decided = beslissing(found, start, TODAY + timedelta(days=ends_in))
        schakeling(decided, start)
    return found


def test_actie_nodig_lists_due_registrations_ending_beslissingen_and_dossiers_without(jan, world):
    db.session.delete(world.brug_dossier)
    brug = world.brug
    almost = started(brug, "Aerts", 80)  # due within 14 days
    started(brug, "Bogaert", 30)  # due in two months: not yet
    done = started(brug, "Claes", 200)
    registratie(done, "begin", completed_on=TODAY - timedelta(days=5))  # late, but complete
    late = started(brug, "Dubois", 200)
    registratie(late, "begin", {"dagbesteding": "werk"})  # overdue and incomplete
    started(brug, "Evers", 200, time_out=True)  # no registration required
    ending = started(brug, "Fonteyn", 10, ends_in=20)
    ended = started(brug, "Goossens", 10, ends_in=-5)
    started(brug, "Hermans", 10, ends_in=40)  # ends later: not listed
    without = started(brug, "Janssens", None, datum_aanmelding=TODAY - timedelta(days=250))
    closed = started(brug, "Kools", 300, ends_in=-50)
    closed.status, closed.closed_at = "closed", TODAY - timedelta(days=40)
    started(world.anker, "Lambrechts", None)  # another organisation
    db.session.commit()
    lists = actie_nodig(jan)
    assert list(lists) == [
        "Beginregistratie in te vullen (3)",
        "Beslissing loopt af of is afgelopen (2)",
        "Open dossiers zonder beslissing (1)",
    ]
    # Most overdue first; without schakeling the aanmelding is the start of help.
    begin = lists["Beginregistratie in te vullen (3)"]
    aangemeld = TODAY - timedelta(days=250)
    assert begin[0] == (
        f"Janssens Lotte {without.code} — te laat: was "
        f"{begin_registration_deadline(aangemeld):%d/%m/%Y} "
        f"— Beginregistratie invullen voor Janssens ({without.code})"
    )
    assert begin[1].startswith(f"Dubois Lotte {late.code} — te laat: was ")
    assert begin[2].startswith(f"Aerts Lotte {almost.code} — uiterlijk ")
    beslissingen = lists["Beslissing loopt af of is afgelopen (2)"]
    assert beslissingen == [
        f"Goossens Lotte {ended.code} — liep af op {(TODAY - timedelta(days=5)):%d/%m/%Y} "
        f"— + Beslissing toevoegen voor Goossens ({ended.code})",
        f"Fonteyn Lotte {ending.code} — loopt af op {(TODAY + timedelta(days=20)):%d/%m/%Y} "
        f"— + Beslissing toevoegen voor Fonteyn ({ending.code})",
    ]
    assert lists["Open dossiers zonder beslissing (1)"] == [
        f"Janssens Lotte {without.code} — aangemeld op {aangemeld:%d/%m/%Y} "
        f"— + Beslissing toevoegen voor Janssens ({without.code})"
    ]
    page = text(jan.get("/acties"))  # the page without JavaScript
    assert "<h1>Actie nodig</h1>" in page and 'id="snelle-actie"' in page
    assert f'href="{url(late)}">Beginregistratie invullen' in page
    add = f"/dossiers/{without.id}/beslissingen/nieuw"
    assert f'<a href="{add}" hx-get="{add}" hx-target="#snelle-actie"' in page


def test_actie_nodig_shows_the_most_urgent_and_counts_the_rest(jan, world):
    for number in range(8):
        started(world.brug, f"Peeters{number}", None)
    db.session.commit()
    lists = actie_nodig(jan)
    assert len(lists["Open dossiers zonder beslissing (9)"]) == 5
    assert "En nog 4 andere dossiers." in text(jan.get("/acties", headers=HX))
    # htmx swaps only the list: no "Actie nodig" in it.
    assert 'id="actie-nodig' not in text(jan.get("/?weergave=mijn", headers=HX))


def test_actie_nodig_counts_a_single_other_dossier_in_the_singular(jan, world):
    """Issue 11 item 12: one dossier beyond the five shown is "1 ander dossier" (not "1 andere
    dossier")."""
    for number in range(5):
        started(world.brug, f"Peeters{number}", None)
    db.session.commit()
    assert len(actie_nodig(jan)["Open dossiers zonder beslissing (6)"]) == 5
    assert "En nog 1 ander dossier." in text(jan.get("/acties", headers=HX))


def test_actie_nodig_comes_after_the_start_page(jan, world):
    """The start page does not wait for "Actie nodig": htmx loads it into its place, without
    moving the focus; without JavaScript a link leads to it."""
    started(world.brug, "Janssens", None)
    db.session.commit()
    page = text(jan.get("/"))
    place = re.search(r'<div id="actie-nodig-plaats"([^>]*)>(.*?)</div>', page, re.S)
    assert (
        'hx-get="/acties" hx-trigger="load, dossier-gewijzigd from:body" hx-swap="innerHTML"'
        in place.group(1)
    )
    assert "data-passive-swap" in place.group(1)
    assert '<a href="/acties">Bekijk de dossiers waarvoor actie nodig is</a>' in place.group(2)
    assert "Janssens" not in place.group(2)
    fragment = text(jan.get("/acties", headers=HX))
    assert fragment.lstrip().startswith('<section id="actie-nodig"')
    assert "Janssens" in fragment and "<html" not in fragment


def test_a4_actie_nodig_shows_only_the_organisations_dossiers(login_as, world):
    started(world.anker, "Lambrechts", None)
    db.session.commit()
    page = text(login_as(world.jan, world.brug).get("/acties"))
    assert "Lambrechts" not in page
    assert "Lambrechts" in text(login_as(world.pieter, world.anker).get("/acties"))


def test_actie_nodig_costs_one_query_whatever_the_number_of_dossiers(jan, world):
    from tests.factories_overview import counted_queries

    def cost() -> int:
        with counted_queries() as statements:
            jan.get("/acties", headers=HX)
        return len(statements)

    few = cost()
    for number in range(30):
        started(world.brug, f"Peeters{number}", number * 10, ends_in=number)
        started(world.brug, f"Maes{number}", None)
    db.session.commit()
    assert cost() == few
