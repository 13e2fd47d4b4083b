"""documents: documents, document_shares, document_openings, document_recipients

Revision ID: 0014_documents
Revises: 0013_directory
Create Date: 2026-11-30 01:47:46

Issue 15, F-1..F-5: documents (sender, optional dossier, beschrijving, vertrouwelijk, the
stored file and a copy of its name, type, size and sha256, the last day it is shared),
document_shares (one recipient row each: service, naam/e-mail medewerker, the person of a
"persoonlijk document voor ontvanger", "delen tot en met", first opened at/by),
document_openings (every download, and the first listing in a person's "Ontvangen
documenten": the log the sender sees) and document_recipients
("Gebruikersbeheer documenten" of an organisation).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014_documents'
down_revision = '0013_directory'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('document_recipients',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['added_by_id'], ['persons.id'], name=op.f('fk_document_recipients_added_by_id_persons'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_document_recipients_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_document_recipients_person_id_persons'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_recipients')),
    sa.UniqueConstraint('organisation_id', 'person_id', name=op.f('uq_document_recipients_organisation_id_person_id'))
    )
    with op.batch_alter_table('document_recipients', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_recipients_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('sender_id', sa.Integer(), nullable=True),
    sa.Column('dossier_id', sa.Integer(), nullable=True),
    sa.Column('beschrijving', sa.String(length=300), nullable=False),
    sa.Column('vertrouwelijk', sa.Boolean(), nullable=False),
    sa.Column('stored_file_id', sa.Integer(), nullable=True),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=120), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('available_until', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], name=op.f('fk_documents_dossier_id_dossiers'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_documents_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sender_id'], ['persons.id'], name=op.f('fk_documents_sender_id_persons'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['stored_file_id'], ['stored_files.id'], name=op.f('fk_documents_stored_file_id_stored_files'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_documents'))
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_documents_available_until'), ['available_until'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_dossier_id'), ['dossier_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('document_shares',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('naam_medewerker', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('personal_recipient_id', sa.Integer(), nullable=True),
    sa.Column('delen_tot_en_met', sa.Date(), nullable=False),
    sa.Column('first_opened_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('first_opened_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_document_shares_document_id_documents'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['first_opened_by_id'], ['persons.id'], name=op.f('fk_document_shares_first_opened_by_id_persons'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['personal_recipient_id'], ['persons.id'], name=op.f('fk_document_shares_personal_recipient_id_persons'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_document_shares_service_id_services')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_shares'))
    )
    with op.batch_alter_table('document_shares', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_shares_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_shares_service_id'), ['service_id'], unique=False)

    op.create_table('document_openings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('share_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('download', 'lijst')", name=op.f('ck_document_openings_kind')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_document_openings_document_id_documents'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_document_openings_organisation_id_organisations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_document_openings_person_id_persons'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['share_id'], ['document_shares.id'], name=op.f('fk_document_openings_share_id_document_shares'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_openings'))
    )
    with op.batch_alter_table('document_openings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_openings_document_id'), ['document_id'], unique=False)



def downgrade():
    with op.batch_alter_table('document_openings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_openings_document_id'))

    op.drop_table('document_openings')
    with op.batch_alter_table('document_shares', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_shares_service_id'))
        batch_op.drop_index(batch_op.f('ix_document_shares_document_id'))

    op.drop_table('document_shares')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documents_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_documents_dossier_id'))
        batch_op.drop_index(batch_op.f('ix_documents_available_until'))

    op.drop_table('documents')
    with op.batch_alter_table('document_recipients', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_recipients_organisation_id'))

    op.drop_table('document_recipients')
