"""D-10 "Afsluiten dossier", D-11 "Heropenen" and D-12 reopen requests, through the views."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from binc_web.catalogue import sync_catalogue
from binc_web.dossiers import lifecycle
from binc_web.extensions import db
from binc_web.models import ActivityEntry, Dossier, ReopenRequest, Schakeling
from binc_web.rules.concurrency import ALREADY_CLOSED
from binc_web.templating import format_datetime, today
from tests import factories
from tests.conftest import csrf_token, log_in_client, pinned_to
from tests.factories_overview import beslissing, klas_dossier, schakeling
from tests.factories_registrations import registratie
from tests.test_dossiers import meanwhile, sql
from tests.test_traject import approve, module

TODAY = today()


@pytest.fixture(autouse=True)
def _on_today():
    """Every test here runs on TODAY, the app's date (see conftest.pinned_to)."""
    with pinned_to(TODAY):
        yield


VERSION = re.compile(r'name="version_id" type="hidden" value="(\d+)"')
HX = {"HX-Request": "true"}


def finished_traject(dossier: Dossier, ended: date = TODAY - timedelta(days=10)) -> None:
    """One beslissing with one schakeling that has ended, and (R-6, not for class dossiers)
    complete begin- and eindregistraties."""
    decided = beslissing(dossier, ended - timedelta(days=180), ended)
    schakeling(decided, ended - timedelta(days=170), ended)
    if dossier.klas_id is None:
        registratie(dossier, "begin")
        registratie(dossier, "eind")
    db.session.commit()


def close_directly(dossier: Dossier, on: date) -> None:
    dossier.status = "closed"
    dossier.closed_at = on
    db.session.commit()


def confirm(client, path: str, extra: dict | None = None):
    """GET the confirmation page and POST it back, as a browser does."""
    page = client.get(path).get_data(as_text=True)
    version = VERSION.search(page)
    data = {"csrf_token": csrf_token(client, path), **(extra or {})}
    if version:
        data["version_id"] = version.group(1)
    return client.post(path, data=data)


def fresh(dossier: Dossier) -> Dossier:
    db.session.expire_all()
    return db.session.get(Dossier, dossier.id)


# --- D-10 ---


def test_d10_close_is_refused_with_every_unmet_condition_named(login_as, world):
    client = login_as(world.jan, world.brug)
    path = f"/dossiers/{world.brug_dossier.id}/afsluiten"
    page = client.get(path).get_data(as_text=True)
    assert "Het dossier bevat nog geen beslissing." in page
    assert "Het dossier bevat nog geen schakeling." in page
    response = client.post(path, data={"csrf_token": csrf_token(client, path), "version_id": "1"})
    assert response.status_code == 422
    assert fresh(world.brug_dossier).status == "open"


def test_d10_an_open_schakeling_blocks_closing(login_as, world):
    decided = beslissing(world.brug_dossier, date(2026, 1, 5), date(2026, 7, 5))
    schakeling(decided, date(2026, 1, 9))
    db.session.commit()
    client = login_as(world.jan, world.brug)
    response = confirm(client, f"/dossiers/{world.brug_dossier.id}/afsluiten")
    assert response.status_code == 422
    assert "zonder einddatum" in response.get_data(as_text=True)
    assert fresh(world.brug_dossier).status == "open"


def test_d10_a_finished_traject_closes_today_with_an_activity_entry(login_as, world):
    finished_traject(world.brug_dossier)
    client = login_as(world.jan, world.brug)
    dossier_page = client.get(f"/dossiers/{world.brug_dossier.id}").get_data(as_text=True)
    assert "Afsluiten dossier" in dossier_page
    response = confirm(client, f"/dossiers/{world.brug_dossier.id}/afsluiten")
    assert response.status_code == 303
    closed = fresh(world.brug_dossier)
    assert (closed.status, closed.closed_at) == ("closed", TODAY)
    actions = db.session.scalars(
        db.select(ActivityEntry.action).where(ActivityEntry.dossier_id == closed.id)
    ).all()
    assert "dossier_afgesloten" in actions


def test_d10_a_beslissing_without_schakeling_warns_but_does_not_block(login_as, world):
    finished_traject(world.brug_dossier)
    beslissing(world.brug_dossier, TODAY - timedelta(days=5), TODAY + timedelta(days=100))
    db.session.commit()
    client = login_as(world.jan, world.brug)
    page = client.get(f"/dossiers/{world.brug_dossier.id}/afsluiten").get_data(as_text=True)
    assert "1 beslissing zonder schakeling" in page
    assert confirm(client, f"/dossiers/{world.brug_dossier.id}/afsluiten").status_code == 303


@pytest.fixture
def registration_gap(monkeypatch):
    """Part R plugs its check in here; a stand-in that always misses one parameter."""
    monkeypatch.setattr(
        lifecycle, "CLOSING_CHECKS", [lambda dossier: ["Beginregistratie: Onderwijsvorm"]]
    )


@pytest.mark.usefixtures("registration_gap")
def test_d10_missing_registrations_block_closing_and_are_named(login_as, world):
    finished_traject(world.brug_dossier)
    client = login_as(world.jan, world.brug)
    response = confirm(client, f"/dossiers/{world.brug_dossier.id}/afsluiten")
    assert response.status_code == 422
    assert "Verplicht gegeven ontbreekt: Beginregistratie: Onderwijsvorm" in response.get_data(
        as_text=True
    )


@pytest.mark.usefixtures("registration_gap")
@pytest.mark.parametrize("exemption", ["time_out", "crisis", "klas"])
def test_d10_time_out_crisis_and_class_dossiers_close_without_registrations(
    login_as, world, exemption
):
    dossier = world.anker_dossier
    if exemption == "time_out":
        dossier.aanmelding.time_out = True
    elif exemption == "crisis":
        dossier.aanmelding.aanmelder = "crisismeldpunt"
    else:
        dossier = klas_dossier(world.anker, "3B")
    finished_traject(dossier)
    client = login_as(world.pieter, world.anker)
    assert confirm(client, f"/dossiers/{dossier.id}/afsluiten").status_code == 303
    assert fresh(dossier).status == "closed"


def test_d13_closing_twice_gives_the_manuals_message(login_as, world, app):
    finished_traject(world.brug_dossier)
    path = f"/dossiers/{world.brug_dossier.id}/afsluiten"
    jan = login_as(world.jan, world.brug)
    jan_page = jan.get(path).get_data(as_text=True)
    sofie = app.test_client()
    log_in_client(sofie, world.sofie, world.brug)
    assert confirm(sofie, path).status_code == 303
    late = jan.post(
        path,
        data={"csrf_token": csrf_token(jan, path), "version_id": VERSION.search(jan_page)[1]},
    )
    assert late.status_code == 409
    assert ALREADY_CLOSED in late.get_data(as_text=True)


def test_d10_a_closed_dossier_takes_no_schakeling_beyond_its_closing_date(login_as, world):
    finished_traject(world.brug_dossier, ended=TODAY - timedelta(days=30))
    close_directly(world.brug_dossier, TODAY - timedelta(days=20))
    decided = world.brug_dossier.beslissingen[0]
    client = login_as(world.jan, world.brug)
    path = f"/dossiers/{world.brug_dossier.id}/beslissingen/{decided.id}/schakelingen/nieuw"
    response = client.post(
        path,
        data={
            "csrf_token": csrf_token(client, path),
            "begindatum": (TODAY - timedelta(days=5)).strftime("%d/%m/%Y"),
            "modules": "1",
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert "afgesloten op" in response.get_data(as_text=True)


# --- D-11 ---


def test_d11_reopen_directly_within_a_year(login_as, world):
    finished_traject(world.brug_dossier, ended=TODAY - timedelta(days=200))
    close_directly(world.brug_dossier, TODAY - timedelta(days=190))
    client = login_as(world.jan, world.brug)
    page = client.get(f"/dossiers/{world.brug_dossier.id}").get_data(as_text=True)
    assert ">Heropenen</a>" in page
    assert confirm(client, f"/dossiers/{world.brug_dossier.id}/heropenen").status_code == 303
    reopened = fresh(world.brug_dossier)
    assert (reopened.status, reopened.closed_at) == ("open", None)


def test_d11_no_reopening_while_another_dossier_is_open(login_as, world):
    finished_traject(world.brug_dossier, ended=TODAY - timedelta(days=200))
    close_directly(world.brug_dossier, TODAY - timedelta(days=190))
    factories.dossier(world.brug, world.brug_dossier.client)
    db.session.commit()
    client = login_as(world.jan, world.brug)
    page = client.get(f"/dossiers/{world.brug_dossier.id}").get_data(as_text=True)
    assert "Heropenen" not in page and "Aanvraag tot heropenen" not in page
    path = f"/dossiers/{world.brug_dossier.id}/heropenen"
    response = client.post(path, data={"csrf_token": csrf_token(client, path), "version_id": "2"})
    assert response.status_code == 409
    assert "ander open dossier" in response.get_data(as_text=True)
    assert fresh(world.brug_dossier).status == "closed"


def request_reopening(client, dossier, toelichting="Dubbel dossier verwijderen"):
    return confirm(client, f"/dossiers/{dossier.id}/heropenen", {"toelichting": toelichting})


def test_d11_an_older_dossier_produces_a_request_instead(login_as, world):
    finished_traject(world.brug_dossier, ended=TODAY - timedelta(days=400))
    close_directly(world.brug_dossier, TODAY - timedelta(days=390))
    client = login_as(world.jan, world.brug)
    page = client.get(f"/dossiers/{world.brug_dossier.id}").get_data(as_text=True)
    assert "Aanvraag tot heropenen</a>" in page
    assert request_reopening(client, world.brug_dossier).status_code == 303
    assert fresh(world.brug_dossier).status == "closed"
    [pending] = db.session.scalars(db.select(ReopenRequest)).all()
    assert (pending.status, pending.toelichting) == ("aangevraagd", "Dubbel dossier verwijderen")
    page = client.get(f"/dossiers/{world.brug_dossier.id}").get_data(as_text=True)
    assert "in behandeling bij Opgroeien" in page
    assert "Aanvraag tot heropenen</a>" not in page  # no second request while one is pending
    again = client.post(
        f"/dossiers/{world.brug_dossier.id}/heropenen",
        data={"csrf_token": csrf_token(client), "version_id": "99"},
    )
    assert again.status_code == 409
    assert db.session.scalar(db.select(db.func.count()).select_from(ReopenRequest)) == 1


# --- D-12 ---


@pytest.fixture
def pending_request(login_as, world):
    finished_traject(world.brug_dossier, ended=TODAY - timedelta(days=400))
    close_directly(world.brug_dossier, TODAY - timedelta(days=390))
    assert request_reopening(login_as(world.jan, world.brug), world.brug_dossier).status_code == 303
    return db.session.scalars(db.select(ReopenRequest)).one()


def decide(client, reopen_request, besluit: str, opmerking: str = ""):
    listing = client.get("/agentschap/heropeningen").get_data(as_text=True)
    return client.post(
        f"/agentschap/heropeningen/{reopen_request.id}/{besluit}",
        data={
            "csrf_token": csrf_token(client, "/agentschap/heropeningen"),
            "version_id": re.search(r'name="version_id" value="(\d+)"', listing)[1],
            "opmerking": opmerking,
        },
    )


def test_d12_the_dossierbehandelaar_sees_what_is_needed_and_no_more(
    login_as, world, pending_request
):
    page = login_as(world.ann, world.agency).get("/agentschap/heropeningen")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert world.brug_dossier.code in text and "NAFT De Brug" in text
    assert "Dubbel dossier verwijderen" in text
    client = world.brug_dossier.client
    assert client.given_name not in text and client.national_number not in text


def test_d12_approval_reopens_the_dossier(login_as, world, pending_request):
    response = decide(login_as(world.ann, world.agency), pending_request, "goedkeuren")
    assert response.status_code == 303
    assert fresh(world.brug_dossier).status == "open"
    db.session.refresh(pending_request)
    assert pending_request.status == "goedgekeurd"
    jan_page = login_as(world.jan, world.brug).get(f"/dossiers/{world.brug_dossier.id}")
    assert "Aanvraag tot heropenen goedgekeurd" in jan_page.get_data(as_text=True)
    jan_log = login_as(world.jan, world.brug).get(f"/dossiers/{world.brug_dossier.id}/activiteiten")
    assert "heropend door de dossierbehandelaar" in jan_log.get_data(as_text=True)


def test_d12_rejection_is_visible_on_the_dossier_with_the_note(login_as, world, pending_request):
    ann = login_as(world.ann, world.agency)
    assert decide(ann, pending_request, "afkeuren", "Start een nieuw dossier").status_code == 303
    assert fresh(world.brug_dossier).status == "closed"
    page = login_as(world.jan, world.brug).get(f"/dossiers/{world.brug_dossier.id}")
    text = page.get_data(as_text=True)
    assert "Aanvraag tot heropenen afgekeurd" in text and "Start een nieuw dossier" in text


def test_d12_approval_rechecks_that_no_other_dossier_is_open(login_as, world, pending_request):
    factories.dossier(world.brug, world.brug_dossier.client)
    db.session.commit()
    response = decide(login_as(world.ann, world.agency), pending_request, "goedkeuren")
    assert response.status_code == 409
    assert "ander open dossier" in response.get_data(as_text=True)
    assert fresh(world.brug_dossier).status == "closed"
    db.session.refresh(pending_request)
    assert pending_request.status == "aangevraagd"


def test_d12_a_request_is_decided_once(login_as, world, pending_request):
    ann = login_as(world.ann, world.agency)
    listing = ann.get("/agentschap/heropeningen").get_data(as_text=True)
    version = re.search(r'name="version_id" value="(\d+)"', listing)[1]
    token = csrf_token(ann, "/agentschap/heropeningen")
    path = f"/agentschap/heropeningen/{pending_request.id}"
    data = {"csrf_token": token, "version_id": version}
    assert ann.post(f"{path}/afkeuren", data=data).status_code == 303
    second = ann.post(f"{path}/goedkeuren", data=data)
    assert second.status_code == 409
    assert "al behandeld" in second.get_data(as_text=True)
    assert fresh(world.brug_dossier).status == "closed"


@pytest.mark.parametrize("who", ["jan", "tom", "pieter"])
def test_d12_the_requests_do_not_exist_for_anyone_else(login_as, world, pending_request, who):
    person = getattr(world, who)
    organisation = world.anker if who == "pieter" else world.brug
    response = login_as(person, organisation).get("/agentschap/heropeningen")
    assert response.status_code == 404


def test_d10_a_closed_dossier_keeps_its_last_schakeling_and_beslissing(login_as, world):
    """D-10: deleting the last schakeling (or then the beslissing) of a closed dossier is
    refused with the manual-style message; nothing is deleted."""
    finished_traject(world.brug_dossier, ended=TODAY - timedelta(days=30))
    close_directly(world.brug_dossier, TODAY - timedelta(days=20))
    decided = world.brug_dossier.beslissingen[0]
    only = decided.schakelingen[0]
    client = login_as(world.jan, world.brug)
    base = f"/dossiers/{world.brug_dossier.id}"
    offered = client.get(f"{base}/schakelingen/{only.id}/verwijderen").get_data(as_text=True)
    assert "minstens één schakeling" in offered
    assert "Schakeling verwijderen</button>" not in offered
    refused = confirm(client, f"{base}/schakelingen/{only.id}/verwijderen", {"version_id": "1"})
    assert refused.status_code == 422
    assert "minstens één schakeling" in refused.get_data(as_text=True)
    dossier = fresh(world.brug_dossier)
    assert len(dossier.beslissingen) == 1 and len(dossier.beslissingen[0].schakelingen) == 1


def closed_with_one_schakeling(world) -> Schakeling:
    """Brug's dossier closed 20 days ago; its only beslissing and schakeling (the NAFT module)
    ended 30 days ago."""
    sync_catalogue()
    approve(world.brug, "NAFT")
    finished_traject(world.brug_dossier, ended=TODAY - timedelta(days=30))
    decided = world.brug_dossier.beslissingen[0]
    only = decided.schakelingen[0]
    decided.modules = only.modules = [module("NAFT")]
    close_directly(world.brug_dossier, TODAY - timedelta(days=20))
    return only


def traject_state(dossier: Dossier) -> tuple:
    """What a refused write must leave alone: the dossier's version, its beslissingen and
    schakelingen with their dates and versions, and its activity entries."""
    db.session.expire_all()
    found = db.session.get(Dossier, dossier.id)
    return (
        found.version_id,
        found.status,
        [(b.id, b.begindatum, b.einddatum, b.version_id) for b in found.beslissingen],
        [
            (s.id, s.begindatum, s.einddatum, s.version_id)
            for b in found.beslissingen
            for s in b.schakelingen
        ],
        db.session.scalars(
            db.select(ActivityEntry.id).where(ActivityEntry.dossier_id == dossier.id)
        ).all(),
    )


def post_schakeling_edit(client, dossier: Dossier, only: Schakeling, einddatum: str):
    """ "Wijzigen" of the schakeling through the form the page hands out, with ``einddatum``."""
    path = f"/dossiers/{dossier.id}/schakelingen/{only.id}/wijzigen"
    form = client.get(path, headers=HX).get_data(as_text=True)
    data = {
        "csrf_token": csrf_token(client, path),
        "begindatum": only.begindatum.strftime("%d/%m/%Y"),
        "einddatum": einddatum,
        "modules": str(module("NAFT").id),
        "version_id": VERSION.search(form).group(1),
    }
    return client.post(path, data=data, headers=HX)


@pytest.mark.parametrize(
    "einddatum",
    [
        pytest.param("", id="einddatum_removed"),
        pytest.param((TODAY - timedelta(days=10)).strftime("%d/%m/%Y"), id="past_closing_date"),
    ],
)
def test_d10_a_closed_dossiers_last_schakeling_keeps_an_end_by_the_closing_date(
    login_as, world, einddatum
):
    """D-10 through the view: removing the last schakeling's einddatum, or moving it past the
    closing date, is refused with the manual-style message and changes nothing."""
    only = closed_with_one_schakeling(world)
    client = login_as(world.jan, world.brug)
    before = traject_state(world.brug_dossier)
    refused = post_schakeling_edit(client, world.brug_dossier, only, einddatum)
    assert refused.status_code == 422
    closed_on = (TODAY - timedelta(days=20)).strftime("%d/%m/%Y")
    assert (
        f"Het dossier werd afgesloten op {closed_on}: een schakeling mag niet later lopen dan "
        "die datum." in refused.get_data(as_text=True)
    )
    assert traject_state(world.brug_dossier) == before


def test_d10_a_closed_dossiers_last_beslissing_cannot_be_deleted(login_as, world):
    """D-10 through the view: a closed dossier left with one beslissing without schakeling (as
    the bug of issue 11 left them) keeps that beslissing; nothing changes."""
    decided = beslissing(
        world.brug_dossier, TODAY - timedelta(days=200), TODAY - timedelta(days=30)
    )
    close_directly(world.brug_dossier, TODAY - timedelta(days=20))
    client = login_as(world.jan, world.brug)
    before = traject_state(world.brug_dossier)
    path = f"/dossiers/{world.brug_dossier.id}/beslissingen/{decided.id}/verwijderen"
    refused = confirm(client, path, {"version_id": str(decided.version_id)})
    assert refused.status_code == 422
    closed_on = (TODAY - timedelta(days=20)).strftime("%d/%m/%Y")
    assert (
        f"Het dossier werd afgesloten op {closed_on} en behoudt minstens één beslissing. "
        "Heropen het dossier om dit te wijzigen." in refused.get_data(as_text=True)
    )
    assert traject_state(world.brug_dossier) == before


def test_d12_an_approved_request_shows_when_it_was_decided(login_as, world, pending_request):
    """D-12: the dossier shows the decision time of an approved request, not its request time."""
    pending_request.requested_at = datetime(2025, 1, 2, 9, 30, tzinfo=UTC)
    db.session.commit()
    assert (
        decide(login_as(world.ann, world.agency), pending_request, "goedkeuren").status_code == 303
    )
    db.session.refresh(pending_request)
    page = login_as(world.jan, world.brug).get(f"/dossiers/{world.brug_dossier.id}")
    shown = page.get_data(as_text=True).split("<dt>Heropenen</dt>")[1].split("</dd>")[0]
    assert "aangevraagd op 02/01/2025 10:30" in shown
    assert f"goedgekeurd op {format_datetime(pending_request.decided_at)}" in shown


# --- what the user sees and what the log keeps (D-8) after closing and reopening ---


def entry(dossier: Dossier, action: str) -> ActivityEntry:
    return db.session.scalars(
        db.select(ActivityEntry).where(
            ActivityEntry.dossier_id == dossier.id, ActivityEntry.action == action
        )
    ).one()


def test_d10_closing_is_confirmed_on_the_dossier_and_logged_with_its_date(login_as, world):
    finished_traject(world.brug_dossier)
    code = world.brug_dossier.code
    client = login_as(world.jan, world.brug)
    closed = confirm(client, f"/dossiers/{world.brug_dossier.id}/afsluiten")
    page = client.get(closed.headers["Location"]).get_data(as_text=True)
    assert f'<p class="message message-success">Dossier {code} werd afgesloten.</p>' in page
    logged = entry(world.brug_dossier, "dossier_afgesloten")
    assert logged.description == f"Dossier {code} afgesloten"
    assert (logged.before, logged.after) == (
        {"status": "open"},
        {"status": "afgesloten", "afgesloten_op": TODAY.isoformat()},
    )


def test_d10_the_confirmation_page_asks_before_anything_changes(login_as, world):
    finished_traject(world.brug_dossier)
    client = login_as(world.jan, world.brug)
    page = client.get(f"/dossiers/{world.brug_dossier.id}/afsluiten")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Dossier afsluiten</button>" in text
    # The way back: the overview, the dossier, and where the user is.
    crumbs = re.findall(r"<li>(.*?)</li>", text.split('aria-label="Broodkruimels"')[1])
    assert crumbs == [
        '<a href="/">Overzicht Dossiers</a>',
        f'<a href="/dossiers/{world.brug_dossier.id}">{world.brug_dossier.display_name}</a>',
        '<span aria-current="page">Afsluiten dossier</span>',
    ]
    assert fresh(world.brug_dossier).status == "open"


def test_d11_reopening_is_confirmed_on_the_dossier_and_logged(login_as, world):
    finished_traject(world.brug_dossier, ended=TODAY - timedelta(days=200))
    closed_on = TODAY - timedelta(days=190)
    close_directly(world.brug_dossier, closed_on)
    code = world.brug_dossier.code
    client = login_as(world.jan, world.brug)
    reopened = confirm(client, f"/dossiers/{world.brug_dossier.id}/heropenen")
    page = client.get(reopened.headers["Location"]).get_data(as_text=True)
    assert f'<p class="message message-success">Dossier {code} werd heropend.</p>' in page
    logged = entry(world.brug_dossier, "dossier_heropend")
    assert logged.description == f"Dossier {code} heropend"
    assert (logged.object_type, logged.object_id) == ("Dossier", world.brug_dossier.id)
    assert (logged.before, logged.after) == (
        {"status": "afgesloten", "afgesloten_op": closed_on.isoformat()},
        {"status": "open"},
    )


def test_d11_an_open_dossier_is_not_reopened(login_as, world):
    client = login_as(world.jan, world.brug)
    path = f"/dossiers/{world.brug_dossier.id}/heropenen"
    shown = client.get(path)
    assert shown.status_code == 200
    assert "<p>Het dossier is niet afgesloten.</p>" in shown.get_data(as_text=True)
    refused = client.post(path, data={"csrf_token": csrf_token(client, path), "version_id": "1"})
    assert refused.status_code == 409
    assert "<p>Het dossier is niet afgesloten.</p>" in refused.get_data(as_text=True)
    assert fresh(world.brug_dossier).status == "open"


def test_d13_a_stale_reopen_confirmation_is_refused(login_as, world):
    """The confirmation was shown, then another tab changed the dossier: refused with the
    manual's message, the dossier stays closed."""
    finished_traject(world.brug_dossier, ended=TODAY - timedelta(days=200))
    close_directly(world.brug_dossier, TODAY - timedelta(days=190))
    client = login_as(world.jan, world.brug)
    path = f"/dossiers/{world.brug_dossier.id}/heropenen"
    shown = VERSION.search(client.get(path).get_data(as_text=True))[1]
    dossier = fresh(world.brug_dossier)
    dossier.assigned_to_id = world.sofie.id  # any change bumps the dossier's version
    db.session.commit()
    late = client.post(path, data={"csrf_token": csrf_token(client, path), "version_id": shown})
    assert late.status_code == 409
    assert "De gevraagde actie kon niet uitgevoerd worden." in late.get_data(as_text=True)
    assert fresh(world.brug_dossier).status == "closed"


def test_d12_a_request_is_confirmed_and_logged_with_who_asked_and_why(login_as, world):
    finished_traject(world.brug_dossier, ended=TODAY - timedelta(days=400))
    close_directly(world.brug_dossier, TODAY - timedelta(days=390))
    client = login_as(world.jan, world.brug)
    sent = request_reopening(client, world.brug_dossier, "  Dubbel dossier  ")
    page = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert (
        '<p class="message message-success">De aanvraag tot heropenen werd verzonden naar de '
        "dossierbehandelaars.</p>"
    ) in page
    pending = db.session.scalars(db.select(ReopenRequest)).one()
    assert (pending.organisation_id, pending.requested_by_id) == (world.brug.id, world.jan.id)
    assert pending.toelichting == "Dubbel dossier"
    logged = entry(world.brug_dossier, "heropenen_aangevraagd")
    code = world.brug_dossier.code
    assert logged.description == f"Aanvraag tot heropenen van dossier {code} verzonden"
    assert logged.after == {"toelichting": "Dubbel dossier"}
    assert (logged.object_type, logged.object_id) == ("ReopenRequest", pending.id)


def test_d12_a_request_without_toelichting_keeps_none(login_as, world):
    finished_traject(world.brug_dossier, ended=TODAY - timedelta(days=400))
    close_directly(world.brug_dossier, TODAY - timedelta(days=390))
    client = login_as(world.jan, world.brug)
    assert request_reopening(client, world.brug_dossier, "   ").status_code == 303
    assert db.session.scalars(db.select(ReopenRequest)).one().toelichting is None
    db.session.execute(db.delete(ReopenRequest))
    db.session.commit()
    # A form posted without the field at all (no browser does that, a script may).
    assert confirm(client, f"/dossiers/{world.brug_dossier.id}/heropenen").status_code == 303
    assert db.session.scalars(db.select(ReopenRequest)).one().toelichting is None


def test_d12_a_too_long_toelichting_is_refused_and_nothing_is_asked(login_as, world):
    finished_traject(world.brug_dossier, ended=TODAY - timedelta(days=400))
    close_directly(world.brug_dossier, TODAY - timedelta(days=390))
    client = login_as(world.jan, world.brug)
    refused = request_reopening(client, world.brug_dossier, "x" * 1001)
    assert refused.status_code == 422
    assert "Gebruik hoogstens 1000 tekens." in refused.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(ReopenRequest)) == 0


@pytest.mark.parametrize(
    ("meanwhile_sql", "status", "message"),
    [
        (
            "UPDATE dossiers SET status = 'closed', closed_at = :today, "
            "version_id = version_id + 1 WHERE id = :id",
            409,
            "Dossier is reeds afgesloten",
        ),
        (
            "UPDATE dossiers SET assigned_to_id = NULL, version_id = version_id + 1 WHERE id = :id",
            409,
            "De gevraagde actie kon niet uitgevoerd worden.",
        ),
        ("DELETE FROM dossiers WHERE id = :id", 404, "Het dossier bestaat niet meer."),
    ],
)
def test_d13_closing_that_loses_a_race_at_the_database_changes_nothing(
    login_as, world, meanwhile_sql, status, message
):
    """A colleague's save lands between the checks of "Afsluiten dossier" and its write: the
    version check of the database refuses it with the manual's message."""
    finished_traject(world.brug_dossier)
    client = login_as(world.jan, world.brug)
    path = f"/dossiers/{world.brug_dossier.id}/afsluiten"
    shown = VERSION.search(client.get(path).get_data(as_text=True))[1]
    change = sql(meanwhile_sql, id=world.brug_dossier.id, today=TODAY - timedelta(days=1))
    with meanwhile(change) as ran:
        late = client.post(path, data={"csrf_token": csrf_token(client, path), "version_id": shown})
    assert ran
    assert late.status_code == status
    assert message in late.get_data(as_text=True)
    assert (
        db.session.scalar(
            db.select(db.func.count())
            .select_from(ActivityEntry)
            .where(ActivityEntry.action == "dossier_afgesloten")
        )
        == 0
    )


def test_d12_after_a_rejection_a_new_request_can_be_sent(login_as, world, pending_request):
    ann = login_as(world.ann, world.agency)
    assert decide(ann, pending_request, "afkeuren", "Start een nieuw dossier").status_code == 303
    again = request_reopening(login_as(world.jan, world.brug), world.brug_dossier, "Toch nodig")
    assert again.status_code == 303
    statuses = db.session.scalars(db.select(ReopenRequest.status).order_by(ReopenRequest.id))
    assert statuses.all() == ["afgekeurd", "aangevraagd"]


def test_d10_the_warning_counts_each_beslissing_without_schakeling(login_as, world):
    """Manual ch. 8: a warning "wanneer er nog een beslissing bestaat zonder schakeling"; with
    one beslissing that has a schakeling and two that have none, it names two."""
    finished_traject(world.brug_dossier)
    for start in (TODAY - timedelta(days=5), TODAY - timedelta(days=4)):
        beslissing(world.brug_dossier, start, TODAY + timedelta(days=100))
    db.session.commit()
    client = login_as(world.jan, world.brug)
    page = client.get(f"/dossiers/{world.brug_dossier.id}/afsluiten").get_data(as_text=True)
    assert "2 beslissingen zonder schakeling" in page


def test_d11_only_an_open_dossier_of_the_same_youth_here_blocks_reopening(login_as, world):
    """D-11/D-3: another youth's open dossier here, this youth's open dossier at another
    organisation and this youth's other closed dossier here do not block reopening."""
    finished_traject(world.brug_dossier, ended=TODAY - timedelta(days=200))
    close_directly(world.brug_dossier, TODAY - timedelta(days=190))
    youth = world.brug_dossier.client
    factories.dossier(world.brug)
    factories.dossier(world.anker, youth)
    older = factories.dossier(world.brug, youth)
    older.status, older.closed_at = "closed", TODAY - timedelta(days=300)
    db.session.commit()
    client = login_as(world.jan, world.brug)
    page = client.get(f"/dossiers/{world.brug_dossier.id}").get_data(as_text=True)
    assert ">Heropenen</a>" in page
    assert confirm(client, f"/dossiers/{world.brug_dossier.id}/heropenen").status_code == 303
    assert fresh(world.brug_dossier).status == "open"


def stored_request(dossier: Dossier, status: str, asked: datetime) -> None:
    """A reopen request as the table keeps it, asked at ``asked``."""
    db.session.add(
        ReopenRequest(
            dossier_id=dossier.id,
            organisation_id=dossier.organisation_id,
            status=status,
            requested_at=asked,
        )
    )
    db.session.commit()


def reopen_state(client, dossier: Dossier) -> str:
    """What the dossier page says about the reopen request it shows."""
    page = client.get(f"/dossiers/{dossier.id}").get_data(as_text=True)
    if "in behandeling bij Opgroeien" in page:
        return "aangevraagd"
    return "afgekeurd" if "Aanvraag tot heropenen afgekeurd" in page else "none"


def test_d12_the_most_recently_asked_request_is_the_one_shown(login_as, world):
    """D-12: the dossier shows the state of its latest request, by the moment it was asked,
    also when the rows were stored in another order (a restored or imported table)."""
    finished_traject(world.brug_dossier, ended=TODAY - timedelta(days=400))
    close_directly(world.brug_dossier, TODAY - timedelta(days=390))
    asked = datetime.now(UTC) - timedelta(days=1)
    stored_request(world.brug_dossier, "aangevraagd", asked)
    stored_request(world.brug_dossier, "afgekeurd", asked - timedelta(days=30))
    client = login_as(world.jan, world.brug)
    assert reopen_state(client, world.brug_dossier) == "aangevraagd"


def test_d12_of_two_requests_asked_at_the_same_moment_the_later_stored_is_shown(login_as, world):
    """D-12: a tie on the moment asked goes to the request stored last."""
    finished_traject(world.brug_dossier, ended=TODAY - timedelta(days=400))
    close_directly(world.brug_dossier, TODAY - timedelta(days=390))
    asked = datetime.now(UTC) - timedelta(days=1)
    stored_request(world.brug_dossier, "afgekeurd", asked)
    stored_request(world.brug_dossier, "aangevraagd", asked)
    client = login_as(world.jan, world.brug)
    assert reopen_state(client, world.brug_dossier) == "aangevraagd"


@pytest.mark.parametrize(
    ("meanwhile_sql", "status", "message"),
    [
        (
            "UPDATE dossiers SET status = 'open', closed_at = NULL, "
            "version_id = version_id + 1 WHERE id = :id",
            409,
            "De gevraagde actie kon niet uitgevoerd worden.",
        ),
        ("DELETE FROM dossiers WHERE id = :id", 404, "Het dossier bestaat niet meer."),
    ],
)
def test_d13_reopening_that_loses_a_race_at_the_database_changes_nothing(
    login_as, world, meanwhile_sql, status, message
):
    """A colleague reopened or deleted the dossier between the checks of "Heropenen" and its
    write: the version check of the database refuses it, with the manual's message (a deleted
    dossier was a server error)."""
    finished_traject(world.brug_dossier)
    close_directly(world.brug_dossier, TODAY - timedelta(days=5))
    client = login_as(world.jan, world.brug)
    path = f"/dossiers/{world.brug_dossier.id}/heropenen"
    shown = VERSION.search(client.get(path).get_data(as_text=True))[1]
    with meanwhile(sql(meanwhile_sql, id=world.brug_dossier.id)) as ran:
        late = client.post(path, data={"csrf_token": csrf_token(client, path), "version_id": shown})
    assert ran
    assert late.status_code == status
    assert message in late.get_data(as_text=True)
    assert entry_count("dossier_heropend") == 0


@pytest.mark.parametrize(
    "meanwhile_sql",
    [
        "UPDATE dossiers SET assigned_to_id = NULL, version_id = version_id + 1 WHERE id = :id",
        "UPDATE dossiers SET closed_at = :today, version_id = version_id + 2 WHERE id = :id",
    ],
    ids=["changed", "reopened-and-closed-again"],
)
def test_d13_reopening_a_dossier_a_colleague_changed_meanwhile_is_not_already_closed(
    login_as, world, meanwhile_sql
):
    """A colleague saved the closed dossier (or reopened and closed it again) between the
    checks of "Heropenen" and its write: the data would be overwritten, so the manual's ch. 10
    error page for that case, not "Dossier is reeds afgesloten", which the manual gives only
    for closing a dossier a colleague closed first."""
    finished_traject(world.brug_dossier)
    close_directly(world.brug_dossier, TODAY - timedelta(days=5))
    client = login_as(world.jan, world.brug)
    path = f"/dossiers/{world.brug_dossier.id}/heropenen"
    shown = VERSION.search(client.get(path).get_data(as_text=True))[1]
    change = sql(meanwhile_sql, id=world.brug_dossier.id, today=TODAY - timedelta(days=2))
    with meanwhile(change) as ran:
        late = client.post(path, data={"csrf_token": csrf_token(client, path), "version_id": shown})
    assert ran
    assert late.status_code == 409
    page = late.get_data(as_text=True)
    assert "De gevraagde actie kon niet uitgevoerd worden." in page
    assert "reeds afgesloten" not in page
    db.session.expire_all()
    assert db.session.get(Dossier, world.brug_dossier.id).status == "closed"
    assert entry_count("dossier_heropend") == 0


@pytest.mark.parametrize(
    ("meanwhile_sql", "status", "message"),
    [
        (
            "UPDATE dossiers SET assigned_to_id = NULL, version_id = version_id + 1 WHERE id = :id",
            409,
            "De gevraagde actie kon niet uitgevoerd worden.",
        ),
        ("DELETE FROM dossiers WHERE id = :id", 404, "Het dossier bestaat niet meer."),
    ],
)
def test_d13_a_reopen_request_that_loses_a_race_at_the_database_is_not_sent(
    login_as, world, meanwhile_sql, status, message
):
    """A colleague saved (here: its dossierbehandelaar) or deleted the closed dossier between
    the checks of "Aanvraag tot heropenen" and its write: nothing is asked, and the manual's
    message is shown (it was a server error)."""
    finished_traject(world.brug_dossier, ended=TODAY - timedelta(days=400))
    close_directly(world.brug_dossier, TODAY - timedelta(days=390))
    client = login_as(world.jan, world.brug)
    path = f"/dossiers/{world.brug_dossier.id}/heropenen"
    shown = VERSION.search(client.get(path).get_data(as_text=True))[1]
    data = {"csrf_token": csrf_token(client, path), "version_id": shown, "toelichting": "Nodig"}
    with meanwhile(sql(meanwhile_sql, id=world.brug_dossier.id)) as ran:
        late = client.post(path, data=data)
    assert ran
    assert late.status_code == status
    assert message in late.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(ReopenRequest)) == 0
    assert entry_count("heropenen_aangevraagd") == 0


def entry_count(action: str) -> int:
    query = db.select(db.func.count()).select_from(ActivityEntry)
    return db.session.scalar(query.where(ActivityEntry.action == action))
