"""Convention 12: an id typed in a URL or a form fits its column, or it names nothing."""

from __future__ import annotations

import re

# Every id column is a 32-bit integer on PostgreSQL (SQLite takes 64 bits): a larger number
# would make the database refuse the query itself instead of finding nothing.
MAX_ID = 2**31 - 1


def numbers_up_to(limit: int) -> str:
    """A regular expression matching exactly the whole numbers 1 to ``limit`` in ASCII digits,
    without leading zeros (str.isdigit() also accepts "²", int() accepts "١٢")."""
    top = str(limit)
    shorter = [f"[1-9][0-9]{{0,{len(top) - 2}}}"] if len(top) > 1 else []
    same_length = [
        f"{top[:i]}[{'1' if i == 0 else '0'}-{int(digit) - 1}][0-9]{{{len(top) - i - 1}}}"
        for i, digit in enumerate(top)
        if int(digit) > (1 if i == 0 else 0)
    ]
    return "|".join([*shorter, *same_length, top])


# As a URL converter's regex: a path with any other "id" matches no route, so it answers 404
# whatever the method.
ID_PATTERN = f"(?:{numbers_up_to(MAX_ID)})"
_ID = re.compile(ID_PATTERN)


def parse_id(text: str | None) -> int | None:
    """The id written in ``text`` (1 to ``MAX_ID`` in ASCII digits), or None for anything else."""
    if text is None or not _ID.fullmatch(text):
        return None
    return int(text)
