"""C-4 "Bereken inzet": schakelingen in which each module was deployed in the period, those
started in it (verlengingen included), and "Combinatie geselecteerde modules"."""

from __future__ import annotations

from datetime import date

import pytest

from binc_web.catalogue import sync_catalogue
from binc_web.extensions import db
from tests.factories_figures import approval, module, traject
from tests.factories_overview import counted_queries
from tests.test_figures_bezetting import body, figures_row

D = date
CB = "Contextbegeleiding laagintensief"
DAG = "Dagbegeleiding in groep"


@pytest.fixture
def anker(world, login_as):
    """Het Anker with CB-LAAG and DAG-GROEP: the cases of docs/figures.md (inzet)."""
    sync_catalogue()
    approval(world.anker, "CB-LAAG")
    approval(world.anker, "DAG-GROEP")
    # Start and verlenging in the period, CB-LAAG alone: 2 deployed, 2 started.
    traject(world.anker, ("CB-LAAG",), (D(2026, 1, 10), D(2026, 2, 10)), (D(2026, 2, 10), None))
    # Before the period and running into it, together with DAG-GROEP: deployed, not started.
    traject(world.anker, ("CB-LAAG", "DAG-GROEP"), (D(2025, 11, 1), D(2026, 1, 1)))
    # Starting on the last day of the period (counts), with both modules.
    traject(world.anker, ("CB-LAAG", "DAG-GROEP"), (D(2026, 3, 31), None))
    # Ended the day before the period, and starting the day after: not deployed.
    traject(world.anker, ("CB-LAAG",), (D(2025, 10, 1), D(2025, 12, 31)))
    traject(world.anker, ("CB-LAAG",), (D(2026, 4, 1), None))
    db.session.commit()
    login_as(world.pieter, world.anker)
    return world


def ask(client, codes, first="01/01/2026", last="31/03/2026"):
    return client.get(
        "/inzet",
        query_string={
            "modules": [module(code).id for code in codes],
            "begindatum": first,
            "einddatum": last,
        },
    )


def test_c4_deployed_and_started_per_module(anker, client):
    response = ask(client, ["CB-LAAG"])
    assert response.status_code == 200
    assert figures_row(body(response), CB) == ["4", "3"]
    assert "Combinatie geselecteerde modules" not in body(response)


def test_c4_combination_of_selected_modules(anker, client):
    html = body(ask(client, ["CB-LAAG", "DAG-GROEP"]))
    assert figures_row(html, CB) == ["4", "3"]
    assert figures_row(html, DAG) == ["2", "1"]
    assert figures_row(html, "Combinatie geselecteerde modules") == ["2", "1"]


def test_c4_end_date_inclusive(anker, client):
    assert figures_row(body(ask(client, ["DAG-GROEP"], last="30/03/2026")), DAG) == ["1", "0"]


def test_c4_no_module_or_reversed_period_is_refused(anker, client):
    response = ask(client, [])
    assert response.status_code == 422
    assert "Kies minstens één module." in body(response)
    response = ask(client, ["CB-LAAG"], first="01/04/2026", last="31/03/2026")
    assert response.status_code == 422
    assert "De einddatum mag niet vóór de begindatum liggen." in body(response)


def test_c4_another_organisations_module_is_refused(anker, client, login_as):
    approval(anker.brug, "NAFT")
    login_as(anker.jan, anker.brug)
    response = ask(client, ["CB-LAAG"])
    assert response.status_code == 422
    assert "Kies modules van uw voorziening." in body(response)


def test_c4_query_count_constant_in_the_number_of_dossiers(anker, client):
    def statements() -> int:
        with counted_queries() as seen:
            assert ask(client, ["CB-LAAG", "DAG-GROEP"]).status_code == 200
        return len(seen)

    before = statements()
    for _ in range(6):
        traject(anker.anker, ("CB-LAAG", "DAG-GROEP"), (D(2026, 1, 1), None))
    db.session.commit()
    assert statements() == before
