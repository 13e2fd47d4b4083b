"""M-2 Moduledatabank: the agency's screen (history kept, never overwritten), the CSV import
``flask binc import-moduledatabank``, and schakelingen fed from it."""

from __future__ import annotations

from datetime import date

import pytest

from binc_web.catalogue import sync_catalogue
from binc_web.extensions import db
from binc_web.models import ModuleApproval
from tests.conftest import csrf_token, pinned_to
from tests.test_traject import approve, module

TODAY = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def _pinned():
    with pinned_to(TODAY):
        yield


@pytest.fixture
def catalogue(world):
    sync_catalogue()
    db.session.commit()
    return world


def approvals(organisation) -> list[tuple]:
    rows = db.session.scalars(
        db.select(ModuleApproval)
        .where(ModuleApproval.organisation_id == organisation.id)
        .order_by(ModuleApproval.valid_from)
    ).all()
    return [(r.type_module.code, r.valid_from, r.valid_until) for r in rows]


def text(response) -> str:
    return response.get_data(as_text=True)


def add(client, organisation, code, vanaf, tot=""):
    page = "/agentschap/moduledatabank"
    data = {
        "csrf_token": csrf_token(client, page),
        "voorziening": str(organisation.id),
        "typemodule": str(module(code).id),
        "vanaf": vanaf,
        "tot": tot,
    }
    return client.post(page, data=data)


def test_m2_ann_adds_and_ends_an_approval_and_the_history_stays(client, login_as, catalogue):
    world = catalogue
    login_as(world.ann, world.agency)
    response = add(client, world.anker, "CB-LAAG", "01/01/2024")
    assert response.status_code == 303
    assert approvals(world.anker) == [("CB-LAAG", date(2024, 1, 1), None)]
    approval = db.session.scalars(db.select(ModuleApproval)).one()
    assert approval.created_by_id == world.ann.id
    page = text(client.get(f"/agentschap/moduledatabank?voorziening={world.anker.id}"))
    assert "Contextbegeleiding laagintensief" in page and "actief" in page
    assert "toegevoegd door Ann Wouters" in page
    end = f"/agentschap/moduledatabank/{approval.id}/beeindigen"
    token = csrf_token(client, "/agentschap/moduledatabank")
    assert client.post(end, data={"csrf_token": token, "tot": "30/06/2026"}).status_code == 303
    # Ended: it stays as history, and cannot be ended again (or rewritten).
    assert client.post(end, data={"csrf_token": token, "tot": "31/12/2026"}).status_code == 409
    # A new period after it is a new row; the old one is unchanged.
    assert add(client, world.anker, "CB-LAAG", "01/09/2026").status_code == 303
    assert approvals(world.anker) == [
        ("CB-LAAG", date(2024, 1, 1), date(2026, 6, 30)),
        ("CB-LAAG", date(2026, 9, 1), None),
    ]
    page = text(client.get(f"/agentschap/moduledatabank?voorziening={world.anker.id}"))
    assert "beëindigd door Ann Wouters" in page and "beëindigd" in page


def test_m2_overlapping_or_reversed_periods_are_refused(client, login_as, catalogue):
    world = catalogue
    approve(world.anker, "CB-LAAG", since=date(2024, 1, 1))
    login_as(world.ann, world.agency)
    overlap = add(client, world.anker, "CB-LAAG", "01/03/2025")
    assert overlap.status_code == 422
    assert "al erkend voor deze typemodule (vanaf 01/01/2024)" in text(overlap)
    reversed_ = add(client, world.anker, "CB-BREED", "01/03/2025", "01/02/2025")
    assert reversed_.status_code == 422
    assert "De einddatum kan niet vóór de begindatum liggen." in text(reversed_)
    missing = add(client, world.anker, "CB-BREED", "")
    assert missing.status_code == 422
    assert approvals(world.anker) == [("CB-LAAG", date(2024, 1, 1), None)]


def test_m2_an_empty_form_names_the_module_and_the_date_at_once(client, login_as, catalogue):
    """Found walking the Moduledatabank: the empty form named only the typemodule."""
    world = catalogue
    login_as(world.ann, world.agency)
    page = "/agentschap/moduledatabank"
    data = {
        "csrf_token": csrf_token(client, page),
        "voorziening": str(world.anker.id),
        "typemodule": "",
        "vanaf": "",
        "tot": "",
    }
    response = client.post(page, data=data)
    assert response.status_code == 422
    assert "Kies een typemodule." in text(response)
    assert "Vul de datum in vanaf wanneer de voorziening erkend is." in text(response)
    assert approvals(world.anker) == []


def test_m2_ending_before_the_start_is_refused(client, login_as, catalogue):
    world = catalogue
    approve(world.anker, "CB-LAAG", since=date(2024, 1, 1))
    approval = db.session.scalars(db.select(ModuleApproval)).one()
    login_as(world.ann, world.agency)
    token = csrf_token(client, "/agentschap/moduledatabank")
    response = client.post(
        f"/agentschap/moduledatabank/{approval.id}/beeindigen",
        data={"csrf_token": token, "tot": "31/12/2023"},
    )
    assert response.status_code == 422
    assert "De einddatum kan niet vóór de begindatum (01/01/2024) liggen." in text(response)
    assert approvals(world.anker) == [("CB-LAAG", date(2024, 1, 1), None)]


def test_m2_only_the_agencys_beleidsmedewerker(client, login_as, catalogue):
    world = catalogue
    for person, organisation in [(world.pieter, world.anker), (world.tom, world.brug)]:
        login_as(person, organisation)
        assert client.get("/agentschap/moduledatabank").status_code == 404
        assert client.get("/agentschap/capaciteit").status_code == 404
        assert "Moduledatabank" not in text(client.get("/"))
    login_as(world.ann, world.agency)
    start = text(client.get("/"))
    assert "Moduledatabank" in start and "Capaciteitsbeheer" in start


def test_m2_schakeling_form_offers_only_modules_active_on_its_start(client, login_as, catalogue):
    """M-2/S-2: the schakeling's module choices come from the moduledatabank."""
    world = catalogue
    login_as(world.ann, world.agency)
    add(client, world.anker, "CB-LAAG", "01/01/2024", "30/06/2026")
    add(client, world.anker, "CB-BREED", "01/07/2026")
    from tests.factories_overview import beslissing

    decided = beslissing(world.anker_dossier, date(2026, 1, 1), date(2026, 12, 31))
    decided.modules = [module("CB-LAAG"), module("CB-BREED")]
    db.session.commit()
    login_as(world.pieter, world.anker)
    url = f"/dossiers/{world.anker_dossier.id}/beslissingen/{decided.id}/schakelingen/nieuw"
    token = csrf_token(client, f"/dossiers/{world.anker_dossier.id}")
    data = {
        "csrf_token": token,
        "begindatum": "01/08/2026",
        "modules": str(module("CB-LAAG").id),
    }
    refused = client.post(url, data=data, headers={"HX-Request": "true"})
    assert refused.status_code == 422
    data["modules"] = str(module("CB-BREED").id)
    assert client.post(url, data=data, headers={"HX-Request": "true"}).status_code == 200


# --- flask binc import-moduledatabank ---


def run_import(app, path):
    return app.test_cli_runner().invoke(args=["binc", "import-moduledatabank", str(path)])


def test_m2_import_adds_valid_lines_and_names_every_refused_one(app, catalogue, tmp_path):
    world = catalogue
    approve(world.brug, "NAFT", since=date(2024, 1, 1))
    path = tmp_path / "moduledatabank.csv"
    path.write_text(
        "\ufeffVoorziening;Typemodule;Vanaf;Tot\n"
        "Jeugdhulp Het Anker;CB-LAAG;01/01/2025;\n"
        "jeugdhulp het anker;vb-hoog;01/01/2025;31/12/2025\n"
        "Onbekend Huis;CB-LAAG;01/01/2025;\n"
        "Jeugdhulp Het Anker;XX;01/01/2025;\n"
        "Jeugdhulp Het Anker;CB-KORT;31/02/2025;\n"
        "Jeugdhulp Het Anker;CB-KORT;01/01/2025;01/01/2024\n"
        "NAFT De Brug;NAFT;01/06/2025;\n"
        "Opgroeien;NAFT;01/06/2025;\n"
        "Jeugdhulp Het Anker;CB-LAAG;01/01/2025;\n"
        "Jeugdhulp Het Anker;CB-KORT;01/01/2025\n",
        encoding="utf-8",
    )
    result = run_import(app, path)
    assert result.exit_code == 0, result.output
    assert "2 nieuw, 1 ongewijzigd, 7 geweigerd" in result.output
    assert "Regel 4 geweigerd: Onbekende voorziening 'Onbekend Huis'." in result.output
    assert "Regel 5 geweigerd: Onbekende typemodule 'XX'" in result.output
    assert "Regel 6 geweigerd: De datum vanaf is geen datum als dd/mm/jjjj" in result.output
    assert "Regel 7 geweigerd: De einddatum kan niet vóór de begindatum liggen." in result.output
    assert "Regel 8 geweigerd: De voorziening is in die periode al erkend" in result.output
    assert "Regel 9 geweigerd: Onbekende voorziening 'Opgroeien'." in result.output
    assert "Regel 11 geweigerd: De regel telt 3 velden in plaats van 4." in result.output
    assert approvals(world.anker) == [
        ("CB-LAAG", date(2025, 1, 1), None),
        ("VB-HOOG", date(2025, 1, 1), date(2025, 12, 31)),
    ]
    again = run_import(app, path)
    assert "0 nieuw, 3 ongewijzigd" in again.output


def test_m2_import_refuses_an_unreadable_file_and_imports_nothing(app, catalogue, tmp_path):
    path = tmp_path / "moduledatabank.csv"
    path.write_text("voorziening,typemodule,vanaf\nJeugdhulp Het Anker,CB-LAAG,01/01/2025\n")
    result = run_import(app, path)
    assert result.exit_code == 1
    assert "De kopregel mist deze kolommen: tot." in result.output
    assert run_import(app, tmp_path / "missing.csv").exit_code == 1
    assert approvals(catalogue.anker) == []


def test_m2_import_help_documents_the_columns(app):
    result = app.test_cli_runner().invoke(args=["binc", "import-moduledatabank", "--help"])
    for column in ("voorziening", "typemodule", "vanaf", "tot"):
        assert column in result.output


# --- G-1: the voorziening's erkenningsnummer, for the Groeipakket file ---


def set_number(client, organisation, number: str):
    page = "/agentschap/moduledatabank"
    data = {
        "csrf_token": csrf_token(client, page),
        "voorziening": str(organisation.id),
        "erkenningsnummer": number,
    }
    return client.post(f"{page}/erkenningsnummer", data=data)


def stored_number(organisation):
    db.session.expire_all()
    return db.session.get(type(organisation), organisation.id).erkenningsnummer


def test_g1_ann_sets_and_clears_a_voorzienings_erkenningsnummer(client, login_as, catalogue):
    world = catalogue
    login_as(world.ann, world.agency)
    page = text(client.get(f"/agentschap/moduledatabank?voorziening={world.anker.id}"))
    assert "Erkenningsnummer" in page
    assert set_number(client, world.anker, " 1234.567/A ").status_code == 303
    assert stored_number(world.anker) == "1234.567/A"
    page = text(client.get(f"/agentschap/moduledatabank?voorziening={world.anker.id}"))
    assert 'value="1234.567/A"' in page
    assert set_number(client, world.anker, "").status_code == 303
    assert stored_number(world.anker) is None


@pytest.mark.parametrize("junk", ["12 34", "nummer!", "x" * 21, "-12", "12\x0034"])
def test_g1_a_junk_erkenningsnummer_is_refused_with_a_message(client, login_as, catalogue, junk):
    world = catalogue
    login_as(world.ann, world.agency)
    assert set_number(client, world.anker, "1234").status_code == 303
    response = set_number(client, world.anker, junk)
    assert response.status_code == 422
    assert "erkenningsnummer" in text(response).lower() or "tekens" in text(response)
    assert stored_number(world.anker) == "1234"


def test_g1_an_erkenningsnummer_belongs_to_one_voorziening(client, login_as, catalogue):
    world = catalogue
    login_as(world.ann, world.agency)
    assert set_number(client, world.anker, "1234").status_code == 303
    response = set_number(client, world.brug, "1234")
    assert response.status_code == 422
    assert "Dit erkenningsnummer is al van Jeugdhulp Het Anker." in text(response)
    assert stored_number(world.brug) is None


def test_g1_only_the_agencys_beleidsmedewerker_sets_an_erkenningsnummer(
    client, login_as, catalogue
):
    world = catalogue
    login_as(world.tom, world.brug)
    assert set_number(client, world.brug, "1234").status_code == 404
    login_as(world.ann, world.agency)
    assert set_number(client, world.agency, "1234").status_code == 404  # not a voorziening
    assert stored_number(world.brug) is None and stored_number(world.agency) is None
