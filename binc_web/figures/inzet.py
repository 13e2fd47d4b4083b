"""C-4 "Bereken inzet" and its C-5 export: per chosen module the schakelingen in which it was
deployed in the period and how many of them started then."""

from __future__ import annotations

from io import BytesIO

from flask import g, render_template, request, send_file

from binc_web.exports.xlsx import XLSX_MIMETYPE, small_workbook_bytes
from binc_web.figures import bp, counts
from binc_web.figures.period import InzetForm, require_medewerker
from binc_web.figures.workbooks import inzet_sheets, preamble
from binc_web.rules.bezetting import END_BEFORE_START
from binc_web.rules.inzet import COMBINATION, shows_combination
from binc_web.templating import today

TITLE = "Bereken inzet"


def _form() -> InzetForm:
    """The form read from the URL, offering the organisation's modules."""
    return InzetForm(request.args).offer(counts.organisation_modules(g.organisation.id))


def _rows(form: InzetForm) -> list[tuple[str, int, int]] | None:
    """C-4: (module, deployed, started) per chosen module in the order offered, and the
    combination when several were chosen; None when the form is invalid."""
    if not form.validate():
        return None
    first, last = form.begindatum.data, form.einddatum.data
    if last < first:
        form.einddatum.errors = [END_BEFORE_START]
        return None
    chosen = [m for m in form.offered if str(m.id) in set(form.modules.data)]
    ids = [module.id for module in chosen]
    counted = counts.deployments(g.organisation.id, ids, first, last)
    rows = [(module.name, *counted.get(module.id, (0, 0))) for module in chosen]
    if shows_combination(len(ids)):
        rows.append(
            (COMBINATION, *counts.combined_deployments(g.organisation.id, ids, first, last))
        )
    return rows


def _page(form: InzetForm, rows):
    return render_template("figures/inzet.html", form=form, rows=rows, crumbs=[(TITLE, None)])


@bp.get("/inzet")
def inzet():
    """C-4: the form; with modules and a period in the URL, the counts (422 when invalid)."""
    require_medewerker()
    form = _form()
    if not form.submitted():
        return _page(form, None)
    rows = _rows(form)
    return _page(form, rows), 200 if rows is not None else 422


@bp.get("/inzet/export")
def inzet_export():
    """C-5: the inzet of the URL's modules and period as an .xlsx download."""
    require_medewerker()
    form = _form()
    rows = _rows(form)
    if rows is None:
        return _page(form, None), 422
    on = today()
    head = preamble(
        g.person.display_name,
        g.organisation.name,
        form.begindatum.data,
        form.einddatum.data,
        on,
    )
    return send_file(
        BytesIO(small_workbook_bytes(inzet_sheets(rows, head))),
        mimetype=XLSX_MIMETYPE,
        as_attachment=True,
        download_name=f"{g.organisation.name} - Inzet - {on:%d-%m-%Y}.xlsx",
    )
