"""Issue 17 item 6: a database of release 0.1.0 (migration 0006), filled with data, upgrades
to the current head with every row intact, on SQLite and PostgreSQL.

The data is written with plain SQL fitting revision 0006, not with today's models: those may
have columns the old release did not know.
"""

from __future__ import annotations

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from binc_web import create_app
from binc_web.directory import service_of
from binc_web.extensions import db
from binc_web.models import Dossier, Membership, Organisation, Person, Registratie
from tests.conftest import app_config
from tests.databases import fresh_database

RELEASE_0_1_0 = "0006"
NOW = "'2026-01-05 10:00:00.000000'"
RELEASE_DATA = [
    f"INSERT INTO organisations (id, name, kind, created_at) VALUES "
    f"(1, 'NAFT De Brug', 'naft', {NOW})",
    "INSERT INTO persons (id, national_number, family_name, given_name, session_generation) "
    "VALUES (1, '85073003328', 'Peeters', 'Jan', 2)",
    f"INSERT INTO memberships (id, person_id, organisation_id, role, granted_at) VALUES "
    f"(1, 1, 1, 'medewerker', {NOW}), (2, 1, 1, 'beheerder', {NOW})",
    "INSERT INTO clients (id, national_number, family_name, given_name, gender, birth_date, "
    f"municipality, created_at, updated_at, version_id) VALUES (1, '10051700287', 'Claes', "
    f"'Lotte', 'V', '2010-05-17', 'Gent', {NOW}, {NOW}, 3)",
    "INSERT INTO dossiers (id, code, organisation_id, client_id, status, created_by_id, "
    "assigned_to_id, created_at, updated_at, version_id, sort_name) VALUES "
    f"(1, 'BNC_20260105_1', 1, 1, 'open', 1, 1, {NOW}, {NOW}, 4, 'claes lotte')",
    "INSERT INTO aanmeldingen (id, dossier_id, uw_referentie, via_toegangspoort, aanmelder, "
    "datum_aanmelding, time_out, updated_at, version_id) VALUES "
    f"(1, 1, 'REF-7', FALSE, 'clb', '2026-01-05', FALSE, {NOW}, 1)",
    "INSERT INTO beslissingen (id, dossier_id, via_toegangspoort, begindatum, einddatum, "
    f"created_at, version_id) VALUES (1, 1, FALSE, '2026-01-05', '2026-07-04', {NOW}, 1)",
    "INSERT INTO schakelingen (id, beslissing_id, dossier_id, kind, begindatum, "
    "verzekerd_aanbod, zwaartepunt_andere_sector, created_at, version_id) VALUES "
    f"(1, 1, 1, 'start', '2026-01-06', FALSE, FALSE, {NOW}, 1)",
    "INSERT INTO registraties (id, dossier_id, kind, set_code, set_version, answers, complete, "
    "created_by_id, version_id) VALUES "
    """(1, 1, 'begin', 'naft-individueel', 1, '{"schooltraject": "ja"}', FALSE, 1, 2)""",
]
TABLES = [
    "organisations",
    "persons",
    "memberships",
    "clients",
    "dossiers",
    "aanmeldingen",
    "beslissingen",
    "schakelingen",
    "registraties",
]


@pytest.fixture
def release_database(tmp_path, oidc_issuer):
    """An app on a new database built by the migrations of release 0.1.0, with its data."""
    with fresh_database(tmp_path) as url:
        app = create_app(app_config(url, oidc_issuer))
        with app.app_context():
            upgrade(revision=RELEASE_0_1_0)
            with db.engine.begin() as connection:
                for statement in RELEASE_DATA:
                    connection.execute(text(statement))
                if db.engine.dialect.name == "postgresql":
                    for table in TABLES:
                        connection.execute(
                            text(f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))")
                        )
            yield app
            db.session.remove()
            db.engine.dispose()


def table_rows() -> dict[str, list[tuple]]:
    with db.engine.connect() as connection:
        return {
            table: [tuple(row) for row in connection.execute(text(f"SELECT * FROM {table}"))]
            for table in TABLES
        }


def test_release_0_1_0_upgrades_to_head_with_its_data(release_database):
    app = release_database
    before = table_rows()
    upgrade()
    runner = app.test_cli_runner()
    initialised = runner.invoke(args=["binc", "init"])
    assert initialised.exit_code == 0, initialised.output

    after = table_rows()
    for table in TABLES:
        kept = [row[: len(before[table][0])] for row in after[table]]
        assert kept == before[table], table

    dossier = db.session.get(Dossier, 1)
    assert (dossier.code, dossier.client.family_name, dossier.version_id) == (
        "BNC_20260105_1",
        "Claes",
        4,
    )
    assert dossier.aanmelding.uw_referentie == "REF-7"
    assert [s.begindatum.isoformat() for b in dossier.beslissingen for s in b.schakelingen] == [
        "2026-01-06"
    ]
    assert db.session.get(Registratie, 1).answers == {"schooltraject": "ja"}
    jan = db.session.get(Person, 1)
    assert jan.session_generation == 2
    roles = db.session.scalars(db.select(Membership.role).where(Membership.person_id == 1))
    assert sorted(roles) == ["beheerder", "medewerker"]
    brug_service = service_of(db.session.get(Organisation, 1))
    assert (brug_service.name, brug_service.kind, brug_service.active) == (
        "NAFT De Brug",
        "voorziening",
        True,
    )
    checked = runner.invoke(args=["binc", "check"])
    assert "ok       Databank" in checked.output
