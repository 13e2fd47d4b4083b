"""directory of services: services and service_contacts (issue 15, F-1/F-2)

Revision ID: 0013_directory
Revises: 0012
Create Date: 2026-11-30 02:00:00

services is the directory a document is shared with: every organisation of the instance (kind
"voorziening", one per organisation), consulent-type services (F-2) and other receiving services
("dienst"). search_name is binc_web.rules.directory.search_key of the name (lower case without
accents, which SQL cannot compute alike on SQLite and PostgreSQL): unique, and what the
autocomplete searches. service_contacts holds the known contact persons, one per lower-cased
address and service. The existing organisations get their voorziening entry here; new ones get
it from the models' before_flush listener.
"""
from alembic import op
import sqlalchemy as sa

from binc_web.rules.directory import search_key


# revision identifiers, used by Alembic.
revision = '0013_directory'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    services = op.create_table('services',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('search_name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.CheckConstraint("kind IN ('voorziening', 'consulent', 'dienst')", name=op.f('ck_services_kind')),
    sa.CheckConstraint("(kind = 'voorziening') = (organisation_id IS NOT NULL)", name=op.f('ck_services_voorziening_has_org')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_services_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_services')),
    sa.UniqueConstraint('organisation_id', name=op.f('uq_services_organisation_id')),
    sa.UniqueConstraint('search_name', name=op.f('uq_services_search_name'))
    )
    op.create_table('service_contacts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_service_contacts_service_id_services'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_contacts')),
    sa.UniqueConstraint('service_id', 'email', name=op.f('uq_service_contacts_service_id_email'))
    )
    op.create_index(op.f('ix_service_contacts_service_id'), 'service_contacts', ['service_id'], unique=False)

    organisations = sa.table('organisations', sa.column('id', sa.Integer), sa.column('name', sa.String))
    rows = op.get_bind().execute(sa.select(organisations.c.id, organisations.c.name)).all()
    op.bulk_insert(services, [
        {'name': name, 'search_name': search_key(name), 'kind': 'voorziening',
         'organisation_id': organisation_id, 'active': True}
        for organisation_id, name in rows
    ])


def downgrade():
    op.drop_index(op.f('ix_service_contacts_service_id'), table_name='service_contacts')
    op.drop_table('service_contacts')
    op.drop_table('services')
