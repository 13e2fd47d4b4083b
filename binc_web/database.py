"""Database setup: SQLAlchemy, migrations, and SQLite pragmas (WAL, foreign keys)."""

from __future__ import annotations

import sys
from pathlib import Path

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url

from binc_web.extensions import db, migrate


def migrations_directory() -> str:
    """The Alembic scripts: migrations/ beside the package in a source tree (also an editable
    install), else where a wheel puts them (pyproject.toml's data-files)."""
    beside = Path(__file__).resolve().parent.parent / "migrations"
    if beside.is_dir():
        return str(beside)
    return str(Path(sys.prefix) / "share" / "binc-web" / "migrations")


MIGRATIONS = migrations_directory()


def install_database(app: Flask) -> None:
    """Bind SQLAlchemy and Flask-Migrate; make sure the instance folder exists."""
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    from binc_web import models  # noqa: F401  (registers every table on the metadata)

    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(
        app.config["SQLALCHEMY_DATABASE_URI"],
        app.config["SQLALCHEMY_ENGINE_OPTIONS"],
        app.config["DATABASE_STATEMENT_TIMEOUT"],
    )
    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS, render_as_batch=True, compare_type=True)
    # Registered after Flask-SQLAlchemy's own teardown, so it runs before the session is removed.
    app.teardown_appcontext(_end_transaction_unless_failed)


# Connection.info key: the connection's open transaction wrote (a statement other than SELECT).
WROTE = "binc_wrote"
# Execution option of a statement that PostgreSQL must plan for its values each time it runs.
PLAN_EACH_TIME = "binc_plan_each_time"


def end_transaction() -> None:
    """End the session's transaction, keeping nothing a view left uncommitted.

    A view commits what it saves, and anything else is discarded. A transaction that only read
    ends with COMMIT instead of ROLLBACK: the same for the database, but psycopg forgets every
    prepared statement on a ROLLBACK, so PostgreSQL planned the list pages' statements anew on
    every request (3–4 ms each at volume; docs/benchmarks.md, issue 13)."""
    session = db.session()
    transaction = session.get_transaction()
    # A transaction a failed flush deactivated can only be rolled back.
    if transaction is not None and transaction.is_active and not _uncommitted_work(session):
        session.commit()
    else:
        session.rollback()


def _uncommitted_work(session) -> bool:
    """Whether the session's transaction holds work: objects not flushed, or a statement that
    wrote (flushed objects included)."""
    if session.new or session.dirty or session.deleted:
        return True
    return bool(session.connection().info.get(WROTE))


def _end_transaction_unless_failed(error) -> None:
    """Teardown: end what the request or CLI command left open (``end_transaction``); after an
    error Flask-SQLAlchemy's removal of the session rolls it back."""
    if error is None:
        end_transaction()


@event.listens_for(Engine, "before_cursor_execute")
def _note_writes(connection, _cursor, statement, _parameters, _context, _many) -> None:
    """Mark the connection's transaction as written by any statement that is not a SELECT."""
    if statement.lstrip()[:6].upper() != "SELECT":
        connection.info[WROTE] = True


@event.listens_for(Engine, "commit")
@event.listens_for(Engine, "rollback")
def _transaction_ended(connection) -> None:
    connection.info.pop(WROTE, None)


@event.listens_for(Engine, "do_execute")
def _plan_each_time(cursor, statement, parameters, context):
    """psycopg prepares a statement after its fifth run, and PostgreSQL may then settle on a
    plan made without the values. A statement whose best plan depends on its values (the D-5
    search: how many names hold the typed text) asks to be planned each time instead."""
    if not context.execution_options.get(PLAN_EACH_TIME):
        return None
    if not type(cursor).__module__.startswith("psycopg"):
        return None
    cursor.execute(statement, parameters, prepare=False)
    return True


def engine_options(url: str, options: dict, statement_timeout: float) -> dict:
    """The engine options, with on PostgreSQL the settings every connection of the app gets.

    - ``jit=off``: the app's statements are short index look-ups; from some 20,000 dossiers
      per organisation the planner's cost estimates crossed ``jit_above_cost`` and compiling
      added 27–29 ms to statements that run in 5–40 ms (docs/benchmarks.md).
    - ``statement_timeout``: a runaway statement is cancelled rather than holding a worker.

    Passed as libpq ``options`` when connecting (no extra round trip per request), after any
    ``options`` of the URL itself. And the pool hands out the connection used last
    (``pool_use_lifo``): psycopg prepares a statement on a connection after five runs there,
    and a worker that took its pool's connections in turn prepared each statement only after
    five times the pool's size (``end_transaction``)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return options
    settings = ["-c jit=off", f"-c statement_timeout={round(statement_timeout * 1000)}"]
    connect_args = dict(options.get("connect_args", {}))
    given = connect_args.get("options") or parsed.query.get("options")
    connect_args["options"] = " ".join([given, *settings] if given else settings)
    return {"pool_use_lifo": True, **options, "connect_args": connect_args}


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """SQLite: enforce foreign keys, use WAL so readers don't block the writer, and a
    ``lower()`` that knows more than ASCII."""
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()
    # SQLite's own lower() changes only A-Z, so "lower(name) LIKE lower(term)" (D-5 search
    # "regardless of case") missed "Öztürk" for "öztürk". Python's str.lower folds every
    # letter, as PostgreSQL's lower() does: a search finds the same dossiers on both.
    dbapi_connection.create_function("lower", 1, _lower, deterministic=True)


def _lower(value):
    """SQLite's ``lower()``: the lower case of any letter; NULL and non-text values unchanged."""
    return value.lower() if isinstance(value, str) else value


def made_on(dialect: str):
    """Alembic's ``include_object`` for a database of ``dialect``: the models' objects created
    only on another kind of database (``Index(...).ddl_if(dialect=...)``, such as PostgreSQL's
    trigram index) are not part of its schema. Autogenerate ignores ``ddl_if`` by itself."""

    def include(target, _name, _type, reflected, _compare_to) -> bool:
        condition = getattr(target, "_ddl_if", None)
        if reflected or condition is None or condition.dialect is None:
            return True
        wanted = condition.dialect
        return dialect == wanted if isinstance(wanted, str) else dialect in wanted

    return include
