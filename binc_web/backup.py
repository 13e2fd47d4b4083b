"""``flask binc backup`` and ``flask binc restore``: one file holds the whole database.

SQLite is copied with its online backup API (a consistent copy while the app keeps writing);
PostgreSQL with ``pg_dump --format=custom`` (one snapshot) and restored with ``pg_restore``.
A restore never overwrites data unless asked to (``--force``).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from sqlalchemy import func, inspect, select, table
from sqlalchemy.engine import URL, Engine, make_url

SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"
IGNORED_TABLES = {"alembic_version"}


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, in Dutch."""


def _is_sqlite(url: URL) -> bool:
    return url.get_backend_name() == "sqlite"


def _libpq(url: URL) -> tuple[str, dict]:
    """The database address for pg_dump/pg_restore, with the password in the environment
    (never on the command line, where every user of the machine sees it)."""
    environment = dict(os.environ)
    if url.password:
        environment["PGPASSWORD"] = url.password
    address = url.set(drivername="postgresql", password=None)
    return address.render_as_string(hide_password=False), environment


def _run(command: list[str], environment: dict) -> None:
    program = shutil.which(command[0])
    if program is None:
        raise BackupError(f"{command[0]} ontbreekt; installeer postgresql-client.")
    done = subprocess.run(
        [program, *command[1:]], env=environment, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise BackupError(f"{command[0]} mislukte: {done.stderr.strip()}")


def _sqlite_copy(source: str, target: str) -> None:
    """Copy one SQLite database onto another with the online backup API."""
    origin, copy = sqlite3.connect(source), sqlite3.connect(target)
    try:
        origin.backup(copy)
    finally:
        origin.close()
        copy.close()


def backup(database_url: str, path: Path) -> None:
    """Write a consistent copy of the database to ``path`` (mode 0600)."""
    url = make_url(database_url)
    path = path.resolve()
    handle, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    os.close(handle)
    try:
        if _is_sqlite(url):
            _sqlite_copy(url.database, partial)
        else:
            address, environment = _libpq(url)
            _run(
                ["pg_dump", "--format=custom", "--no-owner", "--file", partial, address],
                environment,
            )
        os.chmod(partial, 0o600)
        os.replace(partial, path)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)


def tables_with_rows(engine: Engine) -> list[str]:
    """The tables of the database that hold at least one row."""
    names = [n for n in inspect(engine).get_table_names() if n not in IGNORED_TABLES]
    with engine.connect() as connection:
        return [
            name
            for name in names
            if connection.scalar(select(func.count()).select_from(table(name)))
        ]


def restore(engine: Engine, path: Path, force: bool = False) -> None:
    """Replace the database behind ``engine`` by the backup at ``path``; a database holding
    rows is only overwritten with ``force``."""
    url = engine.url
    try:
        header = path.read_bytes()[:16]
    except OSError as error:
        raise BackupError(f"{path} kan niet gelezen worden ({error.strerror}).") from error
    expected = SQLITE_HEADER if _is_sqlite(url) else PG_DUMP_HEADER
    if not header.startswith(expected):
        kind = "SQLite" if _is_sqlite(url) else "PostgreSQL (pg_dump --format=custom)"
        raise BackupError(f"{path} is geen back-up van een {kind}-databank.")
    filled = tables_with_rows(engine)
    if filled and not force:
        raise BackupError(
            f"De databank bevat al gegevens ({len(filled)} tabellen met rijen); er werd niets "
            "overschreven. Herstel in een lege databank, of gebruik --force om ze te vervangen."
        )
    engine.dispose()
    if _is_sqlite(url):
        _sqlite_copy(str(path), url.database)
    else:
        address, environment = _libpq(url)
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                "--dbname",
                address,
                str(path),
            ],
            environment,
        )
