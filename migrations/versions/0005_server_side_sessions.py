"""server-side sessions: the sessions table and persons.session_generation (A-1)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 10:00:00

Sessions live on the server (the cookie holds an opaque id). ``session_generation`` is raised
to end every session of a person ("Afmelden op alle toestellen", a role revoked).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('sessions',
    sa.Column('session_id', sa.String(length=100), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('expiry', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('session_id', name=op.f('pk_sessions'))
    )
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sessions_expiry'), ['expiry'], unique=False)
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_generation', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.drop_column('session_generation')
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sessions_expiry'))
    op.drop_table('sessions')
