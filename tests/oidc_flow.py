"""Drive the real authorization-code flow: our app → the provider's form → our callback."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import requests


def start_login(client, next_path: str | None = None) -> str:
    """Ask the app to start logging in; returns the provider's authorization URL."""
    response = client.get("/aanmelden/start", query_string={"next": next_path} if next_path else {})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def approve_at_provider(authorization_url: str, sub: str) -> str:
    """Pick ``sub`` on the provider's login form; returns our callback path with code and state."""
    answer = requests.post(authorization_url, data={"sub": sub}, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    location = urlsplit(answer.headers["Location"])
    return f"{location.path}?{location.query}"


def oidc_login(client, sub: str, next_path: str | None = None):
    """The whole flow; returns the app's response to the callback."""
    callback = approve_at_provider(start_login(client, next_path), sub)
    return client.get(callback)


def query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}
