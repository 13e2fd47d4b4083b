"""Issue 16: the youth's right of access (G-3 "Inzage"), the pseudonymised research export
(G-4) and the log of who read what (``access_log.py``)."""

from flask import Blueprint

from binc_web.privacy.access_log import log_page_view

blueprint = Blueprint("privacy", __name__)
blueprint.after_app_request(log_page_view)
