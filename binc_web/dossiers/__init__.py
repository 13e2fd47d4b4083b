"""Dossiers: the overview and search (``overview.py``) and the dossier itself (``views.py``)."""

from flask import Blueprint

blueprint = Blueprint("dossiers", __name__)
