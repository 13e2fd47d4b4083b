"""module_spans: the schakelingen with their modules as the figures count them (issue 12)

Revision ID: 0017_figperf
Revises: 0016_retention
Create Date: 2026-11-30 02:00:00

"Bereken bezettingsgraad" and "Bereken inzet" joined the organisation's dossiers, schakelingen
and schakeling_modules and ordered every dossier's schakelingen (a window function) on every
request: at 5,000 dossiers that was most of the page's time. module_spans keeps, per
schakeling and module, the organisation, the dates and covered_until (the furthest day the
dossier's earlier schakelingen with the module reach; 9999-12-31 when one of them is open; NULL
for the first), kept by the application in the transaction of each write
(binc_web.models.spans, binc_web.models.derived), and indexed so that a figure reads one range
of one index. The existing rows get their spans from the same SQL, in one INSERT.
"""
from datetime import date

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017_figperf'
down_revision = '0016_retention'
branch_labels = None
depends_on = None

OPEN_END = date(9999, 12, 31)  # binc_web.models.spans

schakelingen = sa.table(
    "schakelingen",
    sa.column("id", sa.Integer),
    sa.column("dossier_id", sa.Integer),
    sa.column("begindatum", sa.Date),
    sa.column("einddatum", sa.Date),
)
schakeling_modules = sa.table(
    "schakeling_modules",
    sa.column("schakeling_id", sa.Integer),
    sa.column("type_module_id", sa.Integer),
)
dossiers = sa.table(
    "dossiers", sa.column("id", sa.Integer), sa.column("organisation_id", sa.Integer)
)
module_spans = sa.table(
    "module_spans",
    sa.column("schakeling_id", sa.Integer),
    sa.column("type_module_id", sa.Integer),
    sa.column("dossier_id", sa.Integer),
    sa.column("organisation_id", sa.Integer),
    sa.column("begindatum", sa.Date),
    sa.column("einddatum", sa.Date),
    sa.column("covered_until", sa.Date),
)


def _fill_module_spans(bind) -> None:
    """The spans of every existing schakeling, as models.spans.span_rows selects them."""
    earlier_reach = sa.func.max(sa.func.coalesce(schakelingen.c.einddatum, OPEN_END)).over(
        partition_by=(schakelingen.c.dossier_id, schakeling_modules.c.type_module_id),
        order_by=(schakelingen.c.begindatum, schakelingen.c.id),
        rows=(None, -1),
    )
    rows = (
        sa.select(
            schakelingen.c.id,
            schakeling_modules.c.type_module_id,
            schakelingen.c.dossier_id,
            dossiers.c.organisation_id,
            schakelingen.c.begindatum,
            schakelingen.c.einddatum,
            earlier_reach,
        )
        .join(schakeling_modules, schakeling_modules.c.schakeling_id == schakelingen.c.id)
        .join(dossiers, dossiers.c.id == schakelingen.c.dossier_id)
    )
    bind.execute(
        module_spans.insert().from_select(
            [column.name for column in module_spans.columns], rows
        )
    )


def upgrade():
    op.create_table('module_spans',
    sa.Column('schakeling_id', sa.Integer(), nullable=False),
    sa.Column('type_module_id', sa.Integer(), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('begindatum', sa.Date(), nullable=False),
    sa.Column('einddatum', sa.Date(), nullable=True),
    sa.Column('covered_until', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], name=op.f('fk_module_spans_dossier_id_dossiers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_module_spans_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['schakeling_id'], ['schakelingen.id'], name=op.f('fk_module_spans_schakeling_id_schakelingen'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['type_module_id'], ['type_modules.id'], name=op.f('fk_module_spans_type_module_id_type_modules')),
    sa.PrimaryKeyConstraint('schakeling_id', 'type_module_id', name=op.f('pk_module_spans'))
    )
    _fill_module_spans(op.get_bind())
    op.create_index(op.f('ix_module_spans_dossier_id'), 'module_spans', ['dossier_id'], unique=False)
    op.create_index('ix_module_spans_counting', 'module_spans', ['organisation_id', 'type_module_id', 'begindatum', 'einddatum', 'covered_until', 'schakeling_id'], unique=False)


def downgrade():
    op.drop_index('ix_module_spans_counting', table_name='module_spans')
    op.drop_index(op.f('ix_module_spans_dossier_id'), table_name='module_spans')
    op.drop_table('module_spans')
