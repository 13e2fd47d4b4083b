"""Security baseline: cookies, headers, CSP, debug and demo data never in production."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from binc_web import create_app
from binc_web.config import instance_secret_key, normalise_database_url
from tests.oidc_flow import oidc_login

TEMPLATES = Path(__file__).resolve().parent.parent / "binc_web" / "templates"


def production_app(tmp_path, **extra):
    config = {
        "BINC_ENV": "production",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "OIDC_DISCOVERY_URL": "https://idp.example.org/.well-known/openid-configuration",
        "OIDC_CLIENT_SECRET": "geheim",
        "SECRET_KEY": "production-test-secret",
        "BASE_URL": "https://binc.example.org",
        **extra,
    }
    return create_app(config)


def test_security_session_cookie_is_httponly_and_lax(client, world):
    oidc_login(client, "85073003328")
    cookie = client.get_cookie("binc_session")
    assert cookie is not None
    assert cookie.http_only
    assert cookie.same_site == "Lax"


def test_security_session_cookie_is_secure_in_production(tmp_path):
    app = production_app(tmp_path)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.debug is False


def test_security_debug_is_refused_in_production(tmp_path):
    with pytest.raises(RuntimeError, match="debugmodus"):
        production_app(tmp_path, DEBUG=True)


def test_security_headers_on_every_page(client, world):
    response = client.get("/aanmelden")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"


def test_security_production_sends_hsts(tmp_path):
    response = production_app(tmp_path).test_client().get("/aanmelden")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_security_templates_have_no_inline_scripts_or_handlers():
    offenders = []
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag:
                offenders.append(f"{template.name}: inline <script>")
        if re.search(r"\son[a-z]+\s*=", text):
            offenders.append(f"{template.name}: inline event handler")
        if re.search(r"\sstyle\s*=", text):
            offenders.append(f"{template.name}: inline style")
    assert offenders == []


def test_security_every_post_form_carries_a_csrf_token():
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text()
        for form in re.findall(r"<form\b.*?</form>", text, flags=re.S):
            if 'method="post"' in form:
                assert "csrf_token" in form, f"{template.name} has a POST form without CSRF"


def test_security_secret_key_is_created_once_and_private(tmp_path):
    first = instance_secret_key(tmp_path)
    assert len(first) == 64
    assert instance_secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_security_secret_key_started_at_once_by_several_processes_is_one_key(tmp_path, monkeypatch):
    """Gunicorn workers, a second instance and the consumer may start together: one that
    finds no key while another is writing it takes the other's key instead of failing."""
    winner = instance_secret_key(tmp_path)
    monkeypatch.setattr(Path, "exists", lambda path: False)
    assert instance_secret_key(tmp_path) == winner
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]


def test_security_demo_data_is_refused_in_production(tmp_path):
    app = production_app(tmp_path)
    with app.app_context():
        from binc_web.extensions import db

        db.create_all()
    result = app.test_cli_runner().invoke(args=["binc", "demo"])
    assert result.exit_code == 2
    assert "nooit geladen in een productie-installatie" in result.output


def test_security_postgres_urls_use_psycopg3():
    assert normalise_database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("sqlite:///x") == "sqlite:///x"


def test_security_unknown_environment_is_refused(monkeypatch):
    monkeypatch.setenv("BINC_ENV", "staging")
    with pytest.raises(RuntimeError, match="BINC_ENV"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_security_errors_are_dutch_pages(login_as, world):
    client = login_as(world.jan, world.brug)
    response = client.get("/bestaat-niet")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.get_data(as_text=True)
    response = client.delete("/")
    assert response.status_code == 405
    assert "niet toegelaten" in response.get_data(as_text=True)


def test_security_flask_debug_environment_is_refused_in_production(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    with pytest.raises(RuntimeError, match="debugmodus"):
        production_app(tmp_path)
