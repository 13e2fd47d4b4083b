"""PostgreSQL: a trigram index on dossiers.sort_name for "Opzoeken dossier" (D-5)

Revision ID: 0009b
Revises: 0009
Create Date: 2026-11-29 23:10:00

A search by (part of a) name matched the names of the clients with LIKE '%…%', which no B-tree
index serves: PostgreSQL joined every dossier of the organisation to its client, and hashed all
clients of the instance to do so. The search now narrows on the dossier's folded name first
(binc_web.rules.overview.name_search_key); on PostgreSQL a GIN index of trigrams
(extension pg_trgm, trusted since PostgreSQL 13: the database owner may create it) finds
those dossiers. SQLite has no such index and is left alone: it reads the organisation's entries
of ix_dossiers_overview_name, which hold the name too.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009b'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    # The operator class lives in the schema the extension was created in, which need not be
    # on this connection's search_path.
    schema = bind.execute(
        sa.text(
            "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'"
        )
    ).scalar()
    op.execute(
        "CREATE INDEX ix_dossiers_sort_name_trgm ON dossiers "
        f"USING gin (sort_name {schema}.gin_trgm_ops)"
    )


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_index("ix_dossiers_sort_name_trgm", table_name="dossiers")
    # The extension stays: other objects of the database may use it.
