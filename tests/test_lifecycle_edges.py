"""D-12 for an agency person with only one of the two agency roles (A-3), and a stale
"Afsluiten dossier" confirmation (D-13)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from binc_web.extensions import db
from binc_web.models import ReopenRequest
from binc_web.templating import today
from tests import factories
from tests.conftest import csrf_token, pinned_to
from tests.test_lifecycle import VERSION, close_directly, confirm, finished_traject, fresh

TODAY = today()


@pytest.fixture(autouse=True)
def _on_today():
    """Every test here runs on TODAY, the app's date (see conftest.pinned_to)."""
    with pinned_to(TODAY):
        yield


@pytest.fixture
def old_request(login_as, world):
    """A dossier closed more than a year ago with a pending reopen request."""
    finished_traject(world.brug_dossier, ended=TODAY - timedelta(days=400))
    close_directly(world.brug_dossier, TODAY - timedelta(days=390))
    jan = login_as(world.jan, world.brug)
    path = f"/dossiers/{world.brug_dossier.id}/heropenen"
    assert confirm(jan, path, {"toelichting": "Dubbel dossier"}).status_code == 303
    return db.session.scalars(db.select(ReopenRequest)).one()


def test_a3_d12_a_beleidsmedewerker_alone_cannot_decide_reopen_requests(
    login_as, world, old_request
):
    """Deciding is the dossierbehandelaar's; a beleidsmedewerker of the agency gets the same
    answer as anyone else (404: these pages do not exist for them), and nothing changes."""
    policy = factories.person("68120105457", "Bea", "Beleid")
    factories.grant(policy, world.agency, "beleidsmedewerker")
    db.session.commit()
    client = login_as(policy, world.agency)
    assert client.get("/agentschap/heropeningen").status_code == 404
    for besluit in ("goedkeuren", "afkeuren"):
        response = client.post(
            f"/agentschap/heropeningen/{old_request.id}/{besluit}",
            data={"csrf_token": csrf_token(client), "version_id": str(old_request.version_id)},
        )
        assert response.status_code == 404
    db.session.refresh(old_request)
    assert (old_request.status, old_request.decided_by_id) == ("aangevraagd", None)
    assert fresh(world.brug_dossier).status == "closed"


def test_a3_d12_a_dossierbehandelaar_alone_can_decide(login_as, world, old_request):
    handler = factories.person("68120105457", "Dirk", "Behandelaar")
    factories.grant(handler, world.agency, "dossierbehandelaar")
    db.session.commit()
    client = login_as(handler, world.agency)
    listing = client.get("/agentschap/heropeningen").get_data(as_text=True)
    response = client.post(
        f"/agentschap/heropeningen/{old_request.id}/goedkeuren",
        data={
            "csrf_token": csrf_token(client, "/agentschap/heropeningen"),
            "version_id": re.search(r'name="version_id" value="(\d+)"', listing)[1],
        },
    )
    assert response.status_code == 303
    assert fresh(world.brug_dossier).status == "open"


def test_d13_a_stale_close_confirmation_is_refused(login_as, world):
    """The confirmation was shown, then another tab changed the dossier: refused with the
    manual's message, the dossier stays open."""
    finished_traject(world.brug_dossier)
    jan = login_as(world.jan, world.brug)
    path = f"/dossiers/{world.brug_dossier.id}/afsluiten"
    shown = VERSION.search(jan.get(path).get_data(as_text=True))[1]
    dossier = fresh(world.brug_dossier)
    dossier.assigned_to_id = world.sofie.id  # any change bumps the dossier's version
    db.session.commit()
    late = jan.post(path, data={"csrf_token": csrf_token(jan, path), "version_id": shown})
    assert late.status_code == 409
    assert "De gevraagde actie kon niet uitgevoerd worden." in late.get_data(as_text=True)
    assert fresh(world.brug_dossier).status == "open"
