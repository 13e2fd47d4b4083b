"""G-4: the pseudonym, birth month and exported answers of the research export as plain rules
(``binc_web.rules.pseudonyms``); the export itself is tested in ``test_privacy_research.py``."""

from __future__ import annotations

from datetime import date

from binc_web.rules.pseudonyms import (
    birth_month,
    exported_answer,
    pseudonym,
    research_pseudonym,
)
from tests.factories_privacy import NUMBER


def test_g4_pseudonym_is_an_hmac_of_the_number_and_birth_date_a_month():
    assert pseudonym(b"k" * 32, NUMBER) == pseudonym(b"k" * 32, NUMBER)
    assert pseudonym(b"k" * 32, NUMBER) != pseudonym(b"l" * 32, NUMBER)
    assert len(pseudonym(b"k" * 32, NUMBER)) == 64 and NUMBER not in pseudonym(b"k" * 32, NUMBER)
    assert birth_month(date(2010, 7, 21)) == "2010-07"
    assert exported_answer("text", "vrije tekst") is None
    assert exported_answer("multiple", ["a", "b"]) == "a|b"
    assert exported_answer("single", "clb") == "clb"


def test_g4_pseudonym_is_hmac_sha_256_of_the_number():
    """RFC 4231 test case 2 (key "Jefe"): the pseudonym is the standard HMAC-SHA-256, which
    anyone holding the key can recompute, and another number gives another pseudonym."""
    assert pseudonym(b"Jefe", "what do ya want for nothing?") == (
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    )
    assert pseudonym(b"k" * 32, NUMBER) != pseudonym(b"k" * 32, "00010100103")


def test_g4_exported_answers_keep_codes_numbers_and_dates_and_leave_out_the_rest():
    assert exported_answer("multiple", [1, 2]) == "1|2"
    assert exported_answer("multiple", []) == ""
    assert exported_answer("number", 3) == 3
    assert exported_answer("date", "2026-11-30") == "2026-11-30"
    assert exported_answer("single", None) is None
    assert exported_answer("onbekend type", "x") is None


def test_g4_an_erased_youth_has_no_pseudonym():
    """G-2: after 35 the export no longer names the youth, not even by a pseudonym."""
    assert research_pseudonym(b"k" * 32, NUMBER, erased=False) == pseudonym(b"k" * 32, NUMBER)
    assert research_pseudonym(b"k" * 32, "G0000000007", erased=True) is None
