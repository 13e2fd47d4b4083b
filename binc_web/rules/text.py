"""Convention 12: what no text field of binc-web accepts.

Control characters (Unicode category Cc: NUL, the vertical tab Word pastes as a line break, ...),
lone surrogates (Cs) and the Unicode line and paragraph separators (Zl, Zp: line breaks in
disguise that split a one-line name in exports and scripts). A text of several lines keeps its
line breaks and tabs.
"""

from __future__ import annotations

import unicodedata

REFUSED_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})
MULTILINE_CONTROLS = frozenset("\n\r\t")


def has_control_characters(text: str | None, multiline: bool = False) -> bool:
    """True when ``text`` holds a character no field accepts (see the module's docstring);
    ``multiline`` allows line breaks and tabs."""
    allowed = MULTILINE_CONTROLS if multiline else frozenset()
    return any(
        unicodedata.category(c) in REFUSED_CATEGORIES and c not in allowed for c in text or ""
    )
