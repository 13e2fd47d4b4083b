"""module_spans: indexes for the ends and the covered spans of "Bereken bezettingsgraad" (perf12)

Revision ID: 0022_perf12
Revises: 0021_consulent_staff
Create Date: 2026-11-30 05:50:00

The occupied-days statement (binc_web.figures.counts) reads the spans ending within the period
and the spans covered by an earlier schakeling of their dossier. Through the counting index both
walked every span of the module; these two indexes give each its own range (the covered one is
partial: such spans are rare). SQLite, 5,000-dossier organisation: the statement 3.5 → 2.2 ms.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0022_perf12'
down_revision = '0021_consulent_staff'
branch_labels = None
depends_on = None

COVERED = sa.text("covered_until IS NOT NULL")


def upgrade():
    op.create_index(
        'ix_module_spans_ends',
        'module_spans',
        ['organisation_id', 'type_module_id', 'einddatum', 'covered_until'],
    )
    op.create_index(
        'ix_module_spans_covered',
        'module_spans',
        ['organisation_id', 'type_module_id', 'covered_until', 'begindatum', 'einddatum'],
        sqlite_where=COVERED,
        postgresql_where=COVERED,
    )


def downgrade():
    op.drop_index('ix_module_spans_covered', table_name='module_spans')
    op.drop_index('ix_module_spans_ends', table_name='module_spans')
