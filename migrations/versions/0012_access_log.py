"""access log: who read what (issue 16, item 5)

Revision ID: 0012
Revises: 0009b
Create Date: 2026-11-29 23:20:00

access_entries is the append-only log of every read of a youth's data: a dossier, a client page,
a registration or an Inzage (G-3), by whom, acting for which organisation, when.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0009b'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('access_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('client_id', sa.Integer(), nullable=True),
    sa.Column('dossier_id', sa.Integer(), nullable=True),
    sa.Column('page', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_access_entries_organisation_id_organisations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_access_entries_person_id_persons'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_access_entries'))
    )
    op.create_index('ix_access_entries_organisation_at', 'access_entries', ['organisation_id', 'at'], unique=False)
    op.create_index(op.f('ix_access_entries_client_id'), 'access_entries', ['client_id'], unique=False)
    op.create_index(op.f('ix_access_entries_person_id'), 'access_entries', ['person_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_access_entries_person_id'), table_name='access_entries')
    op.drop_index(op.f('ix_access_entries_client_id'), table_name='access_entries')
    op.drop_index('ix_access_entries_organisation_at', table_name='access_entries')
    op.drop_table('access_entries')
