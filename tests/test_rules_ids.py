"""Convention 12 and A-1: the id pattern of URLs and forms, and when a session has ended, called
directly (the id pattern is built at import time: only direct calls let mutation testing reach
``numbers_up_to``, docs/testing.md)."""

from __future__ import annotations

import re

import pytest

from binc_web.rules.ids import MAX_ID, numbers_up_to, parse_id
from binc_web.rules.sessions import a1_session_ended


@pytest.mark.parametrize("limit", [1, 9, 10, 11, 19, 20, 99, 100, 101, 305, 1000, 2024])
def test_an_id_pattern_matches_exactly_the_whole_numbers_1_to_its_limit(limit):
    pattern = re.compile(f"(?:{numbers_up_to(limit)})")
    matched = [n for n in range(0, 10 * limit + 20) if pattern.fullmatch(str(n))]
    assert matched == list(range(1, limit + 1))
    assert not pattern.fullmatch("0" + str(limit))  # no leading zeros


def test_an_id_fits_a_32_bit_column_or_names_nothing():
    assert MAX_ID == 2**31 - 1
    assert parse_id("1") == 1
    assert parse_id(str(MAX_ID)) == MAX_ID
    assert parse_id(str(MAX_ID + 1)) is None
    assert parse_id("2999999999") is None
    assert parse_id("0") is None
    assert parse_id("007") is None
    assert parse_id("²") is None
    assert parse_id(None) is None


SESSION = {
    "login_at": 1_000.0,
    "seen_at": 1_500.0,
    "generation": 3,
    "current_generation": 3,
    "idle_timeout": 600.0,
    "absolute_lifetime": 3_600.0,
}


def test_a1_a_session_lives_until_idle_or_absolute_timeout():
    assert not a1_session_ended(**SESSION, now=2_099.0)
    assert a1_session_ended(**SESSION, now=2_100.0)  # idle for exactly 600 s
    assert not a1_session_ended(**{**SESSION, "seen_at": 4_100.0}, now=4_599.0)
    assert a1_session_ended(**{**SESSION, "seen_at": 4_100.0}, now=4_600.0)  # 3600 s after login


def test_a1_a_revoked_or_incomplete_session_has_ended():
    assert a1_session_ended(**{**SESSION, "generation": 2}, now=1_600.0)
    assert a1_session_ended(**{**SESSION, "generation": None}, now=1_600.0)
    assert a1_session_ended(**{**SESSION, "login_at": None}, now=1_600.0)
    assert a1_session_ended(**{**SESSION, "seen_at": None}, now=1_600.0)
