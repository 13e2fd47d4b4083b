"""M-3 Benutting: per dossier and module a month view with one cell per day (saved per change
with htmx, or the whole month as a plain form), and the organisation totals of contextcontacten
not tied to a dossier (FAQ crisisverblijf). A closed dossier stays editable, like its
registrations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import flash, redirect, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from binc_web.activity import record_activity
from binc_web.errors import render_error
from binc_web.extensions import db
from binc_web.figures import bp
from binc_web.figures.access import medewerker_only
from binc_web.figures.benutting_store import (
    Conflict,
    DossierModule,
    dossier_modules,
    month_values,
    totals,
    write_cell,
)
from binc_web.htmx import is_htmx, page_or_fragment
from binc_web.models import Benutting, Dossier
from binc_web.rules.benutting import (
    cell_problem,
    conflict_message,
    format_amount,
    in_help,
    month_days,
    month_key,
    month_label,
    next_month,
    parse_amount,
    parse_month,
    previous_month,
    to_hundredths,
)
from binc_web.rules.concurrency import DOSSIER_GONE
from binc_web.scoping import load_scoped
from binc_web.templating import today

WEEKDAYS = ("ma", "di", "wo", "do", "vr", "za", "zo")


@dataclass
class DayCell:
    """One day of the month view: what the input shows, what the user saw, and any problem."""

    day: date
    open: bool  # the day has a field: within the help (up to today), or a value to empty
    text: str
    was: str
    problem: str | None = None
    outside: bool = False  # not a day of help (a value there can only be emptied)

    @property
    def closed_note(self) -> str:
        """Why a day takes no value."""
        return "nog niet" if self.day > today() else "buiten de hulp"

    @property
    def weekday(self) -> str:
        return WEEKDAYS[self.day.weekday()]

    @property
    def field(self) -> str:
        return f"dag-{self.day.day:02d}"


def _crumbs(dossier: Dossier, *trail):
    return [
        ("Overzicht Dossiers", url_for("dossiers.overview")),
        (f"Dossier {dossier.code}", url_for("dossiers.show", dossier_id=dossier.id)),
        *trail,
    ]


def _latest_month(entry: DossierModule) -> date:
    """The month a worker most likely fills: the last month with help up to today."""
    last = entry.periods[-1][1] if entry.periods else min(s for s, _ in entry.schakelingen)
    return last.replace(day=1)


@bp.get("/dossiers/<id:dossier_id>/benutting")
@medewerker_only
def dossier_benutting(dossier_id: int):
    """M-3: the "Benutting" section of the dossier: per module its unit, days of help, and the
    totals of this month and of all time, with a link to the month view."""
    dossier = load_scoped(Dossier, dossier_id, missing=DOSSIER_GONE)
    first = today().replace(day=1)
    entries = dossier_modules(dossier.id, today())
    return page_or_fragment(
        "figures/benutting_dossier.html",
        "figures/_benutting_dossier.html",
        dossier=dossier,
        entries=entries,
        totals=totals(dossier.id, first, next_month(first)),
        this_month=month_label(first),
        latest_month={e.module.id: month_key(_latest_month(e)) for e in entries},
        format_amount=format_amount,
        crumbs=_crumbs(dossier, ("Benutting", None)),
    )


def _load(dossier_id: int, type_module_id: int, maand: str):
    """The dossier (404 for another organisation's), the module among the modules with a unit
    of its schakelingen, and the month of the URL; None when any of them is not there."""
    dossier = load_scoped(Dossier, dossier_id, missing=DOSSIER_GONE)
    first = parse_month(maand, today())
    entry = next(
        (e for e in dossier_modules(dossier.id, today()) if e.module.id == type_module_id), None
    )
    if first is None or entry is None:
        return None
    return dossier, entry, first


def _cells(
    dossier_id: int, entry: DossierModule, first: date, form: MultiDict | None = None
) -> list[DayCell]:
    """The month's days with their stored values, or with what the user typed (``form``)."""
    days = month_days(first)
    stored = month_values(dossier_id, entry.module.id, days[0], days[-1])
    cells = []
    for day in days:
        saved = format_amount(stored.get(day))
        outside = day > today() or not in_help(day, entry.periods)
        # A value outside the help (the schakeling was shortened since) keeps a field, so it
        # can be emptied; the rules refuse any other value there.
        open_day = not outside or day in stored
        if form is not None and open_day:
            name = f"dag-{day.day:02d}"
            typed, seen = form.get(name, "")[:20], form.get("was-" + name[4:], "")[:20]
            cells.append(DayCell(day, True, typed, seen, outside=outside))
        else:
            cells.append(DayCell(day, open_day, saved, saved, outside=outside))
    return cells


def _month_total(dossier: Dossier, entry: DossierModule, first: date) -> str:
    """The month's stored total, as shown under the days."""
    days = month_days(first)
    return format_amount(sum(month_values(dossier.id, entry.module.id, days[0], days[-1]).values()))


def _month_page(dossier, entry, first, cells, status=200):
    start = min(s for s, _ in entry.schakelingen).replace(day=1)
    return (
        render_template(
            "figures/benutting_maand.html",
            dossier=dossier,
            entry=entry,
            first=first,
            label=month_label(first),
            cells=cells,
            problems=[c for c in cells if c.problem],
            month_total=_month_total(dossier, entry, first) or "0",
            previous=month_key(previous_month(first)) if first > start else None,
            following=month_key(next_month(first)) if next_month(first) <= today() else None,
            key=month_key(first),
            crumbs=_crumbs(
                dossier,
                ("Benutting", url_for("figures.dossier_benutting", dossier_id=dossier.id)),
                (f"{entry.module.name}: {month_label(first)}", None),
            ),
        ),
        status,
        {"Vary": "HX-Request"},
    )


@bp.get("/dossiers/<id:dossier_id>/benutting/<id:type_module_id>/<maand>")
@medewerker_only
def maand(dossier_id: int, type_module_id: int, maand: str):
    """M-3: one module's month: a cell per day, open between the opstartdag and the last day
    of help (up to today)."""
    loaded = _load(dossier_id, type_module_id, maand)
    if loaded is None:
        return render_error(404)
    dossier, entry, first = loaded
    return _month_page(dossier, entry, first, _cells(dossier.id, entry, first))


@bp.post("/dossiers/<id:dossier_id>/benutting/<id:type_module_id>/<maand>")
@medewerker_only
def maand_opslaan(dossier_id: int, type_module_id: int, maand: str):
    """M-3 without JavaScript: save the whole month at once. One wrong day refuses the month
    (422, every typed value kept, each problem naming its day); nothing is saved then."""
    loaded = _load(dossier_id, type_module_id, maand)
    if loaded is None:
        return render_error(404)
    dossier, entry, first = loaded
    cells = _cells(dossier.id, entry, first, request.form)
    changes = _changes(entry, cells, request.form)
    if any(c.problem for c in cells):
        return _month_page(dossier, entry, first, cells, 422)
    try:
        _save(dossier, entry, changes)
    except Conflict as conflict:
        return _refused_by_conflict(dossier, entry, first, cells, conflict)
    flash(f"De benutting van {month_label(first)} werd bewaard.", "success")
    return redirect(
        url_for("figures.maand", dossier_id=dossier.id, type_module_id=entry.module.id, maand=maand)
        + "#maandtotaal",
        code=303,
    )


@bp.post("/dossiers/<id:dossier_id>/benutting/<id:type_module_id>/<maand>/<id:dag>")
@medewerker_only
def dag_opslaan(dossier_id: int, type_module_id: int, maand: str, dag: int):
    """M-3 with htmx: save one day as soon as it changes; the answer is that day's row and the
    month total (422 with the message at the cell, 409 when a colleague saved it first)."""
    loaded = _load(dossier_id, type_module_id, maand)
    if loaded is None:
        return render_error(404)
    dossier, entry, first = loaded
    cells = _cells(dossier.id, entry, first, request.form)
    cell = next((c for c in cells if c.day.day == dag), None)
    if cell is None:
        return render_error(404)
    changes = _changes(entry, [cell], request.form)
    status = 422 if cell.problem else 200
    if not cell.problem:
        try:
            _save(dossier, entry, changes)
        except Conflict as conflict:
            cell.problem = conflict_message(conflict.day, conflict.current)
            cell.was = format_amount(conflict.current)
            status = 409
        else:
            cell.was = cell.text = format_amount(changes[0][2] if changes else _was(cell))
    if not is_htmx():
        # A client without htmx that posted one day gets the month page.
        return _month_page(dossier, entry, first, _cells(dossier.id, entry, first), status)
    fragment = render_template(
        "figures/_benutting_dag.html",
        cell=cell,
        entry=entry,
        dossier=dossier,
        key=month_key(first),
        month_total=_month_total(dossier, entry, first) or "0",
        swapped=True,
    )
    return fragment, status, {"Vary": "HX-Request"}


def _was(cell: DayCell) -> int | None:
    """The value the user saw on a day (as posted with the form), in hundredths."""
    amount, problem = parse_amount(cell.was)
    return None if problem or amount is None or amount == 0 else to_hundredths(amount)


def _changes(entry: DossierModule, cells: list[DayCell], form: MultiDict) -> list:
    """M-3: check every open day the user changed; problems land on their cells. Returns the
    changes as (day, was, new) in hundredths. A day outside the help that was posted anyway
    is refused by the rules with its own message."""
    changes = []
    for cell in cells:
        if not cell.open:
            posted = form.get(cell.field, "").strip()
            if posted and posted != cell.text:
                _new, cell.problem = cell_problem(
                    cell.day, posted, entry.rule, entry.periods, today()
                )
                cell.text = posted[:20]
            continue
        new, cell.problem = cell_problem(cell.day, cell.text, entry.rule, entry.periods, today())
        was = _was(cell)
        if not cell.problem and new != was:
            changes.append((cell.day, was, new))
    return changes


def _save(dossier: Dossier, entry: DossierModule, changes: list) -> None:
    """Write the changed days and one activity entry (D-8), in one transaction."""
    if not changes:
        return
    for day, was, new in changes:
        key = {"dossier_id": dossier.id, "type_module_id": entry.module.id, "day": day}
        write_cell(Benutting, key, was, new)
    record_activity(
        "benutting_gewijzigd",
        dossier,
        f"Benutting {entry.module.name} ({entry.rule.label}) gewijzigd",
        dossier_id=dossier.id,
        before={f"{day:%d/%m/%Y}": format_amount(was) or None for day, was, _ in changes},
        after={f"{day:%d/%m/%Y}": format_amount(new) or None for day, _, new in changes},
    )
    db.session.commit()


def _refused_by_conflict(dossier, entry, first, cells, conflict: Conflict):
    """D-13 for the month form: what the user typed stays, the conflicting day shows the
    colleague's value as the new "seen" value, so a deliberate second save goes through."""
    for cell in cells:
        if cell.day == conflict.day:
            cell.problem = conflict_message(conflict.day, conflict.current)
            cell.was = format_amount(conflict.current)
    return _month_page(dossier, entry, first, cells, 409)
