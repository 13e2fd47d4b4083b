"""organisations.erkenningsnummer: the agency's number of a voorziening, for the Groeipakket file

Revision ID: 0024_erkenningsnummer
Revises: 0023_retention_pending
Create Date: 2026-11-30 06:00:00

The Groeipakket file (G-1) named an organisation only by its internal id. The agency fills in
the erkenningsnummer on the Moduledatabank page; the file (schema version 2) carries it when
present. Empty for every existing organisation (issue 16 item 6).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0024_erkenningsnummer'
down_revision = '0023_retention_pending'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMN and a unique index: SQLite rebuilding organisations would break the
    # foreign keys that point at it.
    op.add_column('organisations', sa.Column('erkenningsnummer', sa.String(length=20), nullable=True))
    op.create_index(
        'ix_organisations_erkenningsnummer', 'organisations', ['erkenningsnummer'], unique=True
    )


def downgrade():
    op.drop_index('ix_organisations_erkenningsnummer', table_name='organisations')
    op.drop_column('organisations', 'erkenningsnummer')
