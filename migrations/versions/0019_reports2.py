"""report requests: attempt and progress_at; periodic reports without a stored ZIP (issue 14)

Revision ID: 0019_reports2
Revises: 0018_hotpages
Create Date: 2026-11-30 02:00:00

A request "bezig" whose consumer died mid-job showed no way out. progress_at records the job's
last progress (its start, each file written), so that a request without progress for ten
minutes is shown as interrupted with a retry; attempt counts the job's starts, so that only the
latest attempt may record files (a job delivered twice makes its files once).

periodic_reports.zip_file_id goes: the ZIP of a quarter or year is made from its stored files
while it is downloaded (docs/decisions.md), so nothing is stored twice. The stored ZIPs go with
it (the stored files that no report file refers to).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019_reports2'
down_revision = '0018_hotpages'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('report_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attempt', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('progress_at', sa.DateTime(timezone=True), nullable=True))
    op.execute(
        'DELETE FROM stored_files WHERE id IN (SELECT zip_file_id FROM periodic_reports)'
    )
    with op.batch_alter_table('periodic_reports', schema=None) as batch_op:
        batch_op.drop_constraint('fk_periodic_reports_zip_file_id_stored_files', type_='foreignkey')
        batch_op.drop_column('zip_file_id')


def downgrade():
    # The ZIPs are not stored again: a downgraded installation lists its quarters without one.
    with op.batch_alter_table('periodic_reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('zip_file_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            'fk_periodic_reports_zip_file_id_stored_files', 'stored_files', ['zip_file_id'], ['id'],
            ondelete='SET NULL',
        )
    with op.batch_alter_table('report_requests', schema=None) as batch_op:
        batch_op.drop_column('progress_at')
        batch_op.drop_column('attempt')
