"""Issue 17 item 5: a backup taken while people keep working restores identically."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import create_engine, select

from binc_web import create_app
from binc_web.extensions import db
from binc_web.models import Person, RegisterEntry
from binc_web.rules.national_number import compose_national_number
from tests.conftest import app_config
from tests.databases import fresh_database

PAIR = 2  # the writer adds register rows two per transaction


class Writer(threading.Thread):
    """Adds register rows, two per transaction, until stopped (a busy office)."""

    def __init__(self, app):
        super().__init__(daemon=True)
        self.app = app
        self.stop = threading.Event()
        self.committed = threading.Semaphore(0)

    def run(self):
        serial = 0
        with self.app.app_context():
            while not self.stop.is_set():
                for _ in range(PAIR):
                    serial += 1
                    db.session.add(
                        RegisterEntry(
                            national_number=compose_national_number(date(2012, 3, 4), serial),
                            family_name=f"Schrijver{serial}",
                            given_name="Bezig",
                            gender="M",
                            birth_date=date(2012, 3, 4),
                        )
                    )
                db.session.commit()
                self.committed.release()
            db.session.remove()


def rows(url: str) -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return {
                table.name: [
                    tuple(row)
                    for row in connection.execute(
                        select(table).order_by(*table.primary_key.columns)
                    )
                ]
                for table in db.metadata.sorted_tables
            }
    finally:
        engine.dispose()


def cli(app, *args):
    return app.test_cli_runner().invoke(args=["binc", *args])


@pytest.fixture
def fresh_url(tmp_path):
    with fresh_database(tmp_path) as url:
        yield url


def test_backup_under_load_restores_every_table_identically(
    app, world, database_url, oidc_issuer, tmp_path, fresh_url
):
    writer = Writer(app)
    writer.start()
    for _ in range(3):
        assert writer.committed.acquire(timeout=30)
    try:
        result = cli(app, "backup", str(tmp_path / "binc.backup"))
    finally:
        writer.stop.set()
        writer.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "binc.backup").stat().st_mode & 0o777 == 0o600

    restored_app = create_app(app_config(fresh_url, oidc_issuer))
    with restored_app.app_context():
        result = cli(restored_app, "restore", str(tmp_path / "binc.backup"))
        db.engine.dispose()
    assert result.exit_code == 0, result.output

    source, restored = rows(database_url), rows(fresh_url)
    written = set(source.pop("register_entries"))
    copied = restored.pop("register_entries")
    assert restored == source
    assert set(copied) <= written
    assert len(copied) >= 3 * PAIR
    assert len(copied) % PAIR == 0, "the backup split a transaction"


def test_restore_refuses_a_database_with_data_unless_forced(app, world, tmp_path):
    backup = tmp_path / "binc.backup"
    assert cli(app, "backup", str(backup)).exit_code == 0
    jan = world.jan.id
    world.jan.given_name = "Gewijzigd"
    db.session.commit()

    refused = cli(app, "restore", str(backup))
    assert refused.exit_code == 1
    assert "De databank bevat al gegevens" in refused.output
    assert "er werd niets overschreven" in refused.output
    assert db.session.get(Person, jan).given_name == "Gewijzigd"

    forced = cli(app, "restore", "--force", str(backup))
    assert forced.exit_code == 0, forced.output
    assert db.session.get(Person, jan).given_name == "Jan"


def test_restore_refuses_a_file_that_is_no_backup(app, tmp_path):
    junk = tmp_path / "binc.backup"
    junk.write_bytes(b"geen back-up")
    result = cli(app, "restore", str(junk))
    assert result.exit_code == 1
    assert "is geen back-up van een" in result.output
