"""Convention 12 (DESIGN): the characters no text field accepts, one rule for every form, the
search, the registrations engine and the directory import."""

from __future__ import annotations

import pytest

from binc_web.rules.text import has_control_characters


@pytest.mark.parametrize(
    "text",
    [
        "a\x00b",  # NUL: PostgreSQL cannot store it
        "regel\x0bregel",  # the vertical tab Word pastes for a manual line break
        "a\x7fb",  # DEL
        "a\x85b",  # NEL (C1 control)
        "Peeters\u2028Jan",  # LINE SEPARATOR
        "Peeters\u2029Jan",  # PARAGRAPH SEPARATOR
        "a\ud800b",  # a lone surrogate
    ],
)
def test_c12_refused_everywhere(text):
    assert has_control_characters(text)
    assert has_control_characters(text, multiline=True)


@pytest.mark.parametrize("control", ["\n", "\r", "\t"])
def test_c12_line_breaks_and_tabs_only_in_multiline_text(control):
    assert has_control_characters(f"regel 1{control}regel 2")
    assert not has_control_characters(f"regel 1{control}regel 2", multiline=True)


@pytest.mark.parametrize(
    "text", ["Öztürk-Van Damme", "D'Hondt", "Zoë  Çelik", "\u00a0vaste spatie", "", None]
)
def test_c12_ordinary_text_passes(text):
    assert not has_control_characters(text)
