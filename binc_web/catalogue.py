"""M-1: keep the typemodule table in line with the catalogue in ``rules.modules``."""

from __future__ import annotations

from sqlalchemy import select

from binc_web.extensions import db
from binc_web.models import TypeModule
from binc_web.rules.modules import CATALOGUE


def sync_catalogue() -> int:
    """Insert missing typemodules and update changed ones (idempotent); returns changes."""
    existing = {module.code: module for module in db.session.scalars(select(TypeModule))}
    changes = 0
    for definition in CATALOGUE:
        values = {
            "name": definition.name,
            "access": definition.access,
            "function": definition.function,
            "benutting_unit": definition.benutting_unit,
            "affects_groeipakket": definition.affects_groeipakket,
            "groeipakket_until_18": definition.groeipakket_until_18,
        }
        module = existing.get(definition.code)
        if module is None:
            db.session.add(TypeModule(code=definition.code, **values))
            changes += 1
        elif any(getattr(module, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(module, key, value)
            changes += 1
    db.session.flush()
    return changes
