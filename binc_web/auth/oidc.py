"""A-1: the OpenID Connect client (authorization code + PKCE, state and nonce by Authlib)."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app, url_for


def init_app(app: Flask) -> None:
    """Register the identity provider client from the OIDC_* settings, one per app."""
    oauth = OAuth(app)
    oauth.register(
        name="idp",
        server_metadata_url=app.config["OIDC_DISCOVERY_URL"],
        client_id=app.config["OIDC_CLIENT_ID"],
        client_secret=app.config["OIDC_CLIENT_SECRET"],
        client_kwargs={"scope": app.config["OIDC_SCOPE"], "code_challenge_method": "S256"},
    )
    app.extensions["binc_oauth"] = oauth


def client():
    """The registered identity-provider client of the current app."""
    return current_app.extensions["binc_oauth"].idp


def public_url(endpoint: str) -> str:
    """The address of ``endpoint`` as the provider must know it: from ``BASE_URL``, never from
    the request's Host header."""
    return current_app.config["BASE_URL"] + url_for(endpoint)


def end_session_url(id_token: str | None, post_logout_redirect_uri: str) -> str | None:
    """The provider's RP-initiated logout URL, or None when it offers no end_session."""
    endpoint = client().load_server_metadata().get("end_session_endpoint")
    if not endpoint:
        return None
    params = {"post_logout_redirect_uri": post_logout_redirect_uri}
    params["client_id"] = current_app.config["OIDC_CLIENT_ID"]
    if id_token:
        params["id_token_hint"] = id_token
    separator = "&" if "?" in endpoint else "?"
    return endpoint + separator + urlencode(params)


def issuer_origin(app: Flask) -> str | None:
    """Scheme and host of the identity provider, for the CSP form-action of "Sluit af"."""
    url = app.config.get("OIDC_DISCOVERY_URL")
    if not url:
        return None
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
