"""DESIGN "Bad input": hypothesis junk on the traject (S-1/S-2), close and reopen (D-10/D-11),
agency (D-12), transfer (D-7) and user administration (A-3) forms gives a 4xx with a Dutch
message, never a 500, and changes nothing.

Left out of the strategies, because the input-bounds work covers them (DESIGN convention 12):
NUL in text, superscript digits in numbers, ids too large for their column, dates in year 9999.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from binc_web.catalogue import sync_catalogue
from binc_web.extensions import db
from binc_web.models import (
    ActivityEntry,
    Beslissing,
    Dossier,
    Membership,
    ReopenRequest,
    Schakeling,
)
from binc_web.rules.roles import ROLES
from binc_web.templating import today as app_today
from tests import factories
from tests.conftest import csrf_token
from tests.factories_overview import beslissing, schakeling
from tests.test_traject import HX, approve, module

JUNK_SETTINGS = settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# What a browser can send: no lone surrogates (they cannot be encoded), no NUL (see above).
TEXT = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=60)
# Not a date as dd/mm/jjjj (an empty one is "missing", a message too).
NOT_A_DATE = TEXT.filter(
    lambda s: s.strip() and not re.fullmatch(r"\s*\d{1,2}/\d{1,2}/\d{4}\s*", s)
)
# Ids as a browser could post them: no superscript digits (see the module docstring).
ID_JUNK = TEXT.filter(lambda s: not any(c.isdigit() and not c.isascii() for c in s))
VERSION_JUNK = TEXT.filter(lambda s: s.strip() not in {"1", "2", "3"})
SCRIPT = "<script>alert(1)</script>"


def body(response) -> str:
    return response.get_data(as_text=True)


def activity() -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(ActivityEntry))


def snapshot(*models) -> list:
    """Every row of the given models with its version (what 'nothing changed' compares)."""
    db.session.expire_all()
    rows = []
    for model in models:
        for row in db.session.scalars(db.select(model).order_by(model.id)):
            rows.append((model.__name__, row.id, getattr(row, "version_id", None)))
    return rows


@pytest.fixture
def anker(world, login_as):
    """Het Anker with an approved module, a beslissing and a running schakeling."""
    sync_catalogue()
    approve(world.anker, "CB-LAAG")
    decided = beslissing(world.anker_dossier, date(2026, 1, 5), date(2026, 7, 5))
    decided.modules = [module("CB-LAAG")]
    running = schakeling(decided, date(2026, 1, 10))
    running.modules = [module("CB-LAAG")]
    factories.dossier(world.anker)  # without traject: "Toevoegen Jeugdhulpbeslissing" opens
    db.session.commit()
    return login_as(world.pieter, world.anker), world.anker_dossier, decided, running


def post(client, path: str, data: dict, headers=None):
    return client.post(path, data={"csrf_token": csrf_token(client, path), **data}, headers=headers)


@JUNK_SETTINGS
@given(
    begindatum=NOT_A_DATE,
    einddatum=TEXT,
    modules=st.lists(ID_JUNK, max_size=3),
    via=TEXT,
    htmx=st.booleans(),
)
def test_s1_junk_on_the_beslissing_forms(anker, begindatum, einddatum, modules, via, htmx):
    client, dossier, decided, _running = anker
    before, logged = snapshot(Beslissing, Schakeling), activity()
    data = {"begindatum": begindatum, "einddatum": einddatum, "modules": modules}
    data |= {"via_toegangspoort": via, "version_id": str(decided.version_id)}
    empty = db.session.scalars(
        db.select(Dossier).where(
            Dossier.organisation_id == dossier.organisation_id, Dossier.id != dossier.id
        )
    ).one()
    for path in (
        f"/dossiers/{empty.id}/beslissingen/nieuw",
        f"/dossiers/{dossier.id}/beslissingen/{decided.id}/wijzigen",
    ):
        response = post(client, path, data, HX if htmx else {})
        assert response.status_code == 422, path
        assert "Vul een bestaande datum in als dd/mm/jjjj." in body(response)
        assert SCRIPT not in body(response)
    assert (snapshot(Beslissing, Schakeling), activity()) == (before, logged)


@JUNK_SETTINGS
@given(
    begindatum=NOT_A_DATE,
    einddatum=TEXT,
    modules=st.lists(ID_JUNK, max_size=3),
    flags=st.tuples(TEXT, TEXT, TEXT),
    htmx=st.booleans(),
)
def test_s2_junk_on_the_schakeling_forms(anker, begindatum, einddatum, modules, flags, htmx):
    client, dossier, decided, running = anker
    before, logged = snapshot(Beslissing, Schakeling), activity()
    verzekerd, zwaartepunt, bevestigd = flags
    data = {"begindatum": begindatum, "einddatum": einddatum, "modules": modules}
    data |= {"verzekerd_aanbod": verzekerd, "zwaartepunt_andere_sector": zwaartepunt}
    data |= {"bevestigd": bevestigd, "version_id": str(running.version_id)}
    edit = f"/dossiers/{dossier.id}/schakelingen/{running.id}/wijzigen"
    response = post(client, edit, data, HX if htmx else {})
    assert response.status_code == 422
    assert "Vul een bestaande datum in als dd/mm/jjjj." in body(response)
    # A new one first asks to close the running one: junk as its end date.
    close_previous = f"/dossiers/{dossier.id}/schakelingen/afsluiten-vorige"
    closing = post(
        client,
        close_previous + f"?beslissing_id={decided.id}",
        {"einddatum": begindatum, "version_id": str(running.version_id)},
        HX if htmx else {},
    )
    assert closing.status_code == 422
    assert "Vul een bestaande datum in als dd/mm/jjjj." in body(closing)
    assert (snapshot(Beslissing, Schakeling), activity()) == (before, logged)


@pytest.fixture
def ended(world, login_as):
    """Jan's Brug dossier with a traject that ended ten days ago (it can be closed)."""
    today = app_today()
    decided = beslissing(world.brug_dossier, today - timedelta(days=200), today - timedelta(10))
    schakeling(decided, today - timedelta(days=190), today - timedelta(days=10))
    world.brug_dossier.aanmelding.time_out = True  # D-10: no registrations needed
    db.session.commit()
    return login_as(world.jan, world.brug), world.brug_dossier


@JUNK_SETTINGS
@given(version=VERSION_JUNK, toelichting=TEXT)
def test_d10_d11_junk_on_close_and_reopen(ended, world, version, toelichting):
    client, dossier = ended
    before, logged = snapshot(Dossier, ReopenRequest), activity()
    response = post(client, f"/dossiers/{dossier.id}/afsluiten", {"version_id": version})
    assert response.status_code == 409
    assert "De gevraagde actie kon niet uitgevoerd worden." in body(response)
    response = post(
        client,
        f"/dossiers/{dossier.id}/heropenen",
        {"version_id": version, "toelichting": toelichting},
    )
    assert response.status_code == 409
    assert "Het dossier is niet afgesloten." in body(response)
    assert (snapshot(Dossier, ReopenRequest), activity()) == (before, logged)


@pytest.fixture
def pending(world, login_as):
    """A reopen request of the Brug for a dossier closed more than a year ago."""
    today = app_today()
    dossier = world.brug_dossier
    decided = beslissing(dossier, today - timedelta(days=600), today - timedelta(days=400))
    schakeling(decided, today - timedelta(days=590), today - timedelta(days=400))
    dossier.status, dossier.closed_at = "closed", today - timedelta(days=390)
    db.session.add(
        ReopenRequest(
            dossier_id=dossier.id, organisation_id=world.brug.id, requested_by_id=world.jan.id
        )
    )
    db.session.commit()
    return login_as(world.ann, world.agency), db.session.scalars(db.select(ReopenRequest)).one()


@JUNK_SETTINGS
@given(version=VERSION_JUNK, opmerking=TEXT, besluit=st.sampled_from(["goedkeuren", "afkeuren"]))
def test_d12_junk_on_the_agency_decision(pending, version, opmerking, besluit):
    client, reopen_request = pending
    before, logged = snapshot(Dossier, ReopenRequest), activity()
    path = f"/agentschap/heropeningen/{reopen_request.id}/{besluit}"
    response = client.post(
        path,
        data={
            "csrf_token": csrf_token(client, "/agentschap/heropeningen"),
            "version_id": version,
            "opmerking": opmerking,
        },
    )
    assert response.status_code == 409
    assert "al behandeld door een andere dossierbehandelaar" in body(response)
    assert (snapshot(Dossier, ReopenRequest), activity()) == (before, logged)


@JUNK_SETTINGS
@given(chosen=st.lists(ID_JUNK, max_size=4))
def test_d7_junk_on_the_transfer_form(world, login_as, chosen):
    colleague_dossier = factories.dossier(world.brug)
    colleague_dossier.created_by_id = world.sofie.id
    db.session.commit()
    client = login_as(world.jan, world.brug)
    before, logged = snapshot(Dossier), activity()
    # A dossier's id, even as "007", is a real choice, not junk. Hypothesis runs every example
    # in the same world, so the colleague's dossiers of earlier examples are still open too.
    dossier_ids = set(db.session.scalars(db.select(Dossier.id)))
    junk = [v for v in chosen if not (v.isdigit() and int(v) in dossier_ids)]
    response = post(client, f"/dossiers/overdragen?van={world.sofie.id}", {"dossier_id": junk})
    assert response.status_code == 422
    assert "Selecteer minstens één dossier om over te dragen." in body(response)
    assert (snapshot(Dossier), activity()) == (before, logged)


@JUNK_SETTINGS
@given(number=TEXT, role=TEXT.filter(lambda s: s.strip() not in ROLES), htmx=st.booleans())
def test_a3_junk_on_the_grant_form(world, login_as, number, role, htmx):
    client = login_as(world.tom, world.brug)
    before, logged = snapshot(Membership), activity()
    response = post(
        client, "/beheer/gebruikers", {"national_number": number, "role": role}, HX if htmx else {}
    )
    assert response.status_code == 422
    messages = ("rijksregisternummer", "Kies een", "ongeldige tekens", "Vul een")
    assert any(message in body(response) for message in messages)
    assert (snapshot(Membership), activity()) == (before, logged)
