"""P-2 "Aanmelding": who registered the youth (aanmelder), why not the CLB (NAFT), and whether
it came via the toegangspoort (NRTJ), per dossier set (P-1)."""

from __future__ import annotations

from sqlalchemy import literal

from binc_web.models import Aanmelding, Organisation
from binc_web.reports.counting import (
    Column,
    CountedTable,
    count_table,
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
    """P-2: the report's tables for the organisation's kind of aanmelding (D-1), one query
    each."""
    facts = dossier_facts(organisation.id)
    sets = set_conditions(facts, period)
    source = facts.join(Aanmelding, Aanmelding.dossier_id == facts.c.dossier_id, isouter=True)
    variant = variant_for(organisation.kind)
    aanmelders = variant.aanmelders if variant else tuple(AANMELDERS)
    found = [
        count_table(
            TABLES[0],
            COUNTS,
            source,
            sets,
            _categories(Aanmelding.aanmelder, {code: AANMELDERS[code] for code in aanmelders}),
        )
    ]
    if variant is None or variant.reden_niet_clb:
        by_clb = Column(NIET_VAN_TOEPASSING, Aanmelding.aanmelder == "clb")
        redenen = _categories(Aanmelding.reden_niet_clb, REDEN_NIET_CLB, by_clb)
        found.append(
            count_table(TABLES[1], f"{COUNTS} (niet aangemeld door het CLB)", source, sets, redenen)
        )
    toegangspoort = [
        Column("Ja", Aanmelding.via_toegangspoort == literal(True)),
        Column("Nee", Aanmelding.via_toegangspoort == literal(False)),
    ]
    found.append(
        count_table(TABLES[2], COUNTS, source, sets, [*toegangspoort, _unanswered(toegangspoort)])
    )
    return found


def _categories(expression, labels: dict[str, str], *other: Column) -> list[Column]:
    """One column per code of ``labels``, then ``other``, then "Niet ingevuld"."""
    columns = [Column(label, expression == code) for code, label in labels.items()]
    columns.extend(other)
    return [*columns, _unanswered(columns)]


def _unanswered(columns: list[Column]) -> Column:
    return Column(NIET_INGEVULD, none_of(columns))
