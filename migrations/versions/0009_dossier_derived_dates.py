"""dossiers.help_start, owes_begin_since and beslissing_end: derived dates kept on the dossier

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 23:00:00

"Actie nodig", the BR status and the D-4 sort on "Beslis. > tot" derived the start of help
(R-6: the first schakeling's begindatum, else the aanmelding's date) and the end of the latest
beslissing with correlated subqueries for every open dossier of the organisation, on every
request. They are now kept on the dossier by the application in the transaction of each write
(binc_web.models.derived), with owes_begin_since (the start of help while the beginregistratie
is required and not complete), and indexed after the filter columns, so the lists read ranges of
an index. The existing rows get them from the same SQL, in one UPDATE.

ix_dossiers_organisation_status goes: ix_dossiers_overview_name starts with the same columns,
and SQLite chose the shorter index for the D-5 search, reading every row of the organisation's
dossiers where the longer one holds the folded name that the search now narrows on.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

dossiers = sa.table(
    "dossiers",
    sa.column("id", sa.Integer),
    sa.column("klas_id", sa.Integer),
    sa.column("help_start", sa.Date),
    sa.column("owes_begin_since", sa.Date),
    sa.column("beslissing_end", sa.Date),
)
aanmeldingen = sa.table(
    "aanmeldingen",
    sa.column("id", sa.Integer),
    sa.column("dossier_id", sa.Integer),
    sa.column("datum_aanmelding", sa.Date),
    sa.column("time_out", sa.Boolean),
    sa.column("aanmelder", sa.String),
)
registraties = sa.table(
    "registraties",
    sa.column("id", sa.Integer),
    sa.column("dossier_id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("complete", sa.Boolean),
)
CRISIS_AANMELDER = "crisismeldpunt"  # binc_web.rules.registrations
beslissingen = sa.table(
    "beslissingen",
    sa.column("id", sa.Integer),
    sa.column("dossier_id", sa.Integer),
    sa.column("begindatum", sa.Date),
    sa.column("einddatum", sa.Date),
)
schakelingen = sa.table(
    "schakelingen", sa.column("dossier_id", sa.Integer), sa.column("begindatum", sa.Date)
)


def _fill_derived_dates(bind) -> None:
    """The derived dates of every existing dossier, as models.derived.derived_dates sets them."""
    first_schakeling = (
        sa.select(sa.func.min(schakelingen.c.begindatum))
        .where(schakelingen.c.dossier_id == dossiers.c.id)
        .scalar_subquery()
    )
    aanmelding = (
        sa.select(aanmeldingen.c.datum_aanmelding)
        .where(aanmeldingen.c.dossier_id == dossiers.c.id)
        .scalar_subquery()
    )
    start = sa.func.coalesce(first_schakeling, aanmelding)
    required = (
        sa.select(aanmeldingen.c.id)
        .where(
            aanmeldingen.c.dossier_id == dossiers.c.id,
            aanmeldingen.c.time_out.is_(False),
            aanmeldingen.c.aanmelder != CRISIS_AANMELDER,
        )
        .exists()
    )
    complete = (
        sa.select(registraties.c.id)
        .where(
            registraties.c.dossier_id == dossiers.c.id,
            registraties.c.kind == "begin",
            registraties.c.complete.is_(True),
        )
        .exists()
    )
    latest_end = (
        sa.select(beslissingen.c.einddatum)
        .where(beslissingen.c.dossier_id == dossiers.c.id)
        .order_by(beslissingen.c.begindatum.desc(), beslissingen.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    bind.execute(
        dossiers.update().values(
            help_start=start,
            owes_begin_since=sa.case(
                (sa.and_(sa.func.coalesce(dossiers.c.klas_id, 0) == 0, required, ~complete), start)
            ),
            beslissing_end=latest_end,
        )
    )


def upgrade():
    # Plain ADD COLUMN (nullable, no default): a batch rebuild on SQLite would cascade deletes
    # (see 0002).
    op.add_column("dossiers", sa.Column("help_start", sa.Date(), nullable=True))
    op.add_column("dossiers", sa.Column("owes_begin_since", sa.Date(), nullable=True))
    op.add_column("dossiers", sa.Column("beslissing_end", sa.Date(), nullable=True))
    _fill_derived_dates(op.get_bind())
    op.create_index(
        "ix_dossiers_beslissing_end",
        "dossiers",
        ["organisation_id", "status", "beslissing_end", "sort_name", "id"],
        unique=False,
    )
    op.create_index(
        "ix_dossiers_owes_begin",
        "dossiers",
        ["organisation_id", "status", "owes_begin_since", "sort_name", "id"],
        unique=False,
    )
    op.drop_index("ix_dossiers_organisation_status", table_name="dossiers")


def downgrade():
    op.create_index(
        "ix_dossiers_organisation_status", "dossiers", ["organisation_id", "status"], unique=False
    )
    op.drop_index("ix_dossiers_owes_begin", table_name="dossiers")
    op.drop_index("ix_dossiers_beslissing_end", table_name="dossiers")
    op.execute("ALTER TABLE dossiers DROP COLUMN beslissing_end")
    op.execute("ALTER TABLE dossiers DROP COLUMN owes_begin_since")
    op.execute("ALTER TABLE dossiers DROP COLUMN help_start")
