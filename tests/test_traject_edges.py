"""The less-travelled branches of S-5, D-10 and D-13 on the traject, and scoping inside one
organisation: what a one-line change of the rules or views would break unnoticed."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError

from binc_web.catalogue import sync_catalogue
from binc_web.extensions import db
from binc_web.models import Beslissing, Dossier, ModuleApproval, Schakeling
from tests import factories
from tests.factories_overview import beslissing, schakeling
from tests.test_traject import (
    HX,
    add_beslissing,
    add_schakeling,
    approve,
    body,
    module,
    post,
    schakelingen,
)

VERSION = re.compile(r'name="version_id" type="hidden" value="(\d+)"')

# The manual's wording (chapter 10), written out here rather than taken from the code.
NOT_MOST_RECENT_MANUAL = (
    "De schakeling is niet de meest recente schakeling in het dossier en kan niet gewijzigd "
    "worden. Wellicht is er ondertussen een nieuwe schakeling aangemaakt."
)
OPEN_EXISTS_MANUAL = (
    "Intussen werd een schakeling zonder einddatum aan het dossier toegevoegd. Gelieve deze eerst "
    "af te sluiten alvorens een nieuwe schakeling toe te voegen."
)
STALE_MANUAL = "De gevraagde actie kon niet uitgevoerd worden."


def version_of(client, path: str) -> str:
    return VERSION.search(body(client.get(path, headers=HX)))[1]


def with_modules(item, *codes: str):
    item.modules = [module(code) for code in codes]
    return item


@pytest.fixture
def modules(world):
    """Het Anker may use contextbegeleiding (as in test_traject)."""
    sync_catalogue()
    approve(world.anker, "CB-LAAG", "DAG-GROEP")
    return world


@pytest.fixture
def two_in_a_row(login_as, modules):
    """Het Anker's dossier: one beslissing, an ended schakeling and the running one after it."""
    client = login_as(modules.pieter, modules.anker)
    dossier = modules.anker_dossier
    first = add_beslissing(client, dossier)
    add_schakeling(client, dossier, first, "10/01/2026", "01/03/2026")
    add_schakeling(client, dossier, first, "01/03/2026")
    older, newer = schakelingen(dossier)
    return client, dossier, first, older, newer


# --- S-5: only the most recent schakeling ---


def test_s5_an_older_schakeling_cannot_be_deleted(two_in_a_row):
    client, dossier, _first, older, newer = two_in_a_row
    path = f"/dossiers/{dossier.id}/schakelingen/{older.id}/verwijderen"
    asked = client.get(path, headers=HX)
    assert asked.status_code == 422 and NOT_MOST_RECENT_MANUAL in body(asked)
    refused = post(client, path, {"version_id": str(older.version_id)}, HX)
    assert refused.status_code == 422 and NOT_MOST_RECENT_MANUAL in body(refused)
    assert [s.id for s in schakelingen(dossier)] == [older.id, newer.id]


def test_s5_an_older_schakeling_cannot_be_changed_by_a_post(two_in_a_row):
    client, dossier, _first, older, _newer = two_in_a_row
    path = f"/dossiers/{dossier.id}/schakelingen/{older.id}/wijzigen"
    data = {
        "begindatum": "10/01/2026",
        "einddatum": "15/02/2026",
        "modules": str(module("CB-LAAG").id),
        "version_id": str(older.version_id),
    }
    refused = post(client, path, data, HX)
    assert refused.status_code == 422 and NOT_MOST_RECENT_MANUAL in body(refused)
    assert schakelingen(dossier)[0].einddatum == date(2026, 3, 1)


def test_s5_with_the_same_start_date_the_one_created_last_is_the_most_recent(login_as, modules):
    dossier = modules.anker_dossier
    decided = beslissing(dossier, date(2026, 1, 5), date(2026, 7, 5))
    one_day = with_modules(schakeling(decided, date(2026, 3, 1), date(2026, 3, 1)), "CB-LAAG")
    later = with_modules(schakeling(decided, date(2026, 3, 1)), "CB-LAAG")
    db.session.commit()
    client = login_as(modules.pieter, modules.anker)
    base = f"/dossiers/{dossier.id}/schakelingen"
    refused = client.get(f"{base}/{one_day.id}/verwijderen", headers=HX)
    assert refused.status_code == 422 and NOT_MOST_RECENT_MANUAL in body(refused)
    assert client.get(f"{base}/{later.id}/wijzigen", headers=HX).status_code == 200


def test_s5_the_most_recent_is_the_latest_start_even_when_created_earlier(login_as, modules):
    """The manual lists the most recent on top: by start date, not by when it was typed in."""
    dossier = modules.anker_dossier
    decided = beslissing(dossier, date(2026, 1, 5), date(2026, 7, 5))
    running = with_modules(schakeling(decided, date(2026, 3, 1)), "CB-LAAG")
    typed_later = with_modules(schakeling(decided, date(2026, 1, 10), date(2026, 2, 1)), "CB-LAAG")
    db.session.commit()
    client = login_as(modules.pieter, modules.anker)
    base = f"/dossiers/{dossier.id}/schakelingen"
    refused = client.get(f"{base}/{typed_later.id}/wijzigen", headers=HX)
    assert refused.status_code == 422 and NOT_MOST_RECENT_MANUAL in body(refused)
    assert client.get(f"{base}/{running.id}/wijzigen", headers=HX).status_code == 200


def test_s5_no_schakeling_slips_in_before_the_running_one(two_in_a_row):
    """A form opened before the running schakeling was added (another tab) posts an earlier,
    ended schakeling: refused with the manual's message, as for a second open one."""
    client, dossier, first, older, newer = two_in_a_row
    response = add_schakeling(client, dossier, first, "05/01/2026", "09/01/2026")
    assert response.status_code == 422
    assert OPEN_EXISTS_MANUAL in body(response)
    assert [s.id for s in schakelingen(dossier)] == [older.id, newer.id]


def test_s5_the_database_refuses_a_second_open_schakeling(modules):
    """The guarantee behind the rule, on both databases: a unique partial index."""
    dossier = modules.anker_dossier
    decided = beslissing(dossier, date(2026, 1, 5), date(2026, 7, 5))
    schakeling(decided, date(2026, 1, 10))
    db.session.commit()
    with pytest.raises(IntegrityError):
        schakeling(decided, date(2026, 2, 1))
    db.session.rollback()
    # Ended ones are not limited, and another dossier has its own open schakeling.
    schakeling(decided, date(2026, 2, 1), date(2026, 3, 1))
    other = beslissing(factories.dossier(modules.anker), date(2026, 1, 5), date(2026, 7, 5))
    schakeling(other, date(2026, 1, 10))
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count()).select_from(Schakeling)) == 3


# --- D-10: a closed dossier through the view ---


@pytest.fixture
def closed_on_june_30(login_as, modules):
    dossier = modules.anker_dossier
    decided = beslissing(dossier, date(2026, 1, 5), date(2026, 6, 30))
    with_modules(schakeling(decided, date(2026, 1, 10), date(2026, 6, 30)), "CB-LAAG")
    dossier.status, dossier.closed_at = "closed", date(2026, 6, 30)
    db.session.commit()
    return login_as(modules.pieter, modules.anker), dossier


def beslissingen_of(dossier: Dossier) -> list[Beslissing]:
    db.session.expire_all()
    return db.session.scalars(
        db.select(Beslissing).where(Beslissing.dossier_id == dossier.id).order_by(Beslissing.id)
    ).all()


def test_d10_a_closed_dossier_refuses_a_beslissing_starting_after_closing(closed_on_june_30):
    client, dossier = closed_on_june_30
    response = post(
        client,
        f"/dossiers/{dossier.id}/beslissingen/nieuw",
        {"begindatum": "01/07/2026", "einddatum": "31/12/2026", "modules": module("CB-LAAG").id},
        HX,
    )
    assert response.status_code == 422
    assert (
        "Het dossier werd afgesloten op 30/06/2026: een nieuwe beslissing kan niet later "
        "beginnen." in body(response)
    )
    assert len(beslissingen_of(dossier)) == 1


def test_d10_a_beslissing_may_start_on_the_closing_day_itself(closed_on_june_30):
    client, dossier = closed_on_june_30
    response = post(
        client,
        f"/dossiers/{dossier.id}/beslissingen/nieuw",
        {"begindatum": "30/06/2026", "einddatum": "31/12/2026", "modules": module("CB-LAAG").id},
        HX,
    )
    assert response.status_code == 200, body(response)
    assert [b.begindatum for b in beslissingen_of(dossier)][-1] == date(2026, 6, 30)


# --- D-13: stale confirmations ---


def test_d13_a_stale_delete_beslissing_confirmation_is_refused(login_as, modules):
    client = login_as(modules.pieter, modules.anker)
    dossier = modules.anker_dossier
    empty = add_beslissing(client, dossier)
    path = f"/dossiers/{dossier.id}/beslissingen/{empty.id}/verwijderen"
    stale_version = version_of(client, path)
    # Another tab changes the beslissing after this confirmation was shown.
    edit = f"/dossiers/{dossier.id}/beslissingen/{empty.id}/wijzigen"
    changed = {
        "begindatum": "05/01/2026",
        "einddatum": "05/09/2026",
        "modules": str(module("CB-LAAG").id),
        "version_id": version_of(client, edit),
    }
    assert post(client, edit, changed, HX).status_code == 200
    refused = post(client, path, {"version_id": stale_version}, HX)
    assert refused.status_code == 409 and STALE_MANUAL in body(refused)
    [kept] = beslissingen_of(dossier)
    assert kept.einddatum == date(2026, 9, 5)


def test_d13_a_stale_delete_schakeling_confirmation_is_refused(two_in_a_row):
    client, dossier, _first, _older, newer = two_in_a_row
    path = f"/dossiers/{dossier.id}/schakelingen/{newer.id}/verwijderen"
    stale_version = version_of(client, path)
    edit = f"/dossiers/{dossier.id}/schakelingen/{newer.id}/wijzigen"
    changed = {
        "begindatum": "01/03/2026",
        "einddatum": "01/05/2026",
        "modules": str(module("CB-LAAG").id),
        "version_id": version_of(client, edit),
    }
    assert post(client, edit, changed, HX).status_code == 200
    refused = post(client, path, {"version_id": stale_version}, HX)
    assert refused.status_code == 409 and STALE_MANUAL in body(refused)
    assert schakelingen(dossier)[-1].einddatum == date(2026, 5, 1)


# --- A-4 inside one organisation: ids of another dossier of the same organisation ---


def _traject_of_another_dossier(modules):
    """A second Anker dossier with a beslissing and its (most recent) schakeling."""
    other = factories.dossier(modules.anker)
    decided = with_modules(beslissing(other, date(2026, 1, 5), date(2026, 7, 5)), "CB-LAAG")
    running = with_modules(schakeling(decided, date(2026, 1, 10)), "CB-LAAG")
    db.session.commit()
    return decided, running


ROUTES_WITH_TRAJECT_IDS = {
    "dossiers.edit_beslissing": "beslissingen/{b}/wijzigen",
    "dossiers.delete_beslissing": "beslissingen/{b}/verwijderen",
    "dossiers.new_schakeling": "beslissingen/{b}/schakelingen/nieuw",
    "dossiers.edit_schakeling": "schakelingen/{s}/wijzigen",
    "dossiers.delete_schakeling": "schakelingen/{s}/verwijderen",
}


def test_a4_every_route_with_a_traject_id_is_listed_here(app):
    """A new route taking a beslissing or schakeling id must join the scoping test below."""
    found = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if {"beslissing_id", "schakeling_id"} & set(rule.arguments)
    }
    assert found == set(ROUTES_WITH_TRAJECT_IDS)


@pytest.mark.parametrize("endpoint", sorted(ROUTES_WITH_TRAJECT_IDS))
def test_a4_a_traject_id_of_another_dossier_of_the_organisation_is_404(login_as, modules, endpoint):
    decided, running = _traject_of_another_dossier(modules)
    client = login_as(modules.pieter, modules.anker)
    dossier = modules.anker_dossier
    tail = ROUTES_WITH_TRAJECT_IDS[endpoint].format(b=decided.id, s=running.id)
    path = f"/dossiers/{dossier.id}/{tail}"
    before = (len(schakelingen(decided.dossier)), running.version_id, decided.version_id)
    assert client.get(path, headers=HX).status_code == 404
    assert client.get(path).status_code == 404
    data = {
        "begindatum": "10/01/2026",
        "einddatum": "01/02/2026",
        "modules": str(module("CB-LAAG").id),
        "version_id": "1",
    }
    assert post(client, path, data, HX).status_code == 404
    db.session.expire_all()
    assert db.session.get(Beslissing, decided.id).version_id == before[2]
    assert db.session.get(Schakeling, running.id).version_id == before[1]
    assert len(schakelingen(decided.dossier)) == before[0]
    assert schakelingen(dossier) == []


# --- S-2: every change of the modules actually deployed is a new schakeling (FAQ) ---


def test_s2_changing_the_modules_of_a_schakeling_is_refused_and_a_new_one_offered(two_in_a_row):
    client, dossier, first, _older, newer = two_in_a_row
    path = f"/dossiers/{dossier.id}/schakelingen/{newer.id}/wijzigen"
    data = {
        "begindatum": "01/03/2026",
        "einddatum": "",
        "modules": [str(module("CB-LAAG").id), str(module("DAG-GROEP").id)],
        "version_id": version_of(client, path),
    }
    refused = post(client, path, data, HX)
    assert refused.status_code == 422
    page = body(refused)
    assert "Elke wijziging in de effectief ingezette modules is een nieuwe schakeling." in page
    offer = re.search(r'<a href="([^"]+)"[^>]*>Toevoegen schakeling</a>', page)
    assert offer, page
    db.session.expire_all()
    assert [m.code for m in db.session.get(Schakeling, newer.id).modules] == ["CB-LAAG"]
    # The offer first asks to close the running schakeling, then opens "Toevoegen Verlenging"
    # with the new modules ticked.
    link = offer.group(1).replace("&amp;", "&")
    closing = body(client.get(link, headers=HX))
    assert "Afsluiten vorig hulpaanbod (schakeling)" in closing
    action = re.search(r'hx-post="([^"]+)"', closing).group(1).replace("&amp;", "&")
    closed = post(
        client, action, {"einddatum": "01/04/2026", "version_id": VERSION.search(closing)[1]}, HX
    )
    assert closed.status_code == 303
    form = body(client.get(closed.headers["Location"], headers=HX))
    assert "Toevoegen Verlenging" in form and 'value="01/04/2026"' in form
    for code in ("CB-LAAG", "DAG-GROEP"):
        assert f'value="{module(code).id}" checked' in form
    assert f"/beslissingen/{first.id}/schakelingen/nieuw" in closed.headers["Location"]


def test_s2_the_same_modules_in_another_order_are_no_change(two_in_a_row):
    client, dossier, _first, _older, newer = two_in_a_row
    path = f"/dossiers/{dossier.id}/schakelingen/{newer.id}/wijzigen"
    data = {
        "begindatum": "01/03/2026",
        "einddatum": "01/05/2026",
        "modules": [str(module("CB-LAAG").id)] * 2,
        "version_id": version_of(client, path),
    }
    assert post(client, path, data).status_code == 303
    assert schakelingen(dossier)[-1].einddatum == date(2026, 5, 1)


# --- M-2: a beslissing takes only modules approved and active on its begindatum ---


def offered(page: str) -> list[str]:
    """The module check boxes of a form, in the order shown (their labels)."""
    return re.findall(
        r'<input type="checkbox" name="modules" value="\d+"[^>]*> ([^<]+)</label>', page
    )


@pytest.fixture
def approvals(login_as, world):
    """Het Anker: CB-LAAG approved from 05/01/2026 to 31/03/2026, DAG-GROEP in two periods
    (the second from 01/01/2026), VB-BEVEILIGD since 2020 (after the others in the catalogue,
    first by name); VB-LAAG only for another organisation (De Brug)."""
    sync_catalogue()
    for code, since, until in [
        ("CB-LAAG", date(2026, 1, 5), date(2026, 3, 31)),
        ("DAG-GROEP", date(2020, 1, 1), date(2025, 12, 31)),
        ("DAG-GROEP", date(2026, 1, 1), None),
        ("VB-BEVEILIGD", date(2020, 1, 1), None),
    ]:
        db.session.add(
            ModuleApproval(
                organisation_id=world.anker.id,
                type_module_id=module(code).id,
                valid_from=since,
                valid_until=until,
            )
        )
    approve(world.brug, "VB-LAAG")
    return login_as(world.pieter, world.anker), world.anker_dossier


def new_beslissing_with(client, dossier, begindatum: str, *codes: str):
    data = {
        "begindatum": begindatum,
        "einddatum": "30/06/2026",
        "modules": [str(module(code).id) for code in codes],
    }
    return post(client, f"/dossiers/{dossier.id}/beslissingen/nieuw", data, HX)


@pytest.mark.parametrize(
    ("begindatum", "accepted"),
    [("04/01/2026", False), ("05/01/2026", True), ("31/03/2026", True), ("01/04/2026", False)],
)
def test_m2_a_module_is_accepted_from_the_first_to_the_last_day_of_its_approval(
    approvals, begindatum, accepted
):
    client, dossier = approvals
    response = new_beslissing_with(client, dossier, begindatum, "CB-LAAG")
    assert response.status_code == (200 if accepted else 422), body(response)
    assert ("goedgekeurd en actief" in body(response)) is not accepted
    assert len(beslissingen_of(dossier)) == (1 if accepted else 0)


def test_m2_another_organisations_approval_does_not_count(approvals):
    client, dossier = approvals
    response = new_beslissing_with(client, dossier, "05/01/2026", "VB-LAAG")
    assert response.status_code == 422
    assert "goedgekeurd en actief" in body(response)
    assert beslissingen_of(dossier) == []


def test_m2_the_form_offers_each_approved_module_once_by_name(approvals):
    """Refused for a missing einddatum, the form offers what is approved on its begindatum:
    each module once (DAG-GROEP has two approvals), in alphabetical order, and not what only
    another organisation may use."""
    client, dossier = approvals
    data = {"begindatum": "05/01/2026", "einddatum": "", "modules": []}
    response = post(client, f"/dossiers/{dossier.id}/beslissingen/nieuw", data, HX)
    assert response.status_code == 422
    assert [label.split(" (")[0] for label in offered(body(response))] == [
        "Beveiligend verblijf",
        "Contextbegeleiding laagintensief",
        "Dagbegeleiding in groep",
    ]
    data["begindatum"] = "01/04/2026"
    later = post(client, f"/dossiers/{dossier.id}/beslissingen/nieuw", data, HX)
    assert [label.split(" (")[0] for label in offered(body(later))] == [
        "Beveiligend verblijf",
        "Dagbegeleiding in groep",
    ]


# --- S-3/D-13: "Afsluiten vorig hulpaanbod (schakeling)" refused and shown again ---


def close_previous_panel(client, dossier, decided, carried=()) -> tuple[str, str]:
    """The panel a new schakeling under ``decided`` opens first (with an S-2 offer's modules):
    its form's action and version."""
    query = "".join(f"&modules={module(code).id}" for code in carried).replace("&", "?", 1)
    path = f"/dossiers/{dossier.id}/beslissingen/{decided.id}/schakelingen/nieuw{query}"
    panel = body(client.get(path, headers=HX))
    action = re.search(r'<form method="post" action="([^"]+)"', panel)[1].replace("&amp;", "&")
    return action, VERSION.search(panel)[1]


def changed_by_a_colleague(client, dossier, running) -> None:
    """Another tab changes the running schakeling (its version goes up)."""
    path = f"/dossiers/{dossier.id}/schakelingen/{running.id}/wijzigen"
    data = {"begindatum": "02/03/2026", "modules": str(module("CB-LAAG").id)}
    assert (
        post(client, path, data | {"version_id": version_of(client, path)}, HX).status_code == 200
    )


def test_d13_a_stale_close_previous_form_is_shown_again_with_the_stored_version(two_in_a_row):
    """Refused as stale, the panel carries the version stored now: a second "Opslaan en
    verder" saves without a reload, and goes on to the schakeling that was asked for."""
    client, dossier, first, _older, newer = two_in_a_row
    action, version = close_previous_panel(client, dossier, first)
    changed_by_a_colleague(client, dossier, newer)
    late = post(client, action, {"einddatum": "01/04/2026", "version_id": version}, HX)
    assert late.status_code == 409
    assert STALE_MANUAL in body(late)
    assert schakelingen(dossier)[-1].einddatum is None
    again = post(
        client, action, {"einddatum": "01/04/2026", "version_id": VERSION.search(body(late))[1]}, HX
    )
    assert again.status_code == 303
    assert f"/beslissingen/{first.id}/schakelingen/nieuw" in again.headers["Location"]
    assert schakelingen(dossier)[-1].einddatum == date(2026, 4, 1)


def test_d13_a_refused_end_date_keeps_the_version_the_form_was_shown_with(two_in_a_row):
    """A form refused for its date must not turn a stale form into a fresh one: corrected,
    it is still refused as stale, and nothing a colleague saved is overwritten."""
    client, dossier, first, _older, newer = two_in_a_row
    action, version = close_previous_panel(client, dossier, first)
    changed_by_a_colleague(client, dossier, newer)
    wrong = post(client, action, {"einddatum": "31/02/2026", "version_id": version}, HX)
    assert wrong.status_code == 422
    assert VERSION.search(body(wrong))[1] == version
    late = post(client, action, {"einddatum": "01/04/2026", "version_id": version}, HX)
    assert late.status_code == 409
    assert schakelingen(dossier)[-1].einddatum is None


def test_s3_a_refused_end_date_keeps_where_the_user_was_going(two_in_a_row):
    """Refused for its date, the panel still goes on to the new schakeling under the same
    beslissing, with the modules an S-2 offer carried, once a valid date is given."""
    client, dossier, first, _older, _newer = two_in_a_row
    action, version = close_previous_panel(client, dossier, first, carried=["DAG-GROEP"])
    wrong = post(client, action, {"einddatum": "", "version_id": version}, HX)
    assert wrong.status_code == 422
    page = body(wrong)
    assert "Vul de einddatum van de vorige schakeling in." in page
    assert "daarna gaat u verder met de nieuwe schakeling" in page
    retry = re.search(r'<form method="post" action="([^"]+)"', page)[1].replace("&amp;", "&")
    assert retry == action
    done = post(client, retry, {"einddatum": "01/04/2026", "version_id": version}, HX)
    assert done.status_code == 303
    form = body(client.get(done.headers["Location"], headers=HX))
    assert f'value="{module("DAG-GROEP").id}" checked' in form


# --- S-3/S-5: the traject as "Raadplegen Dossier" lists it ---


def test_s3_beslissingen_are_listed_most_recent_first_and_only_the_latest_schakeling_has_actions(
    login_as, modules
):
    """The most recent beslissing on top: by begindatum, the one created last first on the same
    day (not by creation alone). Only the most recent schakeling (S-5) offers "Wijzigen" and
    "Verwijderen", also when an older one was typed in later."""
    dossier = modules.anker_dossier
    march = beslissing(dossier, date(2026, 3, 1), date(2026, 8, 31))
    january = beslissing(dossier, date(2026, 1, 5), date(2026, 7, 5))
    march_too = beslissing(dossier, date(2026, 3, 1), date(2026, 12, 31))
    running = with_modules(schakeling(january, date(2026, 3, 1)), "CB-LAAG")
    earlier = with_modules(schakeling(march, date(2026, 1, 10), date(2026, 2, 28)), "CB-LAAG")
    db.session.commit()
    client = login_as(modules.pieter, modules.anker)
    page = body(client.get(f"/dossiers/{dossier.id}"))
    shown = [int(id_) for id_ in re.findall(r'<h3 id="beslissing-(\d+)"', page)]
    assert shown == [march_too.id, march.id, january.id]
    base = f"/dossiers/{dossier.id}/schakelingen"
    assert f"{base}/{running.id}/wijzigen" in page and f"{base}/{running.id}/verwijderen" in page
    assert f"{base}/{earlier.id}/wijzigen" not in page
    assert f"{base}/{earlier.id}/verwijderen" not in page


# --- S-1: what a new beslissing proposes ---


def test_s1_a_new_beslissing_starts_where_the_latest_ending_one_ends(login_as, modules):
    """The proposal continues the beslissing that ends last, not the one that starts last (the
    one on top of the list)."""
    dossier = modules.anker_dossier
    beslissing(dossier, date(2026, 3, 1), date(2026, 4, 30))
    beslissing(dossier, date(2026, 1, 5), date(2026, 12, 31))
    beslissing(dossier, date(2026, 2, 1), date(2026, 6, 30))
    db.session.commit()
    client = login_as(modules.pieter, modules.anker)
    page = body(client.get(f"/dossiers/{dossier.id}/beslissingen/nieuw", headers=HX))
    begindatum = re.search(r'<input[^>]*name="begindatum"[^>]*>', page)[0]
    assert 'value="31/12/2026"' in begindatum


def test_d13_a_close_previous_form_without_version_is_shown_again_with_the_stored_one(
    two_in_a_row,
):
    """A posted form without its version (an old page, or junk) is refused and shown again
    with the version stored now, so the user can go on from what they see."""
    client, dossier, first, _older, newer = two_in_a_row
    action, _version = close_previous_panel(client, dossier, first)
    refused = post(client, action, {"einddatum": ""}, HX)
    assert refused.status_code == 422
    assert VERSION.search(body(refused))[1] == str(newer.version_id)
    assert schakelingen(dossier)[-1].einddatum is None
