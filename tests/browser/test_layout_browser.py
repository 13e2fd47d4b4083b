"""Convention 7 in a real Chromium (issue 11): no page scrolls sideways at 390 px or 1280 px;
only a table container that says so (``.table-scroll``) may scroll inside itself."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page

from binc_web.extensions import db
from binc_web.models import ActivityEntry
from tests import factories_overview as make
from tests.browser.conftest import assert_no_browser_problems, log_in_at_provider
from tests.conftest import TOM
from tests.factories_jobs import report_objects

pytestmark = pytest.mark.browser

WIDTHS = (390, 1280)
LONG_LABEL = (
    "Welke NAFT-aanbieder begeleidde de jongere tijdens het volledige NAFT-traject en met welke "
    "partners uit onderwijs en welzijn werd samengewerkt"
)
LONG_VALUE = "Eenlangwoordzonderspatiesdatnietvanzelfafbreekt" * 4


def sideways(page: Page) -> list[str]:
    """Empty when the page does not scroll sideways; else its width and the widest elements
    that stick out of the viewport outside a scrolling table box."""
    return page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          if (document.documentElement.scrollWidth <= width) return [];
          const culprits = [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > width + 1 && !e.closest('.table-scroll'))
            .slice(0, 5)
            .map(e => `${e.tagName.toLowerCase()}#${e.id}.${e.className} `
              + `${Math.round(e.getBoundingClientRect().right)}px`);
          // An element that escapes its table box (an absolutely positioned one whose
          // containing block lies outside the box) widens the page without sticking out of
          // anything outside the box: the page's own width is the measure.
          return [`page ${document.documentElement.scrollWidth}px`, ...culprits];
        }"""
    )


def test_no_page_scrolls_sideways_at_390_or_1280_px(world, page, live_server, console_errors):
    dossier = world.brug_dossier
    long_names = [
        make.dossier(world.brug, f"Vandenbergheverhaegen-{n}", "Marie-Christine-Josephine")
        for n in range(30)
    ]
    decided = make.beslissing(dossier, date(2026, 1, 5), date(2026, 7, 5))
    make.schakeling(decided, date(2026, 1, 9))
    db.session.add(
        ActivityEntry(
            organisation_id=world.brug.id,
            person_id=world.jan.id,
            dossier_id=dossier.id,
            action="registratie_gewijzigd",
            object_type="Registratie",
            object_id=1,
            description="Beginregistratie gewijzigd",
            before={LONG_LABEL: LONG_VALUE},
            after={LONG_LABEL: "Een andere, even lange waarde " * 6},
        )
    )
    klas = make.klas_dossier(world.brug, "Klas met een heel lange naam voor de opvang 2026-2027")
    report_objects(world.brug)
    db.session.commit()
    # Tom is beheerder and medewerker: the worker's pages and those of Gebruikersbeheer.
    log_in_at_provider(page, live_server, TOM)
    paths = [
        "/",
        "/acties",
        "/dossiers/zoeken?naam=vandenberghe&status=alle",
        f"/dossiers/{dossier.id}",
        f"/dossiers/{dossier.id}/activiteiten",
        f"/dossiers/{dossier.id}/registratie/begin",
        f"/dossiers/{dossier.id}/aanmelding",
        f"/clienten/{dossier.client_id}/gegevens",
        f"/clienten/{dossier.client_id}/context",
        "/clienten/identificatie",
        "/dossiers/nieuwe-klas",
        "/dossiers/overdragen",
        f"/dossiers/{klas.id}/klas",
        # A long name in a heading (Inzage, Aanmelding wijzigen) wraps instead of widening.
        f"/clienten/{long_names[0].client_id}/inzage",
        f"/dossiers/{long_names[0].id}/aanmelding",
        "/beheer/gebruikers",
        "/beheer/opzoekingen",
        "/rapporten/",
        "/rapporten/op-aanvraag",
        "/rapporten/nieuw",
    ]
    wide = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for path in paths:
            page.goto(live_server + path)
            page.wait_for_load_state("networkidle")
            found = sideways(page)
            if width == 1280:
                # At desktop width the lists and the activity log fit without inner scrolling.
                found += page.evaluate(
                    """() => [...document.querySelectorAll('.table-scroll')]
                      .filter(e => e.scrollWidth > e.clientWidth + 1)
                      .map(e => `table box ${e.getAttribute('aria-label')} ${e.scrollWidth}px`)"""
                )
            if found:
                wide[f"{width}px {path}"] = found
    assert not wide, "pages that scroll sideways:\n" + "\n".join(
        f"{k}: {v}" for k, v in wide.items()
    )
    assert_no_browser_problems(console_errors, live_server)
