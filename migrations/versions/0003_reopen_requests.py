"""reopen_requests: D-12 requests to reopen a dossier, decided by the agency

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 11:00:00
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

PENDING = sa.text("status = 'aangevraagd'")


def upgrade():
    op.create_table('reopen_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('toelichting', sa.Text(), nullable=True),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=True),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("status IN ('aangevraagd', 'goedgekeurd', 'afgekeurd')", name=op.f('ck_reopen_requests_status')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['persons.id'], name=op.f('fk_reopen_requests_decided_by_id_persons'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], name=op.f('fk_reopen_requests_dossier_id_dossiers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_reopen_requests_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['persons.id'], name=op.f('fk_reopen_requests_requested_by_id_persons'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reopen_requests'))
    )
    with op.batch_alter_table('reopen_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reopen_requests_dossier_id'), ['dossier_id'], unique=False)
        batch_op.create_index('ix_reopen_requests_status', ['status', 'requested_at'], unique=False)
        batch_op.create_index('uq_reopen_requests_pending_per_dossier', ['dossier_id'], unique=True, sqlite_where=PENDING, postgresql_where=PENDING)


def downgrade():
    with op.batch_alter_table('reopen_requests', schema=None) as batch_op:
        batch_op.drop_index('uq_reopen_requests_pending_per_dossier', sqlite_where=PENDING, postgresql_where=PENDING)
        batch_op.drop_index('ix_reopen_requests_status')
        batch_op.drop_index(batch_op.f('ix_reopen_requests_dossier_id'))
    op.drop_table('reopen_requests')
