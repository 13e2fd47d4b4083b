"""Figures (NAFT manual chapters 11–13 and the FAQ on benutting): the moduledatabank (M-2),
benutting (M-3), capacities (C-1, C-2), bezettingsgraad (C-3), inzet (C-4) and their Excel
exports (C-5)."""

from flask import Blueprint

from binc_web.htmx import add_change_trigger

bp = Blueprint("figures", __name__)
bp.after_request(add_change_trigger)

from binc_web.figures import (  # noqa: E402, F401  (routes of the blueprint)
    benutting,
    benutting_organisatie,
    bezetting,
    capaciteit,
    inzet,
    moduledatabank,
)
