"""Security baseline: response headers, Content-Security-Policy, no debug in production."""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from binc_web.auth.oidc import issuer_origin


def content_security_policy(app: Flask) -> str:
    """Only our own scripts and styles; no inline scripts, no framing; forms post to us and,
    for "Sluit af", to the identity provider."""
    form_targets = " ".join(filter(None, ["'self'", issuer_origin(app)]))
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            f"form-action {form_targets}",
            "frame-ancestors 'none'",
        ]
    )


def init_app(app: Flask) -> None:
    """Add the security headers to every response."""
    policy = content_security_policy(app)

    @app.after_request
    def add_security_headers(response):
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        if response.mimetype == "text/html":
            # Pages hold personal data about minors: never keep them in shared caches.
            response.headers.setdefault("Cache-Control", "no-store")
        if app.config["SESSION_COOKIE_SECURE"]:
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        return response


PROXY_SETTINGS = ("x_for", "x_proto", "x_host", "x_port", "x_prefix")


def install_proxy_fix(app: Flask) -> None:
    """Trust the X-Forwarded-* headers of as many reverse proxies as configured
    (``PROXY_FIX_X_FOR`` …), so that ``request.remote_addr`` and the login rate limit see the
    real client; with every setting at 0 (the default) the headers are ignored."""
    counts = {name: int(app.config[f"PROXY_FIX_{name.upper()}"]) for name in PROXY_SETTINGS}
    if any(counts.values()):
        app.wsgi_app = ProxyFix(app.wsgi_app, **counts)
