"""P-2 "Aanmelding": who registered the youth (aanmelder), why not the CLB (NAFT), and whether
it came via the toegangspoort (NRTJ), per dossier set (P-1)."""

from __future__ import annotations

from sqlalchemy import literal

from binc_web.models import Aanmelding, Organisation
from binc_web.reports.counting import (
    Column,
    CountedTable,
    TableSpec,
    count_tables,
    dossier_facts,
    none_of,
    set_conditions,
)
from binc_web.rules.aanmelding import AANMELDERS, REDEN_NIET_CLB, variant_for
from binc_web.rules.report_sets import NIET_INGEVULD, Period

NAME = "Aanmelding"
TABLES = ("Aanmelder", "Reden niet CLB-aanmelding", "Via toegangspoort (NRTJ)")
COUNTS = "dossiers, volgens hun aanmelding"
NIET_VAN_TOEPASSING = "Niet van toepassing"


def tables(organisation: Organisation, period: Period) -> list[CountedTable]:
    """P-2: the report's tables for the organisation's kind of aanmelding (D-1), counted in one
    query."""
    facts = dossier_facts(organisation.id, period)
    source = facts.join(Aanmelding, Aanmelding.dossier_id == facts.c.dossier_id, isouter=True)
    variant = variant_for(organisation.kind)
    aanmelders = variant.aanmelders if variant else tuple(AANMELDERS)
    labels = {code: AANMELDERS[code] for code in aanmelders}
    specs = [TableSpec(TABLES[0], COUNTS, _categories(Aanmelding.aanmelder, labels))]
    if variant is None or variant.reden_niet_clb:
        by_clb = Column(NIET_VAN_TOEPASSING, Aanmelding.aanmelder == "clb")
        redenen = _categories(Aanmelding.reden_niet_clb, REDEN_NIET_CLB, by_clb)
        specs.append(TableSpec(TABLES[1], f"{COUNTS} (niet aangemeld door het CLB)", redenen))
    toegangspoort = [
        Column("Ja", Aanmelding.via_toegangspoort == literal(True)),
        Column("Nee", Aanmelding.via_toegangspoort == literal(False)),
    ]
    specs.append(TableSpec(TABLES[2], COUNTS, [*toegangspoort, _unanswered(toegangspoort)]))
    return count_tables(source, set_conditions(facts), specs)


def _categories(expression, labels: dict[str, str], *other: Column) -> list[Column]:
    """One column per code of ``labels``, then ``other``, then "Niet ingevuld"."""
    columns = [Column(label, expression == code) for code, label in labels.items()]
    columns.extend(other)
    return [*columns, _unanswered(columns)]


def _unanswered(columns: list[Column]) -> Column:
    return Column(NIET_INGEVULD, none_of(columns))
