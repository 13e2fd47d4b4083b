"""D-4 "Overzicht Dossiers" (the start page) and D-5 "Opzoeken dossier".

Both lists keep their whole state in the query string (shareable URLs; htmx pushes them to the
history) and answer htmx requests with their region only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from flask import current_app, g, make_response, redirect, request, session, url_for

from binc_web.dossiers import blueprint
from binc_web.dossiers.queries import (
    ACTION_KINDS,
    DossierRow,
    actions_needed,
    client_with_national_number,
    count_dossiers,
    counted_page,
    dossier_page,
    letters_and_total,
    national_number_in_organisation,
    overview_filter,
    search_filter,
)
from binc_web.dossiers.search_form import DossierSearchForm
from binc_web.htmx import is_htmx, page_or_fragment
from binc_web.rules.overview import (
    BR_LABELS,
    CLIENT_ARG,
    COLUMN_LABELS,
    COLUMNS,
    STATUS_LABELS,
    VIEW_ORGANISATION,
    VIEWS,
    ListState,
    page_count,
    parse_client_id,
    parse_list_state,
    search_terms_problem,
    view_label,
)
from binc_web.rules.registrations import begin_registration_deadline
from binc_web.templating import today as _today

# Session key of the last search, for "Resultaten dossiers" (D-5).
LAST_SEARCH = "resultaten_dossiers"
# D-5: a rijksregisternummer that no youth has: an id no dossier refers to, so nothing is found.
UNKNOWN_CLIENT = 0
# "Actie nodig": the most urgent dossiers shown of each kind (the total is shown too).
ACTIONS_SHOWN = 5


def url_template(endpoint: str, *names: str, **fixed: str) -> Callable[..., str]:
    """A URL builder for ``endpoint`` that routes once: url_for with marker ids (and the
    ``fixed`` arguments), then each call puts the real (integer) ids in their place. A list page
    links every row three times, and routing each link cost more than the page's queries."""
    markers = {name: 1_000_000_007 + number for number, name in enumerate(names)}
    template = url_for(endpoint, **markers, **fixed)
    for name, marker in markers.items():
        template = template.replace(str(marker), "{" + name + "}")
    return lambda **ids: template.format(**{name: int(value) for name, value in ids.items()})


def row_links() -> dict[str, Callable[..., str]]:
    """The links of each row: the dossier, and the S-7 quick actions."""
    return {
        "dossier_url": url_template("dossiers.show", "dossier_id"),
        "new_beslissing_url": url_template("dossiers.new_beslissing", "dossier_id"),
        "new_schakeling_url": url_template(
            "dossiers.new_schakeling", "dossier_id", "beslissing_id"
        ),
    }


@dataclass(frozen=True, slots=True)
class RowLinks:
    """The links of a list row: its dossier, the youth's Cliëntgegevens (search results, manual
    2.1; None elsewhere and for a class dossier) and the S-7 quick actions (a schakeling is
    added under the latest beslissing: None without one)."""

    dossier: str
    client: str | None
    new_beslissing: str
    new_schakeling: str | None


def links_of(rows: list[DossierRow], with_client: bool) -> list[RowLinks]:
    """Each row's links, built in Python from URL templates: a link built by the template
    itself (a call per link and row) cost more than the page's queries."""
    links = row_links()
    client = url_template("clients.details", "client_id")
    return [
        RowLinks(
            dossier=links["dossier_url"](dossier_id=row.id),
            client=client(client_id=row.client_id) if with_client and row.client_id else None,
            new_beslissing=links["new_beslissing_url"](dossier_id=row.id),
            new_schakeling=(
                links["new_schakeling_url"](dossier_id=row.id, beslissing_id=row.beslissing_id)
                if row.beslissing_id
                else None
            ),
        )
        for row in rows
    ]


def _list_context(
    state: ListState,
    total: int,
    rows: list[DossierRow],
    endpoint: str,
    fixed_args: dict,
    with_client: bool = False,
) -> dict:
    """What the shared list fragment needs: rows, state, paging and a URL for any other state."""

    # One url_for for the path, then each state's query string: a list page has some forty
    # such links, and routing every one of them costs more than a query.
    path = url_for(endpoint)

    def list_url(other: ListState) -> str:
        args = {**fixed_args, **other.args()}
        return f"{path}?{urlencode(args)}" if args else path

    return {
        "rows": list(zip(rows, links_of(rows, with_client), strict=True)),
        "state": state,
        "total": total,
        "pages": page_count(total, current_app.config["PAGE_SIZE"]),
        "list_url": list_url,
        "columns": COLUMNS,
        "column_labels": COLUMN_LABELS,
        "status_labels": STATUS_LABELS,
        "br_labels": BR_LABELS,
    }


def _page_of(state: ListState, total: int) -> ListState:
    """The requested page, or the last one when the list is shorter than that."""
    pages = page_count(total, current_app.config["PAGE_SIZE"])
    return state.with_changes(page=min(state.page, pages))


def actie_nodig() -> dict:
    """The "Actie nodig" list (beyond Binc): per kind the most urgent open dossiers and
    their total, with the links of their one-click actions."""
    rows = actions_needed(g.organisation.id, _today(), ACTIONS_SHOWN)
    return {
        "today": _today(),
        "actions": {kind: [row for row in rows if row.kind == kind] for kind in ACTION_KINDS},
        "begin_deadline": begin_registration_deadline,
        "registration_url": url_template("dossiers.registration", "dossier_id", kind="begin"),
        **row_links(),
    }


@blueprint.get("/acties")
def actions():
    """The "Actie nodig" section on its own: the start page loads it after the list (htmx), so
    that the list never waits for it; without JavaScript the start page links to this page."""
    return page_or_fragment(
        "dossiers/actie_nodig.html",
        "dossiers/_actie_nodig.html",
        actie_nodig=actie_nodig(),
        crumbs=[("Overzicht Dossiers", url_for("dossiers.overview")), ("Actie nodig", None)],
    )


@blueprint.get("/")
def overview():
    """D-4: the dossiers of a view, optionally under one letter, sorted and paged in SQL."""
    state = parse_list_state(request.args)
    listed = overview_filter(g.organisation.id, state.view, g.person.id, _today())
    letters, total = letters_and_total(listed, state.letter)
    state = _page_of(state, total)
    rows = dossier_page(
        listed.with_letter(state.letter), state, current_app.config["PAGE_SIZE"], total
    )
    views = [(view, view_label(view, g.organisation.name)) for view in VIEWS]
    return page_or_fragment(
        "dossiers/overview.html",
        "dossiers/_overview.html",
        views=views,
        view_name=dict(views)[state.view],
        letters=letters,
        crumbs=[("Overzicht Dossiers", None)],
        **_list_context(state, total, rows, "dossiers.overview", {}),
    )


@blueprint.get("/dossiers/zoeken")
def search():
    """D-5: the results of a search, read from the URL (shareable: "Resultaten dossiers", other
    pages and sorts). A rijksregisternummer in the URL is ignored; the youth's id stands in."""
    args = request.args.copy()
    args.poplist("rijksregisternummer")
    client_id = parse_client_id(args.get(CLIENT_ARG))
    number = None
    if client_id is not None:
        number = national_number_in_organisation(g.organisation.id, client_id)
    form = DossierSearchForm(args, data={"rijksregisternummer": number})
    state = parse_list_state(args).with_changes(view=VIEW_ORGANISATION, letter=None)
    return _search_page(form, state, form.submitted(args), client_id)


@blueprint.post("/dossiers/zoeken")
def search_posted():
    """D-5 "Zoeken": the form is posted so that a rijksregisternummer never ends up in a URL
    (server logs, browser history). The number is resolved to the youth here; the results then
    get a URL with the youth's id: a browser without htmx is sent there (303), htmx receives
    them at once with that URL for its history. A number the register does not know is
    answered directly: nothing is found, and the form keeps the number as typed."""
    form = DossierSearchForm(request.form)
    client_id = None
    if form.validate() and form.rijksregisternummer.data:
        client_id = client_with_national_number(form.rijksregisternummer.data)
        if client_id is None:
            return _answered_in_place(form, UNKNOWN_CLIENT, history_url=None)
    if form.errors or search_terms_problem(form.terms(client_id)):
        return _answered_in_place(form, client_id, history_url=None)
    results_url = url_for("dossiers.search", **form.url_args(client_id))
    if not is_htmx():
        return redirect(results_url, 303)
    return _answered_in_place(form, client_id, history_url=results_url)


def _answered_in_place(form: DossierSearchForm, client_id: int | None, history_url: str | None):
    """The posted search answered directly. For htmx, ``history_url`` is the URL its history
    gets; without one (a refused search, an unknown number) the history keeps the last URL."""
    response = make_response(_search_page(form, ListState(), True, client_id))
    if is_htmx():
        response.headers["HX-Push-Url"] = history_url or "false"
    return response


def _search_page(form: DossierSearchForm, state: ListState, submitted: bool, client_id):
    """The search page (or its htmx region): the form, its messages, and the results."""
    problem, total, rows = None, 0, []
    if submitted and form.validate():
        problem = search_terms_problem(form.terms(client_id))
    url_args = form.url_args(client_id) if submitted else {}
    if submitted and not form.errors and not problem:
        listed = search_filter(g.organisation.id, form.terms(client_id))
        size = current_app.config["PAGE_SIZE"]
        rows, total = counted_page(listed, state, size)
        if total is None:  # a page past the last one: show the last one
            total = count_dossiers(listed)
            state = _page_of(state, total)
            rows, _recounted = counted_page(listed, state, size)
        remember_search(
            {
                "organisation_id": g.organisation.id,
                # Pairs, not a dict: the session serializer sorts dict keys. Lists, as the
                # session gives them back, so that the same results compare equal.
                "args": [[name, value] for name, value in (url_args | state.args()).items()],
                # D-5: the dossiers these results showed; only those offer "Resultaten dossiers".
                "dossier_ids": [row.id for row in rows],
            }
        )
    failed = submitted and bool(form.errors or problem)
    return page_or_fragment(
        "dossiers/search.html",
        "dossiers/_search.html",
        status=422 if failed else 200,
        form=form,
        problem=problem,
        searched=submitted and not failed,
        crumbs=[
            ("Overzicht Dossiers", url_for("dossiers.overview")),
            ("Opzoeken dossier", None),
        ],
        # Manual 2.1: a result also leads to the youth's Cliëntgegevens.
        **_list_context(state, total, rows, "dossiers.search", url_args, with_client=True),
    )


def remember_search(results: dict) -> None:
    """D-5: keep the last results for "Resultaten dossiers". The same results again (that link,
    a reload, the htmx history) leave the session untouched: saving it is a database write."""
    if session.get(LAST_SEARCH) != results:
        session[LAST_SEARCH] = results


@blueprint.app_context_processor
def last_search_context():
    """D-5 "Resultaten dossiers": the URL of the last search in this organisation, if any; on a
    dossier page only when the dossier was among those results (reached from the search)."""

    def resultaten_dossiers_url(dossier_id: int | None = None) -> str | None:
        remembered = session.get(LAST_SEARCH)
        organisation = g.get("organisation")
        if not remembered or organisation is None:
            return None
        if remembered.get("organisation_id") != organisation.id:
            return None
        if dossier_id is not None and dossier_id not in remembered.get("dossier_ids", ()):
            return None
        return url_for("dossiers.search", **dict(remembered.get("args", [])))

    return {"resultaten_dossiers_url": resultaten_dossiers_url}
