"""A-1: the target after login stays on this site whatever the ``next`` parameter holds."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from binc_web.rules.redirects import a1_local_redirect

# Known open-redirect bypasses: each would leave the site in some browser or proxy.
BYPASSES = [
    "//evil.example",
    "/\t/evil.example",
    "/%09/evil.example",
    "/\n/evil.example",
    "/%0a/evil.example",
    "/\r\n/evil.example",
    "\t//evil.example",
    " //evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "/%5c/evil.example",
    "/%2f/evil.example",
    "/%2f%2fevil.example",
    "%2f%2fevil.example",
    "///evil.example",
    "////evil.example",
    "https://evil.example",
    "https:evil.example",
    "https:/evil.example",
    "HTTPS://evil.example",
    "javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "evil.example",
    "/／evil.example",
    "／／evil.example",
    "/⁄evil.example",
    "/∕evil.example",
    "/\u2215\u2215evil.example",
    "/\x00/evil.example",
    "\x7f//evil.example",
    "",
    None,
]


@pytest.mark.parametrize("target", BYPASSES)
def test_a1_next_bypasses_are_refused(target):
    assert a1_local_redirect(target) is None


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/", "/"),
        ("/beheer/gebruikers", "/beheer/gebruikers"),
        ("/dossiers/12?tab=traject", "/dossiers/12?tab=traject"),
        ("/dossiers/12#top", "/dossiers/12"),
        ("/dossiers/12\n", "/dossiers/12"),
        ("/dossiers/\r\n12", "/dossiers/12"),
        ("/zoek?q=a%20b", "/zoek?q=a%20b"),
    ],
)
def test_a1_local_paths_are_kept_without_controls(target, expected):
    assert a1_local_redirect(target) == expected


@given(st.text())
def test_a1_any_next_gives_a_local_path_without_controls_or_none(target):
    result = a1_local_redirect(target)
    if result is not None:
        assert result.startswith("/") and not result.startswith("//")
        assert not any(ord(c) < 0x21 or ord(c) == 0x7F for c in result)
        assert "\\" not in result and result.isascii()
