"""report requests: attempt and progress_at (issue 14, P-4 robustness)

Revision ID: 0013_reports2
Revises: 0012
Create Date: 2026-11-30 02:00:00

A request "bezig" whose consumer died mid-job showed no way out. progress_at records the job's
last progress (its start, each file written), so that a request without progress for ten
minutes is shown as interrupted with a retry; attempt counts the job's starts, so that only the
latest attempt may record files (a job delivered twice makes its files once).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013_reports2'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('report_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attempt', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('progress_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('report_requests', schema=None) as batch_op:
        batch_op.drop_column('progress_at')
        batch_op.drop_column('attempt')
