"""organisations.erkenningsnummer: the agency's number of a voorziening, for the Groeipakket file

Revision ID: 0021_erkenningsnummer
Revises: 0020_retention_pending
Create Date: 2026-11-30 06:00:00

The Groeipakket file (G-1) named an organisation only by its internal id. The agency fills in
the erkenningsnummer on the Moduledatabank page; the file (schema version 2) carries it when
present. Empty for every existing organisation (issue 16 item 6).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021_erkenningsnummer'
down_revision = '0020_retention_pending'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('erkenningsnummer', sa.String(length=20), nullable=True))
        batch_op.create_unique_constraint(
            'uq_organisations_erkenningsnummer', ['erkenningsnummer']
        )


def downgrade():
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_constraint('uq_organisations_erkenningsnummer', type_='unique')
        batch_op.drop_column('erkenningsnummer')
