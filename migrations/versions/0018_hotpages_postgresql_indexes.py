"""PostgreSQL: the "Beslis. > tot" order and the name search from indexes, flat in size

Revision ID: 0018_hotpages
Revises: 0017_figperf
Create Date: 2026-11-30 02:10:00

Two indexes of PostgreSQL only (issue 13); SQLite is left alone (its indexes already serve both):

- D-4 "Beslis. > tot" sorts the dossiers without beslissing first. A B-tree of PostgreSQL holds
  NULLs last unless told otherwise, so the sort read all the view's entries of
  ix_dossiers_beslissing_end and sorted them; ix_dossiers_beslissing_end_nulls_first holds them
  in the order the page asks for, and the first page reads 50 entries.
- D-5: a name search found the matching folded names of every organisation in
  ix_dossiers_sort_name_trgm and then kept its own organisation's; ix_dossiers_name_trgm holds
  the organisation too (its integer in a GIN index needs the extension btree_gin, trusted since
  PostgreSQL 13 like pg_trgm), so a search reads only its organisation's matches.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018_hotpages'
down_revision = '0017_figperf'
branch_labels = None
depends_on = None


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    # As in 0009b: the trigram operator class lives in the extension's schema, which need not be
    # on this connection's search_path.
    schema = bind.execute(
        sa.text(
            "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'"
        )
    ).scalar()
    op.execute(
        "CREATE INDEX ix_dossiers_name_trgm ON dossiers "
        f"USING gin (organisation_id, sort_name {schema}.gin_trgm_ops)"
    )
    op.drop_index("ix_dossiers_sort_name_trgm", table_name="dossiers")
    op.execute(
        "CREATE INDEX ix_dossiers_beslissing_end_nulls_first ON dossiers "
        "(organisation_id, status, beslissing_end NULLS FIRST, sort_name, id)"
    )
    op.drop_index("ix_dossiers_beslissing_end", table_name="dossiers")


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    op.create_index(
        "ix_dossiers_beslissing_end",
        "dossiers",
        ["organisation_id", "status", "beslissing_end", "sort_name", "id"],
    )
    op.drop_index("ix_dossiers_beslissing_end_nulls_first", table_name="dossiers")
    schema = bind.execute(
        sa.text(
            "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'"
        )
    ).scalar()
    op.execute(
        "CREATE INDEX ix_dossiers_sort_name_trgm ON dossiers "
        f"USING gin (sort_name {schema}.gin_trgm_ops)"
    )
    op.drop_index("ix_dossiers_name_trgm", table_name="dossiers")
    # The extension stays: other objects of the database may use it.
