"""C-5 "Exporteer resultaat": the sheets of the bezetting and inzet exports (the figures of the
screen, with who exported them, for which organisation and period), each table a real Excel
table (filters on the headings) under frozen headings."""

from __future__ import annotations

from datetime import date

from binc_web.exports.xlsx import DECIMAL, INTEGER, PERCENT, Column, Sheet
from binc_web.figures.bezetting_data import BezettingResult, ModuleBezetting
from binc_web.rules.bezetting import (
    CAPACITY_ZERO,
    COUNTED_UNTIL_TODAY,
    NOT_YET,
    Figure,
    days_in_year,
)

AVERAGE = "Gewogen gemiddelde"


def preamble(person: str, organisation: str, first: date, last: date, on: date) -> list:
    """C-5: who exported what, when."""
    return [
        ("Geëxporteerd door", person),
        ("Voorziening", organisation),
        ("Periode van", first),
        ("Tot en met", last),
        ("Datum export", on),
    ]


def counted_labels(naft: bool) -> tuple[str, str]:
    """C-3: what the numerator and denominator are, in the manual's words."""
    if naft:
        return "Aantal gestarte dossiers", "Erkende capaciteit × (kalenderdagen / dagen jaar)"
    return "Bezette moduledagen", "Capaciteitsdagen"


def _figure_row(label: str, figure: Figure, note: str | None = None) -> tuple:
    """A figure's cells; the remark says why it cannot be computed and ``note`` what it
    counts."""
    share = figure.share
    remarks = [CAPACITY_ZERO if share is None else None, note]
    return (
        label,
        figure.numerator,
        float(figure.denominator),
        None if share is None else float(share),
        " ".join(remark for remark in remarks if remark) or None,
    )


def bezetting_sheets(result: BezettingResult, head: list) -> list[Sheet]:
    """C-5: "Bezettingsgraad" (the module and the weighted average), "Per maand" (the chart's
    numbers) and "Tellers en noemers" (per capacity segment of every module counted)."""
    numerator, denominator = counted_labels(result.chosen.naft)
    columns = [
        Column("Typemodule", 48),
        Column(numerator, 16, INTEGER),
        Column(denominator, 22, DECIMAL),
        Column("Bezettingsgraad", 16, PERCENT),
        Column("Opmerking", 40),
    ]
    # C-3: a period reaching past today counts up to today; the export says so as the page does.
    note = (
        COUNTED_UNTIL_TODAY.format(today=result.counted_until)
        if result.reaches_past_today
        else None
    )
    figures = [_figure_row(result.chosen.module.name, result.chosen.total, note)]
    if result.weighted is not None:
        figures.append(_figure_row(AVERAGE, result.weighted, note))
    month_columns = [Column("Maand", 14), *columns[1:]]
    months = [_figure_row(f"{month.start:%m/%Y}", month) for month in result.chosen.months]
    months += [(f"{first:%m/%Y}", None, None, None, NOT_YET) for first, _last in result.later]
    others = [m for m in result.averaged or () if m.module.id != result.chosen.module.id]
    return [
        Sheet("Bezettingsgraad", columns, figures, preamble=head, filterable=True),
        Sheet("Per maand", month_columns, months, preamble=head, filterable=True),
        Sheet(
            "Tellers en noemers",
            _segment_columns(result.chosen.naft),
            _segments([result.chosen, *others]),
            filterable=True,
        ),
    ]


def _segment_columns(naft: bool) -> list[Column]:
    numerator, denominator = counted_labels(naft)
    return [
        Column("Typemodule", 48),
        Column("Van", 12),
        Column("Tot en met", 12),
        Column("Kalenderdagen", 14, INTEGER),
        Column("Erkende capaciteit", 18, INTEGER),
        Column("Dagen jaar", 12, INTEGER),
        Column(numerator, 16, INTEGER),
        Column(denominator, 22, DECIMAL),
        Column("Bezettingsgraad", 16, PERCENT),
    ]


def _segments(modules: list[ModuleBezetting]):
    for module in modules:
        for segment in module.segments:
            share = segment.share
            yield (
                module.module.name,
                segment.start,
                segment.end,
                segment.days,
                segment.capacity,
                days_in_year(segment.start.year),
                segment.numerator,
                float(segment.denominator),
                None if share is None else float(share),
            )


def inzet_sheets(rows: list[tuple[str, int, int]], head: list) -> list[Sheet]:
    """C-5: "Inzet": per module (and "Combinatie geselecteerde modules") the schakelingen in
    which it was deployed and how many of them started in the period."""
    columns = [
        Column("Typemodule", 48),
        Column("Aantal schakelingen", 20, INTEGER),
        Column("Waarvan gestart in de periode", 28, INTEGER),
    ]
    return [Sheet("Inzet", columns, rows, preamble=head, filterable=True)]
