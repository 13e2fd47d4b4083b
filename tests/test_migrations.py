"""The migrations build exactly the schema of the models (the run command upgrades with them)."""

from __future__ import annotations

import logging
import os
import uuid
from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, text

from binc_web import create_app
from binc_web.database import made_on
from binc_web.extensions import db
from binc_web.models import Beslissing, Dossier
from tests import factories


@pytest.fixture
def empty_database_url(tmp_path):
    url = os.environ.get("BINC_TEST_DATABASE_URL")
    if not url:
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    schema = f"mig_{uuid.uuid4().hex[:8]}"
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in url else "?"
    yield f"{url}{separator}options=-csearch_path%3D{schema}"
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    engine.dispose()


def migrations_app(database_url: str):
    """The application on ``database_url``, for running its migrations in process."""
    return create_app(
        {
            "BINC_ENV": "testing",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "x",
            "OIDC_DISCOVERY_URL": "http://127.0.0.1:9/x",
        }
    )


def test_migrations_upgrade_to_the_models_schema(empty_database_url):
    app = migrations_app(empty_database_url)
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            options = {
                "compare_type": True,
                "render_as_batch": True,
                "include_object": made_on(connection.dialect.name),
            }
            context = MigrationContext.configure(connection, opts=options)
            differences = compare_metadata(context, db.metadata)
        db.engine.dispose()
    assert differences == []


def test_migrations_run_in_process_leave_the_apps_loggers_enabled(empty_database_url):
    watched = [logging.getLogger(name) for name in ("binc_web", "binc_web.mail")]
    app = migrations_app(empty_database_url)
    with app.app_context():
        upgrade()
    assert [logger.disabled for logger in watched] == [False, False]


def test_0026_fills_awaits_beslissing_since_of_the_existing_dossiers(empty_database_url):
    """Issue 13: the upgrade gives the existing dossiers the aanmelding's date while they have
    no beslissing, as the application keeps it (binc_web.models.derived)."""
    app = migrations_app(empty_database_url)
    with app.app_context():
        upgrade()
        where = factories.organisation("NAFT De Brug", "naft")
        waiting, decided = factories.dossier(where), factories.dossier(where)
        waiting.aanmelding.datum_aanmelding = date(2026, 3, 4)
        db.session.add(
            Beslissing(dossier=decided, begindatum=date(2026, 1, 5), einddatum=date(2026, 6, 30))
        )
        db.session.commit()
        ids = (waiting.id, decided.id)
        db.session.remove()
        downgrade(revision="0025_hotpages3")
        upgrade()
        filled = db.session.execute(
            db.select(Dossier.id, Dossier.awaits_beslissing_since).where(Dossier.id.in_(ids))
        ).all()
        db.session.remove()
        db.engine.dispose()
    assert dict(filled) == {ids[0]: date(2026, 3, 4), ids[1]: None}
