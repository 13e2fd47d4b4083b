"""Figures (manual chapters 11–13 and the FAQ on benutting): the moduledatabank (M-2),
benutting (M-3) and capacities (C-1, C-2)."""

from flask import Blueprint

from binc_web.htmx import add_change_trigger

bp = Blueprint("figures", __name__)
bp.after_request(add_change_trigger)

from binc_web.figures import (  # noqa: E402, F401  (routes of the blueprint)
    benutting,
    benutting_organisatie,
    capaciteit,
    moduledatabank,
)
