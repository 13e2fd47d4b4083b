"""client trace: K-2 look-up log, shared changes in every dossier, D-13 versions on clients

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 20:00:00

register_lookups is the append-only trace of K-1 register look-ups and of reads of a client's
pages by an organisation without a dossier for the youth. activity_entries.client_id names the
client of a change to shared client data, so that it shows in the activity of every dossier of
the youth. clients and context_persons get an optimistic version (D-13); existing rows start at
1 (SQLite adds a NOT NULL column only with a default, and dropping it afterwards would rebuild
the table, which cascades deletes with foreign keys on, see 0002).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('register_lookups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=True),
    sa.Column('search', sa.String(length=300), nullable=False),
    sa.Column('results', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_register_lookups_organisation_id_organisations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_register_lookups_person_id_persons'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_register_lookups'))
    )
    op.create_index(op.f('ix_register_lookups_at'), 'register_lookups', ['at'], unique=False)
    op.create_index(op.f('ix_register_lookups_client_id'), 'register_lookups', ['client_id'], unique=False)
    op.create_index(op.f('ix_register_lookups_organisation_id'), 'register_lookups', ['organisation_id'], unique=False)
    op.add_column('activity_entries', sa.Column('client_id', sa.Integer(), nullable=True))
    op.create_index(op.f('ix_activity_entries_client_id'), 'activity_entries', ['client_id'], unique=False)
    op.add_column('clients', sa.Column('version_id', sa.Integer(), nullable=False, server_default='1'))
    op.add_column('context_persons', sa.Column('version_id', sa.Integer(), nullable=False, server_default='1'))


def downgrade():
    op.drop_column('context_persons', 'version_id')
    op.drop_column('clients', 'version_id')
    op.drop_index(op.f('ix_activity_entries_client_id'), table_name='activity_entries')
    op.drop_column('activity_entries', 'client_id')
    op.drop_index(op.f('ix_register_lookups_organisation_id'), table_name='register_lookups')
    op.drop_index(op.f('ix_register_lookups_client_id'), table_name='register_lookups')
    op.drop_index(op.f('ix_register_lookups_at'), table_name='register_lookups')
    op.drop_table('register_lookups')
