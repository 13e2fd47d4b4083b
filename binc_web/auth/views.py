"""A-1 login/logout through the identity provider and A-2 "Selecteer de voorziening"."""

from __future__ import annotations

from authlib.common.errors import AuthlibBaseError
from flask import (
    Blueprint,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from joserfc.errors import JoseError
from requests import RequestException

from binc_web.auth import oidc
from binc_web.auth.session import end_all_sessions, memberships_of, start_session
from binc_web.extensions import db, limiter
from binc_web.models import Person
from binc_web.models.base import utcnow
from binc_web.rules.national_number import national_number_problems
from binc_web.rules.redirects import a1_local_redirect
from binc_web.scoping import database_id

blueprint = Blueprint("auth", __name__)


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@blueprint.get("/aanmelden")
def login():
    """The "Aanmelden" page: one button that starts the identity provider's login."""
    if g.person is not None and session.get("organisation_id"):
        return redirect(url_for("dossiers.overview"))
    return render_template("auth/login.html", next=a1_local_redirect(request.args.get("next")))


@blueprint.get("/aanmelden/start")
@limiter.limit(_login_limit)
def login_start():
    """Redirect to the identity provider (authorization code flow with PKCE, state, nonce)."""
    next_path = a1_local_redirect(request.args.get("next"))
    session.clear()
    if next_path:
        session["next"] = next_path
    try:
        return oidc.client().authorize_redirect(oidc.public_url("auth.callback"))
    except RequestException:
        return render_template("auth/provider_unreachable.html"), 502


@blueprint.get("/aanmelden/terug")
@limiter.limit(_login_limit)
def callback():
    """Finish the login: check state and nonce, find the person by national number."""
    try:
        token = oidc.client().authorize_access_token()
    except (AuthlibBaseError, JoseError) as error:
        current_app.logger.warning("OIDC login refused: %r", error)
        session.clear()
        return render_template("auth/login_failed.html"), 400
    except RequestException:
        return render_template("auth/provider_unreachable.html"), 502

    claims = token.get("userinfo") or {}
    raw_number = str(claims.get(current_app.config["OIDC_NATIONAL_NUMBER_CLAIM"], ""))
    national_number, problems = national_number_problems(raw_number)
    if problems:
        current_app.logger.warning("OIDC login without a valid national number claim")
        session.clear()
        return render_template("auth/login_failed.html"), 400

    person = db.session.scalars(
        db.select(Person).where(Person.national_number == national_number)
    ).first()
    acting = memberships_of(person.id) if person else {}
    next_path = session.get("next")
    session.clear()
    if not acting:
        return render_template("auth/unknown_person.html"), 403

    _remember_login(person, claims)
    session.permanent = True
    start_session(session, person)
    # Only "Sluit af" needs the id token (the provider's id_token_hint); it stays server-side.
    session["id_token"] = token.get("id_token")
    # A new id once logged in: an id planted in the browser before login stays anonymous.
    current_app.session_interface.regenerate(session)
    if len(acting) == 1:
        session["organisation_id"] = next(iter(acting))
        return redirect(next_path or url_for("dossiers.overview"))
    if next_path:
        session["next"] = next_path
    return redirect(url_for("auth.choose_organisation"))


def _remember_login(person: Person, claims: dict) -> None:
    """Keep the names and e-mail the identity provider vouches for up to date."""
    person.given_name = claims.get("given_name") or person.given_name
    person.family_name = claims.get("family_name") or person.family_name
    person.email = claims.get("email") or person.email
    person.last_login_at = utcnow()
    db.session.commit()


@blueprint.route("/voorziening", methods=["GET", "POST"])
def choose_organisation():
    """A-2 "Selecteer de voorziening": pick the organisation to act for, or switch."""
    acting = memberships_of(g.person.id)
    if not acting:
        session.clear()
        return render_template("auth/unknown_person.html"), 403
    error = None
    if request.method == "POST":
        chosen = request.form.get("organisation_id", type=database_id)
        if chosen in acting:
            session["organisation_id"] = chosen
            next_path = session.pop("next", None)
            return redirect(next_path or url_for("dossiers.overview"), code=303)
        error = "Kies een voorziening uit de lijst."
    status = 422 if error else 200
    return render_template(
        "auth/choose_organisation.html", acting=list(acting.values()), error=error
    ), status


@blueprint.post("/afmelden")
def logout():
    """ "Sluit af": end the local session, then the provider's session where it offers one."""
    return _end_session()


@blueprint.post("/afmelden/overal")
def logout_everywhere():
    """ "Afmelden op alle toestellen": end every session of the person, this one included."""
    end_all_sessions(g.person)
    db.session.commit()
    return _end_session()


def _end_session():
    """Delete this session (server-side) and send the browser to the provider's logout."""
    id_token = session.get("id_token")
    session.clear()
    try:
        url = oidc.end_session_url(id_token, oidc.public_url("auth.logged_out"))
    except RequestException:
        url = None
    return redirect(url or url_for("auth.logged_out"), code=303)


@blueprint.get("/afgemeld")
def logged_out():
    """Confirmation that the person is logged out."""
    if g.person is not None:
        return redirect(url_for("dossiers.overview"))
    return render_template("auth/logged_out.html")
