"""PostgreSQL session settings that fit a web app (issue 13): JIT off and a statement timeout
on every connection of the app, also when the URL brings libpq options of its own."""

from __future__ import annotations

import pytest

from binc_web.database import engine_options
from binc_web.extensions import db

PG = "postgresql+psycopg://binc@db.internal/binc"


def test_postgresql_connections_get_jit_off_and_the_statement_timeout():
    options = engine_options(PG, {"pool_pre_ping": True}, 30)
    assert options["pool_pre_ping"] is True
    assert options["connect_args"]["options"] == "-c jit=off -c statement_timeout=30000"


def test_the_urls_own_libpq_options_are_kept():
    options = engine_options(f"{PG}?options=-csearch_path%3Dx", {}, 2.5)
    assert options["connect_args"]["options"] == (
        "-csearch_path=x -c jit=off -c statement_timeout=2500"
    )


def test_sqlite_gets_no_postgresql_options():
    assert engine_options("sqlite:///x.sqlite3", {"pool_pre_ping": True}, 30) == {
        "pool_pre_ping": True
    }


@pytest.mark.postgres
def test_the_apps_postgresql_sessions_run_without_jit_and_with_the_timeout(app):
    with app.app_context():
        assert db.session.execute(db.text("SHOW jit")).scalar() == "off"
        assert db.session.execute(db.text("SHOW statement_timeout")).scalar() == "30s"


def test_d5_lower_folds_every_letter_on_every_database(app):
    """D-5 "regardless of case": SQLite's own lower() only knows A-Z (issue 13)."""
    with app.app_context():
        assert db.session.scalar(db.select(db.func.lower("ÖZTÜRK Émile"))) == "öztürk émile"
        assert db.session.scalar(db.select(db.func.lower(None))) is None
