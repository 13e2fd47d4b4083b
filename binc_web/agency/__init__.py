"""The agency (Opgroeien): D-12 reopen requests for its dossierbehandelaars."""

from flask import Blueprint, abort, g

blueprint = Blueprint("agency", __name__, url_prefix="/agentschap")


@blueprint.before_request
def _dossierbehandelaars_only():
    """A-3/A-4: only a dossierbehandelaar acting for the agency; to anyone else these pages do
    not exist (404, like another organisation's dossier)."""
    if g.organisation.kind != "agency" or "dossierbehandelaar" not in g.roles:
        abort(404)
