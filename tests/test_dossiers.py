"""The dossier through the views: start (D-1, K-5), code (D-2), one open dossier (D-3),
"Raadplegen Dossier" (D-6), aanmelding wijzigen (D-1, D-13), "Overdragen dossier naar mezelf"
(D-7), "Activiteiten dossier" (D-8), delete (D-9) and who may use any of it (A-3)."""

from __future__ import annotations

import html
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date

import pytest
import time_machine
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from binc_web.clients.access import SESSION_KEY
from binc_web.dossiers.codes import next_dossier_code
from binc_web.dossiers.views import STALE_MESSAGE, aanmelding_snapshot
from binc_web.extensions import db
from binc_web.forms import CONTROL_CHARACTERS
from binc_web.models import (
    Aanmelding,
    ActivityEntry,
    Client,
    Dossier,
    DossierCodeCounter,
    Klas,
    Membership,
)
from tests import factories
from tests import factories_overview as make
from tests.conftest import csrf_token, log_in_client

HX = {"HX-Request": "true"}
GONE = "Het dossier bestaat niet meer. Mogelijk werd het inmiddels verwijderd door een andere"
DELETED = "Het dossier werd reeds verwijderd door een andere gebruiker"
BAD_DATE = "Vul een bestaande datum in als dd/mm/jjjj."
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture(autouse=True)
def noon_in_brussels():
    """Every test runs on 15 June 2026 around noon, Belgian time (the clock keeps ticking)."""
    with time_machine.travel("2026-06-15 12:00 +02:00"):
        yield


# Helpers ---------------------------------------------------------------------------------


def count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def stored() -> dict[str, int]:
    """Everything a dossier start or change may write (to prove that a refusal wrote nothing)."""
    return {
        "dossiers": count(Dossier),
        "aanmeldingen": count(Aanmelding),
        "klassen": count(Klas),
        "activiteiten": count(ActivityEntry),
        "codes": db.session.scalar(
            db.select(db.func.coalesce(db.func.sum(DossierCodeCounter.last_value), 0))
        ),
    }


def handle(client: Client | int) -> str:
    """The handle a test gives a youth it marks as identified (K-1 hands out random ones)."""
    return f"test-{getattr(client, 'id', client)}"


def identified_entries(*clients: Client | int) -> dict:
    """This session's identifications as access.py keeps them, made now."""
    return {handle(c): {"client": getattr(c, "id", c), "at": int(time.time())} for c in clients}


def identified(http, organisation, *clients: Client) -> None:
    """K-1 done: the organisation identified these youths in this session."""
    with http.session_transaction() as session:
        known = dict(session.get(SESSION_KEY, {}))
        known[str(organisation.id)] = {
            **known.get(str(organisation.id), {}),
            **identified_entries(*clients),
        }
        session[SESSION_KEY] = known


def youth(family: str = "Willaert", given: str = "Lotte") -> Client:
    found = factories.client(family, given)
    db.session.commit()
    return found


def new_url(client: Client | int) -> str:
    """ "Start Binc-dossier" for a youth identified through ``identified`` (by its handle)."""
    return f"/dossiers/nieuw?client_id={handle(client)}"


def naft_aanmelding(http, **changes) -> dict:
    """A complete NAFT aanmelding as the browser posts it (None leaves a field out)."""
    data = {
        "csrf_token": csrf_token(http),
        "uw_referentie": "BRUG-017",
        "aanmelder": "clb",
        "reden_niet_clb": "",
        "reden_niet_clb_andere": "",
        "datum_aanmelding": "02/06/2026",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def jeugdhulp_aanmelding(http, **changes) -> dict:
    """A crisis intake at a jeugdhulp voorziening (FAQ: aanmelder crisismeldpunt, RTJ)."""
    data = {
        "csrf_token": csrf_token(http),
        "uw_referentie": "",
        "aanmelder": "crisismeldpunt",
        "datum_aanmelding": "14/06/2026",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def klas_data(http, **changes) -> dict:
    data = naft_aanmelding(
        http,
        naam_klas="3B Okan De Brug",
        aantal_deelnemers="14",
        onderwijsvorm="okan",
        graad="1",
        leerjaar="1",
    )
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def start(http, client: Client, **changes):
    return http.post(new_url(client), data=naft_aanmelding(http, **changes))


def created(response) -> Dossier:
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    match = re.fullmatch(r"/dossiers/(\d+)", response.headers["Location"])
    assert match, response.headers["Location"]
    return db.session.get(Dossier, int(match.group(1)))


def text(response) -> str:
    return response.get_data(as_text=True)


def error_at(body: str, field: str) -> str:
    """The message shown at a field (the one its aria-describedby points to)."""
    match = re.search(rf'<p class="field-message" id="{field}-error">([^<]*)</p>', body)
    assert match, f"no message at {field}"
    return html.unescape(match.group(1))


def summary(body: str) -> str:
    start_ = body.index('<div class="error-summary" role="alert">')
    return html.unescape(body[start_ : body.index("</div>", start_)])


def activity_of(dossier_id: int, action: str | None = None) -> list[ActivityEntry]:
    statement = db.select(ActivityEntry).where(ActivityEntry.dossier_id == dossier_id)
    if action:
        statement = statement.where(ActivityEntry.action == action)
    return db.session.scalars(statement.order_by(ActivityEntry.id)).all()


def names(page: str) -> list[str]:
    """The names in the rows of a dossier list, in order (not those of "Actie nodig")."""
    rows = page[page.index('id="dossierlijst"') :] if 'id="dossierlijst"' in page else page
    return re.findall(r'<a href="/dossiers/\d+">([^<]+)</a>', rows)


@contextmanager
def meanwhile(change):
    """Another worker's ``change(session)``, committed just before this request writes (the
    D-13 race made reproducible): it runs once, on the first flush of a request (never on the
    test's own session), in a session and transaction of its own."""
    test_session = db.session()
    ran: list[bool] = []

    def other_worker(session, flush_context, instances):
        if session is test_session or ran:
            return
        ran.append(True)
        with Session(db.engine) as other:
            change(other)
            other.commit()

    event.listen(db.session, "before_flush", other_worker)
    try:
        yield ran
    finally:
        event.remove(db.session, "before_flush", other_worker)


def sql(statement: str, **params):
    """A change for ``meanwhile`` in plain SQL."""
    return lambda session: session.execute(db.text(statement), params)


@pytest.fixture
def lotte(world) -> Client:
    """A youth without any dossier yet."""
    return youth()


@pytest.fixture
def sign_in(app):
    """Log in with a browser of one's own (``login_as`` shares one test client), so that
    several people can work side by side in one test."""

    def login(person, organisation):
        return log_in_client(app.test_client(), person, organisation)

    return login


@pytest.fixture
def jan(sign_in, world, lotte):
    """Jan, medewerker of NAFT De Brug, who just identified Lotte."""
    http = sign_in(world.jan, world.brug)
    identified(http, world.brug, lotte)
    return http


@pytest.fixture
def pieter(sign_in, world, lotte):
    """Pieter, medewerker of Jeugdhulp Het Anker, who just identified Lotte."""
    http = sign_in(world.pieter, world.anker)
    identified(http, world.anker, lotte)
    return http


# D-1 Start Binc-dossier: the form per organisation kind -------------------------------------


def test_d1_naft_form_asks_the_aanmelding_with_clb_as_default_aanmelder(jan, lotte):
    response = jan.get(new_url(lotte))
    assert response.status_code == 200
    page = text(response)
    assert "<h1>Start Binc-dossier</h1>" in page
    assert "Willaert Lotte" in page and "17/05/2010" in page
    for label in ("Uw referentie", "Reden niet CLB-aanmelding"):
        assert re.search(rf'<label for="[a-z_]+">{label}</label>', page), label
    for label in ("Aanmelder", "Datum aanmelding"):
        assert re.search(rf'<label for="[a-z_]+">{label} <span class="mandatory"', page), label
    # "Via toegangspoort (NRTJ)": fixed on nee for NAFT, nothing to tick.
    assert 'name="via_toegangspoort"' not in page
    assert re.search(r"Via toegangspoort \(NRTJ\)</span> nee", page)
    assert '<option selected value="clb">CLB</option>' in page
    for reden in (
        "Jongere zat voorheen niet in Nederlandstalig onderwijs",
        "Jongere heeft geen school en er is geen voorafgaand CLB gekend",
        ">Andere</option>",
    ):
        assert reden in page
    assert "dd/mm/jjjj" in page
    # Time-out and the merger date are not NAFT fields.
    assert 'name="time_out"' not in page
    assert 'name="startdatum_lopend_dossier"' not in page


def test_d1_jeugdhulp_form_asks_toegangspoort_crisismeldpunt_time_out_and_startdatum(pieter, lotte):
    page = text(pieter.get(new_url(lotte)))
    assert 'type="checkbox"' in page and 'name="via_toegangspoort"' in page
    assert re.search(r'<option value="crisismeldpunt">Crisismeldpunt</option>', page)
    aanmelders = page[page.index('<select id="aanmelder"') : page.index("</select>")]
    assert "selected" not in aanmelders.replace('<option selected value="">', "")  # no default
    assert 'name="time_out"' in page
    assert "begin- en eindregistratie zijn dan niet verplicht" in page
    assert 'name="startdatum_lopend_dossier"' in page
    assert "Enkel bij een fusie of overname" in page
    assert 'name="reden_niet_clb"' not in page  # a NAFT question


def test_d1_een_gezin_een_plan_starts_a_dossier_with_its_own_aanmelding(login_as, world, lotte):
    gezin = factories.organisation("1 Gezin 1 Plan Gent", "een_gezin_een_plan")
    factories.grant(world.jan, gezin, "medewerker")
    db.session.commit()
    http = login_as(world.jan, gezin)
    identified(http, gezin, lotte)
    page = text(http.get(new_url(lotte)))
    assert "<h1>Start Binc-dossier</h1>" in page
    assert 'name="via_toegangspoort"' not in page
    for absent in ("reden_niet_clb", "time_out", "startdatum_lopend_dossier"):
        assert f'name="{absent}"' not in page
    assert "Opgroeien / Kind en Gezin</option>" in page
    data = {
        "csrf_token": csrf_token(http),
        "aanmelder": "kind_en_gezin",
        "datum_aanmelding": "10/06/2026",
    }
    dossier = created(http.post(new_url(lotte), data=data))
    assert (dossier.organisation_id, dossier.client_id) == (gezin.id, lotte.id)
    assert dossier.aanmelding.aanmelder == "kind_en_gezin"
    assert dossier.aanmelding.via_toegangspoort is False


def test_d1_start_stores_the_dossier_and_aanmelding_logs_it_and_opens_the_dossier(
    jan, world, lotte
):
    before = stored()
    response = start(jan, lotte)
    dossier = created(response)
    assert (dossier.organisation_id, dossier.client_id, dossier.status) == (
        world.brug.id,
        lotte.id,
        "open",
    )
    assert dossier.code == "BNC_20260615_1"
    assert dossier.created_by_id == dossier.assigned_to_id == world.jan.id
    aanmelding = dossier.aanmelding
    assert aanmelding.uw_referentie == "BRUG-017"
    assert aanmelding.via_toegangspoort is False
    assert aanmelding.aanmelder == "clb"
    assert aanmelding.reden_niet_clb is None and aanmelding.reden_niet_clb_andere is None
    assert aanmelding.datum_aanmelding == date(2026, 6, 2)
    assert aanmelding.time_out is False and aanmelding.startdatum_lopend_dossier is None
    after = stored()
    assert after["dossiers"] == before["dossiers"] + 1
    assert after["activiteiten"] == before["activiteiten"] + 1
    (entry,) = activity_of(dossier.id)
    assert (entry.action, entry.person_id, entry.organisation_id) == (
        "dossier_aangemaakt",
        world.jan.id,
        world.brug.id,
    )
    assert entry.after["aanmelder"] == "clb"
    assert entry.after["datum_aanmelding"] == "2026-06-02"
    assert "BNC_20260615_1" in entry.description

    page = text(jan.get(response.headers["Location"]))
    assert "Dossier BNC_20260615_1 werd aangemaakt." in page
    assert "<h1>Raadplegen Dossier</h1>" in page
    assert "BRUG-017" in page and "02/06/2026" in page


def test_d1_naft_toegangspoort_stays_nee_whatever_is_posted(jan, lotte):
    dossier = created(start(jan, lotte, via_toegangspoort="y"))
    assert dossier.aanmelding.via_toegangspoort is False


def test_d1_naft_aanmelder_other_than_clb_asks_why_not_the_clb(jan, lotte):
    """Manual 4.1: when the aanmelding was not done by the CLB "willen we weten wat de reden
    hiervoor was"; "Andere" comes with free text."""
    before = stored()
    response = start(jan, lotte, aanmelder="ouders")
    assert response.status_code == 422
    assert error_at(text(response), "reden_niet_clb") == (
        "Kies de reden waarom de aanmelding niet door het CLB gebeurde."
    )
    response = start(jan, lotte, aanmelder="ouders", reden_niet_clb="andere")
    assert response.status_code == 422
    assert error_at(text(response), "reden_niet_clb_andere") == "Omschrijf de andere reden."
    assert stored() == before

    dossier = created(
        start(
            jan,
            lotte,
            aanmelder="ouders",
            reden_niet_clb="andere",
            reden_niet_clb_andere="Pas verhuisd vanuit Wallonië",
        )
    )
    assert dossier.aanmelding.aanmelder == "ouders"
    assert dossier.aanmelding.reden_niet_clb == "andere"
    assert dossier.aanmelding.reden_niet_clb_andere == "Pas verhuisd vanuit Wallonië"
    page = text(jan.get(f"/dossiers/{dossier.id}"))
    assert "Ouders of opvoedingsverantwoordelijken" in page
    assert "Andere: Pas verhuisd vanuit Wallonië" in page


def test_d1_jeugdhulp_crisis_intake_with_time_out_and_merger_date(pieter, world, lotte):
    data = jeugdhulp_aanmelding(
        pieter, time_out="y", startdatum_lopend_dossier="01/09/2019", uw_referentie="Leefgroep 2"
    )
    dossier = created(pieter.post(new_url(lotte), data=data))
    aanmelding = dossier.aanmelding
    assert dossier.organisation_id == world.anker.id
    assert aanmelding.aanmelder == "crisismeldpunt"
    assert aanmelding.via_toegangspoort is False
    assert aanmelding.time_out is True
    assert aanmelding.startdatum_lopend_dossier == date(2019, 9, 1)
    page = text(pieter.get(f"/dossiers/{dossier.id}"))
    assert "Crisismeldpunt" in page and "01/09/2019" in page


def test_d1_jeugdhulp_via_toegangspoort_is_a_choice(pieter, lotte):
    data = jeugdhulp_aanmelding(pieter, aanmelder="oc", via_toegangspoort="y")
    dossier = created(pieter.post(new_url(lotte), data=data))
    assert dossier.aanmelding.via_toegangspoort is True
    assert dossier.aanmelding.time_out is False
    assert dossier.aanmelding.startdatum_lopend_dossier is None


NAFT_BAD_INPUT = [
    ("datum_aanmelding", "31/02/2024", BAD_DATE),
    ("datum_aanmelding", "abc", BAD_DATE),
    ("datum_aanmelding", "2026-06-02", BAD_DATE),
    ("datum_aanmelding", "02/06/26", BAD_DATE),
    ("datum_aanmelding", "01/01/0999", "De datum van aanmelding mag niet vóór 01/01/1900 liggen."),
    ("datum_aanmelding", "01/10/9999", "De datum van aanmelding ligt in de toekomst."),
    ("datum_aanmelding", "", "Vul de datum van aanmelding in (dd/mm/jjjj)."),
    ("datum_aanmelding", None, "Vul de datum van aanmelding in (dd/mm/jjjj)."),
    ("datum_aanmelding", "16/06/2026", "De datum van aanmelding ligt in de toekomst."),
    ("aanmelder", "", "Kies de aanmelder."),
    ("aanmelder", "crisismeldpunt", "Kies een aanmelder uit de lijst."),
    ("aanmelder", SCRIPT, "Kies een aanmelder uit de lijst."),
    ("uw_referentie", "x" * 101, "Gebruik hoogstens 100 tekens."),
    ("uw_referentie", "BRUG\x00017", CONTROL_CHARACTERS),
    ("reden_niet_clb", "verhuisd", "Kies een reden uit de lijst."),
]
JEUGDHULP_BAD_INPUT = [
    ("startdatum_lopend_dossier", "30/02/2019", BAD_DATE),
    ("startdatum_lopend_dossier", "16/06/2026", "De startdatum van het lopend dossier ligt in de"),
    ("datum_aanmelding", "15/13/2026", BAD_DATE),
    ("aanmelder", "clb ", "Kies een aanmelder uit de lijst."),
]


@pytest.mark.parametrize(("field", "value", "message"), NAFT_BAD_INPUT)
def test_d1_bad_naft_aanmelding_gives_422_with_the_message_at_the_field(
    jan, lotte, field, value, message
):
    before = stored()
    response = start(jan, lotte, **{field: value})
    assert response.status_code == 422
    body = text(response)
    assert error_at(body, field) == message
    assert message in summary(body)
    assert "Het formulier werd niet bewaard." in summary(body)
    assert re.search(
        rf'id="{field}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="{field}"', body
    )
    assert stored() == before


@pytest.mark.parametrize(("field", "value", "message"), JEUGDHULP_BAD_INPUT)
def test_d1_bad_jeugdhulp_aanmelding_gives_422_with_the_message_at_the_field(
    pieter, lotte, field, value, message
):
    before = stored()
    response = pieter.post(new_url(lotte), data=jeugdhulp_aanmelding(pieter, **{field: value}))
    assert response.status_code == 422
    assert error_at(text(response), field).startswith(message)
    assert stored() == before


def test_d1_refused_form_keeps_what_was_typed_escaped(jan, lotte):
    response = start(jan, lotte, uw_referentie=SCRIPT, datum_aanmelding="31/02/2026")
    assert response.status_code == 422
    body = text(response)
    assert SCRIPT not in body
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in body
    assert 'value="31/02/2026"' in body


def test_d1_markup_is_stored_as_text_and_shown_escaped(jan, lotte):
    dossier = created(start(jan, lotte, uw_referentie='"><img src=x onerror=alert(1)>'))
    assert dossier.aanmelding.uw_referentie == '"><img src=x onerror=alert(1)>'
    page = text(jan.get(f"/dossiers/{dossier.id}"))
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


@pytest.mark.parametrize("client_id", ["", "abc", "999999", "-1"])
def test_d1_unknown_client_is_not_found(jan, client_id):
    before = stored()
    assert jan.get(f"/dossiers/nieuw?client_id={client_id}").status_code == 404
    response = jan.post(f"/dossiers/nieuw?client_id={client_id}", data=naft_aanmelding(jan))
    assert response.status_code == 404
    assert stored() == before


def test_d1_youth_not_identified_by_this_organisation_is_not_found(jan, world):
    """A-4: a youth known only through another organisation's dossier cannot be seen here."""
    foreign = db.session.get(Client, world.anker_dossier.client_id)
    before = stored()
    assert jan.get(new_url(foreign)).status_code == 404
    assert start(jan, foreign).status_code == 404
    assert stored() == before


def test_d1_start_without_csrf_token_is_refused(jan, lotte):
    data = naft_aanmelding(jan)
    del data["csrf_token"]
    before = stored()
    assert jan.post(new_url(lotte), data=data).status_code == 400
    assert stored() == before


JUNK = st.one_of(
    st.text(max_size=30),
    st.text(max_size=4).map(lambda part: part * 60),
    st.sampled_from(
        [
            SCRIPT,
            '"><img src=x onerror=alert(1)>',
            "'; DROP TABLE dossiers; --",
            "{{ 7 * 7 }}",
            "\x00",
            "y",
            "31/02/2024",
            "00/00/0000",
            "29/02/2024",
            "01/01/2999",
            "٠٢/٠٦/٢٠٢٦",
        ]
    ),
)
AANMELDING_FIELDS = {
    "uw_referentie": st.one_of(st.just("Regio Gent"), JUNK),
    "via_toegangspoort": st.one_of(st.just("y"), JUNK),
    "aanmelder": st.one_of(st.sampled_from(["clb", "crisismeldpunt", "oc", ""]), JUNK),
    "reden_niet_clb": st.one_of(st.sampled_from(["", "andere", "niet_nl_onderwijs"]), JUNK),
    "reden_niet_clb_andere": st.one_of(st.just(""), JUNK),
    "datum_aanmelding": st.one_of(st.just("02/06/2026"), JUNK),
    "time_out": st.one_of(st.just("y"), JUNK),
    "startdatum_lopend_dossier": st.one_of(st.just(""), st.just("01/09/2019"), JUNK),
}


@settings(
    max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(fields=st.fixed_dictionaries(AANMELDING_FIELDS), naft=st.booleans())
def test_d1_any_text_in_any_aanmelding_field_is_saved_or_refused_with_a_message(
    login_as, world, fields, naft
):
    organisation, person = (world.brug, world.jan) if naft else (world.anker, world.pieter)
    http = login_as(person, organisation)
    someone = youth()
    identified(http, organisation, someone)
    before = stored()
    response = http.post(new_url(someone), data={"csrf_token": csrf_token(http), **fields})
    assert response.status_code in (303, 422)
    if response.status_code == 422:
        body = text(response)
        assert "Het formulier werd niet bewaard." in body
        assert SCRIPT not in body and "<img src=x" not in body
        assert stored() == before
    else:
        dossier = created(response)
        assert dossier.client_id == someone.id
        assert stored()["dossiers"] == before["dossiers"] + 1


# D-2 dossier code --------------------------------------------------------------------------


def test_d2_codes_carry_the_creation_date_and_a_rising_sequence(jan, world):
    youths = [youth(f"Kind{n}") for n in range(3)]
    identified(jan, world.brug, *youths)
    codes = [created(start(jan, y)).code for y in youths]
    assert codes == ["BNC_20260615_1", "BNC_20260615_2", "BNC_20260615_3"]


def test_d2_the_code_of_a_deleted_dossier_is_never_handed_out_again(jan, world):
    first, second = youth("Eerste"), youth("Tweede")
    identified(jan, world.brug, first, second)
    dossier = created(start(jan, first))
    assert dossier.code == "BNC_20260615_1"
    assert delete(jan, dossier.id).status_code == 303
    assert created(start(jan, second)).code == "BNC_20260615_2"
    assert created(start(jan, first)).code == "BNC_20260615_3"


def test_d2_the_date_is_the_belgian_one_also_just_after_midnight(sign_in, world, lotte):
    """At 00:30 in Brussels (still the day before in UTC) the dossier is created "today", and
    today's date is no date in the future."""
    with time_machine.travel("2026-06-15 22:30 +00:00"):
        http = sign_in(world.jan, world.brug)
        identified(http, world.brug, lotte)
        dossier = created(start(http, lotte, datum_aanmelding="16/06/2026"))
    assert dossier.code == "BNC_20260616_1"
    assert dossier.aanmelding.datum_aanmelding == date(2026, 6, 16)


def test_d2_next_dossier_code_counts_per_day(app):
    day = date(2026, 6, 15)
    assert [next_dossier_code(day) for _ in range(3)] == [
        "BNC_20260615_1",
        "BNC_20260615_2",
        "BNC_20260615_3",
    ]
    assert next_dossier_code(date(2026, 6, 16)) == "BNC_20260616_1"
    db.session.commit()
    assert next_dossier_code(day) == "BNC_20260615_4"
    db.session.commit()


# D-3 one open dossier per client per organisation ------------------------------------------


def test_d3_a_second_open_dossier_for_the_same_youth_is_refused(jan, world, lotte):
    first = created(start(jan, lotte))
    before = stored()
    page = text(jan.get(new_url(lotte)))
    message = (
        f"Er bestaat al een open dossier ({first.code}) voor deze jongere bij NAFT De Brug. "
        "Sluit het af voor je een nieuw dossier start."
    )
    assert message in page
    assert 'name="datum_aanmelding"' not in page  # no form to fill in for nothing
    response = start(jan, lotte)
    assert response.status_code == 409
    assert message in text(response)
    assert stored() == before


def test_d3_another_organisation_may_open_a_dossier_for_the_same_youth(jan, pieter, lotte):
    brug = created(start(jan, lotte))
    anker = created(pieter.post(new_url(lotte), data=jeugdhulp_aanmelding(pieter)))
    assert brug.client_id == anker.client_id == lotte.id
    assert brug.organisation_id != anker.organisation_id
    assert brug.code != anker.code


def test_d3_after_closing_the_dossier_a_new_one_may_start(jan, lotte):
    first = created(start(jan, lotte))
    first.status, first.closed_at = "closed", date(2026, 6, 10)
    db.session.commit()
    second = created(start(jan, lotte))
    assert second.id != first.id and second.status == "open"
    assert db.session.get(Dossier, first.id).status == "closed"


def test_d3_the_database_refuses_a_second_open_dossier_too(world):
    twin = Dossier(
        code="BNC_20260615_99",
        organisation_id=world.brug.id,
        client_id=world.brug_dossier.client_id,
        status="open",
    )
    db.session.add(twin)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def race(app, jobs):
    """Run each job (person, organisation, client, data) as its own browser session, every
    POST /dossiers/nieuw released at the same moment; returns the responses."""
    barrier = threading.Barrier(len(jobs))

    def run(job):
        person_id, organisation_id, client_id, data = job
        # Worker threads start without the test's app context: each request gets its own,
        # with its own database session and connection, as under gunicorn.
        http = FlaskClient(app, app.response_class, use_cookies=True)
        log_in_client(
            http,
            person_id,
            organisation_id,
            **{SESSION_KEY: {str(organisation_id): identified_entries(client_id)}},
        )
        token = csrf_token(http)
        barrier.wait(timeout=30)
        return http.post(new_url(client_id), data={"csrf_token": token, **data})

    db.session.commit()
    with ThreadPoolExecutor(len(jobs)) as pool:
        responses = list(pool.map(run, jobs))
    db.session.expire_all()
    return responses


NAFT_FIELDS = {"aanmelder": "clb", "datum_aanmelding": "02/06/2026"}


@pytest.mark.postgres
def test_d3_a_dossier_a_colleague_opened_meanwhile_is_caught_by_the_database(jan, world, lotte):
    """The check before the insert saw no open dossier, but Sofie's start was committed just
    before ours is written: the unique index refuses ours, with the same message."""
    before = stored()

    def sofie_starts(session):
        session.add(
            Dossier(
                code="BNC_20260615_77",
                organisation_id=world.brug.id,
                client_id=lotte.id,
                status="open",
                created_by_id=world.sofie.id,
                aanmelding=Aanmelding(aanmelder="clb", datum_aanmelding=date(2026, 6, 1)),
            )
        )

    with meanwhile(sofie_starts) as ran:
        response = start(jan, lotte)
    assert ran
    assert response.status_code == 409
    assert "Er bestaat al een open dossier (BNC_20260615_77)" in text(response)
    after = stored()
    assert after["dossiers"] == before["dossiers"] + 1  # Sofie's only
    assert after["activiteiten"] == before["activiteiten"]


@pytest.mark.postgres
def test_d3_simultaneous_starts_for_one_youth_create_exactly_one_dossier(app, world, lotte):
    job = (world.jan.id, world.brug.id, lotte.id, NAFT_FIELDS)
    responses = race(app, [job] * 6)
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [303, 409, 409, 409, 409, 409]
    open_dossiers = db.session.scalars(
        db.select(Dossier).where(Dossier.client_id == lotte.id, Dossier.status == "open")
    ).all()
    assert len(open_dossiers) == 1
    refused = [r for r in responses if r.status_code == 409]
    for response in refused:
        assert f"Er bestaat al een open dossier ({open_dossiers[0].code})" in text(response)
    assert len(activity_of(open_dossiers[0].id)) == 1


@pytest.mark.postgres
def test_d2_simultaneous_starts_for_different_youths_get_distinct_codes(app, world):
    youths = [youth(f"Gelijktijdig{n}") for n in range(6)]
    jobs = [(world.jan.id, world.brug.id, y.id, NAFT_FIELDS) for y in youths]
    responses = race(app, jobs)
    assert [r.status_code for r in responses] == [303] * 6
    codes = db.session.scalars(
        db.select(Dossier.code).where(Dossier.client_id.in_([y.id for y in youths]))
    ).all()
    assert sorted(codes) == [f"BNC_20260615_{n}" for n in range(1, 7)]


# K-5 Start klastraject ---------------------------------------------------------------------


def test_k5_form_asks_the_class_and_the_aanmelding(login_as, world):
    page = text(login_as(world.jan, world.brug).get("/dossiers/nieuwe-klas"))
    assert "<h1>Start klastraject</h1>" in page
    for label in ("Naam klas", "Aantal deelnemers", "Onderwijsvorm", "Graad", "Leerjaar"):
        assert re.search(rf'<label for="[a-z_]+">{label} <span class="mandatory"', page), label
    assert "Onthaalklas anderstalige nieuwkomers (OKAN)" in page
    assert '<option selected value="clb">CLB</option>' in page
    assert 'name="datum_aanmelding"' in page


def test_k5_naft_starts_a_class_dossier_shown_by_its_class_name(login_as, world):
    http = login_as(world.jan, world.brug)
    before = stored()
    response = http.post("/dossiers/nieuwe-klas", data=klas_data(http))
    dossier = created(response)
    klas = dossier.klas
    assert (klas.name, klas.participants, klas.onderwijsvorm, klas.graad, klas.leerjaar) == (
        "3B Okan De Brug",
        14,
        "okan",
        "1",
        "1",
    )
    assert dossier.client_id is None and dossier.organisation_id == world.brug.id
    assert dossier.code == "BNC_20260615_1"
    assert dossier.aanmelding.aanmelder == "clb"
    assert stored()["klassen"] == before["klassen"] + 1
    (entry,) = activity_of(dossier.id)
    assert entry.after["klas"] == "3B Okan De Brug"

    page = text(http.get(response.headers["Location"]))
    assert "Klasdossier BNC_20260615_1 werd aangemaakt." in page
    assert "<dt>Naam klas</dt><dd>3B Okan De Brug</dd>" in page
    assert "<dt>Aantal deelnemers</dt><dd>14</dd>" in page
    overview = text(http.get("/"))
    assert "3B Okan De Brug" in names(overview)
    overview = overview[overview.index('id="dossierlijst"') :]
    row = overview[overview.index(">3B Okan De Brug</a>") :]
    row = row[: row.index("</tr>")]
    cells = re.findall(r"<td>(.*?)</td>", row)
    assert cells[:3] == ["", "", "BNC_20260615_1"]  # no first name, no birth date


def test_k5_only_naft_starts_a_klastraject(login_as, world):
    http = login_as(world.pieter, world.anker)
    before = stored()
    assert http.get("/dossiers/nieuwe-klas").status_code == 403
    assert http.post("/dossiers/nieuwe-klas", data=klas_data(http)).status_code == 403
    assert stored() == before
    assert "Start klastraject" not in text(http.get("/"))


K5_BAD_INPUT = [
    ("naam_klas", "", "Vul de naam van de klas in."),
    ("naam_klas", None, "Vul de naam van de klas in."),
    ("naam_klas", "   ", "Vul de naam van de klas in."),
    ("naam_klas", "k" * 121, "Gebruik hoogstens 120 tekens."),
    ("naam_klas", "3B\x00", CONTROL_CHARACTERS),
    ("aantal_deelnemers", "", "Vul het aantal deelnemers in (een geheel getal)."),
    ("aantal_deelnemers", "abc", "Vul het aantal deelnemers in (een geheel getal)."),
    ("aantal_deelnemers", "12.5", "Vul het aantal deelnemers in (een geheel getal)."),
    ("aantal_deelnemers", "٣", "Vul het aantal deelnemers in (een geheel getal)."),
    ("aantal_deelnemers", "9" * 5000, "Vul het aantal deelnemers in (een geheel getal)."),
    ("aantal_deelnemers", "0", "Het aantal deelnemers ligt tussen 1 en 60."),
    ("aantal_deelnemers", "61", "Het aantal deelnemers ligt tussen 1 en 60."),
    ("aantal_deelnemers", "-3", "Het aantal deelnemers ligt tussen 1 en 60."),
    ("onderwijsvorm", "", "Kies de onderwijsvorm uit de lijst."),
    ("onderwijsvorm", "universiteit", "Kies de onderwijsvorm uit de lijst."),
    ("graad", "5", "Kies de graad uit de lijst."),
    ("leerjaar", SCRIPT, "Kies het leerjaar uit de lijst."),
    ("datum_aanmelding", "31/06/2026", BAD_DATE),
    ("datum_aanmelding", "01/07/2026", "De datum van aanmelding ligt in de toekomst."),
    ("aanmelder", "school", "Kies de reden waarom de aanmelding niet door het CLB gebeurde."),
]


@pytest.mark.parametrize(("field", "value", "message"), K5_BAD_INPUT)
def test_k5_bad_class_data_gives_422_with_one_dutch_message_at_the_field(
    login_as, world, field, value, message
):
    http = login_as(world.jan, world.brug)
    before = stored()
    response = http.post("/dossiers/nieuwe-klas", data=klas_data(http, **{field: value}))
    assert response.status_code == 422
    body = text(response)
    where = "reden_niet_clb" if field == "aanmelder" else field
    assert error_at(body, where) == message
    assert "Not a valid" not in body and "This field" not in body
    assert stored() == before


KLAS_FIELDS = {
    "naam_klas": st.one_of(st.just("4A"), JUNK),
    "aantal_deelnemers": st.one_of(st.integers(-5, 70).map(str), JUNK),
    "onderwijsvorm": st.one_of(st.sampled_from(["aso", "okan", ""]), JUNK),
    "graad": st.one_of(st.sampled_from(["1", "2", "4"]), JUNK),
    "leerjaar": st.one_of(st.sampled_from(["1", "7"]), JUNK),
    "aanmelder": st.one_of(st.just("clb"), JUNK),
    "datum_aanmelding": st.one_of(st.just("02/06/2026"), JUNK),
    "uw_referentie": JUNK,
}


@settings(
    max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(fields=st.fixed_dictionaries(KLAS_FIELDS))
def test_k5_any_text_in_the_class_form_is_saved_or_refused_with_a_message(login_as, world, fields):
    http = login_as(world.jan, world.brug)
    before = stored()
    response = http.post("/dossiers/nieuwe-klas", data={"csrf_token": csrf_token(http), **fields})
    assert response.status_code in (303, 422)
    if response.status_code == 422:
        assert "Het formulier werd niet bewaard." in text(response)
        assert "Not a valid" not in text(response)
        assert stored() == before
    else:
        assert created(response).klas.name == fields["naam_klas"].strip()


# D-6 Raadplegen Dossier --------------------------------------------------------------------


def test_d6_dossier_page_shows_identification_aanmelding_status_and_actions(login_as, world):
    dossier = world.brug_dossier
    page = text(login_as(world.jan, world.brug).get(f"/dossiers/{dossier.id}"))
    assert "<h1>Raadplegen Dossier</h1>" in page
    client = dossier.client
    assert f"<dt>Naam</dt><dd>{client.family_name}</dd>" in page
    assert f"<dt>Voornaam</dt><dd>{client.given_name}</dd>" in page
    assert "<dt>Geboortedatum</dt><dd>17/05/2010</dd>" in page
    assert f"<dt>Dossiercode</dt><dd>{dossier.code}</dd>" in page
    assert "<dt>Status</dt><dd>open</dd>" in page
    assert '<section id="aanmelding"' in page
    assert "<dt>Aanmelder</dt><dd>CLB</dd>" in page
    assert "<dt>Datum aanmelding</dt><dd>02/01/2026</dd>" in page
    assert "<dt>Via toegangspoort (NRTJ)</dt><dd>nee</dd>" in page
    assert "Er zijn nog geen beslissingen geregistreerd." in page
    assert f'href="/dossiers/{dossier.id}/activiteiten">Activiteiten dossier</a>' in page
    assert f'href="/dossiers/{dossier.id}/aanmelding"' in page


def test_d6_beslissingen_and_their_schakelingen_most_recent_on_top(login_as, world):
    dossier = world.brug_dossier
    older = make.beslissing(dossier, date(2025, 7, 1), date(2025, 12, 31))
    make.schakeling(older, date(2025, 7, 15), date(2025, 12, 31))
    newer = make.beslissing(dossier, date(2026, 1, 1), date(2026, 6, 30))
    make.schakeling(newer, date(2026, 1, 5), date(2026, 3, 31))
    make.schakeling(newer, date(2026, 4, 1))
    db.session.commit()
    page = text(login_as(world.jan, world.brug).get(f"/dossiers/{dossier.id}"))
    shown = [page.index(day) for day in ("01/01/2026", "01/07/2025")]
    assert shown == sorted(shown)
    schakelingen = [page.index(day) for day in ("01/04/2026", "05/01/2026", "15/07/2025")]
    assert schakelingen == sorted(schakelingen)


def test_d6_closed_dossier_shows_its_closing_date(login_as, world):
    world.brug_dossier.status, world.brug_dossier.closed_at = "closed", date(2026, 5, 31)
    db.session.commit()
    page = text(login_as(world.jan, world.brug).get(f"/dossiers/{world.brug_dossier.id}"))
    assert "<dt>Status</dt><dd>afgesloten op 31/05/2026</dd>" in page


def test_d6_dossier_of_another_organisation_is_not_found(login_as, world):
    http = login_as(world.jan, world.brug)
    foreign = http.get(f"/dossiers/{world.anker_dossier.id}")
    missing = http.get("/dossiers/999999")
    assert foreign.status_code == missing.status_code == 404
    # Alike but for the CSRF token, which carries the second it was signed in.
    token = re.compile(r"[\w-]+\.[\w-]+\.[\w-]{27}")
    assert token.sub("", text(foreign)) == token.sub("", text(missing))
    assert world.anker_dossier.code not in text(foreign)
    assert GONE in text(foreign)


# D-1 Aanmelding wijzigen (htmx and plain), D-13 stale forms ---------------------------------


def edit_url(dossier) -> str:
    return f"/dossiers/{dossier.id}/aanmelding"


def edit_data(http, dossier, **changes) -> dict:
    """The aanmelding form as it comes back from the page, with ``changes``."""
    data = naft_aanmelding(
        http,
        uw_referentie="BRUG-099",
        datum_aanmelding="02/01/2026",
        version_id=str(dossier.aanmelding.version_id),
    )
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def assert_fragment(response, root: str) -> str:
    body = text(response)
    assert body.lstrip().startswith(f'<section id="{root}"'), body[:200]
    assert "<html" not in body
    assert "HX-Request" in response.headers["Vary"]
    return body


@pytest.mark.parametrize("htmx", [False, True])
def test_d1_aanmelding_edit_form_is_a_page_or_an_htmx_fragment(login_as, world, htmx):
    dossier = world.brug_dossier
    http = login_as(world.jan, world.brug)
    response = http.get(edit_url(dossier), headers=HX if htmx else None)
    assert response.status_code == 200
    if htmx:
        body = assert_fragment(response, "aanmelding")
    else:
        body = text(response)
        assert "<html" in body and f"— {dossier.code}</h1>" in body
        assert "HX-Request" in response.headers["Vary"]
    assert '<h2 id="aanmelding-titel">Aanmelding wijzigen</h2>' in body
    assert 'value="02/01/2026"' in body
    assert '<option selected value="clb">CLB</option>' in body
    assert f'name="version_id" type="hidden" value="{dossier.aanmelding.version_id}"' in body
    # In place it is posted by htmx; on its own page plainly, back to the dossier (issue 11).
    assert (f'hx-post="/dossiers/{dossier.id}/aanmelding"' in body) == htmx
    assert f'action="/dossiers/{dossier.id}/aanmelding"' in body  # works without htmx too


def test_d1_saved_aanmelding_goes_back_to_the_dossier_and_is_logged(login_as, world):
    dossier = world.brug_dossier
    http = login_as(world.jan, world.brug)
    response = http.post(
        edit_url(dossier),
        data=edit_data(http, dossier, aanmelder="school", reden_niet_clb="niet_nl_onderwijs"),
    )
    assert response.status_code == 303
    assert response.headers["Location"] == f"/dossiers/{dossier.id}"
    aanmelding = db.session.get(Dossier, dossier.id).aanmelding
    assert (aanmelding.uw_referentie, aanmelding.aanmelder, aanmelding.reden_niet_clb) == (
        "BRUG-099",
        "school",
        "niet_nl_onderwijs",
    )
    (entry,) = activity_of(dossier.id, "aanmelding_gewijzigd")
    assert entry.person_id == world.jan.id
    assert (entry.before["aanmelder"], entry.after["aanmelder"]) == ("clb", "school")
    assert (entry.before["uw_referentie"], entry.after["uw_referentie"]) == (None, "BRUG-099")
    page = text(http.get(response.headers["Location"]))
    assert "De aanmelding werd bewaard." in page
    assert "<dt>Aanmelder</dt><dd>School</dd>" in page


def test_d1_saved_aanmelding_over_htmx_answers_the_updated_card(login_as, world):
    dossier = world.brug_dossier
    http = login_as(world.jan, world.brug)
    response = http.post(edit_url(dossier), data=edit_data(http, dossier), headers=HX)
    assert response.status_code == 200
    body = assert_fragment(response, "aanmelding")
    assert "<dt>Uw referentie</dt><dd>BRUG-099</dd>" in body
    assert "<form" not in body
    assert db.session.get(Dossier, dossier.id).aanmelding.uw_referentie == "BRUG-099"
    assert len(activity_of(dossier.id, "aanmelding_gewijzigd")) == 1


def test_d1_aanmelding_card_shows_the_moment_of_the_last_change(login_as, world):
    """Manual 4.1: "De datum die getoond wordt, is niet de aanmeldingsdatum, maar de datum
    waarop deze fiche het laatst werd gewijzigd."""
    dossier = world.brug_dossier
    with time_machine.travel("2026-06-15 15:45 +02:00"):
        http = login_as(world.jan, world.brug)
        assert http.post(edit_url(dossier), data=edit_data(http, dossier)).status_code == 303
        page = text(http.get(f"/dossiers/{dossier.id}"))
    assert "Laatst gewijzigd op 15/06/2026 15:45" in page
    assert "<dt>Datum aanmelding</dt><dd>02/01/2026</dd>" in page


def test_d1_saving_an_unchanged_aanmelding_logs_nothing_and_keeps_its_date(login_as, world):
    """D-8 logs changes; D-1's card shows the moment of the last change, so a save without a
    change leaves both as they were."""
    dossier = world.brug_dossier
    with time_machine.travel("2026-06-15 15:45 +02:00"):
        http = login_as(world.jan, world.brug)
        assert http.post(edit_url(dossier), data=edit_data(http, dossier)).status_code == 303
    with time_machine.travel("2026-06-15 16:10 +02:00"):
        again = edit_data(http, db.session.get(Dossier, dossier.id))
        response = http.post(edit_url(dossier), data=again, headers=HX)
        assert response.status_code == 200
        assert "Laatst gewijzigd op 15/06/2026 15:45" in text(response)
    assert len(activity_of(dossier.id, "aanmelding_gewijzigd")) == 1


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("datum_aanmelding", "31/02/2024", BAD_DATE),
        ("datum_aanmelding", "abc", BAD_DATE),
        ("datum_aanmelding", "", "Vul de datum van aanmelding in (dd/mm/jjjj)."),
        ("datum_aanmelding", "01/01/2027", "De datum van aanmelding ligt in de toekomst."),
        ("aanmelder", "", "Kies de aanmelder."),
        ("uw_referentie", "r" * 101, "Gebruik hoogstens 100 tekens."),
        ("reden_niet_clb_andere", "a" * 201, "Gebruik hoogstens 200 tekens."),
    ],
)
def test_d1_bad_aanmelding_change_gives_422_and_changes_nothing(
    login_as, world, htmx, field, value, message
):
    dossier = world.brug_dossier
    http = login_as(world.jan, world.brug)
    changes = {field: value}
    if field == "reden_niet_clb_andere":
        changes.update(aanmelder="ouders", reden_niet_clb="andere")
    before, version = stored(), dossier.aanmelding.version_id
    response = http.post(
        edit_url(dossier), data=edit_data(http, dossier, **changes), headers=HX if htmx else None
    )
    assert response.status_code == 422
    body = assert_fragment(response, "aanmelding") if htmx else text(response)
    assert ("<html" in body) is not htmx
    assert error_at(body, field) == message
    assert message in summary(body)
    assert 'value="BRUG-099"' in body or field == "uw_referentie"  # typed values kept
    assert stored() == before
    aanmelding = db.session.get(Dossier, dossier.id).aanmelding
    assert (aanmelding.version_id, aanmelding.uw_referentie) == (version, None)


@pytest.mark.parametrize("htmx", [False, True])
def test_d13_a_stale_aanmelding_form_is_refused_and_the_first_save_wins(login_as, world, htmx):
    """Two tabs open the form; the first save wins, the second gets the manual's message."""
    dossier = world.brug_dossier
    http = login_as(world.jan, world.brug)
    first_tab = edit_data(http, dossier, uw_referentie="Eerste tabblad")
    second_tab = edit_data(http, dossier, uw_referentie="Tweede tabblad")
    assert http.post(edit_url(dossier), data=first_tab).status_code == 303
    before = stored()
    response = http.post(edit_url(dossier), data=second_tab, headers=HX if htmx else None)
    assert response.status_code == 409
    body = text(response)
    assert STALE_MESSAGE in body
    assert 'id="aanmelding"' in body  # the form again, where the user acted
    assert db.session.get(Dossier, dossier.id).aanmelding.uw_referentie == "Eerste tabblad"
    assert stored() == before


def test_d13_stale_message_names_the_manuals_three_causes():
    assert STALE_MESSAGE.startswith("De gevraagde actie kon niet uitgevoerd worden.")
    for cause in ("verouderd", "navigatieknoppen van de browser", "meerdere tabbladen"):
        assert cause in STALE_MESSAGE


def test_d13_aanmelding_form_without_version_is_refused(login_as, world):
    dossier = world.brug_dossier
    http = login_as(world.jan, world.brug)
    response = http.post(edit_url(dossier), data=edit_data(http, dossier, version_id=None))
    assert response.status_code == 409
    assert db.session.get(Dossier, dossier.id).aanmelding.uw_referentie is None


def test_d13_aanmelding_changed_while_saving_is_refused_not_overwritten(login_as, world):
    """A colleague's save lands between loading and writing: the database check catches it."""
    dossier = world.brug_dossier
    http = login_as(world.jan, world.brug)
    data = edit_data(http, dossier)
    before = stored()
    with meanwhile(
        sql(
            "UPDATE aanmeldingen SET uw_referentie = 'Collega', version_id = version_id + 1 "
            "WHERE id = :id",
            id=dossier.aanmelding.id,
        )
    ) as ran:
        response = http.post(edit_url(dossier), data=data)
    assert ran
    assert response.status_code == 409
    assert STALE_MESSAGE in text(response)
    assert db.session.get(Dossier, dossier.id).aanmelding.uw_referentie == "Collega"
    assert stored() == before


def test_d13_editing_the_aanmelding_of_a_deleted_dossier_says_it_is_gone(login_as, world):
    dossier = world.brug_dossier
    http = login_as(world.jan, world.brug)
    url, data = edit_url(dossier), edit_data(http, dossier)
    assert delete(http, dossier.id).status_code == 303
    for response in (http.get(url), http.post(url, data=data)):
        assert response.status_code == 404
        assert GONE in text(response)


@settings(
    max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(fields=st.fixed_dictionaries(AANMELDING_FIELDS), htmx=st.booleans())
def test_d1_any_text_in_the_aanmelding_change_is_saved_or_refused_with_a_message(
    login_as, world, fields, htmx
):
    dossier = world.brug_dossier
    http = login_as(world.jan, world.brug)
    aanmelding = db.session.get(Dossier, dossier.id).aanmelding
    version, before, values = aanmelding.version_id, stored(), aanmelding_snapshot(aanmelding)
    data = {"csrf_token": csrf_token(http), "version_id": str(version), **fields}
    response = http.post(edit_url(dossier), data=data, headers=HX if htmx else None)
    assert response.status_code in ((200, 422) if htmx else (303, 422))
    if response.status_code == 422:
        assert "Het formulier werd niet bewaard." in text(response)
        assert SCRIPT not in text(response)
        assert stored() == before
        assert db.session.get(Dossier, dossier.id).aanmelding.version_id == version
    else:
        db.session.expire_all()
        changed = aanmelding_snapshot(db.session.get(Dossier, dossier.id).aanmelding) != values
        assert stored()["activiteiten"] == before["activiteiten"] + (1 if changed else 0)


# D-7 Overdragen dossier naar mezelf --------------------------------------------------------


@pytest.fixture
def colleagues(world):
    """Open dossiers of Sofie (two, one of which she got assigned) and Tom (one); a closed one
    of Sofie; Jan's own; and one of Het Anker created by Sofie there."""
    sofie_1 = make.dossier(world.brug, "Aerts", "Yara", created_by=world.sofie)
    sofie_2 = make.dossier(
        world.brug, "Bogaert", "Mila", created_by=world.tom, assigned_to=world.sofie
    )
    tom_1 = make.dossier(world.brug, "Claes", "Emma", created_by=world.tom)
    closed = make.dossier(
        world.brug,
        "Dubois",
        "Noor",
        created_by=world.sofie,
        status="closed",
        closed_at=date(2026, 5, 1),
    )
    own = make.dossier(world.brug, "Evers", "Finn", created_by=world.jan)
    anker = make.dossier(world.anker, "Goossens", "Lina", created_by=world.sofie)
    db.session.commit()
    return {
        "sofie_1": sofie_1,
        "sofie_2": sofie_2,
        "tom_1": tom_1,
        "closed": closed,
        "own": own,
        "anker": anker,
    }


def transfer(http, colleague, *dossier_ids):
    data = {"csrf_token": csrf_token(http), "dossier_id": [str(i) for i in dossier_ids]}
    return http.post(f"/dossiers/overdragen?van={colleague.id}", data=data)


def test_d7_lists_the_colleagues_with_open_dossiers_and_how_many(login_as, world, colleagues):
    page = text(login_as(world.jan, world.brug).get("/dossiers/overdragen"))
    assert "<h1>Overdragen dossier naar mezelf</h1>" in page
    assert f'<a href="/dossiers/overdragen?van={world.sofie.id}">Sofie Janssens</a> (2 open' in page
    assert (
        f'<a href="/dossiers/overdragen?van={world.tom.id}">Tom Maes</a> (1 open dossier)' in page
    )
    assert "Jan Peeters" not in page.split("<h1>", 1)[1]  # not myself
    assert "Pieter" not in page


def test_d7_a_colleagues_page_lists_their_open_dossiers_to_tick(login_as, world, colleagues):
    page = text(login_as(world.jan, world.brug).get(f"/dossiers/overdragen?van={world.sofie.id}"))
    for key in ("sofie_1", "sofie_2"):
        assert f'name="dossier_id" value="{colleagues[key].id}"' in page
    for key in ("tom_1", "closed", "own", "anker"):
        assert f'value="{colleagues[key].id}"' not in page
    assert ">Dossier overdragen naar mezelf</button>" in page


def test_d7_ticked_dossiers_move_to_mijn_dossiers_and_the_move_is_logged(
    login_as, world, colleagues
):
    http = login_as(world.jan, world.brug)
    moved, stays = colleagues["sofie_1"], colleagues["sofie_2"]
    response = transfer(http, world.sofie, moved.id)
    assert response.status_code == 303
    assert response.headers["Location"] == "/dossiers/overdragen"
    assert "1 dossier overgedragen naar ‘Mijn dossiers’." in text(http.get("/dossiers/overdragen"))
    assert db.session.get(Dossier, moved.id).assigned_to_id == world.jan.id
    assert db.session.get(Dossier, stays.id).assigned_to_id == world.sofie.id
    (entry,) = activity_of(moved.id, "dossier_overgedragen")
    assert entry.person_id == world.jan.id
    assert entry.before == {"toegewezen_aan": "Sofie Janssens"}
    assert entry.after == {"toegewezen_aan": "Jan Peeters"}
    assert "Aerts" in names(text(http.get("/?weergave=mijn")))
    sofie = login_as(world.sofie, world.brug)
    assert names(text(sofie.get("/?weergave=mijn"))) == ["Bogaert"]


def test_d7_several_dossiers_move_at_once(login_as, world, colleagues):
    http = login_as(world.jan, world.brug)
    ids = [colleagues["sofie_1"].id, colleagues["sofie_2"].id]
    assert transfer(http, world.sofie, *ids).status_code == 303
    assert {db.session.get(Dossier, i).assigned_to_id for i in ids} == {world.jan.id}
    page = text(http.get("/dossiers/overdragen"))
    assert "Sofie Janssens" not in page.split("<h1>", 1)[1]


def test_d7_dossiers_of_a_colleague_who_left_can_be_taken_over(login_as, world, colleagues):
    """Sofie no longer works for De Brug (her roles were revoked), but her open dossiers are
    still there: they are the ones most in need of a new owner."""
    db.session.execute(
        db.delete(Membership).where(
            Membership.person_id == world.sofie.id, Membership.organisation_id == world.brug.id
        )
    )
    db.session.commit()
    http = login_as(world.jan, world.brug)
    assert f"?van={world.sofie.id}" in text(http.get("/dossiers/overdragen"))
    page = text(http.get(f"/dossiers/overdragen?van={world.sofie.id}"))
    assert f'value="{colleagues["sofie_1"].id}"' in page
    assert transfer(http, world.sofie, colleagues["sofie_1"].id).status_code == 303
    assert db.session.get(Dossier, colleagues["sofie_1"].id).assigned_to_id == world.jan.id


def test_d7_nothing_ticked_gives_a_message_and_moves_nothing(login_as, world, colleagues):
    http = login_as(world.jan, world.brug)
    before = stored()
    response = transfer(http, world.sofie)
    assert response.status_code == 422
    assert "Selecteer minstens één dossier om over te dragen." in text(response)
    assert db.session.get(Dossier, colleagues["sofie_1"].id).created_by_id == world.sofie.id
    assert db.session.get(Dossier, colleagues["sofie_1"].id).assigned_to_id is None
    assert stored() == before


def test_d7_a_person_of_another_organisation_is_not_found(login_as, world, colleagues):
    http = login_as(world.jan, world.brug)
    for someone in (world.pieter, world.ann, world.jan):
        assert http.get(f"/dossiers/overdragen?van={someone.id}").status_code == 404
        assert transfer(http, someone, colleagues["anker"].id).status_code == 404
    assert http.get("/dossiers/overdragen?van=999999").status_code == 404
    assert db.session.get(Dossier, colleagues["anker"].id).assigned_to_id is None


def test_d7_a_dossier_of_another_organisation_or_colleague_ticked_is_ignored(
    login_as, world, colleagues
):
    http = login_as(world.jan, world.brug)
    strangers = [colleagues["anker"].id, colleagues["tom_1"].id, colleagues["closed"].id]
    response = transfer(http, world.sofie, *strangers)
    assert response.status_code == 422
    response = transfer(http, world.sofie, colleagues["sofie_1"].id, *strangers)
    assert response.status_code == 303
    assert db.session.get(Dossier, colleagues["sofie_1"].id).assigned_to_id == world.jan.id
    for stranger in strangers:
        assert db.session.get(Dossier, stranger).assigned_to_id is None
        assert activity_of(stranger) == []


def test_d13_transfer_of_a_dossier_changed_meanwhile_is_refused(login_as, world, colleagues):
    http = login_as(world.jan, world.brug)
    target = colleagues["sofie_1"]
    before = stored()
    with meanwhile(
        sql(
            "UPDATE dossiers SET assigned_to_id = :tom, version_id = version_id + 1 WHERE id = :id",
            tom=world.tom.id,
            id=target.id,
        )
    ) as ran:
        response = transfer(http, world.sofie, target.id)
    assert ran
    assert response.status_code == 409
    assert STALE_MESSAGE in text(response)
    assert db.session.get(Dossier, target.id).assigned_to_id == world.tom.id
    assert stored() == before


# D-8 Activiteiten dossier ------------------------------------------------------------------


def test_d8_activity_lists_who_did_what_newest_first_with_values_before_and_after(
    sign_in, world, jan, lotte
):
    with time_machine.travel("2026-06-15 12:05 +02:00", tick=False):
        dossier = created(start(jan, lotte))
    with time_machine.travel("2026-06-15 12:30 +02:00"):
        sofie = sign_in(world.sofie, world.brug)
        data = edit_data(sofie, dossier, uw_referentie="", datum_aanmelding="01/06/2026")
        assert sofie.post(edit_url(dossier), data=data).status_code == 303
        page = text(sofie.get(f"/dossiers/{dossier.id}/activiteiten"))
    assert "<h1>Activiteiten dossier</h1>" in page
    rows = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>", page)
    assert rows == [
        ("15/06/2026 12:30", "Sofie Janssens", "Aanmelding gewijzigd"),
        ("15/06/2026 12:05", "Jan Peeters", f"Dossier {dossier.code} aangemaakt"),
    ]
    change = page[
        page.index("Aanmelding gewijzigd") : page.index("</tr>", page.index("Aanmelding gewijzigd"))
    ]
    before, after = re.findall(r'<dl class="changes">(.*?)</dl>', change)
    assert "<dt>Datum aanmelding</dt><dd>02/06/2026</dd>" in before
    assert "<dt>Datum aanmelding</dt><dd>01/06/2026</dd>" in after
    assert "<dt>Uw referentie</dt><dd>BRUG-017</dd>" in before
    assert "<dt>Uw referentie</dt><dd>—</dd>" in after
    assert "<dt>Aanmelder</dt><dd>CLB</dd>" in after
    assert "False" not in page and "True" not in page and "None" not in page


def test_d8_activity_shows_only_this_dossiers_entries(login_as, world, jan, lotte):
    dossier = created(start(jan, lotte))
    other = youth("Ander")
    identified(jan, world.brug, other)
    other_dossier = created(start(jan, other))
    page = text(jan.get(f"/dossiers/{dossier.id}/activiteiten"))
    assert f"<td>Dossier {dossier.code} aangemaakt</td>" in page
    assert f"<td>Dossier {other_dossier.code} aangemaakt</td>" not in page
    assert page.count("<tr>") == 2  # the header and the one entry


def test_d8_activity_of_another_organisations_dossier_is_not_found(login_as, world):
    http = login_as(world.jan, world.brug)
    assert http.get(f"/dossiers/{world.anker_dossier.id}/activiteiten").status_code == 404


def test_d8_the_log_is_append_only(jan, lotte):
    dossier = created(start(jan, lotte))
    (entry,) = activity_of(dossier.id)
    entry.description = "Niets gebeurd"
    with pytest.raises(PermissionError):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(ActivityEntry, entry.id))
    with pytest.raises(PermissionError):
        db.session.flush()
    db.session.rollback()


# D-9 Dossier verwijderen -------------------------------------------------------------------


def delete(http, dossier_id: int, **headers):
    return http.post(
        f"/dossiers/{dossier_id}/verwijderen",
        data={"csrf_token": csrf_token(http)},
        headers=headers,
    )


def test_d9_delete_asks_for_confirmation_first(login_as, world):
    dossier = world.brug_dossier
    http = login_as(world.jan, world.brug)
    assert f'href="/dossiers/{dossier.id}/verwijderen"' in text(http.get(f"/dossiers/{dossier.id}"))
    response = http.get(f"/dossiers/{dossier.id}/verwijderen")
    assert response.status_code == 200
    page = text(response)
    assert f"Wil je dossier <strong>{dossier.code}</strong>" in page
    assert "definitief verwijderen" in page
    assert ">Dossier verwijderen</button>" in page
    assert db.session.get(Dossier, dossier.id) is not None


def test_d9_confirmed_delete_removes_the_dossier_and_keeps_its_log(login_as, world):
    dossier = world.brug_dossier
    dossier_id, code, aanmelding_id = dossier.id, dossier.code, dossier.aanmelding.id
    client_id = dossier.client_id
    http = login_as(world.jan, world.brug)
    response = delete(http, dossier_id)
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    assert f"Dossier {code} werd verwijderd." in text(http.get("/"))
    assert db.session.get(Dossier, dossier_id) is None
    assert db.session.get(Aanmelding, aanmelding_id) is None
    (entry,) = activity_of(dossier_id, "dossier_verwijderd")
    assert (entry.person_id, entry.organisation_id) == (world.jan.id, world.brug.id)
    assert code in entry.description
    assert entry.before["code"] == code
    # The youth stays known (K-2): only the dossier is gone.
    assert db.session.get(Client, client_id) is not None


def test_d9_deleting_a_class_dossier_removes_its_class(login_as, world):
    http = login_as(world.jan, world.brug)
    dossier = created(http.post("/dossiers/nieuwe-klas", data=klas_data(http)))
    klas_id = dossier.klas_id
    assert delete(http, dossier.id).status_code == 303
    assert db.session.get(Klas, klas_id) is None


def with_beslissing(dossier):
    make.beslissing(dossier, date(2026, 1, 1), date(2026, 6, 30))


def with_schakeling(dossier):
    beslissing = make.beslissing(dossier, date(2026, 1, 1), date(2026, 6, 30))
    make.schakeling(beslissing, date(2026, 1, 5), date(2026, 3, 31))


def closed(dossier):
    with_schakeling(dossier)
    dossier.status, dossier.closed_at = "closed", date(2026, 4, 1)


@pytest.mark.parametrize(
    ("setup", "reasons"),
    [
        (with_beslissing, ["Verwijder eerst de beslissing van dit dossier."]),
        (
            with_schakeling,
            [
                "Verwijder eerst de schakeling van dit dossier.",
                "Verwijder eerst de beslissing van dit dossier.",
            ],
        ),
        (closed, ["Een afgesloten dossier kan niet verwijderd worden."]),
    ],
)
def test_d9_delete_is_refused_with_the_reasons_and_the_button_is_hidden(
    login_as, world, setup, reasons
):
    dossier = world.brug_dossier
    setup(dossier)
    db.session.commit()
    http = login_as(world.jan, world.brug)
    before = stored()
    assert f'href="/dossiers/{dossier.id}/verwijderen"' not in text(
        http.get(f"/dossiers/{dossier.id}")
    )
    page = text(http.get(f"/dossiers/{dossier.id}/verwijderen"))
    assert f"Dossier {dossier.code} kan niet verwijderd worden:" in page
    assert re.findall(r"<li>(.*?)</li>", summary(page)) == reasons
    assert "<button" not in page.split("<h1>", 1)[1]
    response = delete(http, dossier.id)
    assert response.status_code == 422
    assert reasons[0] in text(response)
    assert db.session.get(Dossier, dossier.id) is not None
    assert stored() == before


@pytest.mark.parametrize("htmx", [False, True])
def test_d9_deleting_twice_says_it_was_deleted_already(login_as, world, htmx):
    """Two tabs (or two colleagues) confirm the same delete: the manual's message."""
    dossier_id = world.brug_dossier.id
    http = login_as(world.jan, world.brug)
    assert delete(http, dossier_id).status_code == 303
    log = len(activity_of(dossier_id))
    response = delete(http, dossier_id, **(HX if htmx else {}))
    assert response.status_code == 404
    assert DELETED in text(response)
    assert len(activity_of(dossier_id)) == log
    assert DELETED in text(http.get(f"/dossiers/{dossier_id}/verwijderen"))


def test_d13_dossier_deleted_by_a_colleague_while_deleting_gets_the_manuals_message(
    login_as, world
):
    dossier_id = world.brug_dossier.id
    http = login_as(world.jan, world.brug)
    with meanwhile(sql("DELETE FROM dossiers WHERE id = :id", id=dossier_id)) as ran:
        response = delete(http, dossier_id)
    assert ran
    assert response.status_code == 404
    assert DELETED in text(response)
    assert activity_of(dossier_id) == []


def test_d13_dossier_changed_while_deleting_is_kept(login_as, world):
    dossier_id = world.brug_dossier.id
    http = login_as(world.jan, world.brug)
    with meanwhile(
        sql("UPDATE dossiers SET version_id = version_id + 1 WHERE id = :id", id=dossier_id)
    ) as ran:
        response = delete(http, dossier_id)
    assert ran
    assert response.status_code == 409
    assert STALE_MESSAGE in text(response)
    assert db.session.get(Dossier, dossier_id) is not None
    assert activity_of(dossier_id) == []


def test_d9_dossier_of_another_organisation_cannot_be_deleted(login_as, world):
    http = login_as(world.jan, world.brug)
    assert delete(http, world.anker_dossier.id).status_code == 404
    assert db.session.get(Dossier, world.anker_dossier.id) is not None


# A-3 only a medewerker works with dossiers -------------------------------------------------


@pytest.fixture
def beheerder_only(login_as, world, lotte):
    """Pieter is beheerder of NAFT De Brug without being medewerker there."""
    factories.grant(world.pieter, world.brug, "beheerder")
    db.session.commit()
    http = login_as(world.pieter, world.brug)
    identified(http, world.brug, lotte)
    return http


def test_a3_beheerder_without_medewerker_role_sees_a_plain_start_page(beheerder_only, world):
    response = beheerder_only.get("/")
    assert response.status_code == 200
    page = text(response)
    assert "<h1>Startpagina</h1>" in page
    assert "zonder de rol medewerker" in page
    assert ">Gebruikersbeheer</a>" in page
    assert world.brug_dossier.code not in page
    assert world.brug_dossier.client.family_name not in page.split("<main", 1)[1]


def test_a3_beheerder_without_medewerker_role_cannot_use_any_dossier_route(
    beheerder_only, world, lotte
):
    before = stored()
    dossier_id = world.brug_dossier.id
    token = csrf_token(beheerder_only, "/")
    for url in (
        new_url(lotte),
        "/dossiers/nieuwe-klas",
        f"/dossiers/{dossier_id}",
        f"/dossiers/{dossier_id}/aanmelding",
        f"/dossiers/{dossier_id}/activiteiten",
        f"/dossiers/{dossier_id}/verwijderen",
        "/dossiers/overdragen",
        "/dossiers/zoeken?naam=Peeters",
    ):
        response = beheerder_only.get(url)
        assert response.status_code == 403, url
        assert world.brug_dossier.code not in text(response)
    for url in (
        new_url(lotte),
        "/dossiers/nieuwe-klas",
        f"/dossiers/{dossier_id}/aanmelding",
        f"/dossiers/{dossier_id}/verwijderen",
        f"/dossiers/overdragen?van={world.jan.id}",
    ):
        data = {"csrf_token": token, "aanmelder": "clb", "datum_aanmelding": "02/06/2026"}
        assert beheerder_only.post(url, data=data).status_code == 403, url
    assert stored() == before


def test_a3_agency_people_get_no_dossier_routes_either(login_as, world, lotte):
    http = login_as(world.ann, world.agency)
    identified(http, world.agency, lotte)
    assert "<h1>Startpagina</h1>" in text(http.get("/"))
    assert http.get(new_url(lotte)).status_code == 403
    assert http.get("/dossiers/nieuwe-klas").status_code == 403


def test_d6_the_clients_name_leads_to_client_data_and_context(login_as, world):
    """Manual 2.1/3.2.3: from a dossier (breadcrumb, client card) back to Cliëntgegevens and
    Cliëntcontext, without identifying the youth again."""
    dossier = world.brug_dossier
    page = text(login_as(world.jan, world.brug).get(f"/dossiers/{dossier.id}"))
    details, context = (
        f"/clienten/{dossier.client_id}/gegevens",
        f"/clienten/{dossier.client_id}/context",
    )
    crumbs = page.split('aria-label="Broodkruimels"')[1].split("</nav>")[0]
    assert f'href="{details}"' in crumbs
    card = page.split('id="identificatie-titel"')[1].split("</section>")[0]
    assert f'href="{details}"' in card and f'href="{context}"' in card
    http = login_as(world.jan, world.brug)
    assert http.get(details).status_code == 200 and http.get(context).status_code == 200


def test_k5_class_data_can_be_changed_and_shows_in_full(login_as, world):
    """Manual 3.3: naam, aantal deelnemers, onderwijsvorm, graad and leerjaar of a klas stay
    editable after "Start klastraject"; the dossier page shows all five; the change is logged."""
    http = login_as(world.jan, world.brug)
    created = http.post("/dossiers/nieuwe-klas", data=klas_data(http))
    dossier_url = created.headers["Location"]
    page = text(http.get(dossier_url))
    for label in ("Naam klas", "Aantal deelnemers", "Onderwijsvorm", "Graad", "Leerjaar"):
        assert f"<dt>{label}</dt>" in page
    edit = f"{dossier_url}/klas"
    assert f'href="{edit}"' in page
    form = text(http.get(edit))
    version = re.search(r'name="version_id" type="hidden" value="(\d+)"', form).group(1)
    data = {
        "csrf_token": csrf_token(http, edit),
        "naam_klas": "4 BSO Hout",
        "aantal_deelnemers": "9",
        "onderwijsvorm": "bso",
        "graad": "2",
        "leerjaar": "4",
        "version_id": version,
    }
    refused = http.post(edit, data=data | {"aantal_deelnemers": "0"})
    assert refused.status_code == 422 and "tussen 1 en 60" in text(refused)
    saved = http.post(edit, data=data)
    assert saved.status_code == 303 and saved.headers["Location"] == dossier_url
    shown = text(http.get(dossier_url))
    assert "<dt>Naam klas</dt><dd>4 BSO Hout</dd>" in shown
    assert "<dt>Aantal deelnemers</dt><dd>9</dd>" in shown
    assert "<dt>Leerjaar</dt><dd>4de leerjaar</dd>" in shown
    dossier_id = int(dossier_url.rsplit("/", 1)[1])
    (entry,) = activity_of(dossier_id, "klas_gewijzigd")
    assert entry.after["naam_klas"] == "4 BSO Hout"
    assert http.post(edit, data=data).status_code == 409  # the same form again: stale
