"""groeipakket feed: the outbox of G-1 and its runs (issue 16, item 1)

Revision ID: 0015_groeipakket
Revises: 0014_documents
Create Date: 2026-11-30 01:49:26

groeipakket_outbox holds every change of a Groeipakket module of a youth (written in the
transaction of the change, binc_web.models.groeipakket), pending until a run takes it;
groeipakket_runs holds each run with the bytes of its file. rijksregisternummer and client_id
identify the youth (G-2 retention erases them).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015_groeipakket'
down_revision = '0014_documents'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('groeipakket_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('night', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('rows_on', sa.Integer(), nullable=False),
    sa.Column('rows_off', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_groeipakket_runs'))
    )
    op.create_table('groeipakket_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('schakeling_id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=True),
    sa.Column('rijksregisternummer', sa.String(length=11), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('module_code', sa.String(length=40), nullable=False),
    sa.Column('van', sa.Date(), nullable=False),
    sa.Column('tot', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=3), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("status IN ('aan', 'uit')", name=op.f('ck_groeipakket_outbox_status')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_groeipakket_outbox_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['run_id'], ['groeipakket_runs.id'], name=op.f('fk_groeipakket_outbox_run_id_groeipakket_runs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_groeipakket_outbox'))
    )
    with op.batch_alter_table('groeipakket_outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_groeipakket_outbox_client_id'), ['client_id'], unique=False)
        batch_op.create_index('ix_groeipakket_outbox_dossier', ['dossier_id', 'schakeling_id', 'module_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_groeipakket_outbox_run_id'), ['run_id'], unique=False)


def downgrade():
    with op.batch_alter_table('groeipakket_outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_groeipakket_outbox_run_id'))
        batch_op.drop_index('ix_groeipakket_outbox_dossier')
        batch_op.drop_index(batch_op.f('ix_groeipakket_outbox_client_id'))

    op.drop_table('groeipakket_outbox')
    op.drop_table('groeipakket_runs')
