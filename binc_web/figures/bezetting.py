"""C-3 "Bereken bezettingsgraad" and its C-5 export: module and period from the URL, the
figures, a chart per month and the Excel file."""

from __future__ import annotations

from io import BytesIO

from flask import g, render_template, request, send_file

from binc_web.exports.xlsx import XLSX_MIMETYPE, small_workbook_bytes
from binc_web.figures import bp, counts
from binc_web.figures.bezetting_data import BezettingResult, compute
from binc_web.figures.chart import chart
from binc_web.figures.period import BezettingForm, require_medewerker
from binc_web.figures.workbooks import AVERAGE, bezetting_sheets, counted_labels, preamble
from binc_web.rules.bezetting import (
    CAPACITY_ZERO,
    COUNTED_UNTIL_TODAY,
    NOT_YET,
    future_problem,
    number_text,
    percentage_text,
    period_problem,
)
from binc_web.templating import today

TITLE = "Bereken bezettingsgraad"


@bp.app_template_filter("procent")
def _procent(share) -> str:
    return percentage_text(share)


@bp.app_template_filter("getal")
def _getal(value) -> str:
    return number_text(value)


def _result(form: BezettingForm) -> BezettingResult | None:
    """The bezetting the valid form asks for, or None (the form then holds the messages)."""
    if not form.validate():
        return None
    problem = period_problem(form.begindatum.data, form.einddatum.data)
    if problem:
        form.einddatum.errors = [problem]
        return None
    on = today()
    problem = future_problem(form.begindatum.data, on)
    if problem:
        form.begindatum.errors = [problem]
        return None
    modules = {str(module.id): module for module in form.offered}
    return compute(
        g.organisation.id,
        modules[form.module.data],
        list(modules.values()),
        form.begindatum.data,
        form.einddatum.data,
        on,
    )


def _form() -> BezettingForm:
    """The form read from the URL, offering the organisation's modules."""
    return BezettingForm(request.args).offer(counts.organisation_modules(g.organisation.id))


def _page(form: BezettingForm, result: BezettingResult | None):
    drawing = None
    if result is not None:
        module = result.chosen
        changes = [(day, _capacity_from(module, day)) for day in module.changes]
        drawing = chart(module.months, changes, result.later)
    return render_template(
        "figures/bezetting.html",
        form=form,
        result=result,
        chart=drawing,
        labels=counted_labels(result.chosen.naft) if result else None,
        capacity_zero=CAPACITY_ZERO,
        counted_until=COUNTED_UNTIL_TODAY.format(today=result.counted_until) if result else None,
        not_yet=NOT_YET,
        average_label=AVERAGE,
        crumbs=[(TITLE, None)],
    )


def _capacity_from(module, day) -> int:
    return next(p.capacity for p in module.pieces if p.start <= day <= p.end)


@bp.get("/bezettingsgraad")
def bezetting():
    """C-3: the form; with a module and period in the URL, the bezetting (422 when invalid)."""
    require_medewerker()
    form = _form()
    if not form.submitted():
        return _page(form, None)
    result = _result(form)
    return _page(form, result), 200 if result else 422


@bp.get("/bezettingsgraad/export")
def bezetting_export():
    """C-5: the bezetting of the URL's module and period as an .xlsx download."""
    require_medewerker()
    form = _form()
    result = _result(form)
    if result is None:
        return _page(form, None), 422
    on = today()
    head = preamble(g.person.display_name, g.organisation.name, result.first, result.last, on)
    return send_file(
        BytesIO(small_workbook_bytes(bezetting_sheets(result, head))),
        mimetype=XLSX_MIMETYPE,
        as_attachment=True,
        download_name=f"{g.organisation.name} - Bezettingsgraad - {on:%d-%m-%Y}.xlsx",
    )
