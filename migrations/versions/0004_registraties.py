"""registraties: R-1..R-6 begin- and eindregistratie of a dossier

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 11:04:16

One row per dossier and kind (the unique constraint is D-13's "Er werd reeds een
beginregistratie aangemaakt"; its index also serves the overview's R-6 status subquery). The
answers are JSON with the code and version of the parameter set they were saved under;
``complete`` and ``completed_on`` are kept on save so the overview reads the status in SQL.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('registraties',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=5), nullable=False),
    sa.Column('set_code', sa.String(length=60), nullable=False),
    sa.Column('set_version', sa.Integer(), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('complete', sa.Boolean(), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('begin', 'eind')", name=op.f('ck_registraties_kind')),
    sa.ForeignKeyConstraint(['created_by_id'], ['persons.id'], name=op.f('fk_registraties_created_by_id_persons'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], name=op.f('fk_registraties_dossier_id_dossiers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['persons.id'], name=op.f('fk_registraties_updated_by_id_persons'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registraties')),
    sa.UniqueConstraint('dossier_id', 'kind', name='uq_registraties_dossier_kind')
    )


def downgrade():
    op.drop_table('registraties')
