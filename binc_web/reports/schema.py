"""P-6: the published XSD of the raw data, at a stable address, readable without login (an
organisation's own systems fetch it to validate and import the file)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, send_file

blueprint = Blueprint("schema", __name__)

SCHEMA_DIRECTORY = Path(__file__).resolve().parent.parent / "exports"


@blueprint.get("/schema/ruwe-data-<int:version>.xsd")
def ruwe_data(version: int):
    """P-6: ``ruwe-data-<version>.xsd``; every published version stays available."""
    path = SCHEMA_DIRECTORY / f"ruwe-data-{version}.xsd"
    if not path.is_file():
        abort(404)
    return send_file(path, mimetype="application/xml", max_age=24 * 3600)
