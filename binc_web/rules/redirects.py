"""A-1: where a person may be sent after logging in (never to another site)."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

# Browsers drop ASCII tab, newline and carriage return anywhere in a URL and trim the other
# C0 controls and spaces, so "/\t/evil.example" is followed as "//evil.example": every one of
# them is removed before the target is judged (and a newline can never reach a header).
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f]")


def a1_local_redirect(target: str | None) -> str | None:
    """A-1: the path and query of ``target`` when it stays on this site, else None.

    Refused: anything with a scheme or a host, protocol-relative targets (``//``, ``/\\``,
    also percent-encoded), backslashes (read as slashes by browsers) and non-ASCII characters
    (look-alike slashes); control characters and spaces are dropped first.
    """
    if not target:
        return None
    cleaned = _CONTROL_OR_SPACE.sub("", target)
    decoded = _CONTROL_OR_SPACE.sub("", unquote(cleaned))
    for form in (cleaned, decoded):
        if not form.isascii() or "\\" in form or not form.startswith("/") or form.startswith("//"):
            return None
    parts = urlsplit(cleaned)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")
