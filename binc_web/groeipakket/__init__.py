"""G-1: the Groeipakket feed: its runs for the agency, its nightly task."""

from flask import Blueprint

blueprint = Blueprint("groeipakket", __name__, url_prefix="/agentschap/groeipakket")

from binc_web.groeipakket import tasks, views  # noqa: E402, F401  (routes and tasks)
