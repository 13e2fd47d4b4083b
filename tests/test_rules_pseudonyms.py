"""G-4: the pseudonym, birth month and exported answers of the research export as plain rules
(``binc_web.rules.pseudonyms``); the export itself is tested in ``test_privacy_research.py``."""

from __future__ import annotations

from datetime import date

from binc_web.rules.pseudonyms import birth_month, exported_answer, pseudonym
from tests.factories_privacy import NUMBER


def test_g4_pseudonym_is_an_hmac_of_the_number_and_birth_date_a_month():
    assert pseudonym(b"k" * 32, NUMBER) == pseudonym(b"k" * 32, NUMBER)
    assert pseudonym(b"k" * 32, NUMBER) != pseudonym(b"l" * 32, NUMBER)
    assert len(pseudonym(b"k" * 32, NUMBER)) == 64 and NUMBER not in pseudonym(b"k" * 32, NUMBER)
    assert birth_month(date(2010, 7, 21)) == "2010-07"
    assert exported_answer("text", "vrije tekst") is None
    assert exported_answer("multiple", ["a", "b"]) == "a|b"
    assert exported_answer("single", "clb") == "clb"
