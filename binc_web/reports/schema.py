"""P-6: the published XSD of the raw data, at a stable address, readable without login (an
organisation's own systems fetch it to validate and import the file)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, request, send_file

blueprint = Blueprint("schema", __name__)

SCHEMA_DIRECTORY = Path(__file__).resolve().parent.parent / "exports"
# Every version ever published keeps its address: add a new file here, never replace one.
PUBLISHED = ("ruwe-data-1.xsd", "groeipakket-1.xsd")


def published_schema():
    """P-6: one published schema file (the rule's own path names it)."""
    name = request.path.rsplit("/", 1)[-1]
    return send_file(SCHEMA_DIRECTORY / name, mimetype="application/xml", max_age=24 * 3600)


for _name in PUBLISHED:
    blueprint.add_url_rule(f"/schema/{_name}", "published_schema", published_schema)
