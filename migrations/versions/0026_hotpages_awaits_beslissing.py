"""dossiers.awaits_beslissing_since: "Actie nodig"'s open dossiers zonder beslissing from an index
(issue 13)

Revision ID: 0026_hotpages4
Revises: 0025_hotpages3
Create Date: 2026-11-30 12:30:00

"Actie nodig" listed the open dossiers without beslissing by their aanmelding's date, which it
looked up for every such dossier of the organisation (three times: to filter, to sort and to
show), on every start page. The date is now kept on the dossier while it has no beslissing
(binc_web.models.derived), indexed after the filter columns like owes_begin_since, so the list
is a range of an index. The existing rows get it from beslissing_end (kept since 0009: NULL
exactly when the dossier has no beslissing) and the aanmelding, in one UPDATE.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0026_hotpages4"
down_revision = "0025_hotpages3"
branch_labels = None
depends_on = None

dossiers = sa.table(
    "dossiers",
    sa.column("id", sa.Integer),
    sa.column("beslissing_end", sa.Date),
    sa.column("awaits_beslissing_since", sa.Date),
)
aanmeldingen = sa.table(
    "aanmeldingen",
    sa.column("dossier_id", sa.Integer),
    sa.column("datum_aanmelding", sa.Date),
)


def upgrade():
    # Plain ADD COLUMN (nullable, no default): a batch rebuild on SQLite would cascade deletes
    # (see 0002).
    op.add_column("dossiers", sa.Column("awaits_beslissing_since", sa.Date(), nullable=True))
    aangemeld = (
        sa.select(aanmeldingen.c.datum_aanmelding)
        .where(aanmeldingen.c.dossier_id == dossiers.c.id)
        .scalar_subquery()
    )
    op.execute(
        dossiers.update()
        .where(dossiers.c.beslissing_end.is_(None))
        .values(awaits_beslissing_since=aangemeld)
    )
    op.create_index(
        "ix_dossiers_awaits_beslissing",
        "dossiers",
        ["organisation_id", "status", "awaits_beslissing_since", "sort_name", "id"],
    )


def downgrade():
    op.drop_index("ix_dossiers_awaits_beslissing", table_name="dossiers")
    op.drop_column("dossiers", "awaits_beslissing_since")
