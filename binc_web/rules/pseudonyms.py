"""G-4: what the pseudonymised research export keeps of a youth and their answers.

The pseudonym is an HMAC-SHA-256 of the national number under a secret key that stays in
``instance/``: the same youth gets the same pseudonym in every organisation and every run, and
nobody without the key can compute it back from a national number (or try them all: a keyed
hash, unlike a plain hash, cannot be brute-forced over the few million valid numbers).
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import date

# Answer types that are codes, numbers or dates; free text ("text") never leaves (G-4).
EXPORTED_ANSWER_TYPES = frozenset(
    {"single", "multiple", "yes_no", "yes_no_unknown", "number", "date"}
)


def pseudonym(key: bytes, national_number: str) -> str:
    """G-4: the youth's stable pseudonym (64 hexadecimal characters)."""
    return hmac.new(key, national_number.encode("ascii"), hashlib.sha256).hexdigest()


def research_pseudonym(key: bytes, national_number: str, erased: bool) -> str | None:
    """G-4/G-2: the youth's pseudonym in the export, or None once the youth was erased at 35.

    The leaflet keeps the data "tot je de leeftijd van 35 jaar hebt bereikt": after that the
    rows are no longer about an identifiable person. A pseudonym of the erased number's
    stand-in would still tie the youth's dossiers together (and be a new pseudonym, linked to
    nothing earlier), so an erased youth has none."""
    return None if erased else pseudonym(key, national_number)


def birth_month(born: date) -> str:
    """G-4: the birth date reduced to year and month, jjjj-mm."""
    return f"{born.year:04d}-{born.month:02d}"


def exported_answer(answer_type: str, answer: object) -> object:
    """G-4: a stored registration answer as the export holds it: codes and numbers as stored,
    several codes joined by "|", a free-text answer never (None)."""
    if answer_type not in EXPORTED_ANSWER_TYPES or answer is None:
        return None
    if isinstance(answer, list):
        return "|".join(str(item) for item in answer)
    return answer
