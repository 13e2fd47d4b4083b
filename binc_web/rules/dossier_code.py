"""D-2: the dossier code ``BNC_<yyyymmdd of creation>_<sequence>``."""

from __future__ import annotations

from datetime import date


def dossier_code(created_on: date, sequence: int) -> str:
    """D-2: the code of the ``sequence``-th dossier created on ``created_on``."""
    if sequence < 1:
        raise ValueError("sequence starts at 1")
    return f"BNC_{created_on:%Y%m%d}_{sequence}"
