"""Issue 17 item 7: one JSON line per request, with a request id, and no personal data in it."""

from __future__ import annotations

import json
import logging

import pytest

from binc_web.requestlog import LOGGER_NAME, REQUEST_ID_HEADER
from tests.conftest import JAN, PROVIDER_USERS, csrf_token
from tests.oidc_flow import oidc_login

FIELDS = {
    "time",
    "request_id",
    "method",
    "route",
    "status",
    "duration_ms",
    "person_id",
    "organisation_id",
}


class Lines(logging.Handler):
    """Keeps the formatted lines of the request logger."""

    def __init__(self):
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(record.getMessage())


@pytest.fixture
def request_log():
    handler = Lines()
    logger = logging.getLogger(LOGGER_NAME)
    logger.addHandler(handler)
    yield handler.lines
    logger.removeHandler(handler)


def personal_data(world) -> list[str]:
    """The national numbers and names a log line must never hold."""
    values = set()
    for someone in PROVIDER_USERS:
        values |= {someone.national_number, someone.given, someone.family}
    for dossier in (world.brug_dossier, world.anker_dossier):
        youth = dossier.client
        values |= {youth.national_number, youth.given_name, youth.family_name}
    return sorted(values)


def test_journey_leaves_one_json_line_per_request_without_personal_data(
    app, client, world, request_log
):
    """A worker logs in, searches a youth by name and number, opens the dossier, searches the
    register and logs out: every line is JSON with the agreed fields and holds no national
    number or name."""
    youth = world.brug_dossier.client
    assert oidc_login(client, JAN.national_number).status_code == 302
    client.get("/")
    token = csrf_token(client)
    found = client.post(
        "/dossiers/zoeken",
        data={
            "csrf_token": token,
            "naam": youth.family_name,
            "voornaam": youth.given_name,
            "rijksregisternummer": youth.national_number,
        },
    )
    assert found.status_code == 303
    client.get(found.headers["Location"])
    client.get(f"/dossiers/{world.brug_dossier.id}")
    client.post(
        "/clienten/identificatie",
        data={"csrf_token": token, "option": "nummer", "national_number": JAN.national_number},
    )
    assert client.get("/dossiers/999999").status_code == 404
    client.post("/afmelden", data={"csrf_token": token})

    lines = [json.loads(line) for line in request_log]
    assert len(lines) >= 9
    assert all(set(line) == FIELDS for line in lines)
    assert {"/dossiers/zoeken", "/dossiers/<id:dossier_id>"} <= {line["route"] for line in lines}
    assert world.jan.id in {line["person_id"] for line in lines}
    assert world.brug.id in {line["organisation_id"] for line in lines}
    leaks = [(value, raw) for raw in request_log for value in personal_data(world) if value in raw]
    assert not leaks


def test_request_id_is_sent_back_and_logged(client, request_log):
    response = client.get("/aanmelden")
    code = response.headers[REQUEST_ID_HEADER]
    assert len(code) >= 8
    assert json.loads(request_log[-1])["request_id"] == code


def test_request_id_of_the_proxy_is_kept_and_junk_is_replaced(client, request_log):
    kept = client.get("/aanmelden", headers={REQUEST_ID_HEADER: "0123456789abcdef0123"})
    assert kept.headers[REQUEST_ID_HEADER] == "0123456789abcdef0123"
    junk = client.get("/aanmelden", headers={REQUEST_ID_HEADER: 'x", "status": 200, "y": "'})
    assert junk.headers[REQUEST_ID_HEADER] != 'x", "status": 200, "y": "'
    assert [json.loads(line)["request_id"] for line in request_log] == [
        "0123456789abcdef0123",
        junk.headers[REQUEST_ID_HEADER],
    ]


@pytest.fixture
def broken_page(app):
    """``/stuk``: a page that fails, answered with the 500 page as in production."""

    def broken():
        raise RuntimeError("stuk")

    app.add_url_rule("/stuk", "broken", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    return "/stuk"


def test_error_page_shows_the_request_id_to_quote(broken_page, login_as, world, request_log):
    """A 500 says "Vermeld code … bij contact" with the code of the logged line."""
    response = login_as(world.jan, world.brug).get(broken_page)
    assert response.status_code == 500
    code = response.headers[REQUEST_ID_HEADER]
    assert f"Vermeld code <code>{code}</code> bij contact." in response.get_data(as_text=True)
    assert json.loads(request_log[-1]) | {"status": 500, "request_id": code} == json.loads(
        request_log[-1]
    )


def test_not_found_page_has_no_code(client, login_as, world):
    """A 404 looks the same whatever its cause (A-4): no per-request code on it."""
    response = login_as(world.jan, world.brug).get("/dossiers/999999")
    assert response.status_code == 404
    assert "Vermeld code" not in response.get_data(as_text=True)


def test_htmx_server_error_message_carries_the_code(broken_page, login_as, world):
    response = login_as(world.jan, world.brug).get(broken_page, headers={"HX-Request": "true"})
    assert response.status_code == 500
    code = response.headers[REQUEST_ID_HEADER]
    assert response.get_data(as_text=True).endswith(f"Vermeld code {code} bij contact.")


def test_each_job_leaves_json_lines_without_its_arguments(app, request_log):
    """A job (here P-4's expiry) logs when it starts and ends, with its duration."""
    from binc_web.reports.tasks import remove_expired_requests

    remove_expired_requests()
    lines = [json.loads(line) for line in request_log]
    assert [(line["job"], line["event"]) for line in lines] == [
        ("remove_expired_requests", "enqueued"),
        ("remove_expired_requests", "executing"),
        ("remove_expired_requests", "complete"),
    ]
    assert lines[-1]["duration_ms"] >= 0
    assert len({line["job_id"] for line in lines}) == 1
    assert all(set(line) <= {"time", "job", "job_id", "event", "duration_ms"} for line in lines)
