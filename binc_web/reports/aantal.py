"""P-2 "Aantal dossiers en minderjarigen": dossiers and unique minors per set (P-1), by gender
and by age group."""

from __future__ import annotations

from sqlalchemy import and_, literal

from binc_web.models import Client, Organisation
from binc_web.reports.counting import (
    Column,
    CountedTable,
    TableSpec,
    count_tables,
    dossier_facts,
    none_of,
    set_conditions,
)
from binc_web.rules.clients import GENDERS
from binc_web.rules.report_sets import AGE_GROUPS, NIET_INGEVULD, Period, birth_date_range
from binc_web.templating import format_date

NAME = "Aantal dossiers en minderjarigen"
TABLES = (
    "Dossiers en minderjarigen",
    "Dossiers naar geslacht",
    "Minderjarigen naar geslacht",
    "Dossiers naar leeftijd",
    "Minderjarigen naar leeftijd",
)
DOSSIERS = "dossiers (niet het aantal unieke minderjarigen)"
MINORS = "unieke minderjarigen (wie meer dossiers heeft, telt één keer)"


def tables(organisation: Organisation, period: Period) -> list[CountedTable]:
    """P-2: the report's tables, counted in one query."""
    facts = dossier_facts(organisation.id, period)
    youths = facts.join(Client, Client.id == facts.c.client_id, isouter=True)
    minor = facts.c.client_id
    genders = [Column(label, Client.gender == code) for code, label in GENDERS.items()]
    ages = [_age_column(group, period) for group in AGE_GROUPS]
    age_counts = f"leeftijd op {format_date(period.start)}, de eerste dag van de periode"
    overview = [
        Column("Aantal dossiers", literal(True)),
        Column("Unieke minderjarigen", minor.is_not(None), distinct=minor),
    ]
    return count_tables(
        youths,
        set_conditions(facts),
        [
            TableSpec(
                TABLES[0],
                "dossiers en unieke minderjarigen (een klas-dossier telt enkel als dossier)",
                overview,
                total=False,
            ),
            TableSpec(TABLES[1], DOSSIERS, _categories(genders)),
            TableSpec(TABLES[2], MINORS, _categories(genders), distinct=minor),
            TableSpec(TABLES[3], f"{DOSSIERS}; {age_counts}", _categories(ages)),
            TableSpec(TABLES[4], f"{MINORS}; {age_counts}", _categories(ages), distinct=minor),
        ],
    )


def _categories(columns: list[Column]) -> list[Column]:
    """Category columns and "Niet ingevuld" for the rows in none of them (klas-dossiers have no
    youth and so no gender or age)."""
    return [*columns, Column(NIET_INGEVULD, none_of(columns))]


def _age_column(group, period: Period) -> Column:
    """P-2: youths of the age group on the first day of the period, by birth date."""
    earliest_exclusive, latest = birth_date_range(group, period.start)
    condition = Client.birth_date <= latest
    if earliest_exclusive is not None:
        condition = and_(condition, Client.birth_date > earliest_exclusive)
    return Column(group.label, condition)
