"""M-3 Benutting: the dossier's section, the month view (htmx per day and the plain form), the
unit rules of the FAQ, days outside the help, closed dossiers, isolation, concurrency."""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from binc_web.catalogue import sync_catalogue
from binc_web.extensions import db
from binc_web.models import AccessEntry, ActivityEntry, Benutting, OrganisatieBenutting
from tests.conftest import csrf_token, log_in_client, pinned_to
from tests.factories_overview import beslissing, counted_queries, schakeling
from tests.test_traject import approve, module

TODAY = date(2026, 11, 20)
HX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def _pinned():
    with pinned_to(TODAY):
        yield


@pytest.fixture
def anker(world):
    """Het Anker's dossier: contextbegeleiding and dagbegeleiding from 05/10/2026 to
    10/11/2026, then verblijf from 10/11/2026 on (still running)."""
    sync_catalogue()
    approve(world.anker, "CB-LAAG", "DAG-GROEP", "VB-LAAG", "DIAG-KORT")
    decided = beslissing(world.anker_dossier, date(2026, 10, 1), date(2027, 3, 31))
    decided.modules = [module("CB-LAAG"), module("DAG-GROEP"), module("VB-LAAG")]
    first = schakeling(decided, date(2026, 10, 5), date(2026, 11, 10))
    first.modules = [module("CB-LAAG"), module("DAG-GROEP"), module("DIAG-KORT")]
    second = schakeling(decided, date(2026, 11, 10))
    second.kind = "verlenging"
    second.modules = [module("VB-LAAG")]
    db.session.commit()
    return world


def month_url(world, code: str, month: str = "2026-11") -> str:
    return f"/dossiers/{world.anker_dossier.id}/benutting/{module(code).id}/{month}"


def stored(code: str) -> dict[date, int]:
    rows = db.session.scalars(
        db.select(Benutting).where(Benutting.type_module_id == module(code).id)
    ).all()
    return {row.day: row.hundredths for row in rows}


def post_day(client, world, code: str, day: int, value: str, was: str = "", month="2026-11"):
    url = f"{month_url(world, code, month)}/{day}"
    data = {f"dag-{day:02d}": value, f"was-{day:02d}": was}
    data["csrf_token"] = csrf_token(client, month_url(world, code, month))
    return client.post(url, data=data, headers=HX)


def text(response) -> str:
    return response.get_data(as_text=True)


# --- the dossier's section ---


def test_m3_section_lists_the_modules_with_a_unit(client, login_as, anker):
    login_as(anker.pieter, anker.anker)
    page = text(client.get(f"/dossiers/{anker.anker_dossier.id}/benutting", headers=HX))
    assert "Contextbegeleiding laagintensief" in page and "uren" in page
    assert "Dagbegeleiding in groep" in page and "dagen" in page
    assert "Verblijf voor minderjarigen (lage frequentie)" in page and "nachten" in page
    # Diagnostiek registers no benutting (FAQ): it has no line.
    assert "Kortdurende handelingsgerichte diagnostiek" not in page
    # The link opens the last month with help: November for the running verblijf.
    assert month_url(anker, "VB-LAAG") in page
    assert month_url(anker, "CB-LAAG") in page


def test_m3_dossier_page_loads_the_section(client, login_as, anker):
    login_as(anker.pieter, anker.anker)
    page = text(client.get(f"/dossiers/{anker.anker_dossier.id}"))
    assert f'hx-get="/dossiers/{anker.anker_dossier.id}/benutting"' in page
    assert 'id="benutting"' in page


def test_m3_section_shows_month_and_total(client, login_as, anker):
    login_as(anker.pieter, anker.anker)
    assert post_day(client, anker, "CB-LAAG", 3, "1,5").status_code == 200
    assert post_day(client, anker, "CB-LAAG", 14, "2", month="2026-10").status_code == 200
    page = text(client.get(f"/dossiers/{anker.anker_dossier.id}/benutting"))
    row = re.search(r"Contextbegeleiding laagintensief</th>(.*?)</tr>", page, re.S).group(1)
    assert re.findall(r"<td>([^<]*)</td>", row) == ["uren", "1,5", "3,5"]


# --- the month view ---


def test_m3_month_view_opens_only_days_of_help(client, login_as, anker):
    login_as(anker.pieter, anker.anker)
    page = text(client.get(month_url(anker, "CB-LAAG")))
    # Contextbegeleiding ran until 10/11: the 1st to the 10th take a value, later days do not.
    assert 'name="dag-01"' in page and 'name="dag-10"' in page
    assert 'name="dag-11"' not in page
    assert "buiten de hulp" in page
    verblijf = text(client.get(month_url(anker, "VB-LAAG")))
    # Verblijf runs from 10/11 and is registered up to today (20/11), not beyond.
    assert 'name="dag-09"' not in verblijf
    assert 'name="dag-10"' in verblijf and 'name="dag-20"' in verblijf
    assert 'name="dag-21"' not in verblijf and "nog niet" in verblijf


def test_m3_the_help_says_how_a_day_is_saved_with_and_without_javascript(client, login_as, anker):
    """The month view saves a day on leaving its field (htmx) or all days with "Opslaan" (a
    plain form): the help above the days tells both, not only the first."""
    login_as(anker.pieter, anker.anker)
    page = text(client.get(month_url(anker, "CB-LAAG")))
    help_text = page.split('id="eenheid"')[1].split("</p>")[0]
    assert "zodra u het veld verlaat" in help_text
    assert "zonder JavaScript: met de knop Opslaan" in help_text
    assert '<button type="submit">Opslaan</button>' in page


def test_m3_the_month_view_is_logged_in_the_access_log(client, login_as, anker):
    """Issue 16 "who read what": a youth's benutting month is a read of their dossier."""
    login_as(anker.pieter, anker.anker)
    assert client.get(month_url(anker, "CB-LAAG")).status_code == 200
    logged = db.session.execute(
        db.select(
            AccessEntry.page,
            AccessEntry.dossier_id,
            AccessEntry.client_id,
            AccessEntry.person_id,
            AccessEntry.organisation_id,
        )
    ).all()
    dossier = anker.anker_dossier
    assert logged == [
        ("figures.maand", dossier.id, dossier.client_id, anker.pieter.id, anker.anker.id)
    ]


def test_m3_htmx_saves_one_day_and_answers_its_row_and_the_total(client, login_as, anker):
    login_as(anker.pieter, anker.anker)
    response = post_day(client, anker, "CB-LAAG", 3, "1,25")
    assert response.status_code == 200
    assert 'id="rij-03"' in text(response) and 'value="1,25"' in text(response)
    assert 'id="maandtotaal" hx-swap-oob="true"' in text(response)
    assert "<strong>1,25</strong> uren" in text(response)
    assert stored("CB-LAAG") == {date(2026, 11, 3): 125}
    response = post_day(client, anker, "CB-LAAG", 4, "0.5")
    assert "<strong>1,75</strong> uren" in text(response)
    # Emptying a day removes it.
    post_day(client, anker, "CB-LAAG", 3, "", was="1,25")
    assert stored("CB-LAAG") == {date(2026, 11, 4): 50}
    entries = db.session.scalars(
        db.select(ActivityEntry).where(ActivityEntry.action == "benutting_gewijzigd")
    ).all()
    assert len(entries) == 3
    assert entries[-1].before == {"03/11/2026": "1,25"} and entries[-1].after == {
        "03/11/2026": None
    }


def test_m3_plain_form_saves_the_month_and_redirects(client, login_as, anker):
    login_as(anker.pieter, anker.anker)
    data = {"csrf_token": csrf_token(client, month_url(anker, "VB-LAAG"))}
    data |= {f"dag-{d:02d}": "1" for d in range(10, 16)} | {"dag-12": ""}
    response = client.post(month_url(anker, "VB-LAAG"), data=data)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(month_url(anker, "VB-LAAG") + "#maandtotaal")
    assert sorted(stored("VB-LAAG")) == [date(2026, 11, d) for d in (10, 11, 13, 14, 15)]
    page = text(client.get(month_url(anker, "VB-LAAG")))
    assert "<strong>5</strong> nachten" in page
    assert "De benutting van november 2026 werd bewaard." in page


@pytest.mark.parametrize(
    ("code", "value", "message"),
    [
        ("CB-LAAG", "0,3", "registreer uren in stappen van 0,25"),
        ("CB-LAAG", "24,25", "een dag telt hoogstens 24 uren"),
        ("CB-LAAG", "-1", "de benutting kan niet negatief zijn"),
        ("CB-LAAG", "een uur", "vul een getal in"),
        ("VB-LAAG", "2", "hoogstens 1 nacht per dag"),
        ("VB-LAAG", "0,5", "een nacht telt als 1, niet in delen"),
        ("DAG-GROEP", "1,5", "hoogstens 1 dag per dag"),
        ("DAG-GROEP", "0,5", "een dag telt als 1, niet in delen"),
    ],
)
def test_m3_wrong_values_are_refused_naming_the_day(client, login_as, anker, code, value, message):
    login_as(anker.pieter, anker.anker)
    day = 10
    month = "2026-11"
    response = post_day(client, anker, code, day, value, month=month)
    assert response.status_code == 422
    assert f"10/11/2026: {message}" in text(response)
    assert 'aria-invalid="true"' in text(response) and f'value="{value}"' in text(response)
    assert stored(code) == {}


def test_m3_the_faq_steps_are_accepted(client, login_as, anker, world):
    approve(world.anker, "OND-BEG")
    decided = beslissing(world.anker_dossier, date(2026, 10, 1), date(2027, 3, 31))
    later = schakeling(decided, date(2026, 11, 12), date(2026, 11, 13))
    later.modules = [module("OND-BEG")]
    db.session.commit()
    login_as(anker.pieter, anker.anker)
    assert post_day(client, anker, "CB-LAAG", 1, "0,25").status_code == 200
    assert post_day(client, anker, "CB-LAAG", 2, "24").status_code == 200
    assert post_day(client, anker, "VB-LAAG", 10, "1").status_code == 200
    assert post_day(client, anker, "DAG-GROEP", 10, "1").status_code == 200
    assert post_day(client, anker, "OND-BEG", 12, "0,5").status_code == 200
    assert post_day(client, anker, "OND-BEG", 13, "1").status_code == 200
    assert post_day(client, anker, "OND-BEG", 13, "1,5", was="1").status_code == 422
    assert stored("OND-BEG") == {date(2026, 11, 12): 50, date(2026, 11, 13): 100}
    assert stored("CB-LAAG") == {date(2026, 11, 1): 25, date(2026, 11, 2): 2400}


def test_m3_days_outside_the_help_are_refused(client, login_as, anker):
    login_as(anker.pieter, anker.anker)
    # Before the opstartdag (05/10), after the last day (10/11), and in the future.
    before = post_day(client, anker, "CB-LAAG", 4, "1", month="2026-10")
    after = post_day(client, anker, "CB-LAAG", 11, "1")
    future = post_day(client, anker, "VB-LAAG", 25, "1")
    assert before.status_code == after.status_code == future.status_code == 422
    assert "04/10/2026 ligt buiten de hulp met deze module" in text(before)
    assert "11/11/2026 ligt buiten de hulp met deze module" in text(after)
    assert "25/11/2026 ligt in de toekomst" in text(future)
    assert stored("CB-LAAG") == {} and stored("VB-LAAG") == {}


def test_m3_plain_form_with_one_wrong_day_saves_nothing_and_keeps_every_value(
    client, login_as, anker
):
    login_as(anker.pieter, anker.anker)
    data = {"csrf_token": csrf_token(client, month_url(anker, "CB-LAAG"))}
    data |= {"dag-02": "1,5", "dag-03": "0,1", "dag-11": "2"}
    response = client.post(month_url(anker, "CB-LAAG"), data=data)
    assert response.status_code == 422
    page = text(response)
    assert "03/11/2026: registreer uren in stappen van 0,25" in page
    assert "11/11/2026 ligt buiten de hulp" in page
    assert 'value="1,5"' in page and 'value="0,1"' in page
    assert '<a href="#dag-03">' in page
    assert stored("CB-LAAG") == {}


def test_m3_module_not_in_the_dossier_or_without_unit_or_bad_month_is_404(client, login_as, anker):
    login_as(anker.pieter, anker.anker)
    assert client.get(month_url(anker, "CB-BREED")).status_code == 404
    assert client.get(month_url(anker, "DIAG-KORT")).status_code == 404
    for month in ("2026-13", "2026-1", "1899-12", "junk", "2026-11-01"):
        assert client.get(month_url(anker, "CB-LAAG", month)).status_code == 404
    assert post_day(client, anker, "CB-LAAG", 31, "1").status_code == 404


def test_m3_closed_dossier_stays_editable(client, login_as, anker):
    anker.anker_dossier.status = "closed"
    anker.anker_dossier.closed_at = date(2026, 11, 15)
    db.session.commit()
    login_as(anker.pieter, anker.anker)
    assert "afgesloten" in text(client.get(month_url(anker, "CB-LAAG")))
    assert post_day(client, anker, "CB-LAAG", 3, "2").status_code == 200
    assert stored("CB-LAAG") == {date(2026, 11, 3): 200}


def test_m3_other_organisation_gets_404(client, login_as, anker):
    login_as(anker.jan, anker.brug)
    assert client.get(f"/dossiers/{anker.anker_dossier.id}/benutting").status_code == 404
    assert client.get(month_url(anker, "CB-LAAG")).status_code == 404
    token = csrf_token(client, "/")
    response = client.post(
        f"{month_url(anker, 'CB-LAAG')}/3", data={"dag-03": "1", "csrf_token": token}, headers=HX
    )
    assert response.status_code == 404
    assert (
        client.post(
            month_url(anker, "CB-LAAG"), data={"dag-03": "1", "csrf_token": token}
        ).status_code
        == 404
    )
    assert stored("CB-LAAG") == {}


def test_m3_a_colleagues_save_of_the_same_day_wins_and_is_shown(client, login_as, anker):
    login_as(anker.pieter, anker.anker)
    # Both saw an empty 03/11; Sofie saves 2 first.
    assert post_day(client, anker, "CB-LAAG", 3, "2").status_code == 200
    response = post_day(client, anker, "CB-LAAG", 3, "1", was="")
    assert response.status_code == 409
    assert "03/11/2026: iemand anders heeft deze dag intussen gewijzigd (nu: 2)" in text(response)
    # The value seen is now the colleague's: saving again replaces it deliberately.
    assert 'name="was-03" value="2"' in text(response)
    assert stored("CB-LAAG") == {date(2026, 11, 3): 200}
    assert post_day(client, anker, "CB-LAAG", 3, "1", was="2").status_code == 200
    assert stored("CB-LAAG") == {date(2026, 11, 3): 100}
    # A change or an emptying from a value that is no longer there is refused the same way.
    changed = post_day(client, anker, "CB-LAAG", 3, "3", was="2")
    emptied = post_day(client, anker, "CB-LAAG", 3, "", was="2")
    assert changed.status_code == emptied.status_code == 409
    assert "(nu: 1)" in text(changed) and "(nu: 1)" in text(emptied)
    assert stored("CB-LAAG") == {date(2026, 11, 3): 100}


def test_m3_plain_form_refused_by_a_colleagues_save_keeps_what_was_typed(client, login_as, anker):
    login_as(anker.pieter, anker.anker)
    post_day(client, anker, "CB-LAAG", 5, "2")
    data = {"csrf_token": csrf_token(client, month_url(anker, "CB-LAAG"))}
    data |= {"dag-04": "1", "dag-05": "3", "was-05": ""}
    response = client.post(month_url(anker, "CB-LAAG"), data=data)
    assert response.status_code == 409
    page = text(response)
    assert "05/11/2026: iemand anders heeft deze dag intussen gewijzigd (nu: 2)" in page
    assert 'name="dag-04" value="1"' in page and 'name="dag-05" value="3"' in page
    # Nothing of the month was saved: the 4th neither.
    assert stored("CB-LAAG") == {date(2026, 11, 5): 200}


def race(app, person, organisation, url: str, form_url: str, payloads: list[dict]):
    """Each payload posted by its own session, all released at the same moment."""
    barrier = threading.Barrier(len(payloads))
    person_id, organisation_id = person.id, organisation.id

    def run(payload):
        http = log_in_client(
            FlaskClient(app, app.response_class, use_cookies=True), person_id, organisation_id
        )
        data = {"csrf_token": csrf_token(http, form_url), **payload}
        barrier.wait(timeout=30)
        return http.post(url, data=data, headers=HX)

    db.session.commit()
    with ThreadPoolExecutor(len(payloads)) as pool:
        responses = list(pool.map(run, payloads))
    db.session.expire_all()
    return responses


@pytest.mark.postgres
def test_m3_parallel_saves_of_one_empty_day_first_wins(app, anker):
    url = month_url(anker, "CB-LAAG")
    payloads = [{"dag-03": f"{n},25", "was-03": ""} for n in range(1, 7)]
    responses = race(app, anker.pieter, anker.anker, f"{url}/3", url, payloads)
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] + [409] * 5
    winner = [r.status_code for r in responses].index(200)
    assert stored("CB-LAAG") == {date(2026, 11, 3): (winner + 1) * 100 + 25}


@pytest.mark.postgres
def test_m3_parallel_changes_of_one_filled_day_first_wins(app, anker):
    db.session.add(
        Benutting(
            dossier_id=anker.anker_dossier.id,
            type_module_id=module("CB-LAAG").id,
            day=date(2026, 11, 3),
            hundredths=100,
        )
    )
    url = month_url(anker, "CB-LAAG")
    payloads = [{"dag-03": f"{n}", "was-03": "1"} for n in range(2, 8)] + [
        {"dag-03": "", "was-03": "1"}
    ]
    responses = race(app, anker.pieter, anker.anker, f"{url}/3", url, payloads)
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] + [409] * 6
    assert len(db.session.scalars(db.select(Benutting)).all()) <= 1


# --- organisation totals (FAQ crisisverblijf) ---


def test_m3_organisation_totals_per_month_and_context_module(client, login_as, anker):
    login_as(anker.pieter, anker.anker)
    page = text(client.get("/benutting/organisatie?jaar=2026"))
    cb = module("CB-LAAG").id
    # Only contextbegeleiding modules of the organisation, only months up to this one.
    assert "Contextbegeleiding laagintensief" in page and "Verblijf voor" not in page
    assert f'name="m{cb}-11"' in page and f'name="m{cb}-12"' not in page
    data = {"csrf_token": csrf_token(client, "/benutting/organisatie"), f"m{cb}-03": "12,75"}
    response = client.post("/benutting/organisatie?jaar=2026", data=data)
    assert response.status_code == 303
    row = db.session.scalars(db.select(OrganisatieBenutting)).one()
    assert (row.month, row.hundredths, row.organisation_id) == (
        date(2026, 3, 1),
        1275,
        anker.anker.id,
    )
    assert "12,75 uren" in text(client.get("/benutting/organisatie?jaar=2026"))
    data |= {f"m{cb}-03": "1,1", f"was-m{cb}-03": "12,75"}
    refused = client.post("/benutting/organisatie?jaar=2026", data=data)
    assert refused.status_code == 422
    assert "Registreer uren in stappen van 0,25" in text(refused)
    assert db.session.scalars(db.select(OrganisatieBenutting)).one().hundredths == 1275


def test_m3_organisation_totals_are_per_organisation(client, login_as, anker):
    db.session.add(
        OrganisatieBenutting(
            organisation_id=anker.anker.id,
            type_module_id=module("CB-LAAG").id,
            month=date(2026, 3, 1),
            hundredths=1275,
        )
    )
    approve(anker.brug, "CB-LAAG")
    login_as(anker.jan, anker.brug)
    assert "12,75" not in text(client.get("/benutting/organisatie?jaar=2026"))


# --- junk (hypothesis): 4xx with a message, nothing stored ---

# What a browser can send: no lone surrogates, no NUL (convention 12 covers those).
TEXT = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=30)
# Never a valid amount: not empty, not digits with an optional decimal part.
NOT_AN_AMOUNT = TEXT.filter(
    lambda s: s.strip() and not re.fullmatch(r"[0-9]{1,6}(?:[.,][0-9]{1,6})?", s.strip())
)
JUNK_SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@JUNK_SETTINGS
@given(value=NOT_AN_AMOUNT, was=TEXT, day=st.integers(1, 30), htmx=st.booleans())
def test_m3_junk_in_a_day_is_refused_and_nothing_stored(
    client, login_as, anker, value, was, day, htmx
):
    login_as(anker.pieter, anker.anker)
    url = month_url(anker, "CB-LAAG")
    data = {"csrf_token": csrf_token(client, url), f"dag-{day:02d}": value, f"was-{day:02d}": was}
    headers = HX if htmx else {}
    one_day = client.post(f"{url}/{day}", data=data, headers=headers)
    month = client.post(url, data=data, headers=headers)
    assert one_day.status_code == month.status_code == 422
    assert f"{day:02d}/11/2026" in text(month)
    assert db.session.scalar(db.select(db.func.count()).select_from(Benutting)) == 0


@JUNK_SETTINGS
@given(value=NOT_AN_AMOUNT, month=st.integers(1, 11))
def test_m3_junk_in_an_organisation_total_is_refused(client, login_as, anker, value, month):
    login_as(anker.pieter, anker.anker)
    data = {
        "csrf_token": csrf_token(client, "/benutting/organisatie"),
        f"m{module('CB-LAAG').id}-{month:02d}": value,
    }
    response = client.post("/benutting/organisatie?jaar=2026", data=data)
    assert response.status_code == 422
    assert "Contextbegeleiding laagintensief" in text(response)
    assert db.session.scalar(db.select(db.func.count()).select_from(OrganisatieBenutting)) == 0


def test_m3_month_view_and_section_query_counts_do_not_grow_with_the_days(client, login_as, anker):
    """Convention 10: the month view and the section read the cells with a constant number of
    queries, however many days are filled."""
    login_as(anker.pieter, anker.anker)
    urls = [month_url(anker, "CB-LAAG"), f"/dossiers/{anker.anker_dossier.id}/benutting"]

    def counts() -> list[int]:
        found = []
        for url in urls:
            with counted_queries() as statements:
                assert client.get(url).status_code == 200
            found.append(len(statements))
        return found

    few = counts()
    for day in range(1, 11):
        db.session.add(
            Benutting(
                dossier_id=anker.anker_dossier.id,
                type_module_id=module("CB-LAAG").id,
                day=date(2026, 11, day),
                hundredths=100,
            )
        )
    db.session.commit()
    assert counts() == few


def test_m3_a_value_left_outside_a_shortened_help_can_only_be_emptied(client, login_as, anker):
    db.session.add(
        Benutting(
            dossier_id=anker.anker_dossier.id,
            type_module_id=module("CB-LAAG").id,
            day=date(2026, 11, 12),  # after the schakeling's end (10/11)
            hundredths=100,
        )
    )
    db.session.commit()
    login_as(anker.pieter, anker.anker)
    page = text(client.get(month_url(anker, "CB-LAAG")))
    assert 'name="dag-12" value="1"' in page and "buiten de hulp: enkel leegmaken" in page
    assert 'name="dag-13"' not in page
    refused = post_day(client, anker, "CB-LAAG", 12, "2", was="1")
    assert refused.status_code == 422 and "12/11/2026 ligt buiten de hulp" in text(refused)
    assert post_day(client, anker, "CB-LAAG", 12, "", was="1").status_code == 200
    assert stored("CB-LAAG") == {}
