"""`make run`'s development identity provider logs every demo person in (README table)."""

from __future__ import annotations

import sys
from pathlib import Path

import oidc_provider_mock
import pytest

from binc_web import create_app
from binc_web.demo import DEMO_PEOPLE, load_demo
from binc_web.templating import today
from tests.conftest import IsolatedClient, app_config
from tests.oidc_flow import oidc_login

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import dev_idp


@pytest.fixture(scope="module")
def dev_provider():
    users = dev_idp.demo_users("egovNRN")
    with oidc_provider_mock.run_server_in_thread(
        port=0, require_nonce=True, user_claims=users
    ) as s:
        yield f"http://localhost:{s.server_port}"


@pytest.fixture
def demo_client(app, dev_provider, database_url):
    load_demo(today())
    demo_app = create_app(app_config(database_url, dev_provider))
    demo_app.test_client_class = IsolatedClient
    return demo_app.test_client()


@pytest.mark.parametrize(("number", "given", "family", "roles"), DEMO_PEOPLE)
def test_a1_every_demo_person_logs_in_through_the_dev_provider(
    demo_client, number, given, family, roles
):
    response = oidc_login(demo_client, number)
    organisations = sorted({organisation for organisation, _ in roles})
    if len(organisations) == 1:
        assert response.headers["Location"] == "/"
        page = demo_client.get("/").get_data(as_text=True)
        assert f"voor <strong>{organisations[0]}</strong>" in page
    else:
        assert response.headers["Location"] == "/voorziening"
        page = demo_client.get("/voorziening").get_data(as_text=True)
        assert all(name in page for name in organisations)


def test_a1_dev_provider_unknown_visitor_gets_no_access(demo_client):
    number = dev_idp.UNKNOWN_PERSON[0]
    assert oidc_login(demo_client, number).status_code == 403


def test_a1_dev_provider_keeps_its_signing_key_while_code_changes(monkeypatch):
    """Found walking `make run`: the provider ran with Werkzeug's reloader (the mock turns
    debug on), so saving any source file restarted it with a new signing key and every login
    after that failed with "bad_signature" until the app was restarted as well."""
    started = {}

    def record_run(app, **options):
        started.update(options)

    monkeypatch.setattr("flask.Flask.run", record_run)
    monkeypatch.setattr(sys, "argv", ["dev_idp.py", "--port", "0"])
    dev_idp.main()
    assert started["use_reloader"] is False
