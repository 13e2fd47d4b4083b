"""service contacts: functie (administratief medewerker, teamverantwoordelijke) (issue 15 item 3)

Revision ID: 0021_consulent_staff
Revises: 0020_mail_outbox
Create Date: 2026-11-30 06:00:00

15.1: what is shared with a consulent-type service is seen by the addressee, the administratief
medewerker and the teamverantwoordelijke of that service: the directory's contacts with that
function.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021_consulent_staff'
down_revision = '0020_mail_outbox'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('service_contacts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('functie', sa.String(length=40), nullable=True))
        batch_op.create_check_constraint(
            'functie',
            "functie IS NULL OR functie IN ('administratief medewerker', 'teamverantwoordelijke')",
        )


def downgrade():
    with op.batch_alter_table('service_contacts', schema=None) as batch_op:
        batch_op.drop_constraint('ck_service_contacts_functie', type_='check')
        batch_op.drop_column('functie')
