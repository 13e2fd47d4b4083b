"""The page shell: hoofdmenu, breadcrumbs, landmarks, vendored htmx configured once."""

from __future__ import annotations

import re
from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "binc_web" / "static"


def test_shell_start_page_has_landmarks_skip_link_and_hoofdmenu(login_as, world):
    page = login_as(world.jan, world.brug).get("/").get_data(as_text=True)
    assert '<html lang="nl">' in page
    assert '<a class="skip-link" href="#inhoud">Ga naar de inhoud</a>' in page
    assert '<main id="inhoud"' in page
    assert '<nav class="hoofdmenu" aria-label="Hoofdmenu">' in page
    assert 'aria-current="page">Overzicht Dossiers</a>' in page
    assert "Startpagina" in page and "Sluit af" in page
    assert 'aria-label="Broodkruimels"' in page


def test_shell_beheerder_sees_gebruikersbeheer_in_the_hoofdmenu(login_as, world):
    page = login_as(world.tom, world.brug).get("/").get_data(as_text=True)
    assert ">Gebruikersbeheer</a>" in page


def test_shell_htmx_is_vendored_with_its_version_and_configured_once(login_as, world):
    page = login_as(world.jan, world.brug).get("/").get_data(as_text=True)
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert scripts == ["/static/vendor/htmx-2.0.11.min.js", "/static/app.js"]
    assert (STATIC / "vendor" / "htmx-2.0.11.min.js").read_text().count("htmx") > 10
    assert '"allowEval": false' in page
    app_js = (STATIC / "app.js").read_text()
    assert 'code: "422", swap: true' in app_js
    assert "htmx:responseError" in app_js


def test_shell_csrf_token_is_sent_with_every_htmx_request(login_as, world):
    page = login_as(world.jan, world.brug).get("/").get_data(as_text=True)
    assert re.search(r"<body hx-headers='\{\"X-CSRFToken\": \"[^\"]+\"\}'>", page)


def test_shell_static_files_are_served(client):
    assert client.get("/static/app.css").status_code == 200
    assert client.get("/static/vendor/htmx-2.0.11.min.js").status_code == 200


def test_d6_dossier_page_shows_identification_and_aanmelding(login_as, world):
    page = login_as(world.jan, world.brug).get(f"/dossiers/{world.brug_dossier.id}")
    text = page.get_data(as_text=True)
    assert "Raadplegen Dossier" in text
    assert world.brug_dossier.code in text
    assert "Aanmelding" in text and "Beslissingen en schakelingen" in text


def test_every_page_names_a_favicon_that_exists(login_as, world):
    """No 404 for a favicon on a first visit: the page names one that is served."""
    http = login_as(world.jan, world.brug)
    page = http.get("/").get_data(as_text=True)
    icon = re.search(r'<link rel="icon"[^>]*href="([^"]+)"', page).group(1)
    assert http.get(icon).status_code == 200
