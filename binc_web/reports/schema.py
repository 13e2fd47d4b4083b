"""P-6 and G-1: the published XSDs of the raw data and of the Groeipakket feed, at stable
addresses, readable without login (an organisation's own systems or the Groeipakket payer fetch
them to validate and import the files)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, request, send_file

blueprint = Blueprint("schema", __name__)

SCHEMA_DIRECTORY = Path(__file__).resolve().parent.parent / "exports"
# Every version ever published keeps its address: add a new file here, never replace one.
PUBLISHED = ("ruwe-data-1.xsd", "groeipakket-1.xsd", "groeipakket-2.xsd")


def published_schema():
    """P-6/G-1: one published schema file (the rule's own path names it)."""
    name = request.path.rsplit("/", 1)[-1]
    return send_file(SCHEMA_DIRECTORY / name, mimetype="application/xml", max_age=24 * 3600)


for _name in PUBLISHED:
    blueprint.add_url_rule(f"/schema/{_name}", "published_schema", published_schema)
