"""A-3/K-1: validation of rijksregisternummers and BIS numbers with precise Dutch messages."""

from __future__ import annotations

from datetime import date

from stdnum.be import bis, nn
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)


def national_number_problems(value: str) -> tuple[str | None, list[str]]:
    """Validate a rijksregisternummer or BIS number typed without spaces or punctuation.

    Returns the compact number (or None) and the problems found.
    """
    raw = (value or "").strip()
    if not raw:
        return None, ["Vul een rijksregisternummer of BIS-nummer in."]
    if not (raw.isascii() and raw.isdigit()):
        return None, [
            "Een rijksregisternummer bestaat enkel uit cijfers: "
            "typ het zonder spaties of leestekens."
        ]
    if len(raw) != 11:
        return None, [f"Een rijksregisternummer telt 11 cijfers, niet {len(raw)}."]
    module = bis if is_bis_number(raw) else nn
    try:
        module.validate(raw)
    except InvalidChecksum:
        return None, ["Het controlegetal (laatste twee cijfers) klopt niet."]
    except (InvalidComponent, InvalidFormat):
        return None, ["De geboortedatum in dit nummer bestaat niet."]
    except InvalidLength:
        return None, [f"Een rijksregisternummer telt 11 cijfers, niet {len(raw)}."]
    except ValidationError:
        return None, ["Dit is geen geldig rijksregisternummer of BIS-nummer."]
    return raw, []


def is_bis_number(number: str) -> bool:
    """BIS numbers add 20 or 40 to the birth month (K-1: BIS month offset)."""
    month = int(number[2:4])
    return 20 <= month <= 32 or 40 <= month <= 52


def birth_date(number: str) -> date | None:
    """The birth date encoded in a valid number, or None when it is unknown."""
    module = bis if is_bis_number(number) else nn
    return module.get_birth_date(number)


def compose_national_number(born: date, serial: int) -> str:
    """The rijksregisternummer for a birth date and a serial (odd: male, even: female).

    Used for demo and volume data; the checksum follows the rule for births from 2000 on.
    """
    if not 1 <= serial <= 998:
        raise ValueError("serial must be 1..998")
    body = f"{born:%y%m%d}{serial:03d}"
    base = int(("2" if born.year >= 2000 else "") + body)
    return f"{body}{97 - base % 97:02d}"
