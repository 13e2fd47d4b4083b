"""moduledatabank history and benutting: M-2 who added or ended an approval, M-3 benutting

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 22:43:10

benuttingen holds one cell per dossier, module and day (unique, so two people saving the same
cell cannot both insert); organisatie_benuttingen a month's total of contextcontacten per
module (FAQ crisisverblijf). module_approvals gets who added and who ended a period: the
table is rebuilt by batch mode on SQLite, which is safe because no table refers to it.
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "organisatie_benuttingen",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("type_module_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("hundredths", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("hundredths > 0", name=op.f("ck_organisatie_benuttingen_hundredths")),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_organisatie_benuttingen_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["type_module_id"],
            ["type_modules.id"],
            name=op.f("fk_organisatie_benuttingen_type_module_id_type_modules"),
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["persons.id"],
            name=op.f("fk_organisatie_benuttingen_updated_by_id_persons"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisatie_benuttingen")),
        sa.UniqueConstraint(
            "organisation_id",
            "type_module_id",
            "month",
            name=op.f("uq_organisatie_benuttingen_organisation_id_type_module_id_month"),
        ),
    )
    with op.batch_alter_table("organisatie_benuttingen", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_organisatie_benuttingen_organisation_id"),
            ["organisation_id"],
            unique=False,
        )

    op.create_table(
        "benuttingen",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("type_module_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("hundredths", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "hundredths > 0 AND hundredths <= 2400", name=op.f("ck_benuttingen_hundredths")
        ),
        sa.ForeignKeyConstraint(
            ["dossier_id"],
            ["dossiers.id"],
            name=op.f("fk_benuttingen_dossier_id_dossiers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["type_module_id"],
            ["type_modules.id"],
            name=op.f("fk_benuttingen_type_module_id_type_modules"),
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["persons.id"],
            name=op.f("fk_benuttingen_updated_by_id_persons"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_benuttingen")),
        sa.UniqueConstraint(
            "dossier_id",
            "type_module_id",
            "day",
            name=op.f("uq_benuttingen_dossier_id_type_module_id_day"),
        ),
    )
    with op.batch_alter_table("module_approvals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("created_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("created_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("ended_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_module_approvals_created_by_id_persons"),
            "persons",
            ["created_by_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_module_approvals_ended_by_id_persons"),
            "persons",
            ["ended_by_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("module_approvals", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_module_approvals_ended_by_id_persons"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_module_approvals_created_by_id_persons"), type_="foreignkey"
        )
        batch_op.drop_column("ended_by_id")
        batch_op.drop_column("ended_at")
        batch_op.drop_column("created_by_id")
        batch_op.drop_column("created_at")

    op.drop_table("benuttingen")
    with op.batch_alter_table("organisatie_benuttingen", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisatie_benuttingen_organisation_id"))

    op.drop_table("organisatie_benuttingen")
