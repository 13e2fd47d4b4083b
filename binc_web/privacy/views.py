"""G-3 "Inzage" of one youth, on screen (with a print stylesheet) and as a ZIP download."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from io import BytesIO

from flask import current_app, g, render_template, send_file, url_for
from markupsafe import Markup

from binc_web.auth.session import role_required
from binc_web.clients.access import client_ref, load_visible_client
from binc_web.exports.zip import ZIP_MIMETYPE, zip_bytes
from binc_web.models import Client
from binc_web.privacy import blueprint
from binc_web.privacy.inzage import Inzage, build_inzage
from binc_web.templating import BRUSSELS

STYLESHEET = "inzage.css"


def _crumbs(client: Client):
    name = f"{client.family_name} {client.given_name}"
    return [
        ("Overzicht Dossiers", url_for("dossiers.overview")),
        (name, url_for("clients.context", client_id=client_ref(client))),
        ("Inzage", None),
    ]


def _inzage(client_id: str) -> tuple[Client, Inzage]:
    client = load_visible_client(client_id)
    return client, build_inzage(client, g.organisation, datetime.now(UTC))


@blueprint.get("/clienten/<client_id>/inzage")
@role_required("medewerker")
def inzage(client_id: str):
    """G-3: everything the organisation registered about the youth, readable and printable."""
    client, made = _inzage(client_id)
    return render_template(
        "privacy/inzage.html", client=client, inzage=made, crumbs=_crumbs(client)
    )


@blueprint.get("/clienten/<client_id>/inzage.zip")
@role_required("medewerker")
def inzage_download(client_id: str):
    """G-3: the Inzage as one self-contained HTML file and the same data as JSON, zipped."""
    client, made = _inzage(client_id)
    with current_app.open_resource(f"static/{STYLESHEET}", "r") as handle:
        style = Markup(handle.read())  # our own file, not user input
    document = render_template(
        "privacy/inzage_document.html", client=client, inzage=made, style=style
    )
    data = json.dumps(made.as_json(), ensure_ascii=False, indent=2)
    archive = zip_bytes(
        {"inzage.html": document.encode(), "inzage.json": data.encode()}, made.made_at
    )
    day = made.made_at.astimezone(BRUSSELS).strftime("%Y-%m-%d")
    return send_file(
        BytesIO(archive),
        mimetype=ZIP_MIMETYPE,
        as_attachment=True,
        download_name=f"inzage-{day}.zip",
        max_age=0,
    )
