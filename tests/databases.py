"""Fresh, empty databases beside the test database (SQLite files, or PostgreSQL databases
named after the test database and dropped afterwards)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from binc_web.config import normalise_database_url


@contextmanager
def fresh_database(folder: Path) -> Iterator[str]:
    """The URL of a new empty database of the kind the suite runs on."""
    url = os.environ.get("BINC_TEST_DATABASE_URL")
    if not url:
        yield f"sqlite:///{folder / f'fresh-{uuid.uuid4().hex[:8]}.sqlite3'}"
        return
    with postgresql_database(url) as fresh:
        yield fresh


@contextmanager
def postgresql_database(beside: str) -> Iterator[str]:
    """A new PostgreSQL database on the server of the URL ``beside``, named after its
    database, dropped afterwards."""
    server = make_url(normalise_database_url(beside))
    name = f"{server.database}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
