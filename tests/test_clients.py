"""K-1 identification, K-2 client reuse, K-3 Cliëntgegevens, K-4 Cliëntcontext and who may
open a client (A-4), through the views."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from binc_web.clients import views as client_views
from binc_web.clients.access import SESSION_KEY
from binc_web.extensions import db
from binc_web.models import ActivityEntry, Client, ContextPerson, RegisterEntry
from binc_web.rules.clients import AGE_LIMIT_MESSAGE, NOT_IN_REGISTER_MESSAGE
from binc_web.rules.national_number import compose_national_number
from tests import factories
from tests.conftest import CSRF_PATTERN, HX_CSRF_PATTERN, csrf_token, log_in_client

HX = {"HX-Request": "true"}
WOUT = compose_national_number(date(2011, 4, 9), 3)  # in the register, not yet a client
OLD = compose_national_number(date(1990, 1, 2), 9)  # in the register, older than 25
BAD_MONTH = f"851330033{97 - 851330033 % 97:02d}"  # month 13: neither a birth month nor BIS
NOWHERE = compose_national_number(date(2012, 2, 2), 5)  # valid, but not in the register
IDENTIFY = "/clienten/identificatie"
SELECT = "/clienten/identificatie/verder"
TEMPLATES = Path(__file__).resolve().parent.parent / "binc_web" / "templates" / "clients"


@pytest.fixture
def register(app):
    """The register table: Wout (13), and an adult who cannot be found."""
    db.session.add_all(
        [
            RegisterEntry(
                national_number=WOUT,
                family_name="Maes",
                given_name="Wout",
                gender="M",
                birth_date=date(2011, 4, 9),
                nationality="België",
                street="Kerkstraat",
                house_number="12",
                postcode="9000",
                municipality="Gent",
                country="België",
            ),
            RegisterEntry(
                national_number=OLD,
                family_name="Maes",
                given_name="Tom",
                gender="M",
                birth_date=date(1990, 1, 2),
            ),
        ]
    )
    db.session.commit()


def count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def stored() -> tuple[int, int, int]:
    return count(Client), count(ContextPerson), count(ActivityEntry)


def search(client, headers=None, **data):
    return client.post(IDENTIFY, data={"csrf_token": csrf_token(client), **data}, headers=headers)


def select(client, number=WOUT):
    return client.post(SELECT, data={"csrf_token": csrf_token(client), "national_number": number})


def client_by_number(number: str) -> Client | None:
    return db.session.scalars(db.select(Client).where(Client.national_number == number)).first()


@pytest.fixture
def wout(login_as, world, register):
    """Jan (NAFT De Brug) identified Wout: the HTTP client and the new Client."""
    http = login_as(world.jan, world.brug)
    assert select(http).status_code == 303
    return http, client_by_number(WOUT)


def base(http, client: Client) -> str:
    """Where the client's pages are for this session: "/clienten/<handle>" for a youth identified
    without a dossier (K-1), "/clienten/<id>" for a youth with a dossier."""
    with http.session_transaction() as session:
        for entries in session.get(SESSION_KEY, {}).values():
            for handle, entry in entries.items():
                if entry["client"] == client.id:
                    return f"/clienten/{handle}"
    return f"/clienten/{client.id}"


def details_data(http, **changes) -> dict:
    """Wout's Cliëntgegevens as the browser posts them, with the version the form was shown with."""
    data = {
        "csrf_token": csrf_token(http),
        "version_id": str(client_by_number(WOUT).version_id),
        "family_name": "Maes",
        "given_name": "Wout",
        "gender": "M",
        "birth_date": "09/04/2011",
        "nationality": "België",
        "country_of_origin": "Marokko",
        "language": "Nederlands",
        "street": "Kerkstraat",
        "house_number": "12",
        "postcode": "9000",
        "municipality": "Gent",
        "country": "België",
    }
    data.update(changes)
    return data


def mother(http, **changes) -> dict:
    data = {
        "csrf_token": csrf_token(http),
        "relation": "moeder",
        "family_name": "Maes",
        "given_name": "Fatima",
        "phone": "09 123 45 67",
        "email": "fatima@example.be",
        "address": "Kerkstraat 12\n9000 Gent",
    }
    data.update(changes)
    return data


def add_mother(client_id: int) -> ContextPerson:
    person = ContextPerson(
        client_id=client_id, relation="moeder", family_name="Maes", given_name="Fatima"
    )
    db.session.add(person)
    db.session.commit()
    return person


def assert_fragment(response, root: str) -> str:
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith(f'<div id="{root}">'), body[:200]
    assert "<html" not in body
    assert "HX-Request" in response.headers["Vary"]
    return body


# K-1 identification ------------------------------------------------------------------------


def test_k1_identification_page_offers_both_search_options(login_as, world):
    page = login_as(world.jan, world.brug).get(IDENTIFY).get_data(as_text=True)
    assert "<h1>Toevoegen nieuwe cliënt/dossier</h1>" in page
    assert "Vink aan welke zoekoptie je verkiest" in page
    for label in ("Rijksregisternummer", "Naam", "Geslacht", "Geboortejaar"):
        assert re.search(rf'<label for="[a-z_]+">{label} <span class="mandatory"', page), label
    assert "zonder spaties of leestekens" in page
    assert "Alleen jongeren tot 25 jaar kunnen worden opgezocht." in page
    assert 'hx-post="/clienten/identificatie"' in page


@pytest.mark.parametrize("htmx", [False, True])
def test_k1_search_by_number_lists_the_youth_with_the_number_to_click(
    login_as, world, register, htmx
):
    client = login_as(world.jan, world.brug)
    response = search(client, HX if htmx else None, option="nummer", national_number=WOUT)
    assert response.status_code == 200
    body = assert_fragment(response, "identificatie") if htmx else response.get_data(as_text=True)
    assert "Klik op het rijksregisternummer om verder te gaan." in body
    assert f'<button type="submit" class="link-button">{WOUT}' in body
    assert f'name="national_number" value="{WOUT}"' in body
    assert 'action="/clienten/identificatie/verder"' in body
    assert "Wout" in body and "09/04/2011" in body
    assert stored() == (2, 0, 0)  # the world's two dossier clients only


@pytest.mark.parametrize("htmx", [False, True])
def test_k1_search_by_name_gender_and_birth_year_ignores_case(login_as, world, register, htmx):
    client = login_as(world.jan, world.brug)
    response = search(
        client,
        HX if htmx else None,
        option="naam",
        family_name=" maes ",
        gender="M",
        birth_year="2011",
    )
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert f"{WOUT}<span" in body
    assert OLD not in body


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("", "Vul een rijksregisternummer of BIS-nummer in."),
        ("1105170", "Een rijksregisternummer telt 11 cijfers, niet 7."),
        ("11.04.09-003.21", "typ het zonder spaties of leestekens"),
        (WOUT[:-1] + str((int(WOUT[-1]) + 1) % 10), "Het controlegetal (laatste twee cijfers)"),
        (BAD_MONTH, "De geboortedatum in dit nummer bestaat niet."),
        (BAD_MONTH, "bij een BIS-nummer is ze verhoogd met 20 of 40"),
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_k1_wrong_number_gives_422_with_the_message_at_the_field_and_above(
    login_as, world, register, number, message, htmx
):
    client = login_as(world.jan, world.brug)
    before = stored()
    response = search(client, HX if htmx else None, option="nummer", national_number=number)
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert ("<html" in body) is not htmx
    summary = body.split('<div class="error-summary" role="alert">')[1].split("</div>")[0]
    assert message in summary
    field = body.split('id="national_number-error">')[1].split("</p>")[0]
    assert message in field
    assert 'aria-invalid="true"' in body
    assert f'value="{number}"' in body
    assert stored() == before


@pytest.mark.parametrize("htmx", [False, True])
def test_k1_name_search_needs_name_gender_and_birth_year(login_as, world, htmx):
    client = login_as(world.jan, world.brug)
    response = search(client, HX if htmx else None, option="naam", family_name="", gender="")
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    for message in ("Naam is verplicht.", "Kies het geslacht.", "Vul het geboortejaar in."):
        assert message in body
    assert ('<div id="identificatie">' in body) and (("<html" in body) is not htmx)


def test_k1_search_needs_a_search_option(login_as, world):
    response = search(login_as(world.jan, world.brug), option="alles", national_number=WOUT)
    assert response.status_code == 422
    assert 'id="option-error">Vink aan welke zoekoptie je verkiest.' in response.get_data(
        as_text=True
    )


def test_k1_youth_older_than_25_is_not_found_and_the_page_says_why(login_as, world, register):
    client = login_as(world.jan, world.brug)
    response = search(client, option="nummer", national_number=OLD)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert f'<p class="notice">{AGE_LIMIT_MESSAGE}</p>' in body
    assert f'value="{OLD}"' in body  # typed value kept
    assert f"{OLD}<span" not in body  # no result to click


def test_k1_birth_year_of_adults_only_is_refused_with_the_age_limit(login_as, world, register):
    response = search(
        login_as(world.jan, world.brug),
        option="naam",
        family_name="Maes",
        gender="M",
        birth_year="1990",
    )
    assert response.status_code == 422
    assert AGE_LIMIT_MESSAGE in response.get_data(as_text=True)


def test_k1_nothing_found_is_said(login_as, world, register):
    response = search(login_as(world.jan, world.brug), option="nummer", national_number=NOWHERE)
    assert response.status_code == 200
    assert "Er werd geen jongere gevonden in het rijksregister" in response.get_data(as_text=True)


def test_k1_search_terms_are_escaped(login_as, world, register):
    response = search(
        login_as(world.jan, world.brug),
        option="naam",
        family_name="<script>alert(1)</script>",
        gender="V",
        birth_year="2011",
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_k1_search_without_csrf_token_is_refused(login_as, world, register):
    client = login_as(world.jan, world.brug)
    response = client.post(IDENTIFY, data={"option": "nummer", "national_number": WOUT})
    assert response.status_code == 400


def test_k1_only_a_medewerker_identifies_youths(login_as, world, register):
    client = login_as(world.ann, world.agency)
    assert client.get(IDENTIFY).status_code == 403
    response = client.post(SELECT, data={"csrf_token": csrf_token(client), "national_number": WOUT})
    assert response.status_code == 403
    assert client_by_number(WOUT) is None


JUNK = st.one_of(
    st.text(max_size=40),
    st.integers().map(str),
    st.builds(
        lambda part, times: part * times, st.text(min_size=1, max_size=4), st.integers(1, 5000)
    ),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            '"><img src=x onerror=alert(1)>',
            "'; DROP TABLE clients; --",
            "{{ 7 * 7 }}",
            "\x00",
            "١١٠٤٠٩٠٠٣٢١",
            WOUT + " ",
            OLD,
        ]
    ),
)
DUTCH_ANSWERS = (
    "De opzoeking kon niet gebeuren:",
    "Klik op het rijksregisternummer om verder te gaan.",
    "Er werd geen jongere gevonden in het rijksregister",
    AGE_LIMIT_MESSAGE,
)


@settings(
    max_examples=50, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(
    option=st.one_of(st.sampled_from(["nummer", "naam"]), JUNK),
    national_number=JUNK,
    family_name=st.one_of(st.just("Maes"), JUNK),
    gender=st.one_of(st.sampled_from(["M", "V", "X", ""]), JUNK),
    birth_year=st.one_of(st.integers(-10, 3000).map(str), JUNK),
    htmx=st.booleans(),
)
def test_k1_junk_in_the_identification_form_gets_a_dutch_answer_and_stores_nothing(
    app, login_as, world, register, option, national_number, family_name, gender, birth_year, htmx
):
    app.config["REGISTER_LOOKUP_LIMIT"] = "10000 per minute"  # every example is a look-up
    client = login_as(world.jan, world.brug)
    before = stored(), count(RegisterEntry)
    response = search(
        client,
        HX if htmx else None,
        option=option,
        national_number=national_number,
        family_name=family_name,
        gender=gender,
        birth_year=birth_year,
    )
    assert response.status_code in (200, 422)
    body = response.get_data(as_text=True)
    assert any(answer in body for answer in DUTCH_ANSWERS), body[:500]
    assert "<script>alert(1)</script>" not in body
    assert "<img src=x" not in body
    assert (stored(), count(RegisterEntry)) == before


# K-2 client reuse --------------------------------------------------------------------------


def test_k2_new_youth_becomes_a_client_from_the_register_and_goes_to_cliëntgegevens(
    login_as, world, register
):
    http = login_as(world.jan, world.brug)
    response = select(http)
    client = client_by_number(WOUT)
    assert response.status_code == 303
    assert response.headers["Location"] == f"{base(http, client)}/gegevens"
    assert (client.family_name, client.given_name, client.gender) == ("Maes", "Wout", "M")
    assert client.birth_date == date(2011, 4, 9)
    assert (client.street, client.postcode, client.municipality) == ("Kerkstraat", "9000", "Gent")
    assert client.nationality == "België" and client.country_of_origin is None
    entry = db.session.scalars(db.select(ActivityEntry)).one()
    assert (entry.action, entry.object_id, entry.person_id) == (
        "client_aangemaakt",
        client.id,
        world.jan.id,
    )
    assert entry.after["national_number"] == WOUT
    page = http.get(response.headers["Location"]).get_data(as_text=True)
    assert "De jongere werd geïdentificeerd." in page
    assert 'value="09/04/2011"' in page


def test_k2_known_youth_is_reused_with_the_shared_data(login_as, world, register):
    known = Client(
        national_number=WOUT,
        family_name="Maes",
        given_name="Wout",
        gender="M",
        birth_date=date(2011, 4, 9),
        language="Frans",
    )
    db.session.add(known)
    db.session.flush()
    factories.dossier(world.anker, known)
    add_mother(known.id)
    before = stored()
    http = login_as(world.jan, world.brug)
    response = select(http)
    assert response.status_code == 303
    assert response.headers["Location"] == f"{base(http, known)}/gegevens"
    assert stored() == before
    page = http.get(response.headers["Location"]).get_data(as_text=True)
    assert "De jongere werd geïdentificeerd." in page  # as for a new youth (K-1, no oracle)
    assert 'value="Frans"' in page
    context = http.get(f"{base(http, known)}/context").get_data(as_text=True)
    assert "Fatima" in context  # the shared context, as in DoMinO
    assert db.session.get(Client, known.id).language == "Frans"


def test_k2_two_organisations_identifying_the_same_youth_share_one_client(
    app, login_as, world, register
):
    jan = login_as(world.jan, world.brug)
    assert select(jan).headers["Location"].endswith("/gegevens")
    pieter = app.test_client()
    log_in_client(pieter, world.pieter, world.anker)
    response = select(pieter)
    assert response.headers["Location"].endswith("/gegevens")
    assert count(Client) == 3  # the world's two and Wout
    assert pieter.get(response.headers["Location"]).status_code == 200


def test_k2_a_client_inserted_meanwhile_is_reused_not_duplicated(
    login_as, world, register, monkeypatch
):
    """The race of two workers: the check finds nothing, the insert hits the unique number."""
    meanwhile = Client(
        national_number=WOUT,
        family_name="Maes",
        given_name="Wout",
        gender="M",
        birth_date=date(2011, 4, 9),
    )
    db.session.add(meanwhile)
    db.session.commit()
    real = client_views._client_by_number
    calls = []

    def first_sees_nothing(number):
        calls.append(number)
        return None if len(calls) == 1 else real(number)

    monkeypatch.setattr(client_views, "_client_by_number", first_sees_nothing)
    http = login_as(world.jan, world.brug)
    response = select(http)
    assert response.status_code == 303
    assert response.headers["Location"] == f"{base(http, meanwhile)}/gegevens"
    assert len(calls) == 2
    assert count(Client) == 3
    assert count(ActivityEntry) == 0
    assert http.get(response.headers["Location"]).status_code == 200


@pytest.mark.parametrize(
    ("number", "message"),
    [
        (OLD, AGE_LIMIT_MESSAGE),
        (NOWHERE, NOT_IN_REGISTER_MESSAGE),
        ("123", "Een rijksregisternummer telt 11 cijfers, niet 3."),
        ("", "Vul een rijksregisternummer of BIS-nummer in."),
    ],
)
def test_k2_continuing_with_a_number_that_cannot_be_found_is_refused(
    login_as, world, register, number, message
):
    http = login_as(world.jan, world.brug)
    before = stored()
    response = select(http, number)
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert message in body
    assert "<h1>Toevoegen nieuwe cliënt/dossier</h1>" in body
    assert stored() == before


def test_k2_continuing_without_csrf_token_is_refused(login_as, world, register):
    response = login_as(world.jan, world.brug).post(SELECT, data={"national_number": WOUT})
    assert response.status_code == 400
    assert client_by_number(WOUT) is None


# K-3 Cliëntgegevens ------------------------------------------------------------------------


def test_k3_cliëntgegevens_are_prefilled_with_mandatory_fields_marked(wout):
    http, client = wout
    page = http.get(f"{base(http, client)}/gegevens").get_data(as_text=True)
    for label in (
        "Naam",
        "Voornaam",
        "Geslacht",
        "Geboortedatum",
        "Nationaliteit",
        "Land van origine",
        "Omgangstaal",
    ):
        assert f'>{label} <span class="mandatory" aria-hidden="true">*</span></label>' in page
    for label in ("Straat", "Huisnummer", "Postcode", "Gemeente", "Land"):
        assert f'">{label}</label>' in page
    assert 'value="09/04/2011"' in page and 'value="Kerkstraat"' in page
    assert "twee grootouders een andere nationaliteit" in page
    assert "van de (groot)moeder" in page
    assert 'name="snelkeuze" value="nationality"' in page
    assert 'data-fill-target="country_of_origin" data-fill-value="België"' in page
    assert client.national_number in page


@pytest.mark.parametrize("htmx", [False, True])
def test_k3_valid_cliëntgegevens_are_saved_and_logged(wout, htmx):
    http, client = wout
    response = http.post(
        f"{base(http, client)}/gegevens",
        data=details_data(http, language="Nederlands", country_of_origin="Marokko"),
        headers=HX if htmx else None,
    )
    target = f"{base(http, client)}/context"
    if htmx:
        assert (response.status_code, response.headers["HX-Redirect"]) == (200, target)
    else:
        assert (response.status_code, response.headers["Location"]) == (303, target)
    saved = db.session.get(Client, client.id)
    assert (saved.language, saved.country_of_origin) == ("Nederlands", "Marokko")
    entry = db.session.scalars(
        db.select(ActivityEntry).where(ActivityEntry.action == "clientgegevens_gewijzigd")
    ).one()
    assert entry.before == {"country_of_origin": None, "language": None}
    assert entry.after == {"country_of_origin": "Marokko", "language": "Nederlands"}
    assert "De cliëntgegevens werden opgeslagen." in http.get(target).get_data(as_text=True)


@pytest.mark.parametrize("htmx", [False, True])
def test_k3_missing_mandatory_fields_give_422_with_the_manual_message(wout, htmx):
    http, client = wout
    response = http.post(
        f"{base(http, client)}/gegevens",
        data=details_data(http, country_of_origin="", language=" ", street="Molenstraat"),
        headers=HX if htmx else None,
    )
    assert response.status_code == 422
    body = assert_fragment(response, "clientgegevens") if htmx else response.get_data(True)
    assert "Gelieve volgende verplichte velden in te vullen: Land van origine, Omgangstaal." in body
    assert 'id="country_of_origin-error">Land van origine is verplicht.</p>' in body
    assert 'id="language-error">Omgangstaal is verplicht.</p>' in body
    assert 'value="Molenstraat"' in body  # values kept
    saved = db.session.get(Client, client.id)
    assert (saved.street, saved.language) == ("Kerkstraat", None)


@pytest.mark.parametrize(
    ("birth_date", "message"),
    [
        ("2011-04-09", "Vul een bestaande geboortedatum in als dd/mm/jjjj."),
        ("10/04/2011", "komt niet overeen met het rijksregisternummer (09/04/2011)"),
    ],
)
def test_k3_wrong_birth_date_gives_422(wout, birth_date, message):
    http, client = wout
    response = http.post(
        f"{base(http, client)}/gegevens", data=details_data(http, birth_date=birth_date)
    )
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.get(Client, client.id).language is None


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize("field", ["nationality", "country_of_origin"])
def test_k3_belgie_quick_choice_fills_the_field_without_javascript(wout, field, htmx):
    http, client = wout
    data = details_data(http, nationality="", country_of_origin="", language="Turks")
    data["snelkeuze"] = field
    response = http.post(f"{base(http, client)}/gegevens", data=data, headers=HX if htmx else None)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert re.search(rf'id="{field}" name="{field}" [^>]*value="België"', body), body
    assert 'value="Turks"' in body
    assert "verplichte velden" not in body
    saved = db.session.get(Client, client.id)
    assert (saved.nationality, saved.language) == ("België", None)  # from the register; unsaved
    assert count(ActivityEntry) == 1  # only client_aangemaakt


def test_k3_enter_in_a_field_saves_rather_than_choosing_belgie(wout):
    http, client = wout
    form = http.get(f"{base(http, client)}/gegevens").get_data(as_text=True)
    first_submit = re.search(r"<button type=\"submit\"[^>]*>", form).group(0)
    assert "snelkeuze" not in first_submit


def test_k3_unchanged_cliëntgegevens_log_nothing(wout):
    http, client = wout
    data = details_data(http, country_of_origin="", language="")
    data.update(country_of_origin="België", language="Nederlands")
    http.post(f"{base(http, client)}/gegevens", data=data)
    http.post(f"{base(http, client)}/gegevens", data=data)
    actions = db.session.scalars(db.select(ActivityEntry.action)).all()
    assert actions == ["client_aangemaakt", "clientgegevens_gewijzigd"]


@settings(
    max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(
    values=st.fixed_dictionaries(
        {name: JUNK for name in ("family_name", "birth_date", "gender", "nationality", "postcode")}
    )
)
def test_k3_junk_in_cliëntgegevens_is_refused_with_a_message_and_changes_nothing(wout, values):
    http, client = wout
    before = stored()
    response = http.post(f"{base(http, client)}/gegevens", data=details_data(http, **values))
    assert response.status_code == 422
    assert "De cliëntgegevens werden niet opgeslagen:" in response.get_data(as_text=True)
    assert stored() == before
    assert db.session.get(Client, client.id).family_name == "Maes"


# K-4 Cliëntcontext -------------------------------------------------------------------------


def test_k4_cliëntcontext_warns_that_the_data_is_shared_and_offers_start_binc_dossier(wout):
    http, client = wout
    page = http.get(f"{base(http, client)}/context").get_data(as_text=True)
    assert "<h1>Cliëntcontext</h1>" in page
    assert "wordt gedeeld met andere gebruikers van DoMinO" in page
    assert "niet zomaar gegevens te verwijderen" in page
    handle = base(http, client).removeprefix("/clienten/")
    assert f'href="/dossiers/nieuw?client_id={handle}">Start Binc-dossier</a>' in page
    assert "Er zijn nog geen contextpersonen geregistreerd." in page
    assert f'href="{base(http, client)}/gegevens">Cliëntgegevens wijzigen' in page


def test_k4_client_with_an_open_dossier_links_to_it_instead(login_as, world):
    http = login_as(world.jan, world.brug)
    dossier = world.brug_dossier
    page = http.get(f"/clienten/{dossier.client_id}/context").get_data(as_text=True)
    assert f'<a href="/dossiers/{dossier.id}">{dossier.code}</a>' in page
    assert "Start Binc-dossier" not in page


@pytest.mark.parametrize("htmx", [False, True])
def test_k4_add_a_context_person(wout, htmx):
    http, client = wout
    response = http.post(
        f"{base(http, client)}/context", data=mother(http), headers=HX if htmx else None
    )
    person = db.session.scalars(db.select(ContextPerson)).one()
    assert (person.client_id, person.relation, person.email) == (
        client.id,
        "moeder",
        "fatima@example.be",
    )
    assert person.address == "Kerkstraat 12\n9000 Gent"
    if htmx:
        assert response.status_code == 200
        body = assert_fragment(response, "clientcontext")
    else:
        assert response.status_code == 303
        body = http.get(response.headers["Location"]).get_data(as_text=True)
    assert "Moeder Fatima Maes werd toegevoegd aan de cliëntcontext." in body
    assert "fatima@example.be" in body
    entry = db.session.scalars(
        db.select(ActivityEntry).where(ActivityEntry.action == "contextpersoon_toegevoegd")
    ).one()
    assert (entry.object_type, entry.object_id, entry.organisation_id) == (
        "ContextPerson",
        person.id,
        client_organisation(http),
    )
    assert entry.after["relation"] == "moeder"


def client_organisation(http) -> int:
    with http.session_transaction() as session:
        return session["organisation_id"]


@pytest.mark.parametrize("htmx", [False, True])
def test_k4_wrong_context_person_gives_422_and_keeps_the_values(wout, htmx):
    http, client = wout
    response = http.post(
        f"{base(http, client)}/context",
        data=mother(http, relation="", email="fatima", family_name=""),
        headers=HX if htmx else None,
    )
    assert response.status_code == 422
    body = assert_fragment(response, "clientcontext") if htmx else response.get_data(True)
    assert "Gelieve volgende verplichte velden in te vullen: Relatie, Naam." in body
    assert "Vul een geldig e-mailadres in" in body
    assert 'value="fatima"' in body
    assert count(ContextPerson) == 0


@pytest.mark.parametrize("htmx", [False, True])
def test_k4_edit_form_is_a_page_and_a_fragment(wout, htmx):
    http, client = wout
    person = add_mother(client.id)
    response = http.get(f"{base(http, client)}/context/{person.id}", headers=HX if htmx else None)
    assert response.status_code == 200
    body = assert_fragment(response, "clientcontext") if htmx else response.get_data(True)
    assert 'value="Fatima"' in body
    assert '<option selected value="moeder">' in body
    if not htmx:
        assert "wordt gedeeld met andere gebruikers van DoMinO" in body


@pytest.mark.parametrize("htmx", [False, True])
def test_k4_edit_a_context_person_saves_and_logs_before_and_after(wout, htmx):
    http, client = wout
    person = add_mother(client.id)
    response = http.post(
        f"{base(http, client)}/context/{person.id}",
        data=mother(http, phone="+32 470 12 34 56", version_id=person.version_id),
        headers=HX if htmx else None,
    )
    if htmx:
        assert response.status_code == 200
        body = assert_fragment(response, "clientcontext")
        assert "Contextpersoon toevoegen" in body  # back to the list
    else:
        assert response.headers["Location"] == f"{base(http, client)}/context"
        assert response.status_code == 303
    assert db.session.get(ContextPerson, person.id).phone == "+32 470 12 34 56"
    entry = db.session.scalars(
        db.select(ActivityEntry).where(ActivityEntry.action == "contextpersoon_gewijzigd")
    ).one()
    assert entry.before == {"phone": None, "email": None, "address": None}
    assert entry.after["phone"] == "+32 470 12 34 56"


@pytest.mark.parametrize("htmx", [False, True])
def test_k4_wrong_edit_gives_422_and_changes_nothing(wout, htmx):
    http, client = wout
    person = add_mother(client.id)
    response = http.post(
        f"{base(http, client)}/context/{person.id}",
        data=mother(http, phone="bel me", relation="koning", version_id=person.version_id),
        headers=HX if htmx else None,
    )
    assert response.status_code == 422
    body = assert_fragment(response, "clientcontext") if htmx else response.get_data(True)
    assert "Kies een relatie uit de lijst." in body
    assert "Een telefoonnummer bestaat uit cijfers" in body
    saved = db.session.get(ContextPerson, person.id)
    assert (saved.relation, saved.phone) == ("moeder", None)


@pytest.mark.parametrize("htmx", [False, True])
def test_k4_delete_asks_for_confirmation_with_the_warning(wout, htmx):
    http, client = wout
    person = add_mother(client.id)
    response = http.get(
        f"{base(http, client)}/context/{person.id}/verwijderen", headers=HX if htmx else None
    )
    assert response.status_code == 200
    body = assert_fragment(response, "clientcontext") if htmx else response.get_data(True)
    assert "Wil je Moeder Fatima Maes echt verwijderen uit de cliëntcontext?" in body
    assert "Verwijder geen gegevens die voor jou misschien niet relevant zijn" in body
    assert count(ContextPerson) == 1


@pytest.mark.parametrize("htmx", [False, True])
def test_k4_delete_a_context_person_and_log_it(wout, htmx):
    http, client = wout
    person = add_mother(client.id)
    person_id = person.id
    response = http.post(
        f"{base(http, client)}/context/{person_id}/verwijderen",
        data={"csrf_token": csrf_token(http), "version_id": person.version_id},
        headers=HX if htmx else None,
    )
    if htmx:
        assert response.status_code == 200
        body = assert_fragment(response, "clientcontext")
    else:
        assert response.status_code == 303
        body = http.get(response.headers["Location"]).get_data(as_text=True)
    assert "Moeder Fatima Maes werd verwijderd uit de cliëntcontext." in body
    assert count(ContextPerson) == 0
    entry = db.session.scalars(
        db.select(ActivityEntry).where(ActivityEntry.action == "contextpersoon_verwijderd")
    ).one()
    assert (entry.object_id, entry.before["given_name"]) == (person_id, "Fatima")


def test_k4_a_context_person_deleted_meanwhile_answers_404_with_a_message(wout):
    http, client = wout
    person = add_mother(client.id)
    url = f"{base(http, client)}/context/{person.id}"
    token = csrf_token(http)
    shown = {"csrf_token": token, "version_id": person.version_id}
    assert http.post(url + "/verwijderen", data=shown).status_code == 303
    for response in (
        http.post(url + "/verwijderen", data=shown),
        http.post(url, data=mother(http, version_id=shown["version_id"])),
        http.get(url),
    ):
        assert response.status_code == 404
        assert "Deze contextpersoon bestaat niet meer." in response.get_data(as_text=True)
    assert count(ContextPerson) == 0


def test_k4_context_person_of_another_client_is_not_found(wout, world):
    http, client = wout
    other = add_mother(world.brug_dossier.client_id)
    assert http.get(f"{base(http, client)}/context/{other.id}").status_code == 404
    response = http.post(
        f"{base(http, client)}/context/{other.id}/verwijderen",
        data={"csrf_token": csrf_token(http)},
    )
    assert response.status_code == 404
    assert db.session.get(ContextPerson, other.id) is not None


# A-4 who may open a client ----------------------------------------------------------------


def without_csrf_token(response) -> str:
    return CSRF_PATTERN.sub("", HX_CSRF_PATTERN.sub("", response.get_data(as_text=True)))


def test_a4_client_of_another_organisation_is_indistinguishable_from_a_missing_one(login_as, world):
    http = login_as(world.jan, world.brug)
    foreign = http.get(f"/clienten/{world.anker_dossier.client_id}/context")
    missing = http.get("/clienten/999999/context")
    assert foreign.status_code == missing.status_code == 404
    # The CSRF token carries the second it was signed in: the pages differ by nothing else.
    assert without_csrf_token(foreign) == without_csrf_token(missing)


def test_a4_identification_opens_the_client_for_the_organisation_acted_for_only(
    login_as, world, register
):
    http = login_as(world.sofie, world.brug)
    pages = select(http).headers["Location"].removesuffix("/gegevens")
    assert http.get(f"{pages}/context").status_code == 200
    with http.session_transaction() as session:
        session["organisation_id"] = world.anker.id
    assert http.get(f"{pages}/context").status_code == 404
    assert http.get(f"{pages}/gegevens").status_code == 404
    with http.session_transaction() as session:
        session["organisation_id"] = world.brug.id
    assert http.get(f"{pages}/gegevens").status_code == 200


def test_a4_a_dossier_opens_the_client_in_a_new_session(login_as, world):
    http = login_as(world.jan, world.brug)
    client_id = world.brug_dossier.client_id
    assert http.get(f"/clienten/{client_id}/gegevens").status_code == 200
    assert (
        login_as(world.pieter, world.anker).get(f"/clienten/{client_id}/gegevens").status_code
        == 404
    )


# Templates ---------------------------------------------------------------------------------


def test_k_fragments_name_their_context_and_root_element():
    for template in sorted(TEMPLATES.glob("_*.html")):
        first = template.read_text().splitlines()[0]
        assert first.startswith("{#") and first.endswith("#}"), template.name
        assert "root element" in first or first.startswith("{# Macro:"), template.name


def test_k1_name_terms_without_the_option_search_by_name(login_as, world, register):
    """K-1: typing in the name fields without ticking "Zoeken op naam" searches by name (the
    fields the user filled), instead of the number error for an empty number."""
    client = login_as(world.jan, world.brug)
    response = search(client, option="nummer", family_name="Maes", gender="M", birth_year="2011")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert f"{WOUT}<span" in body
    assert "Vul een rijksregisternummer" not in body
    assert re.search(
        r'<input[^>]*checked[^>]*value="naam"|<input[^>]*value="naam"[^>]*checked', body
    )


def test_k3_the_saved_message_is_at_the_top_and_focusable(wout):
    http, client = wout
    http.post(f"{base(http, client)}/gegevens", data=details_data(http))
    page = http.get(f"{base(http, client)}/context").get_data(as_text=True)
    main = page.split('<main id="inhoud"')[1]
    message = main.index("De cliëntgegevens werden opgeslagen.")
    assert message < main.index("<h1>")
    assert page.count("De cliëntgegevens werden opgeslagen.") == 1
    assert re.search(r'<div class="messages" role="status" tabindex="-1"', main)
