"""G-2 retention: clients.erased_on, an index on clients.birth_date, and retention_runs

Revision ID: 0016_retention
Revises: 0015_groeipakket
Create Date: 2026-11-30 02:00:00

The nightly retention (binc_web.privacy.retention) erases the personal data of every youth who
turned 35 and marks the client row with the day (erased_on): the row stays only as the
anonymous owner of the dossiers the reports count. It finds the youths due by birth date (the
new index). retention_runs logs each run with counts per table, never a name or a number.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016_retention'
down_revision = '0015_groeipakket'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.add_column(sa.Column('erased_on', sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f('ix_clients_birth_date'), ['birth_date'], unique=False)
    op.create_table('retention_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('youths', sa.Integer(), nullable=False),
    sa.Column('failed', sa.Integer(), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_retention_runs'))
    )


def downgrade():
    op.drop_table('retention_runs')
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_clients_birth_date'))
        batch_op.drop_column('erased_on')
