"""Clients: identification via the register (K-1, K-2), cliëntgegevens (K-3), cliëntcontext
(K-4); ``access.py`` decides who may open a client (A-4)."""

from flask import Blueprint

blueprint = Blueprint("clients", __name__, url_prefix="/clienten")
