"""Documents (F-1..F-5, manual chapter 15): "Delen documenten" from a dossier or the start
page, "Beheer documenten", "Ontvangen documenten" and "Gebruikersbeheer documenten"."""

from flask import Blueprint, request

from binc_web.rules.document_files import MAX_DOCUMENT_SIZE

blueprint = Blueprint("documents", __name__)

# The upload's body: the file and the form's other fields and multipart framing around it.
UPLOAD_LIMIT = MAX_DOCUMENT_SIZE + 64 * 1024
UPLOAD_ENDPOINTS = frozenset({"documents.add_for_dossier", "documents.add"})


def _limit_uploads() -> None:
    """F-1: an upload larger than 10 MB (and its form) is refused from its Content-Length
    before its body is read (413); other requests keep the application's limit."""
    if request.endpoint in UPLOAD_ENDPOINTS:
        request.max_content_length = UPLOAD_LIMIT


@blueprint.record_once
def _install_upload_limit(state) -> None:
    # First of all before_request functions: the CSRF check reads the form, and so the body.
    state.app.before_request_funcs.setdefault(None, []).insert(0, _limit_uploads)
