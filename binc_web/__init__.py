"""binc-web: registration of youth-care trajecten. ``create_app`` builds the application."""

from __future__ import annotations

import os

from flask import Flask

# The release (CHANGELOG.md); pyproject.toml reads it from here.
__version__ = "0.2.0.dev0"


def create_app(config: dict | None = None) -> Flask:
    """Build the Flask application; ``config`` overrides every other setting (tests)."""
    from binc_web import cli, errors, health, requestlog, security
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
    from binc_web.directory import blueprint as directory_blueprint
    from binc_web.directory import views as directory_views  # noqa: F401  (routes of the blueprint)
    from binc_web.documents import blueprint as documents_blueprint
    from binc_web.documents import views as document_views  # noqa: F401  (routes)
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
    from binc_web.figures import bp as figures_blueprint
    from binc_web.groeipakket import blueprint as groeipakket_blueprint
    from binc_web.jobs import install_jobs
    from binc_web.mail import install_mail
    from binc_web.privacy import blueprint as privacy_blueprint
    from binc_web.privacy import (  # noqa: F401  (routes of the blueprint, periodic tasks)
        log_views,
        research,
        retention_views,
        tasks,
    )
    from binc_web.privacy import views as privacy_views  # noqa: F401  (routes of the blueprint)
    from binc_web.reports.schema import blueprint as schema_blueprint
    from binc_web.reports.views import blueprint as reports_blueprint
    from binc_web.scoping import IdConverter
    from binc_web.security import install_proxy_fix
    from binc_web.templating import install_templating

    # BINC_INSTANCE_PATH: where everything binc-web writes lives (systemd: /var/lib/binc-web);
    # by default the instance/ folder beside the package.
    instance = os.environ.get("BINC_INSTANCE_PATH")
    app = Flask(
        __name__,
        instance_relative_config=True,
        instance_path=os.path.abspath(instance) if instance else None,
    )
    load_config(app, config)
    install_proxy_fix(app)
    requestlog.init_app(app)
    install_database(app)
    install_session_store(app)
    install_jobs(app)
    install_mail(app)
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
    app.register_blueprint(schema_blueprint)
    app.register_blueprint(figures_blueprint)
    app.register_blueprint(documents_blueprint)
    app.register_blueprint(health.blueprint)
    app.register_blueprint(reports_blueprint)
    app.register_blueprint(privacy_blueprint)
    app.register_blueprint(directory_blueprint)
    app.register_blueprint(groeipakket_blueprint)
    cli.init_app(app)
    return app
