"""Convention 3: one helper to serve a page or its htmx fragment."""

from __future__ import annotations

from flask import render_template, request


def is_htmx() -> bool:
    """True when htmx sent the request (and not a history restore of a whole page)."""
    return request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )


def page_or_fragment(page: str, fragment: str, status: int = 200, **context):
    """Render the fragment for htmx requests and the full page otherwise; Vary on HX-Request."""
    template = fragment if is_htmx() else page
    response = render_template(template, **context), status, {"Vary": "HX-Request"}
    return response
