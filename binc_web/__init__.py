"""binc-web: registration of youth-care trajecten. ``create_app`` builds the application."""

from __future__ import annotations

from flask import Flask


def create_app(config: dict | None = None) -> Flask:
    """Build the Flask application; ``config`` overrides every other setting (tests)."""
    from binc_web import cli, errors, security
    from binc_web.admin.views import blueprint as admin_blueprint
    from binc_web.agency import blueprint as agency_blueprint
    from binc_web.agency import views as agency_views  # noqa: F401
    from binc_web.auth import oidc
    from binc_web.auth.session import install_session_context
    from binc_web.auth.store import install_session_store
    from binc_web.auth.views import blueprint as auth_blueprint
    from binc_web.clients import blueprint as clients_blueprint
    from binc_web.clients import views as client_views  # noqa: F401  (routes of the blueprint)
    from binc_web.config import load_config
    from binc_web.database import install_database
    from binc_web.dossiers import blueprint as dossiers_blueprint
    from binc_web.dossiers import (  # noqa: F401  (routes of the blueprint)
        lifecycle,
        overview,
        registrations,
        traject,
        transfer,
        views,
    )
    from binc_web.extensions import csrf, limiter
    from binc_web.privacy import blueprint as privacy_blueprint
    from binc_web.privacy import (  # noqa: F401  (routes of the blueprint)
        log_views,
        research,
    )
    from binc_web.privacy import views as privacy_views  # noqa: F401  (routes of the blueprint)
    from binc_web.scoping import IdConverter
    from binc_web.security import install_proxy_fix
    from binc_web.templating import install_templating

    app = Flask(__name__, instance_relative_config=True)
    load_config(app, config)
    install_proxy_fix(app)
    install_database(app)
    install_session_store(app)
    csrf.init_app(app)
    limiter.init_app(app)
    oidc.init_app(app)
    install_session_context(app)
    security.init_app(app)
    errors.init_app(app)
    install_templating(app)
    app.url_map.converters["id"] = IdConverter
    app.register_blueprint(auth_blueprint)
    app.register_blueprint(dossiers_blueprint)
    app.register_blueprint(admin_blueprint)
    app.register_blueprint(clients_blueprint)
    app.register_blueprint(agency_blueprint)
    app.register_blueprint(privacy_blueprint)
    cli.init_app(app)
    return app
