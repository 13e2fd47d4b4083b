"""S-1 to S-5 on the dossier page: beslissingen and schakelingen as htmx fragments (and without)."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from binc_web.catalogue import sync_catalogue
from binc_web.extensions import db
from binc_web.models import ActivityEntry, Beslissing, ModuleApproval, Schakeling, TypeModule
from binc_web.rules.concurrency import NOT_MOST_RECENT, OPEN_SCHAKELING_EXISTS, STALE
from binc_web.templating import today
from tests.conftest import csrf_token

HX = {"HX-Request": "true"}


def module(code: str) -> TypeModule:
    return db.session.scalar(db.select(TypeModule).where(TypeModule.code == code))


def approve(organisation, *codes: str, since: date = date(2020, 1, 1)) -> None:
    for code in codes:
        db.session.add(
            ModuleApproval(
                organisation_id=organisation.id, type_module_id=module(code).id, valid_from=since
            )
        )
    db.session.commit()


@pytest.fixture
def modules(world):
    sync_catalogue()
    approve(world.brug, "NAFT")
    approve(world.anker, "CB-LAAG", "DAG-GROEP", "VB-LAAG")
    return world


def post(client, path: str, data: dict, headers=None):
    token = csrf_token(client, path)
    return client.post(path, data={"csrf_token": token, **data}, headers=headers or {})


def beslissingen(dossier) -> list[Beslissing]:
    db.session.expire_all()
    return db.session.scalars(
        db.select(Beslissing).where(Beslissing.dossier_id == dossier.id).order_by(Beslissing.id)
    ).all()


def schakelingen(dossier) -> list[Schakeling]:
    db.session.expire_all()
    return db.session.scalars(
        db.select(Schakeling).where(Schakeling.dossier_id == dossier.id).order_by(Schakeling.id)
    ).all()


def body(response) -> str:
    return response.get_data(as_text=True)


# --- S-1 ---


def test_s1_naft_form_preselects_the_module_and_has_no_nrtj_choice(login_as, modules):
    client = login_as(modules.jan, modules.brug)
    page = body(client.get(f"/dossiers/{modules.brug_dossier.id}/beslissingen/nieuw"))
    assert "Toevoegen Jeugdhulpbeslissing" in page
    assert "Via toegangspoort (NRTJ): nee" in page
    assert f'value="{module("NAFT").id}" checked' in page
    assert 'name="via_toegangspoort"' not in page
    # Empty: saving it empty takes six months from whatever begindatum is chosen.
    assert 'value=""' in re.search(r'<input[^>]*name="einddatum"[^>]*>', page).group(0)


def test_s1_naft_beslissing_defaults_to_six_months_then_opens_start_hulpaanbod(login_as, modules):
    client = login_as(modules.jan, modules.brug)
    dossier = modules.brug_dossier
    response = post(
        client,
        f"/dossiers/{dossier.id}/beslissingen/nieuw",
        {"begindatum": "05/01/2026", "einddatum": "", "modules": str(module("NAFT").id)},
        HX,
    )
    assert response.status_code == 200
    assert "Toevoegen Start Hulpaanbod" in body(response)
    assert "<html" not in body(response)
    [saved] = beslissingen(dossier)
    assert (saved.begindatum, saved.einddatum, saved.via_toegangspoort) == (
        date(2026, 1, 5),
        date(2026, 7, 5),
        False,
    )
    logged = db.session.scalars(
        db.select(ActivityEntry).where(ActivityEntry.action == "beslissing_toegevoegd")
    ).all()
    assert len(logged) == 1 and logged[0].after["einddatum"] == "2026-07-05"


def test_s1_without_htmx_saving_redirects_to_the_schakeling_form(login_as, modules):
    client = login_as(modules.jan, modules.brug)
    dossier = modules.brug_dossier
    response = post(
        client,
        f"/dossiers/{dossier.id}/beslissingen/nieuw",
        {"begindatum": "05/01/2026", "einddatum": "05/07/2026", "modules": str(module("NAFT").id)},
    )
    assert response.status_code == 303
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    assert "<html" in body(page) and "Toevoegen Start Hulpaanbod" in body(page)


@pytest.mark.parametrize(
    ("data", "field_message"),
    [
        ({"begindatum": "31/02/2026"}, "Vul een bestaande datum in als dd/mm/jjjj."),
        ({"begindatum": ""}, "Vul de begindatum in."),
        (
            {"begindatum": "05/07/2026", "einddatum": "05/01/2026"},
            "De einddatum mag niet voor de begindatum liggen.",
        ),
        ({"modules": ""}, "Kies minstens één module."),
        ({"modules": "<script>alert(1)</script>"}, "Kies minstens één module."),
    ],
)
def test_s1_bad_input_is_refused_at_the_field_and_nothing_is_stored(
    login_as, modules, data, field_message
):
    client = login_as(modules.pieter, modules.anker)
    dossier = modules.anker_dossier
    values = {
        "begindatum": "05/01/2026",
        "einddatum": "05/07/2026",
        "modules": str(module("CB-LAAG").id),
    } | data
    response = post(client, f"/dossiers/{dossier.id}/beslissingen/nieuw", values, HX)
    assert response.status_code == 422
    assert field_message in body(response)
    assert beslissingen(dossier) == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("begindatum", "01/10/9999", "De begindatum mag niet na 31/12/"),
        ("einddatum", "01/10/9999", "De einddatum mag niet na 31/12/"),
        ("begindatum", "01/10/0999", "De begindatum mag niet vóór 01/01/1900 liggen."),
        ("begindatum", "00/00/0000", "Vul een bestaande datum in als dd/mm/jjjj."),
        ("begindatum", "31/02/2024", "Vul een bestaande datum in als dd/mm/jjjj."),
    ],
)
def test_s1_s2_dates_outside_their_window_are_refused(login_as, modules, field, value, message):
    """Convention 12: a beslissing, a schakeling and "Afsluiten vorig hulpaanbod" refuse a date
    outside the traject window; nothing is stored."""
    client = login_as(modules.pieter, modules.anker)
    dossier = modules.anker_dossier
    data = {"begindatum": "05/01/2026", "einddatum": "05/07/2026"} | {field: value}
    data["modules"] = str(module("CB-LAAG").id)
    response = post(client, f"/dossiers/{dossier.id}/beslissingen/nieuw", data, HX)
    assert response.status_code == 422
    assert message in body(response)
    assert beslissingen(dossier) == []
    first = add_beslissing(client, dossier)
    response = add_schakeling(client, dossier, first, data["begindatum"], data["einddatum"])
    assert response.status_code == 422
    assert message in body(response)
    assert schakelingen(dossier) == []
    add_schakeling(client, dossier, first, "10/01/2026")
    form = body(client.get(f"/dossiers/{dossier.id}/beslissingen/nieuw", headers=HX))
    version = re.search(r'name="version_id" type="hidden" value="(\d+)"', form).group(1)
    if field == "einddatum":
        response = post(
            client,
            f"/dossiers/{dossier.id}/schakelingen/afsluiten-vorige",
            {"einddatum": value, "version_id": version},
            HX,
        )
        assert response.status_code == 422
        assert message in body(response)
        assert schakelingen(dossier)[0].einddatum is None


def test_s1_modules_not_approved_for_the_organisation_are_refused(login_as, modules):
    client = login_as(modules.pieter, modules.anker)
    dossier = modules.anker_dossier
    response = post(
        client,
        f"/dossiers/{dossier.id}/beslissingen/nieuw",
        {"begindatum": "05/01/2026", "einddatum": "05/07/2026", "modules": module("NAFT").id},
        HX,
    )
    assert response.status_code == 422
    assert "goedgekeurd en actief" in body(response)
    assert beslissingen(dossier) == []


def add_beslissing(client, dossier, start="05/01/2026", end="05/07/2026", code="CB-LAAG", **extra):
    response = post(
        client,
        f"/dossiers/{dossier.id}/beslissingen/nieuw",
        {"begindatum": start, "einddatum": end, "modules": str(module(code).id)} | extra,
        HX,
    )
    assert response.status_code == 200, body(response)
    return beslissingen(dossier)[-1]


def add_schakeling(client, dossier, beslissing, start, end="", codes=("CB-LAAG",), **extra):
    data = {"begindatum": start, "einddatum": end, "modules": [module(c).id for c in codes]}
    return post(
        client,
        f"/dossiers/{dossier.id}/beslissingen/{beslissing.id}/schakelingen/nieuw",
        data | extra,
        HX,
    )


def test_s1_nrtj_beslissing_for_a_jeugdhulp_voorziening(login_as, modules):
    client = login_as(modules.pieter, modules.anker)
    saved = add_beslissing(client, modules.anker_dossier, code="VB-LAAG", via_toegangspoort="y")
    assert saved.kind == "NRTJ"


def test_s1_edit_beslissing_and_stale_edit_is_refused(login_as, modules):
    client = login_as(modules.pieter, modules.anker)
    dossier = modules.anker_dossier
    saved = add_beslissing(client, dossier)
    path = f"/dossiers/{dossier.id}/beslissingen/{saved.id}/wijzigen"
    form = body(client.get(path, headers=HX))
    version = re.search(r'name="version_id" type="hidden" value="(\d+)"', form).group(1)
    data = {
        "begindatum": "05/01/2026",
        "einddatum": "05/08/2026",
        "modules": str(module("CB-LAAG").id),
        "version_id": version,
    }
    assert post(client, path, data, HX).status_code == 200
    assert beslissingen(dossier)[0].einddatum == date(2026, 8, 5)
    # The same form again (another tab, or the back button): refused, nothing overwritten.
    stale = post(client, path, data | {"einddatum": "05/09/2026"}, HX)
    assert stale.status_code == 409
    # In the panel where the user acted, above the form that keeps what they typed.
    panel = body(stale).split('id="traject-panel"')[1].split("</form>")[0]
    assert STALE in panel and panel.index(STALE) < panel.index("<form")
    assert 'value="05/09/2026"' in panel
    assert beslissingen(dossier)[0].einddatum == date(2026, 8, 5)


# --- S-2 / S-3 / S-4 / S-5 ---


def test_s3_first_schakeling_is_start_hulpaanbod_then_verlenging_carries_over(login_as, modules):
    client = login_as(modules.pieter, modules.anker)
    dossier = modules.anker_dossier
    first = add_beslissing(client, dossier)
    response = add_schakeling(client, dossier, first, "10/01/2026", "05/07/2026")
    assert response.status_code == 200, body(response)
    second = add_beslissing(client, dossier, start="05/07/2026", end="05/01/2027")
    form = body(client.get(f"/dossiers/{dossier.id}/beslissingen/{second.id}/schakelingen/nieuw"))
    assert "Toevoegen Verlenging" in form
    assert 'value="05/07/2026"' in form
    assert f'value="{module("CB-LAAG").id}" checked' in form
    response = add_schakeling(client, dossier, second, "05/07/2026")
    assert response.status_code == 200
    kinds = [s.kind for s in schakelingen(dossier)]
    assert kinds == ["start", "verlenging"]


def test_s3_a_new_beslissing_first_asks_to_close_the_open_schakeling(login_as, modules):
    client = login_as(modules.pieter, modules.anker)
    dossier = modules.anker_dossier
    first = add_beslissing(client, dossier)
    add_schakeling(client, dossier, first, "10/01/2026")
    form = body(client.get(f"/dossiers/{dossier.id}/beslissingen/nieuw", headers=HX))
    assert "Afsluiten vorig hulpaanbod (schakeling)" in form
    version = re.search(r'name="version_id" type="hidden" value="(\d+)"', form).group(1)
    response = post(
        client,
        f"/dossiers/{dossier.id}/schakelingen/afsluiten-vorige",
        {"einddatum": "05/07/2026", "version_id": version},
        HX,
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/dossiers/{dossier.id}/beslissingen/nieuw")
    assert schakelingen(dossier)[0].einddatum == date(2026, 7, 5)


def test_s4_dates_outside_the_beslissing_warn_and_can_be_confirmed(login_as, modules):
    client = login_as(modules.pieter, modules.anker)
    dossier = modules.anker_dossier
    first = add_beslissing(client, dossier)
    warned = add_schakeling(client, dossier, first, "01/01/2026", "05/08/2026")
    assert warned.status_code == 200
    assert "begint vóór de beslissing (05/01/2026)" in body(warned)
    assert "eindigt na de beslissing (05/07/2026)" in body(warned)
    assert schakelingen(dossier) == []
    signature = re.search(r'name="bevestigd" type="hidden" value="([^"]+)"', body(warned))
    confirmed = add_schakeling(
        client, dossier, first, "01/01/2026", "05/08/2026", bevestigd=signature.group(1)
    )
    assert confirmed.status_code == 200
    assert len(schakelingen(dossier)) == 1


def test_s4_a_confirmation_covers_only_the_dates_it_was_given_for(login_as, modules):
    client = login_as(modules.pieter, modules.anker)
    dossier = modules.anker_dossier
    first = add_beslissing(client, dossier)
    warned = add_schakeling(client, dossier, first, "01/01/2026", "05/07/2026")
    signature = re.search(r'name="bevestigd" type="hidden" value="([^"]+)"', body(warned))
    other_dates = add_schakeling(
        client, dossier, first, "02/01/2026", "05/07/2026", bevestigd=signature.group(1)
    )
    assert "begint vóór de beslissing" in body(other_dates)
    assert schakelingen(dossier) == []


def test_s4_a_confirmation_covers_only_the_end_date_it_was_given_for(login_as, modules):
    """S-4: confirming a warning confirms these dates; a changed einddatum, which may end the
    schakeling after its beslissing, is checked and warned about again."""
    client = login_as(modules.pieter, modules.anker)
    dossier = modules.anker_dossier
    first = add_beslissing(client, dossier)
    warned = add_schakeling(client, dossier, first, "01/01/2026", "05/07/2026")
    signature = re.search(r'name="bevestigd" type="hidden" value="([^"]+)"', body(warned))
    other_end = add_schakeling(
        client, dossier, first, "01/01/2026", "05/08/2026", bevestigd=signature.group(1)
    )
    assert other_end.status_code == 200
    assert "eindigt na de beslissing (05/07/2026)" in body(other_end)
    assert schakelingen(dossier) == []


def test_s4_a_start_after_the_beslissing_ended_warns_and_can_be_confirmed(login_as, modules):
    client = login_as(modules.pieter, modules.anker)
    dossier = modules.anker_dossier
    first = add_beslissing(client, dossier)
    warned = add_schakeling(client, dossier, first, "01/08/2026")
    assert warned.status_code == 200
    assert "begint na het einde van de beslissing (05/07/2026)" in body(warned)
    assert schakelingen(dossier) == []
    signature = re.search(r'name="bevestigd" type="hidden" value="([^"]+)"', body(warned))
    confirmed = add_schakeling(client, dossier, first, "01/08/2026", bevestigd=signature.group(1))
    assert confirmed.status_code == 200
    assert [s.begindatum for s in schakelingen(dossier)] == [date(2026, 8, 1)]


def test_s5_only_the_most_recent_schakeling_can_be_changed(login_as, modules):
    client = login_as(modules.pieter, modules.anker)
    dossier = modules.anker_dossier
    first = add_beslissing(client, dossier)
    add_schakeling(client, dossier, first, "10/01/2026", "01/03/2026")
    add_schakeling(client, dossier, first, "01/03/2026")
    older, newer = schakelingen(dossier)
    refused = client.get(f"/dossiers/{dossier.id}/schakelingen/{older.id}/wijzigen", headers=HX)
    assert refused.status_code == 422 and NOT_MOST_RECENT in body(refused)
    allowed = client.get(f"/dossiers/{dossier.id}/schakelingen/{newer.id}/wijzigen", headers=HX)
    assert allowed.status_code == 200 and "Wijzigen Verlenging" in body(allowed)


def test_s5_only_one_schakeling_without_end_date(login_as, modules):
    client = login_as(modules.pieter, modules.anker)
    dossier = modules.anker_dossier
    first = add_beslissing(client, dossier)
    add_schakeling(client, dossier, first, "10/01/2026")
    # A form opened before the first was saved (another tab) posts a second open schakeling.
    response = add_schakeling(client, dossier, first, "01/02/2026")
    assert response.status_code == 422
    assert OPEN_SCHAKELING_EXISTS in body(response)
    assert len(schakelingen(dossier)) == 1


def test_s5_a_beslissing_with_schakelingen_cannot_be_deleted(login_as, modules):
    client = login_as(modules.pieter, modules.anker)
    dossier = modules.anker_dossier
    first = add_beslissing(client, dossier)
    add_schakeling(client, dossier, first, "10/01/2026")
    path = f"/dossiers/{dossier.id}/beslissingen/{first.id}/verwijderen"
    response = post(client, path, {"version_id": "1"}, HX)
    assert response.status_code == 422 and "Verwijder eerst" in body(response)
    assert len(beslissingen(dossier)) == 1


def test_s6_dagbegeleiding_in_groep_needs_contextbegeleiding(login_as, modules):
    client = login_as(modules.pieter, modules.anker)
    dossier = modules.anker_dossier
    first = add_beslissing(client, dossier)
    alone = add_schakeling(client, dossier, first, "10/01/2026", codes=("DAG-GROEP",))
    assert alone.status_code == 422
    assert "enkel samen met een module contextbegeleiding" in body(alone)
    together = add_schakeling(client, dossier, first, "10/01/2026", codes=("DAG-GROEP", "CB-LAAG"))
    assert together.status_code == 200
    assert len(schakelingen(dossier)) == 1


# --- S-7 quick actions from the lists ---


def quick_links(page: str) -> list[str]:
    """The S-7 "+" links of the list's rows (not those of "Actie nodig")."""
    rows = page[page.index('id="dossierlijst"') :] if 'id="dossierlijst"' in page else page
    return re.findall(r'<a href="([^"]+)" hx-get="[^"]+" hx-target="#snelle-actie"', rows)


def test_s7_overview_rows_open_the_same_fragments_in_place(login_as, modules):
    client = login_as(modules.pieter, modules.anker)
    dossier = modules.anker_dossier
    page = body(client.get("/"))
    assert 'id="snelle-actie"' in page
    assert quick_links(page) == [f"/dossiers/{dossier.id}/beslissingen/nieuw"]
    first = add_beslissing(client, dossier)
    links = quick_links(body(client.get("/")))
    schakeling_link = f"/dossiers/{dossier.id}/beslissingen/{first.id}/schakelingen/nieuw"
    assert links == [f"/dossiers/{dossier.id}/beslissingen/nieuw", schakeling_link]
    fragment = client.get(schakeling_link, headers=HX)
    assert fragment.status_code == 200
    assert "<html" not in body(fragment) and "Toevoegen Start Hulpaanbod" in body(fragment)
    assert dossier.code in body(fragment)  # which dossier, when opened from a list


def test_s7_search_results_offer_the_same_quick_actions(login_as, modules):
    client = login_as(modules.pieter, modules.anker)
    dossier = modules.anker_dossier
    page = body(client.get("/dossiers/zoeken", query_string={"dossiercode": dossier.code}))
    assert f"/dossiers/{dossier.id}/beslissingen/nieuw" in quick_links(page)
    assert 'id="snelle-actie"' in page


def test_d8_traject_changes_are_listed_with_labels_and_readable_values(login_as, modules):
    client = login_as(modules.pieter, modules.anker)
    dossier = modules.anker_dossier
    first = add_beslissing(client, dossier)
    add_schakeling(client, dossier, first, "10/01/2026", "05/07/2026")
    page = body(client.get(f"/dossiers/{dossier.id}/activiteiten"))
    assert "Jeugdhulpbeslissing RTJ toegevoegd" in page
    assert "Start Hulpaanbod toegevoegd" in page
    assert "Verzekerd aanbod (art. 74)" in page and "05/07/2026" in page
    assert "Contextbegeleiding laagintensief" in page
    assert "2026-07-05" not in page and "['" not in page


@pytest.fixture
def traject_objects(login_as, modules):
    """An Anker dossier with a beslissing, an ended schakeling and a running one."""
    client = login_as(modules.pieter, modules.anker)
    dossier = modules.anker_dossier
    first = add_beslissing(client, dossier)
    add_schakeling(client, dossier, first, "10/01/2026", "01/03/2026")
    add_schakeling(client, dossier, first, "01/03/2026")
    empty = add_beslissing(client, dossier, start="01/03/2026", end="01/09/2026")
    # The second beslissing first asks to close the running schakeling: that is a route too.
    return client, dossier, first, empty, schakelingen(dossier)[-1]


def traject_routes(dossier, first, empty, running) -> list[str]:
    base = f"/dossiers/{dossier.id}"
    return [
        f"{base}/beslissingen/nieuw",
        f"{base}/beslissingen/{first.id}/wijzigen",
        f"{base}/beslissingen/{empty.id}/verwijderen",
        f"{base}/beslissingen/{empty.id}/schakelingen/nieuw",
        f"{base}/schakelingen/{running.id}/wijzigen",
        f"{base}/schakelingen/{running.id}/verwijderen",
    ]


def test_s3_every_traject_route_is_a_fragment_for_htmx_and_a_page_otherwise(traject_objects):
    client, dossier, first, empty, running = traject_objects
    for path in traject_routes(dossier, first, empty, running):
        fragment = client.get(path, headers=HX)
        page = client.get(path)
        assert fragment.status_code == page.status_code == 200, path
        assert body(fragment).strip().startswith('<section id="traject"'), path
        assert "<html" in body(page) and 'id="traject-panel"' in body(page), path
        assert "HX-Request" in fragment.headers["Vary"]


def test_s5_saving_without_htmx_returns_to_the_dossier_page(traject_objects):
    client, dossier, _first, _empty, running = traject_objects
    path = f"/dossiers/{dossier.id}/schakelingen/{running.id}/wijzigen"
    form = body(client.get(path))
    version = re.search(r'name="version_id" type="hidden" value="(\d+)"', form).group(1)
    data = {
        "begindatum": "01/03/2026",
        "einddatum": "05/07/2026",
        "modules": str(module("CB-LAAG").id),
        "version_id": version,
    }
    response = post(client, path, data)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/dossiers/{dossier.id}")
    assert schakelingen(dossier)[-1].einddatum == date(2026, 7, 5)


def test_s5_deleting_the_most_recent_schakeling_after_confirmation(traject_objects):
    client, dossier, _first, _empty, running = traject_objects
    path = f"/dossiers/{dossier.id}/schakelingen/{running.id}/verwijderen"
    form = body(client.get(path, headers=HX))
    assert "Wil je de schakeling" in form
    version = re.search(r'name="version_id" type="hidden" value="(\d+)"', form).group(1)
    assert post(client, path, {"version_id": version}, HX).status_code == 200
    [left] = schakelingen(dossier)
    assert (left.begindatum, left.einddatum) == (date(2026, 1, 10), date(2026, 3, 1))


def test_d8_saving_an_unchanged_beslissing_or_schakeling_logs_nothing(traject_objects):
    """D-8 logs changes: "Wijzigen" then "Opslaan" without a change adds no entry, and the
    dossier's "Laatst gewijzigd" stays."""
    client, dossier, first, _empty, running = traject_objects

    def unchanged_form(path: str, item) -> dict:
        form = body(client.get(path, headers=HX))
        version = re.search(r'name="version_id" type="hidden" value="(\d+)"', form).group(1)
        return {
            "begindatum": f"{item.begindatum:%d/%m/%Y}",
            "einddatum": f"{item.einddatum:%d/%m/%Y}" if item.einddatum else "",
            "modules": [str(m.id) for m in item.modules],
            "version_id": version,
        }

    def entries() -> int:
        return db.session.scalar(
            db.select(db.func.count())
            .select_from(ActivityEntry)
            .where(ActivityEntry.dossier_id == dossier.id)
        )

    db.session.expire_all()
    changed_at, logged = db.session.get(type(dossier), dossier.id).updated_at, entries()
    for path, item in (
        (f"/dossiers/{dossier.id}/beslissingen/{first.id}/wijzigen", first),
        (f"/dossiers/{dossier.id}/schakelingen/{running.id}/wijzigen", running),
    ):
        db.session.refresh(item)
        response = post(client, path, unchanged_form(path, item), HX)
        assert response.status_code == 200, path
        assert body(response).lstrip().startswith('<section id="traject"')
    db.session.expire_all()
    assert entries() == logged
    assert db.session.get(type(dossier), dossier.id).updated_at == changed_at


def test_s2_a_stored_date_near_year_9999_does_not_break_the_dossier(login_as, modules):
    """Convention 12: a date stored before the windows existed (here 01/10/9999) keeps every page
    of the dossier working; the beginregistratie's deadline computation is total."""
    client = login_as(modules.pieter, modules.anker)
    dossier = modules.anker_dossier
    beslissing = Beslissing(
        dossier_id=dossier.id, begindatum=date(9999, 9, 1), einddatum=date(9999, 12, 31)
    )
    db.session.add(beslissing)
    db.session.flush()
    schakeling = Schakeling(
        beslissing_id=beslissing.id, dossier_id=dossier.id, begindatum=date(9999, 10, 1)
    )
    db.session.add(schakeling)
    db.session.commit()
    pages = [
        "/",
        f"/dossiers/{dossier.id}",
        f"/dossiers/{dossier.id}/registratie/begin",
        f"/dossiers/{dossier.id}/schakelingen/{schakeling.id}/wijzigen",
        f"/dossiers/{dossier.id}/schakelingen/{schakeling.id}/verwijderen",
        f"/dossiers/{dossier.id}/beslissingen/{beslissing.id}/wijzigen",
    ]
    for page in pages:
        for headers in ({}, HX):
            response = client.get(page, headers=headers)
            assert response.status_code == 200, f"{page} answered {response.status_code}"
    assert "01/10/9999" in body(client.get(f"/dossiers/{dossier.id}"))


# --- S-1 defaults per organisation kind (issue 11) ---


def field_tag(page: str, name: str) -> str:
    return re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)


def test_s1_a_closed_dossier_proposes_a_begindatum_it_accepts(login_as, modules):
    """D-10/S-1: on a closed dossier the proposed begindatum is no later than the closing date,
    the form says so before the user types, and saving the proposal is accepted."""
    dossier = modules.anker_dossier
    ended = today().replace(day=1)
    decided = Beslissing(
        dossier_id=dossier.id, begindatum=date(2024, 1, 1), einddatum=date(2099, 1, 1)
    )
    db.session.add(decided)
    db.session.flush()
    db.session.add(
        Schakeling(
            beslissing_id=decided.id,
            dossier_id=dossier.id,
            begindatum=date(2024, 1, 1),
            einddatum=date(2024, 6, 30),
        )
    )
    dossier.status, dossier.closed_at = "closed", date(2024, 6, 30)
    db.session.commit()
    assert ended > dossier.closed_at
    client = login_as(modules.pieter, modules.anker)
    path = f"/dossiers/{dossier.id}/beslissingen/nieuw"
    page = body(client.get(path, headers=HX))
    assert 'value="30/06/2024"' in field_tag(page, "begindatum")
    assert "afgesloten op 30/06/2024" in page
    saved = post(
        client,
        path,
        {"begindatum": "30/06/2024", "einddatum": "30/12/2024", "modules": module("VB-LAAG").id},
        HX,
    )
    assert saved.status_code == 200, body(saved)
    assert len(beslissingen(dossier)) == 2


@pytest.fixture
def gezin(world):
    """A 1 Gezin 1 Plan team with its one approved module and a dossier."""
    from tests import factories

    sync_catalogue()
    team = factories.organisation("1 Gezin 1 Plan Regio Gent", "een_gezin_een_plan")
    factories.grant(world.pieter, team, "medewerker")
    approve(team, "1G1P")
    dossier = factories.dossier(team)
    db.session.commit()
    return team, dossier


def test_s1_een_gezin_een_plan_form_follows_the_aanmelding_and_its_only_module(
    login_as, world, gezin
):
    """S-1: 1 Gezin 1 Plan is RTJ as its aanmelding, with its one module preselected and the
    standard term, so the first "Opslaan" of the proposal is accepted."""
    team, dossier = gezin
    client = login_as(world.pieter, team)
    path = f"/dossiers/{dossier.id}/beslissingen/nieuw"
    page = body(client.get(path, headers=HX))
    assert 'name="via_toegangspoort"' not in page
    assert "Via toegangspoort (NRTJ): nee" in page
    assert f'value="{module("1G1P").id}" checked' in page
    proposed = re.search(r'value="([^"]+)"', field_tag(page, "begindatum")).group(1)
    response = post(
        client, path, {"begindatum": proposed, "einddatum": "", "modules": module("1G1P").id}, HX
    )
    assert response.status_code == 200, body(response)
    [saved] = beslissingen(dossier)
    assert saved.via_toegangspoort is False
    assert (saved.einddatum - saved.begindatum).days in range(181, 185)


def test_s1_jeugdhulp_beslissing_defaults_to_the_aanmeldings_nrtj(login_as, modules):
    """S-1: an aanmelding via the toegangspoort proposes an NRTJ beslissing; one without, RTJ."""
    client = login_as(modules.pieter, modules.anker)
    path = f"/dossiers/{modules.anker_dossier.id}/beslissingen/nieuw"
    assert "checked" not in field_tag(body(client.get(path, headers=HX)), "via_toegangspoort")
    modules.anker_dossier.aanmelding.via_toegangspoort = True
    db.session.commit()
    assert "checked" in field_tag(body(client.get(path, headers=HX)), "via_toegangspoort")


# --- convention 15: a write names what changed; the dependent sections reload themselves ---


def test_s7_a_traject_write_answers_with_the_dossier_gewijzigd_event(login_as, modules):
    client = login_as(modules.jan, modules.brug)
    dossier = modules.brug_dossier
    path = f"/dossiers/{dossier.id}/beslissingen/nieuw"
    refused = post(client, path, {"begindatum": "", "modules": str(module("NAFT").id)}, HX)
    assert refused.status_code == 422 and "HX-Trigger" not in refused.headers
    saved = post(client, path, {"begindatum": "05/01/2026", "modules": module("NAFT").id}, HX)
    assert saved.status_code == 200
    assert json.loads(saved.headers["HX-Trigger"]) == {"dossier-gewijzigd": {"id": dossier.id}}


def test_d6_action_bar_and_registrations_reload_from_their_own_endpoints(login_as, modules):
    client = login_as(modules.jan, modules.brug)
    dossier = modules.brug_dossier
    page = body(client.get(f"/dossiers/{dossier.id}"))
    for section, path in (
        ("dossier-acties", f"/dossiers/{dossier.id}/actiebalk"),
        ("registraties", f"/dossiers/{dossier.id}/registraties"),
    ):
        tag = re.search(rf'<[a-z]+ id="{section}"[^>]*>', page).group(0)
        assert f'hx-get="{path}"' in tag and 'hx-trigger="dossier-gewijzigd from:body"' in tag
        fragment = client.get(path, headers=HX)
        assert fragment.status_code == 200 and "<html" not in body(fragment)
        assert body(fragment).lstrip().startswith(f'<{tag.split()[0][1:]} id="{section}"')
        assert "<html" in body(client.get(path))
    assert "Dossier verwijderen" in body(
        client.get(f"/dossiers/{dossier.id}/actiebalk", headers=HX)
    )
    post(
        client,
        f"/dossiers/{dossier.id}/beslissingen/nieuw",
        {"begindatum": "05/01/2026", "modules": module("NAFT").id},
        HX,
    )
    assert "Dossier verwijderen" not in body(
        client.get(f"/dossiers/{dossier.id}/actiebalk", headers=HX)
    )


# --- S-3 "Afsluiten vorig hulpaanbod (schakeling)" and the D-8 entries of each change ---


def logged(dossier, action: str) -> list[ActivityEntry]:
    return db.session.scalars(
        db.select(ActivityEntry)
        .where(ActivityEntry.dossier_id == dossier.id, ActivityEntry.action == action)
        .order_by(ActivityEntry.id)
    ).all()


@pytest.fixture
def running(login_as, modules):
    """An Anker dossier with a beslissing and a Start Hulpaanbod without end date."""
    client = login_as(modules.pieter, modules.anker)
    dossier = modules.anker_dossier
    first = add_beslissing(client, dossier)
    add_schakeling(client, dossier, first, "10/01/2026")
    return client, dossier, first


def close_previous_form(client, dossier, first) -> tuple[str, str]:
    """The S-3 panel a new schakeling opens first: its form's action and version."""
    panel = body(
        client.get(f"/dossiers/{dossier.id}/beslissingen/{first.id}/schakelingen/nieuw", headers=HX)
    )
    assert "Afsluiten vorig hulpaanbod (schakeling)" in panel
    action = re.search(r'<form method="post" action="([^"]+)"', panel).group(1)
    version = re.search(r'name="version_id" type="hidden" value="(\d+)"', panel).group(1)
    return action.replace("&amp;", "&"), version


def test_s3_closing_the_running_schakeling_goes_on_to_the_verlenging(running):
    client, dossier, first = running
    action, version = close_previous_form(client, dossier, first)
    response = post(client, action, {"einddatum": "01/03/2026", "version_id": version}, HX)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(
        f"/dossiers/{dossier.id}/beslissingen/{first.id}/schakelingen/nieuw"
    )
    form = body(client.get(response.headers["Location"], headers=HX))
    assert "Toevoegen Verlenging" in form and 'value="01/03/2026"' in form
    [closed] = schakelingen(dossier)
    assert closed.einddatum == date(2026, 3, 1)
    [entry] = logged(dossier, "schakeling_gewijzigd")
    assert entry.description == "Start Hulpaanbod afgesloten"
    assert (entry.before["einddatum"], entry.after["einddatum"]) == (None, "2026-03-01")


def test_s2_a_module_change_offered_as_a_new_schakeling_carries_its_modules(running):
    """The S-2 offer "Toevoegen schakeling" with other modules first closes the running one,
    then opens the new schakeling with those modules chosen."""
    client, dossier, first = running
    other = module("VB-LAAG").id
    path = f"/dossiers/{dossier.id}/beslissingen/{first.id}/schakelingen/nieuw?modules={other}"
    panel = body(client.get(path, headers=HX))
    action = re.search(r'<form method="post" action="([^"]+)"', panel).group(1)
    version = re.search(r'name="version_id" type="hidden" value="(\d+)"', panel).group(1)
    response = post(
        client, action.replace("&amp;", "&"), {"einddatum": "01/03/2026", "version_id": version}
    )
    assert response.status_code == 303
    form = body(client.get(response.headers["Location"], headers=HX))
    assert f'value="{other}" checked' in form
    assert f'value="{module("CB-LAAG").id}" checked' not in form


@pytest.mark.parametrize(
    ("einddatum", "message"),
    [
        ("", "Vul de einddatum van de vorige schakeling in."),
        ("31/02/2026", "Vul een bestaande datum in als dd/mm/jjjj."),
        ("01/01/2026", "De einddatum mag niet voor de begindatum liggen."),
    ],
)
def test_s3_closing_the_running_schakeling_needs_a_valid_end_date(running, einddatum, message):
    client, dossier, first = running
    action, version = close_previous_form(client, dossier, first)
    response = post(client, action, {"einddatum": einddatum, "version_id": version}, HX)
    assert response.status_code == 422
    assert message in body(response)
    assert schakelingen(dossier)[0].einddatum is None
    assert logged(dossier, "schakeling_gewijzigd") == []


def test_d13_a_stale_close_previous_form_is_refused(running):
    client, dossier, first = running
    action, version = close_previous_form(client, dossier, first)
    edit = f"/dossiers/{dossier.id}/schakelingen/{schakelingen(dossier)[0].id}/wijzigen"
    edit_version = re.search(
        r'name="version_id" type="hidden" value="(\d+)"', body(client.get(edit, headers=HX))
    ).group(1)
    data = {"begindatum": "11/01/2026", "modules": str(module("CB-LAAG").id)}
    assert post(client, edit, data | {"version_id": edit_version}, HX).status_code == 200
    late = post(client, action, {"einddatum": "01/03/2026", "version_id": version}, HX)
    assert late.status_code == 409
    assert "De gevraagde actie kon niet uitgevoerd worden." in body(late)
    assert schakelingen(dossier)[0].einddatum is None


def test_s3_with_nothing_running_closing_goes_straight_on(login_as, modules):
    client = login_as(modules.pieter, modules.anker)
    dossier = modules.anker_dossier
    path = f"/dossiers/{dossier.id}/schakelingen/afsluiten-vorige"
    response = post(client, path, {"einddatum": "01/03/2026"}, HX)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/dossiers/{dossier.id}/beslissingen/nieuw")


def test_d8_changing_and_deleting_are_logged_with_what_was_there(login_as, modules):
    client = login_as(modules.pieter, modules.anker)
    dossier = modules.anker_dossier
    first = add_beslissing(client, dossier)
    path = f"/dossiers/{dossier.id}/beslissingen/{first.id}/wijzigen"
    version = re.search(
        r'name="version_id" type="hidden" value="(\d+)"', body(client.get(path, headers=HX))
    ).group(1)
    data = {"begindatum": "05/01/2026", "einddatum": "05/08/2026", "version_id": version}
    assert post(client, path, data | {"modules": str(module("CB-LAAG").id)}, HX).status_code == 200
    [changed] = logged(dossier, "beslissing_gewijzigd")
    assert changed.description == "Jeugdhulpbeslissing RTJ gewijzigd"
    assert (changed.object_type, changed.object_id) == ("Beslissing", first.id)
    assert changed.after == {
        "soort": "RTJ",
        "begindatum": "2026-01-05",
        "einddatum": "2026-08-05",
        "modules": ["Contextbegeleiding laagintensief"],
    }
    assert changed.before == changed.after | {"einddatum": "2026-07-05"}
    add_schakeling(client, dossier, first, "10/01/2026", "01/03/2026", verzekerd_aanbod="y")
    [added] = logged(dossier, "schakeling_toegevoegd")
    assert added.description == "Start Hulpaanbod toegevoegd"
    assert added.after == {
        "soort": "Start Hulpaanbod",
        "begindatum": "2026-01-10",
        "einddatum": "2026-03-01",
        "modules": ["Contextbegeleiding laagintensief"],
        "verzekerd_aanbod": True,
        "zwaartepunt_andere_sector": False,
    }
    [schakeling] = schakelingen(dossier)
    delete = f"/dossiers/{dossier.id}/schakelingen/{schakeling.id}/verwijderen"
    version = re.search(
        r'name="version_id" type="hidden" value="(\d+)"', body(client.get(delete, headers=HX))
    ).group(1)
    assert post(client, delete, {"version_id": version}, HX).status_code == 200
    [deleted] = logged(dossier, "schakeling_verwijderd")
    assert deleted.description == "Start Hulpaanbod verwijderd"
    assert deleted.before == added.after
    delete = f"/dossiers/{dossier.id}/beslissingen/{first.id}/verwijderen"
    version = re.search(
        r'name="version_id" type="hidden" value="(\d+)"', body(client.get(delete, headers=HX))
    ).group(1)
    assert post(client, delete, {"version_id": version}, HX).status_code == 200
    [gone] = logged(dossier, "beslissing_verwijderd")
    assert gone.description == "Jeugdhulpbeslissing RTJ verwijderd"
    assert gone.before == changed.after
    assert beslissingen(dossier) == []
