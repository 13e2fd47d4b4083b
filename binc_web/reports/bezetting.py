"""P-2 "Bezetting en inzet": the bezettingsgraad (C-3) and the inzet (C-4) of every module of
the organisation over the report period, computed by ``binc_web.figures`` (the same numbers
as "Bereken bezettingsgraad" and "Bereken inzet")."""

from __future__ import annotations

from binc_web.exports.xlsx import DECIMAL, INTEGER, PERCENT
from binc_web.figures import counts
from binc_web.figures.bezetting_data import compute, is_naft
from binc_web.figures.workbooks import AVERAGE, counted_labels
from binc_web.models import Organisation
from binc_web.reports.counting import CountedTable
from binc_web.rules.bezetting import CAPACITY_ZERO, Figure
from binc_web.rules.report_sets import Period

NAME = "Bezetting en inzet"
TABLES = ("Bezettingsgraad", "Inzet")
MODULE = "Typemodule"


def tables(organisation: Organisation, period: Period) -> list[CountedTable]:
    """P-2: one row per module the organisation is approved for or has a capacity for; a few
    queries per module, none per dossier. The whole period counts, as it always did (C-3's
    cut at today is not applied to reports: docs/decisions.md)."""
    modules = counts.organisation_modules(organisation.id)
    figures: list[tuple[str, bool, Figure]] = []
    for module in (m for m in modules if is_naft(m)):
        result = compute(organisation.id, module, modules, period.start, period.end, period.end)
        figures.append((module.name, True, result.chosen.total))
    others = [m for m in modules if not is_naft(m)]
    if others:
        result = compute(organisation.id, others[0], modules, period.start, period.end, period.end)
        figures += [(m.module.name, False, m.total) for m in result.averaged or ()]
        if result.weighted is not None:
            figures.append((AVERAGE, False, result.weighted))
    deployed = counts.deployments(
        organisation.id, [m.id for m in modules], period.start, period.end
    )
    return [
        CountedTable(
            TABLES[0],
            "C-3: NAFT: gestarte dossiers / (capaciteit × dagen / dagen van het jaar); andere "
            "modules: bezette moduledagen / capaciteitsdagen",
            ("Teller", "Noemer", "Bezettingsgraad", "Teller is", "Noemer is", "Opmerking"),
            tuple(_bezetting_row(*figure) for figure in figures),
            MODULE,
            (INTEGER, DECIMAL, PERCENT, None, None, None),
        ),
        CountedTable(
            TABLES[1],
            "C-4: schakelingen waarin de module werd ingezet (verlengingen inbegrepen), en "
            "hoeveel ervan in de periode startten",
            ("Aantal schakelingen", "Waarvan gestart in de periode"),
            tuple((m.name, deployed.get(m.id, (0, 0))) for m in modules),
            MODULE,
        ),
    ]


def _bezetting_row(name: str, naft: bool, figure: Figure) -> tuple[str, tuple[object, ...]]:
    numerator, denominator = counted_labels(naft)
    share = figure.share
    return (
        name,
        (
            figure.numerator,
            float(figure.denominator),
            None if share is None else float(share),
            numerator,
            denominator,
            CAPACITY_ZERO if share is None else None,
        ),
    )
