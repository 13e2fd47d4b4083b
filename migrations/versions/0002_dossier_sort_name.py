"""dossiers.sort_name: the D-4 name key, indexed with the overview's filter

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 10:00:00

The overview sorted on the client's (or class's) name through a join, so it read the name of
every listed dossier for each page. The key is now kept on the dossier and indexed after the
filter columns (organisation_id, status). ix_dossiers_organisation_status stays although it is a
prefix of the new index: the D-5 search reads all of an organisation's dossiers with their
clients, and in id order (the old index) SQLite finds them faster than in name order. The
existing rows get their key from the same Python function as new ones
(binc_web.rules.overview.sort_name: lower case without accents, which SQL cannot do alike on
SQLite and PostgreSQL).
"""
from alembic import op
import sqlalchemy as sa

from binc_web.rules.overview import sort_name


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

SORT_NAME = sa.String(length=250).with_variant(
    sa.String(length=250, collation="C"), "postgresql"
)
BATCH = 5000

dossiers = sa.table(
    "dossiers",
    sa.column("id", sa.Integer),
    sa.column("client_id", sa.Integer),
    sa.column("klas_id", sa.Integer),
    sa.column("sort_name", sa.String),
)
clients = sa.table(
    "clients",
    sa.column("id", sa.Integer),
    sa.column("family_name", sa.String),
    sa.column("given_name", sa.String),
)
klassen = sa.table("klassen", sa.column("id", sa.Integer), sa.column("name", sa.String))


def _fill_sort_names(bind) -> None:
    """Write the sort name of every existing dossier, in batches of BATCH rows."""
    rows = bind.execute(
        sa.select(dossiers.c.id, clients.c.family_name, clients.c.given_name, klassen.c.name)
        .select_from(
            dossiers.outerjoin(clients, dossiers.c.client_id == clients.c.id).outerjoin(
                klassen, dossiers.c.klas_id == klassen.c.id
            )
        )
        .order_by(dossiers.c.id)
    ).all()
    keys = [
        {
            "dossier_id": dossier_id,
            "key": sort_name(family, given) if family is not None else sort_name(klas or ""),
        }
        for dossier_id, family, given, klas in rows
    ]
    statement = (
        dossiers.update()
        .where(dossiers.c.id == sa.bindparam("dossier_id"))
        .values(sort_name=sa.bindparam("key"))
    )
    for start in range(0, len(keys), BATCH):
        bind.execute(statement, keys[start : start + BATCH])


def upgrade():
    bind = op.get_bind()
    # SQLite adds a NOT NULL column only with a default. Dropping that default afterwards would
    # rebuild the table, and with foreign keys on, dropping the old dossiers table deletes the
    # aanmeldingen, beslissingen and schakelingen (ON DELETE CASCADE): on SQLite the unused
    # default '' stays. The application always writes the key (before_flush, bulk inserts).
    op.add_column(
        "dossiers", sa.Column("sort_name", SORT_NAME, nullable=False, server_default="")
    )
    _fill_sort_names(bind)
    if bind.dialect.name != "sqlite":
        op.alter_column("dossiers", "sort_name", server_default=None)
    op.create_index(
        "ix_dossiers_overview_name",
        "dossiers",
        ["organisation_id", "status", "sort_name", "id"],
        unique=False,
    )


def downgrade():
    op.drop_index("ix_dossiers_overview_name", table_name="dossiers")
    # Plain ALTER TABLE (SQLite 3.35+ and PostgreSQL): a batch rebuild on SQLite would cascade
    # (see upgrade).
    op.execute("ALTER TABLE dossiers DROP COLUMN sort_name")
