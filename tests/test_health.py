"""Issue 17 item 4: ``GET /gezondheid`` for monitoring."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta

import pytest

from binc_web import create_app
from binc_web.jobs import HEARTBEAT_KEY, huey, record_heartbeat
from binc_web.requestlog import LOGGER_NAME
from tests.conftest import app_config


def test_health_answers_ok_without_login_or_cookie(client, world):
    response = client.get("/gezondheid")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


def test_health_says_nothing_about_version_or_people(client, world):
    body = client.get("/gezondheid").get_data(as_text=True)
    assert len(body) < 100
    for secret in ("0.", "Peeters", world.jan.national_number, "binc-web"):
        assert secret not in body


def test_health_answers_503_when_the_database_is_unreachable(app, oidc_issuer):
    nowhere = "postgresql+psycopg://nobody@127.0.0.1:1/nothing?connect_timeout=1"
    response = create_app(app_config(nowhere, oidc_issuer)).test_client().get("/gezondheid")
    assert response.status_code == 503
    assert response.get_json() == {"status": "fout", "database": "fout"}


def test_health_is_not_rate_limited_nor_logged(client):
    lines = []
    handler = logging.Handler()
    handler.emit = lambda record: lines.append(json.loads(record.getMessage()))
    logging.getLogger(LOGGER_NAME).addHandler(handler)
    try:
        statuses = {client.get("/gezondheid").status_code for _ in range(30)}
        client.get("/aanmelden")
    finally:
        logging.getLogger(LOGGER_NAME).removeHandler(handler)
    assert statuses == {200}
    assert [line["route"] for line in lines] == ["/aanmelden"]


@pytest.fixture
def queued_app(tmp_path, database_url, oidc_issuer):
    """The app with a real queue (SQLite) instead of the testing profile's immediate jobs."""
    settings = {
        **app_config(database_url, oidc_issuer),
        "JOBS_IMMEDIATE": False,
        "JOBS_URL": f"sqlite:///{tmp_path / 'jobs.sqlite3'}",
    }
    application = create_app(settings)
    yield application
    huey.storage.flush_all()


def test_health_needs_a_recent_consumer_heartbeat_when_jobs_are_queued(queued_app):
    http = queued_app.test_client()
    never = http.get("/gezondheid")
    assert never.status_code == 503
    assert never.get_json() == {"status": "fout", "database": "ok", "jobs": "fout"}

    record_heartbeat()
    assert http.get("/gezondheid").get_json() == {"status": "ok", "database": "ok", "jobs": "ok"}

    stale = datetime.now(UTC) - timedelta(seconds=queued_app.config["JOBS_HEARTBEAT_MAX_AGE"] + 5)
    huey.put(HEARTBEAT_KEY, stale.isoformat())
    late = http.get("/gezondheid")
    assert late.status_code == 503
    assert late.get_json()["jobs"] == "fout"
