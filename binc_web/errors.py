"""Error pages in Dutch; htmx requests get a short text the page shows in its banner."""

from __future__ import annotations

from flask import Flask, make_response, render_template
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

from binc_web.extensions import db
from binc_web.htmx import is_htmx
from binc_web.requestlog import request_id

MESSAGES = {
    400: "De gevraagde actie kon niet uitgevoerd worden: het verzoek was onvolledig of ongeldig.",
    403: "U hebt geen toegang tot deze pagina met de rol waarmee u bent aangemeld.",
    404: "Deze pagina bestaat niet (meer) of hoort niet bij uw voorziening.",
    405: "Deze actie is hier niet toegelaten.",
    409: "De gevraagde actie kon niet uitgevoerd worden: de gegevens werden intussen gewijzigd.",
    413: "Het verzonden bestand of formulier is te groot.",
    429: "Te veel pogingen na elkaar. Wacht een minuut en probeer opnieuw.",
    500: "Er ging iets mis bij binc-web. Uw laatste wijziging werd niet bewaard; probeer opnieuw.",
}
CSRF_MESSAGE = (
    "Het formulier is verlopen of werd niet door binc-web aangemaakt. "
    "Laad de pagina opnieuw en probeer nog eens."
)


# The page shell without the person and organisation acted for: their names are loaded from
# the database, which may be what just failed.
WITHOUT_DATABASE = {
    "acting_person": None,
    "acting_organisation": None,
    "acting_roles": (),
    "acting_organisation_count": 0,
}


def render_error(status: int, message: str | None = None, shell: dict | None = None):
    """The error page (or, for htmx, its message alone) with the given status; a server error
    also gives the request's code to quote to the helpdesk (not a 4xx: a 404 must look the
    same whatever its cause, A-4). ``shell`` overrides the header's context."""
    text = message or MESSAGES.get(status, MESSAGES[400])
    code = request_id() if status >= 500 else None
    if is_htmx():
        if code:
            text = f"{text} Vermeld code {code} bij contact."
        return make_response(text, status, {"Content-Type": "text/plain; charset=utf-8"})
    page = render_template(
        "errors/error.html", status=status, message=text, request_id=code, **(shell or {})
    )
    return make_response(page, status)


def init_app(app: Flask) -> None:
    """Replace Werkzeug's English error pages."""

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(400, CSRF_MESSAGE)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        # An exception that carries its own (Dutch) answer, e.g. a limit's on_breach page.
        if error.response is not None:
            return error.response
        status = error.code or 500
        return render_error(status if status in MESSAGES else 400)

    @app.errorhandler(500)
    def server_error(error):
        try:
            # After a failed statement the session refuses every query until rolled back.
            db.session.rollback()
        except SQLAlchemyError:
            app.logger.exception("rollback after an error failed")
        return render_error(500, shell=WITHOUT_DATABASE)
