"""The latest beslissing per dossier and SQLite's name search from their own indexes (issue 13)

Revision ID: 0025_hotpages3
Revises: 0024_erkenningsnummer
Create Date: 2026-11-30 08:50:00

- Every list row (D-4 overview, D-5 results) reads its dossier's latest beslissing (latest
  begindatum, newest first) three times, and the derived dates read it on every traject write.
  Through ix_beslissingen_dossier_id each read sorted the dossier's beslissingen;
  ix_beslissingen_latest (dossier_id, begindatum, id) holds them in that order, so the latest is
  the index's last entry of the dossier. It replaces ix_beslissingen_dossier_id (same prefix).
- D-5 on SQLite: a name search reads every dossier of the organisation (a LIKE '%…%' has no
  range). ix_dossiers_search_name holds, per organisation, the folded name in order with the
  columns the search joins on, so the scan reads index entries only, already in the list's
  order, and the table only for the matches. PostgreSQL has its trigram index (0018).
"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0025_hotpages3"
down_revision = "0024_erkenningsnummer"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_beslissingen_latest", "beslissingen", ["dossier_id", "begindatum", "id"])
    op.drop_index("ix_beslissingen_dossier_id", table_name="beslissingen")
    if op.get_bind().dialect.name == "sqlite":
        op.create_index(
            "ix_dossiers_search_name",
            "dossiers",
            ["organisation_id", "sort_name", "id", "client_id", "klas_id"],
        )


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.drop_index("ix_dossiers_search_name", table_name="dossiers")
    op.create_index("ix_beslissingen_dossier_id", "beslissingen", ["dossier_id"])
    op.drop_index("ix_beslissingen_latest", table_name="beslissingen")
