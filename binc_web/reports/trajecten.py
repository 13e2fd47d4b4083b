"""P-2 "Beslissingen en schakelingen": the modules deployed, the duration of the help, the
verlengingen and the kind of jeugdhulpbeslissing, per dossier set (P-1)."""

from __future__ import annotations

from sqlalchemy import and_, case, func, literal, or_, select

from binc_web.extensions import db
from binc_web.figures.counts import days_between
from binc_web.models import Beslissing, Dossier, Organisation, Schakeling, TypeModule
from binc_web.models.dossiers import schakeling_modules
from binc_web.reports.counting import (
    Column,
    CountedTable,
    count_table,
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
    """P-2: the report's tables, one query each (and one for the list of modules)."""
    facts = dossier_facts(organisation.id)
    sets = set_conditions(facts, period)
    return [
        _modules(organisation, period, facts, sets),
        count_table(TABLES[1], f"dossiers; {DURATION_DEFINITION}", facts, sets, _durations(facts)),
        count_table(
            TABLES[2], "dossiers, naar hun aantal verlengingen", facts, sets, _verlengingen(facts)
        ),
        _beslissingen(organisation, facts, sets),
    ]


def _modules(organisation: Organisation, period: Period, facts, sets) -> CountedTable:
    """Dossiers per typemodule deployed in a schakeling that runs (partly) in the period; a
    dossier with several modules counts under each, once in "Totaal"."""
    deployed = (
        select(Schakeling.dossier_id, schakeling_modules.c.type_module_id)
        .join(schakeling_modules, schakeling_modules.c.schakeling_id == Schakeling.id)
        .join(Dossier, Dossier.id == Schakeling.dossier_id)
        .where(
            Dossier.organisation_id == organisation.id,
            Schakeling.begindatum <= period.end,
            or_(Schakeling.einddatum.is_(None), Schakeling.einddatum >= period.start),
        )
        .distinct()
        .subquery("deployed")
    )
    modules = db.session.execute(
        select(TypeModule.id, TypeModule.name)
        .where(TypeModule.id.in_(select(deployed.c.type_module_id)))
        .order_by(TypeModule.name)
    ).all()
    source = facts.join(deployed, deployed.c.dossier_id == facts.c.dossier_id)
    columns = [Column(name, deployed.c.type_module_id == module_id) for module_id, name in modules]
    return count_table(
        TABLES[0],
        "dossiers met een schakeling in de periode, per ingezette typemodule "
        "(een dossier met meer modules telt bij elke module, één keer in 'Totaal')",
        source,
        sets,
        columns,
        distinct=facts.c.dossier_id,
    )


def _durations(facts) -> list[Column]:
    """P-2: closed dossiers by the duration of their help; open ones apart."""
    days = days_between(facts.c.last_end, facts.c.first_start)
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


def _beslissingen(organisation: Organisation, facts, sets) -> CountedTable:
    """Dossiers with at least one RTJ or NRTJ beslissing (a dossier with both counts in each)."""
    kinds = (
        select(
            Beslissing.dossier_id,
            func.max(case((Beslissing.via_toegangspoort == literal(True), 1), else_=0)).label(
                "nrtj"
            ),
            func.max(case((Beslissing.via_toegangspoort == literal(False), 1), else_=0)).label(
                "rtj"
            ),
        )
        .join(Dossier, Dossier.id == Beslissing.dossier_id)
        .where(Dossier.organisation_id == organisation.id)
        .group_by(Beslissing.dossier_id)
        .subquery("kinds")
    )
    source = facts.join(kinds, kinds.c.dossier_id == facts.c.dossier_id, isouter=True)
    return count_table(
        TABLES[3],
        "dossiers met minstens één beslissing van die soort (een dossier met beide telt bij elk)",
        source,
        sets,
        [Column("RTJ", kinds.c.rtj == 1), Column("NRTJ", kinds.c.nrtj == 1)],
    )
