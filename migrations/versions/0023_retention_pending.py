"""report_files.rewrite_pending: raw data still to be written again after a retention run

Revision ID: 0023_retention_pending
Revises: 0022_perf12
Create Date: 2026-11-30 05:40:00

G-2 retention writes each kept raw-data file that lists an erased youth once per run, after
the youths (issue 16 item 4), instead of once per youth. Each youth's transaction marks the
files that list them; the run (or the next one, if it was killed) writes the marked files.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0023_retention_pending'
down_revision = '0022_perf12'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('report_files', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('rewrite_pending', sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table('report_files', schema=None) as batch_op:
        batch_op.drop_column('rewrite_pending')
