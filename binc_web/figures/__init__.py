"""Figures (NAFT manual chapters 11–13): bezettingsgraad (C-3), inzet (C-4) and their Excel
exports (C-5)."""

from flask import Blueprint

bp = Blueprint("figures", __name__)

from binc_web.figures import bezetting, inzet  # noqa: E402, F401  (routes of the blueprint)
