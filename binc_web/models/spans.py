"""Module spans (issue 12, C-3/C-4 at volume): one row per schakeling and module, kept beside
``schakeling_modules`` with what the figures count on, so that "Bereken bezettingsgraad" and
"Bereken inzet" read one range of one index instead of joining the organisation's dossiers,
schakelingen and modules and ordering every dossier's schakelingen on every request.

A span carries the schakeling's organisation and dates, and ``covered_until``: the furthest day
the dossier's *earlier* schakelingen with the same module reach (earlier: by begindatum, then
id; 9999-12-31 when one of them has no einddatum), NULL for the dossier's first schakeling with
the module. The days of a span after ``covered_until`` are the days it adds to its dossier's
occupied days (C-3: a day counts once per dossier); a span with NULL is the dossier's first
schakeling with the module (C-3, NAFT: a started dossier).

Spans are derived data, like ``models.derived``'s dates: rebuilt per dossier by the database,
from the rows as this transaction is about to commit them, after every ORM flush that wrote a
schakeling (``models.derived``), and by the bulk loads and the migration that bypass the ORM
(``span_rows``).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, delete, func, insert, select, text
from sqlalchemy.orm import Mapped, mapped_column

from binc_web.extensions import db
from binc_web.models.dossiers import Dossier, Schakeling, schakeling_modules

# The reach of a schakeling without einddatum: later than any day a figure asks about.
OPEN_END = date(9999, 12, 31)


class ModuleSpan(db.Model):
    """C-3/C-4: a schakeling with one of its modules, as the figures count it (derived)."""

    __tablename__ = "module_spans"
    __table_args__ = (
        # Every counting statement reads one range of this index and nothing else.
        Index(
            "ix_module_spans_counting",
            "organisation_id",
            "type_module_id",
            "begindatum",
            "einddatum",
            "covered_until",
            "schakeling_id",
        ),
        # occupied_days' ends (einddatum within the period) and its rare covered spans read
        # their own ranges instead of every span of the module (migration 0022_perf12).
        Index(
            "ix_module_spans_ends",
            "organisation_id",
            "type_module_id",
            "einddatum",
            "covered_until",
        ),
        Index(
            "ix_module_spans_covered",
            "organisation_id",
            "type_module_id",
            "covered_until",
            "begindatum",
            "einddatum",
            sqlite_where=text("covered_until IS NOT NULL"),
            postgresql_where=text("covered_until IS NOT NULL"),
        ),
    )

    schakeling_id: Mapped[int] = mapped_column(
        ForeignKey("schakelingen.id", ondelete="CASCADE"), primary_key=True
    )
    type_module_id: Mapped[int] = mapped_column(ForeignKey("type_modules.id"), primary_key=True)
    dossier_id: Mapped[int] = mapped_column(
        ForeignKey("dossiers.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    begindatum: Mapped[date] = mapped_column(Date)
    einddatum: Mapped[date | None] = mapped_column(Date)
    covered_until: Mapped[date | None] = mapped_column(Date)


def span_rows(dossier_ids):
    """SELECT of the spans of the dossiers ``dossier_ids`` (a list of ids or a SELECT of them),
    in the columns of ``module_spans``."""
    earlier_reach = func.max(func.coalesce(Schakeling.einddatum, OPEN_END)).over(
        partition_by=(Schakeling.dossier_id, schakeling_modules.c.type_module_id),
        order_by=(Schakeling.begindatum, Schakeling.id),
        rows=(None, -1),
    )
    return (
        select(
            Schakeling.id,
            schakeling_modules.c.type_module_id,
            Schakeling.dossier_id,
            Dossier.organisation_id,
            Schakeling.begindatum,
            Schakeling.einddatum,
            earlier_reach,
        )
        .join(schakeling_modules, schakeling_modules.c.schakeling_id == Schakeling.id)
        .join(Dossier, Dossier.id == Schakeling.dossier_id)
        .where(Schakeling.dossier_id.in_(dossier_ids))
    )


SPAN_COLUMNS = (
    "schakeling_id",
    "type_module_id",
    "dossier_id",
    "organisation_id",
    "begindatum",
    "einddatum",
    "covered_until",
)


def rebuild_spans(connection, dossier_ids) -> None:
    """Replace the spans of the dossiers ``dossier_ids`` by the ones their schakelingen give
    now (two statements, whatever the number of dossiers)."""
    table = ModuleSpan.__table__
    connection.execute(delete(table).where(table.c.dossier_id.in_(dossier_ids)))
    connection.execute(insert(table).from_select(SPAN_COLUMNS, span_rows(dossier_ids)))
