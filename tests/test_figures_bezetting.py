"""C-3 "Bereken bezettingsgraad": the hand-computed cases of docs/figures.md through the page,
the period rule, capacity 0, isolation, and a constant number of queries."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from binc_web.catalogue import sync_catalogue
from binc_web.extensions import db
from binc_web.models import Schakeling
from tests import factories
from tests.conftest import pinned_to
from tests.factories_figures import approval, capacity, module, traject
from tests.factories_overview import counted_queries

D = date
# After every period of the hand-computed cases: they count their whole period. The tests of a
# period reaching past today pin their own day.
TODAY = D(2027, 1, 15)


@pytest.fixture(autouse=True)
def _today():
    """Every test here runs on TODAY, the app's date (see conftest.pinned_to)."""
    with pinned_to(TODAY):
        yield


def body(response) -> str:
    return response.get_data(as_text=True)


def figures_row(html: str, label: str) -> list[str]:
    """The cells of the row headed ``label`` in the page's tables."""
    match = re.search(rf'<th scope="row">{re.escape(label)}</th>(.*?)</tr>', html, re.S)
    assert match, f"no row {label}"
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", match.group(1), re.S)
    ]


def ask(client, module_code: str, first: str, last: str):
    return client.get(
        "/bezettingsgraad",
        query_string={"module": module(module_code).id, "begindatum": first, "einddatum": last},
    )


@pytest.fixture
def brug(world, login_as):
    """NAFT De Brug, approved for NAFT, Jan logged in; each case sets its capacities."""
    sync_catalogue()
    approval(world.brug, "NAFT")
    login_as(world.jan, world.brug)
    return world


@pytest.fixture
def anker(world, login_as):
    """Het Anker: VB-LAAG for 2 and CB-LAAG for 1, with the dossiers of case D."""
    sync_catalogue()
    capacity(world.anker, "VB-LAAG", D(2020, 1, 1), 2)
    capacity(world.anker, "CB-LAAG", D(2020, 1, 1), 1)
    # A youth with two schakelingen on one day boundary (10/03 counts once), the first
    # starting before the period.
    traject(
        world.anker,
        ("VB-LAAG",),
        (D(2026, 2, 15), D(2026, 3, 10)),
        (D(2026, 3, 10), D(2026, 3, 20)),
    )
    traject(world.anker, ("VB-LAAG",), (D(2026, 3, 25), None))  # open: to the end, inclusive
    traject(world.anker, ("VB-LAAG",), (D(2026, 1, 1), D(2026, 4, 30)))  # before and after
    traject(world.anker, ("VB-LAAG",), (D(2026, 4, 1), D(2026, 5, 1)))  # after the period
    traject(world.anker, ("CB-LAAG",), (D(2026, 3, 1), D(2026, 3, 15)))
    db.session.commit()
    login_as(world.pieter, world.anker)
    return world


def test_c3_naft_capacity_change_inside_the_period(brug, client):
    """Case A: 3 started / (20 × 181/365 + 26 × 184/365) = 1095/8404 = 13,0 %."""
    capacity(brug.brug, "NAFT", D(2025, 1, 1), 20)
    capacity(brug.brug, "NAFT", D(2026, 7, 1), 26)
    traject(brug.brug, ("NAFT",), (D(2026, 2, 15), D(2026, 8, 15)))
    traject(brug.brug, ("NAFT",), (D(2026, 7, 1), None))
    traject(brug.brug, ("NAFT",), (D(2026, 12, 31), None))  # the end date counts
    # Started in 2025: its verlenging in 2026 is no new dossier.
    traject(
        brug.brug, ("NAFT",), (D(2025, 12, 10), D(2026, 6, 10)), (D(2026, 6, 10), D(2026, 9, 1))
    )
    traject(brug.brug, ("NAFT",), (D(2027, 1, 1), None))  # after the period
    response = ask(client, "NAFT", "01/01/2026", "31/12/2026")
    assert response.status_code == 200
    assert figures_row(body(response), "NAFT onderwijs-welzijnstraject") == ["3", "23,02", "13,0 %"]
    assert "niet van toepassing voor NAFT" in body(response)
    assert "capaciteit 26" in body(response)  # the change is marked on the chart


def test_c3_naft_leap_year(brug, client):
    """Case B: 2024 has 366 days: 20 × 366/366 = 20; 5 started → 25,0 %."""
    for month in range(1, 6):
        traject(brug.brug, ("NAFT",), (D(2024, month, 29 if month == 2 else 1), None))
    response = ask(client, "NAFT", "01/01/2024", "31/12/2024")
    # No capacity row yet: the capacity is 0.
    assert figures_row(body(response), "NAFT onderwijs-welzijnstraject") == ["5", "0", "–"]
    capacity(brug.brug, "NAFT", D(2024, 1, 1), 20)
    response = ask(client, "NAFT", "01/01/2024", "31/12/2024")
    assert figures_row(body(response), "NAFT onderwijs-welzijnstraject") == ["5", "20", "25,0 %"]


def test_c3_naft_period_over_new_year(brug, client):
    """Case C: 12 × 184/366 + 12 × 181/365 = 266812/22265 = 11,98; 6 started → 50,1 %."""
    capacity(brug.brug, "NAFT", D(2024, 1, 1), 12)
    starts = (D(2024, 7, 1), D(2024, 9, 3), D(2024, 12, 31), D(2025, 1, 1), D(2025, 3, 3))
    for day in (*starts, D(2025, 6, 30)):
        traject(brug.brug, ("NAFT",), (day, None))
    traject(brug.brug, ("NAFT",), (D(2024, 6, 30), None))  # the day before
    traject(brug.brug, ("NAFT",), (D(2025, 7, 1), None))  # the day after
    response = ask(client, "NAFT", "01/07/2024", "30/06/2025")
    assert figures_row(body(response), "NAFT onderwijs-welzijnstraject") == ["6", "11,98", "50,1 %"]


def test_c3_other_module_occupied_days(anker, client):
    """Case D: (20 + 7 + 31) / (2 × 31) = 58/62 = 93,5 %; weighted with CB-LAAG's 15/31:
    73/93 = 78,5 %."""
    response = ask(client, "VB-LAAG", "01/03/2026", "31/03/2026")
    assert response.status_code == 200
    html = body(response)
    assert figures_row(html, "Verblijf voor minderjarigen (lage frequentie)") == [
        "58",
        "62",
        "93,5 %",
    ]
    assert figures_row(html, "Gewogen gemiddelde") == ["73", "93", "78,5 %"]


def test_c3_other_module_capacity_change_inside_the_period(anker, client):
    """Case E: capacity 4 from 16/03: 2 × 15 + 4 × 16 = 94; 58/94 = 61,7 %."""
    capacity(anker.anker, "VB-LAAG", D(2026, 3, 16), 4)
    html = body(ask(client, "VB-LAAG", "01/03/2026", "31/03/2026"))
    assert figures_row(html, "Verblijf voor minderjarigen (lage frequentie)") == [
        "58",
        "94",
        "61,7 %",
    ]
    assert "capaciteit 4" in html


def test_c3_counts_schakeling_dates_never_beslissing_dates(anker, client):
    """The beslissingen of the fixture run 2020–2030: only schakeling days count, so a
    dossier whose schakeling lies outside the period adds nothing."""
    html = body(ask(client, "VB-LAAG", "01/05/2026", "31/05/2026"))
    # Only the open schakeling (31 days) and 01/05 of the one ending 01/05.
    assert figures_row(html, "Verblijf voor minderjarigen (lage frequentie)")[0] == "32"


def _schakeling_from(day: date) -> Schakeling:
    return db.session.scalars(select(Schakeling).where(Schakeling.begindatum == day)).one()


def test_c3_counts_follow_changes_of_schakelingen(anker, client):
    """Case D after edits: the counts read the module spans (models.spans), which every change
    of a schakeling's dates, modules or existence rebuilds in the same transaction."""
    vb_laag = "Verblijf voor minderjarigen (lage frequentie)"

    def occupied() -> str:
        return figures_row(body(ask(client, "VB-LAAG", "01/03/2026", "31/03/2026")), vb_laag)[0]

    assert occupied() == "58"
    _schakeling_from(D(2026, 3, 25)).einddatum = D(2026, 3, 28)  # 7 days become 4
    db.session.commit()
    assert occupied() == "55"
    _schakeling_from(D(2026, 1, 1)).modules = [module("CB-LAAG")]  # 31 days leave VB-LAAG
    db.session.commit()
    assert occupied() == "24"
    # Without its first schakeling, dossier 1 keeps 10/03–20/03: its verlenging no longer
    # shares 10/03 with an earlier one.
    db.session.delete(_schakeling_from(D(2026, 2, 15)))
    db.session.commit()
    assert occupied() == "15"


def test_c3_counts_follow_a_deleted_beslissing(anker, client):
    """Deleting a beslissing deletes its schakelingen: the dossier's other schakelingen no
    longer share days with them."""
    youth = traject(anker.anker, ("VB-LAAG",), (D(2026, 3, 2), D(2026, 3, 10)))
    traject(anker.anker, ("VB-LAAG",), (D(2026, 3, 5), D(2026, 3, 20)), dossier=youth)
    db.session.commit()
    html = body(ask(client, "VB-LAAG", "01/03/2026", "31/03/2026"))
    assert figures_row(html, "Verblijf voor minderjarigen (lage frequentie)")[0] == "77"  # 58 + 19
    db.session.delete(_schakeling_from(D(2026, 3, 2)).beslissing)
    db.session.commit()
    html = body(ask(client, "VB-LAAG", "01/03/2026", "31/03/2026"))
    assert figures_row(html, "Verblijf voor minderjarigen (lage frequentie)")[0] == "74"  # 58 + 16


def test_c3_capacity_zero(anker, client):
    """Capacity 0 throughout: the manual's reason instead of a figure."""
    capacity(anker.anker, "VB-LAAG", D(2026, 1, 1), 0)
    response = ask(client, "VB-LAAG", "01/03/2026", "31/03/2026")
    assert response.status_code == 200
    assert "Bezetting kan niet berekend worden: de capaciteit is 0 in deze periode." in body(
        response
    )
    assert figures_row(body(response), "Verblijf voor minderjarigen (lage frequentie)") == [
        "58",
        "0",
        "–",
    ]


@pytest.mark.parametrize(
    ("first", "last", "message"),
    [
        (
            "01/01/2026",
            "01/01/2027",
            "De periode mag hoogstens 1 jaar zijn: kies een einddatum tot en met 31/12/2026.",
        ),
        ("29/02/2024", "01/03/2025", "tot en met 28/02/2025"),
        ("10/03/2026", "09/03/2026", "De einddatum mag niet vóór de begindatum liggen."),
        ("", "31/03/2026", "Vul de begindatum in."),
    ],
)
def test_c3_period_longer_than_a_year_or_reversed_is_refused(anker, client, first, last, message):
    response = ask(client, "VB-LAAG", first, last)
    assert response.status_code == 422
    assert message in body(response)
    assert "bezetting-cijfers" not in body(response)


def test_c3_a_full_year_is_allowed(anker, client):
    assert ask(client, "VB-LAAG", "01/01/2024", "31/12/2024").status_code == 200
    assert ask(client, "VB-LAAG", "29/02/2024", "28/02/2025").status_code == 200


def test_c3_other_organisations_module_and_dossiers_are_invisible(anker, client, login_as):
    """A-4: Jan (De Brug) cannot pick Het Anker's module; Het Anker's dossiers never count for
    De Brug."""
    approval(anker.brug, "NAFT")
    login_as(anker.jan, anker.brug)
    response = ask(client, "VB-LAAG", "01/03/2026", "31/03/2026")
    assert response.status_code == 422
    assert "Kies een module van uw voorziening." in body(response)


def test_c3_menu_and_form(anker, client):
    html = body(client.get("/bezettingsgraad"))
    assert 'aria-current="page">Bereken bezettingsgraad</a>' in html
    assert ">Bereken inzet</a>" in html
    assert "Verblijf voor minderjarigen (lage frequentie)" in html
    assert "bezetting-cijfers" not in html


def test_c3_only_for_medewerkers(world, client, login_as):
    login_as(world.ann, world.agency)
    assert client.get("/bezettingsgraad").status_code == 403


def test_c3_query_count_constant_in_the_number_of_dossiers(anker, client):
    def statements() -> int:
        with counted_queries() as seen:
            assert ask(client, "VB-LAAG", "01/01/2026", "31/12/2026").status_code == 200
        return len(seen)

    before = statements()
    for _ in range(8):
        traject(
            anker.anker,
            ("VB-LAAG", "CB-LAAG"),
            (D(2026, 2, 1), D(2026, 6, 1)),
            (D(2026, 6, 1), None),
        )
    factories.dossier(anker.anker)
    db.session.commit()
    assert statements() == before


# --- C-3 a period reaching past today (docs/decisions.md) ---

NAFT = "NAFT onderwijs-welzijnstraject"
VB_LAAG = "Verblijf voor minderjarigen (lage frequentie)"


def test_c3_a_period_reaching_past_today_counts_up_to_today(brug, client):
    """Case A asked on 30/09/2026: 20 × 181/365 + 26 × 92/365 = 6012/365 = 16,47; started
    15/02 and 01/07 (31/12 is still to come) = 2 → 730/6012 = 12,1 %, the figure of
    01/01–30/09; October to December show "nog niet" and weigh nothing."""
    capacity(brug.brug, "NAFT", D(2025, 1, 1), 20)
    capacity(brug.brug, "NAFT", D(2026, 7, 1), 26)
    traject(brug.brug, ("NAFT",), (D(2026, 2, 15), D(2026, 8, 15)))
    traject(brug.brug, ("NAFT",), (D(2026, 7, 1), None))
    traject(brug.brug, ("NAFT",), (D(2026, 12, 31), None))  # planned: not started yet
    with pinned_to(D(2026, 9, 30)):
        whole_year = ask(client, "NAFT", "01/01/2026", "31/12/2026")
        until_today = ask(client, "NAFT", "01/01/2026", "30/09/2026")
    assert whole_year.status_code == 200
    html = body(whole_year)
    assert figures_row(html, NAFT) == ["2", "16,47", "12,1 %"]
    assert figures_row(body(until_today), NAFT) == ["2", "16,47", "12,1 %"]
    assert "Bezettingsgraad 01/01/2026 tot en met 31/12/2026" in html
    assert (
        "De periode loopt verder dan vandaag: de bezettingsgraad telt tot en met vandaag "
        "(30/09/2026)." in html
    )
    for later in ("01/10/2026 – 31/10/2026", "01/11/2026 – 30/11/2026", "01/12/2026 – 31/12/2026"):
        assert figures_row(html, later) == ["nog niet"]
    assert figures_row(html, "01/09/2026 – 30/09/2026")[0] == "26"
    assert html.count(">nog niet</text>") == 3  # the chart's bars of October to December
    assert "De periode loopt verder dan vandaag" not in body(until_today)


def test_c3_running_schakelingen_count_up_to_today_not_to_the_periods_end(anker, client):
    """Case D's dossiers asked on 15/04/2026 for 01/03–31/05: March 58/62, 01/04–15/04 the open
    schakeling, the one until 30/04 and the one from 01/04: 45/30 (capacity 2 × 15 days);
    (58 + 45) / (62 + 30) = 103/92 = 112,0 %. The open schakeling is not occupied in the
    future. Weighted with CB-LAAG (15 / (31 + 15)): 118/138 = 85,5 %."""
    with pinned_to(D(2026, 4, 15)):
        html = body(ask(client, "VB-LAAG", "01/03/2026", "31/05/2026"))
        until_today = body(ask(client, "VB-LAAG", "01/03/2026", "15/04/2026"))
    assert figures_row(html, VB_LAAG) == ["103", "92", "112,0 %"]
    assert figures_row(until_today, VB_LAAG) == figures_row(html, VB_LAAG)
    assert figures_row(html, "Gewogen gemiddelde") == ["118", "138", "85,5 %"]
    assert figures_row(html, "01/04/2026 – 15/04/2026") == ["2", "45", "30", "150,0 %"]
    assert figures_row(html, "01/05/2026 – 31/05/2026") == ["nog niet"]


def test_c3_a_period_starting_after_today_is_refused(anker, client):
    with pinned_to(D(2026, 11, 30)):
        response = ask(client, "VB-LAAG", "01/12/2026", "31/12/2026")
        assert ask(client, "VB-LAAG", "30/11/2026", "31/12/2026").status_code == 200
    assert response.status_code == 422
    assert (
        "De periode begint na vandaag (30/11/2026): er is nog niets te berekenen. Kies een "
        "begindatum tot en met vandaag." in body(response)
    )
    assert "bezetting-cijfers" not in body(response)
