"""P-2 "Beslissingen en schakelingen": the modules deployed, the duration of the help, the
verlengingen and the kind of jeugdhulpbeslissing, per dossier set (P-1)."""

from __future__ import annotations

from sqlalchemy import and_, case, func, literal, or_, select

from binc_web.extensions import db
from binc_web.figures.counts import day_number
from binc_web.models import Beslissing, Dossier, Organisation, Schakeling, TypeModule
from binc_web.models.dossiers import schakeling_modules
from binc_web.reports.counting import (
    MATERIALIZED,
    Column,
    CountedTable,
    TableSpec,
    count_table,
    count_tables,
    dossier_facts,
    set_conditions,
)
from binc_web.rules.report_sets import (
    DURATION_DEFINITION,
    DURATION_GROUPS,
    VERLENGING_GROUPS,
    Period,
)

NAME = "Beslissingen en schakelingen"
TABLES = ("Modules", "Duur hulpaanbod", "Verlengingen", "Soort jeugdhulpbeslissing")
NOT_CLOSED = "Nog niet afgesloten"


def tables(organisation: Organisation, period: Period) -> list[CountedTable]:
    """P-2: the report's tables: three counted together in one query, the modules in one more
    (and one for the list of modules)."""
    facts = dossier_facts(organisation.id, period)
    sets = set_conditions(facts)
    kinds = _beslissing_kinds(organisation)
    per_dossier = count_tables(
        facts.join(kinds, kinds.c.dossier_id == facts.c.dossier_id, isouter=True),
        sets,
        [
            TableSpec(TABLES[1], f"dossiers; {DURATION_DEFINITION}", _durations(facts)),
            TableSpec(TABLES[2], "dossiers, naar hun aantal verlengingen", _verlengingen(facts)),
            TableSpec(
                TABLES[3],
                "dossiers met minstens één beslissing van die soort "
                "(een dossier met beide telt bij elk)",
                [Column("RTJ", kinds.c.rtj == 1), Column("NRTJ", kinds.c.nrtj == 1)],
            ),
        ],
    )
    return [_modules(organisation, period, facts, sets), *per_dossier]


def _modules(organisation: Organisation, period: Period, facts, sets) -> CountedTable:
    """Dossiers per typemodule deployed in a schakeling that runs (partly) in the period; a
    dossier with several modules counts under each, once in "Totaal"."""
    in_period = and_(
        Schakeling.dossier_id == facts.c.dossier_id,
        Schakeling.begindatum <= period.end,
        or_(Schakeling.einddatum.is_(None), Schakeling.einddatum >= period.start),
    )
    # Joined to the tables themselves (not a CTE), so that their indexes serve the join.
    source = facts.join(Schakeling, in_period).join(
        schakeling_modules, schakeling_modules.c.schakeling_id == Schakeling.id
    )
    used = (
        select(schakeling_modules.c.type_module_id)
        .join(Schakeling, Schakeling.id == schakeling_modules.c.schakeling_id)
        .join(Dossier, Dossier.id == Schakeling.dossier_id)
        .where(Dossier.organisation_id == organisation.id)
    )
    modules = db.session.execute(
        select(TypeModule.id, TypeModule.name)
        .where(TypeModule.id.in_(used))
        .order_by(TypeModule.name)
    ).all()
    module = schakeling_modules.c.type_module_id
    columns = [Column(name, module == module_id) for module_id, name in modules]
    spec = TableSpec(
        TABLES[0],
        "dossiers met een schakeling in de periode, per ingezette typemodule "
        "(een dossier met meer modules telt bij elke module, één keer in 'Totaal')",
        columns,
        distinct=facts.c.dossier_id,
    )
    return count_table(source, sets, spec)


def _durations(facts) -> list[Column]:
    """P-2: closed dossiers by the duration of their help; open ones apart."""
    days = day_number(facts.c.last_end) - day_number(facts.c.first_start)
    closed = facts.c.status == "closed"
    columns = []
    for group in DURATION_GROUPS:
        condition = and_(closed, days >= group.low_days)
        if group.high_days is not None:
            condition = and_(condition, days < group.high_days)
        columns.append(Column(group.label, condition))
    return [*columns, Column(NOT_CLOSED, facts.c.status == "open")]


def _verlengingen(facts) -> list[Column]:
    """P-2: dossiers by their number of verlengingen (schakelingen after the first)."""
    columns = []
    for label, low, high in VERLENGING_GROUPS:
        condition = facts.c.verlengingen >= low
        if high is not None:
            condition = and_(condition, facts.c.verlengingen <= high)
        columns.append(Column(label, condition))
    return columns


def _beslissing_kinds(organisation: Organisation):
    """Per dossier of the organisation: whether it has an RTJ and an NRTJ beslissing (0/1)."""
    nrtj = Beslissing.via_toegangspoort == literal(True)
    return (
        select(
            Beslissing.dossier_id,
            func.max(case((nrtj, 1), else_=0)).label("nrtj"),
            func.max(case((nrtj, 0), else_=1)).label("rtj"),
        )
        .join(Dossier, Dossier.id == Beslissing.dossier_id)
        .where(Dossier.organisation_id == organisation.id)
        .group_by(Beslissing.dossier_id)
        .cte("kinds")
        .prefix_with(MATERIALIZED)
    )
