"""F-1 autocomplete in a real Chromium: the "Dienst" and "Naam medewerker" comboboxes of a
recipient row, by keyboard and by mouse, with axe-core on every state.

The document form is built elsewhere (issue 15, branch documents); this test serves a page of
its own (a test double in tests/) that includes the macros exactly as that form does.
"""

from __future__ import annotations

import pytest
from flask import render_template_string
from playwright.sync_api import expect
from wtforms import Form, HiddenField, StringField

from binc_web.directory.entries import add_or_update_contact, find_or_add_service
from binc_web.extensions import db
from tests.browser.conftest import (
    assert_no_browser_problems,
    check_accessibility,
    log_in_at_provider,
)
from tests.conftest import JAN

pytestmark = pytest.mark.browser

PAGE = """{% extends "base.html" %}
{% from "directory/_combobox.html" import dienst, medewerker %}
{% from "_fields.html" import field %}
{% block title %}Ontvangers{% endblock %}
{% block content %}
<h1>Ontvangers</h1>
<form method="get" action="">
  {% for row in rows %}
  <fieldset><legend>Ontvanger {{ loop.index }}</legend>
    {{ dienst(row.dienst, row.dienst_id, contact_field=row.naam, required=True) }}
    {{ medewerker(row.naam, row.email) }}
    {{ field(row.email) }}
  </fieldset>
  {% endfor %}
</form>
{% endblock %}"""


class RecipientRow(Form):
    dienst = StringField("Dienst")
    dienst_id = HiddenField()
    naam = StringField("Naam medewerker")
    email = StringField("E-mail medewerker")


@pytest.fixture
def recipients_page(app):
    """``/test/ontvangers``: two recipient rows built with the directory's macros."""

    def show():
        rows = [RecipientRow(prefix=f"ontvangers-{number}-") for number in range(2)]
        return render_template_string(PAGE, rows=rows)

    app.add_url_rule("/test/ontvangers", "test_recipients", show)
    zande, _ = find_or_add_service("Gemeenschapsinstelling campus De Zande", "dienst")
    add_or_update_contact(zande, "Griet Verhoeven", "griet.verhoeven@dezande.example.org")
    add_or_update_contact(zande, "Ömer Aydın", "omer.aydin@dezande.example.org")
    ocj, _ = find_or_add_service("OCJ Oost-Vlaanderen", "consulent")
    db.session.commit()
    return zande, ocj


def test_f1_browser_choose_a_service_and_a_contact_by_keyboard_and_mouse(
    recipients_page, page, live_server, console_errors
):
    zande, ocj = recipients_page
    log_in_at_provider(page, live_server, JAN)
    page.goto(live_server + "/test/ontvangers")
    check_accessibility(page)

    service = page.locator("#ontvangers-0-dienst")
    expect(service).to_have_attribute("role", "combobox")
    service.press_sequentially("ZANDE", delay=30)
    option = page.get_by_role("option", name="Gemeenschapsinstelling campus De Zande")
    expect(option).to_be_visible()
    expect(service).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#ontvangers-0-dienst-lijst-status")).to_have_text("1 dienst gevonden")
    check_accessibility(page)

    service.press("ArrowDown")
    expect(service).to_have_attribute(
        "aria-activedescendant", f"ontvangers-0-dienst-lijst-{zande.id}"
    )
    expect(option).to_have_attribute("aria-selected", "true")
    service.press("Enter")
    expect(service).to_have_value("Gemeenschapsinstelling campus De Zande")
    expect(page.locator("#ontvangers-0-dienst_id")).to_have_value(str(zande.id))
    expect(service).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#ontvangers-0-dienst-lijst")).to_be_hidden()

    # The row's "Naam medewerker" now offers that service's known contacts.
    name = page.locator("#ontvangers-0-naam")
    name.press_sequentially("omer", delay=30)
    contact = page.get_by_role("option", name="Ömer Aydın omer.aydin@dezande.example.org")
    expect(contact).to_be_visible()
    name.press("ArrowDown")
    name.press("Enter")
    expect(name).to_have_value("Ömer Aydın")
    expect(page.locator("#ontvangers-0-email")).to_have_value("omer.aydin@dezande.example.org")

    # Second row by mouse; Escape closes a list without choosing.
    second = page.locator("#ontvangers-1-dienst")
    second.press_sequentially("oost", delay=30)
    ocj_option = page.get_by_role("option", name="OCJ Oost-Vlaanderen (consulent)")
    expect(ocj_option).to_be_visible()
    second.press("Escape")
    expect(ocj_option).to_be_hidden()
    expect(second).to_have_attribute("aria-expanded", "false")
    second.press("ArrowDown")
    expect(ocj_option).to_be_visible()
    ocj_option.click()
    expect(second).to_have_value("OCJ Oost-Vlaanderen")
    expect(second).to_be_focused()
    expect(page.locator("#ontvangers-1-dienst_id")).to_have_value(str(ocj.id))

    # Typing over a chosen service forgets its id.
    second.press("End")
    second.press_sequentially(" X", delay=30)
    expect(page.locator("#ontvangers-1-dienst_id")).to_have_value("")
    expect(page.locator("#ontvangers-1-dienst-lijst-status")).to_have_text(
        "Geen gekende dienst gevonden."
    )
    check_accessibility(page)

    # Convention 7: an open list fits a phone's width without sideways scrolling.
    page.set_viewport_size({"width": 390, "height": 800})
    second.fill("")
    second.press_sequentially("campus", delay=30)
    expect(
        page.get_by_role("option", name="Gemeenschapsinstelling campus De Zande")
    ).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert_no_browser_problems(console_errors, live_server)
