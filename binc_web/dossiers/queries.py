"""The SQL of the dossier lists: D-4 "Overzicht Dossiers" and D-5 "Opzoeken dossier".

A list page costs a constant number of queries whatever the number of dossiers: one for the
totals (per initial for the A–Z bar, or a count for search results) and one for the rows of
the page. Filtering, sorting and paging happen in SQL; the latest beslissing and schakeling of
each row come from correlated subqueries on the indexed ``dossier_id`` (measured against window
functions in docs/benchmarks.md). Every statement is scoped to one organisation (A-4).

Sorting on the name and the A–Z bar read ``dossiers.sort_name`` (rules.overview.sort_name),
which the index ``ix_dossiers_overview_name`` holds in order per organisation and status: the
overview joins ``clients`` and ``klassen`` only for the 50 rows it shows, or when a search term
or the sort key reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime
from functools import lru_cache

from sqlalchemy import (
    ColumnElement,
    String,
    and_,
    bindparam,
    case,
    cast,
    extract,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import aliased
from sqlalchemy.sql.visitors import iterate

from binc_web.database import PLAN_EACH_TIME
from binc_web.extensions import db
from binc_web.models import Aanmelding, Beslissing, Client, Dossier, Klas, Registratie, Schakeling
from binc_web.rules.overview import (
    LETTERS,
    SEARCH_STATUS_CODES,
    VIEW_CLOSED,
    VIEW_MINE,
    ListState,
    PageWindow,
    SearchTerms,
    closed_view_since,
    name_search_key,
    page_window,
)
from binc_web.rules.registrations import (
    BEGIN_REGISTRATION_MONTHS,
    CRISIS_AANMELDER,
    ONVOLLEDIG,
    VOLLEDIG,
    beslissing_ending_limit,
    latest_start_due,
)

# D-4: the name column: the youth's family name, or the class name for a class dossier (K-5).
NAME = func.coalesce(Client.family_name, Klas.name)


def registration_required() -> ColumnElement:
    """R-6/D-10 in SQL: a dossier needs its registrations unless it is a class dossier, a
    time-out or a crisis intake (``rules.lifecycle.registrations_exempt``)."""
    exempt_intake = (
        select(Aanmelding.id)
        .where(
            Aanmelding.dossier_id == Dossier.id,
            or_(Aanmelding.time_out.is_(True), Aanmelding.aanmelder == CRISIS_AANMELDER),
        )
        .correlate(Dossier)
        .exists()
    )
    # Not "klas_id IS NULL": in a WHERE, SQLite would walk the unique index on klas_id (NULL for
    # every individual dossier of every organisation) instead of the organisation's dossiers.
    individual = func.coalesce(Dossier.klas_id, 0) == 0
    return and_(individual, ~exempt_intake)


def start_of_help() -> ColumnElement:
    """R-6 in SQL: the first schakeling's begindatum, else the aanmelding's date
    (``rules.registrations.start_of_help``), as kept on the dossier (``Dossier.help_start``,
    written with every change of the aanmelding or the schakelingen)."""
    return Dossier.help_start


def within_months(later, earlier, months: int) -> ColumnElement:
    """``later <= add_months(earlier, months)`` (rules.beslissingen.add_months) in SQL that
    SQLite and PostgreSQL evaluate alike: at most ``months`` calendar months apart, and when
    exactly that many, not on a later day of the month. A day that the target month lacks is
    clamped to its last day, which every day of that month is on or before."""
    apart = (extract("year", later) * 12 + extract("month", later)) - (
        extract("year", earlier) * 12 + extract("month", earlier)
    )
    return or_(
        apart < months, and_(apart == months, extract("day", later) <= extract("day", earlier))
    )


def begin_complete() -> ColumnElement:
    """R-6: the dossier's beginregistratie is complete (whenever it was completed)."""
    return (
        select(Registratie.id)
        .where(
            Registratie.dossier_id == Dossier.id,
            Registratie.kind == "begin",
            Registratie.complete.is_(True),
        )
        .correlate(Dossier)
        .exists()
    )


def br_status() -> ColumnElement:
    """R-6 BR status of a row: NULL when not required, 'volledig' when the beginregistratie is
    complete and was completed within three months of the start of help, else 'onvolledig'
    (``rules.registrations.br_status``; tests check that both agree)."""
    start = start_of_help()
    in_time = (
        select(Registratie.id)
        .where(
            Registratie.dossier_id == Dossier.id,
            Registratie.kind == "begin",
            Registratie.complete.is_(True),
            Registratie.completed_on.is_not(None),
            or_(
                start.is_(None),
                within_months(Registratie.completed_on, start, BEGIN_REGISTRATION_MONTHS),
            ),
        )
        .correlate(Dossier)
        .exists()
    )
    return case(
        (~registration_required(), cast(null(), String)),
        (in_time, VOLLEDIG),
        else_=ONVOLLEDIG,
    )


def _latest_beslissing(value) -> ColumnElement:
    """``value(beslissing)`` of the dossier's latest beslissing (latest begindatum, newest on a
    tie), NULL without beslissing."""
    newest = aliased(Beslissing)
    return (
        select(value(newest))
        .where(newest.dossier_id == Dossier.id)
        .order_by(newest.begindatum.desc(), newest.id.desc())
        .limit(1)
        .correlate(Dossier)
        .scalar_subquery()
    )


def _latest_schakeling_start() -> ColumnElement:
    """Begindatum of the dossier's latest schakeling."""
    return (
        select(func.max(Schakeling.begindatum))
        .where(Schakeling.dossier_id == Dossier.id)
        .correlate(Dossier)
        .scalar_subquery()
    )


BR_STATUS = br_status().label("br_status")
BESLISSING_KIND = _latest_beslissing(
    lambda b: case((b.via_toegangspoort, "NRTJ"), else_="RTJ")
).label("beslissing_kind")
BESLISSING_BEGIN = _latest_beslissing(lambda b: b.begindatum).label("beslissing_begin")
# Kept on the dossier (Dossier.beslissing_end), so the sort on it is a range of an index.
BESLISSING_END = Dossier.beslissing_end.label("beslissing_end")
# S-7: the "+ schakeling" quick action adds under the latest beslissing.
BESLISSING_ID = _latest_beslissing(lambda b: b.id).label("beslissing_id")
SCHAKELING_START = _latest_schakeling_start().label("schakeling_start")

# D-4: what each sort key orders on, before the tie-breakers (name, first name, id).
SORT_COLUMNS = {
    "naam": [],
    "voornaam": [func.lower(Client.given_name)],
    "geboortedatum": [Client.birth_date],
    "dossiercode": [Dossier.code],
    "gewijzigd": [Dossier.updated_at],
    "status": [Dossier.status],
    "br": [BR_STATUS],
    "beslissing": [BESLISSING_KIND],
    # The FAQ: dossiers without a beslissing first, then by end date of the latest beslissing.
    "beslis-tot": [Dossier.beslissing_end],
    "schakeling": [SCHAKELING_START],
}
# The name (family name and given name: rules.overview.sort_name), then the id.
TIE_BREAKERS = [Dossier.sort_name, Dossier.id]
NAME_TABLES = frozenset({Client.__table__, Klas.__table__})


@dataclass(frozen=True)
class DossierRow:
    """One row of a dossier list (D-4 columns)."""

    id: int
    code: str
    status: str
    updated_at: datetime
    is_klas: bool
    name: str
    given_name: str | None
    birth_date: date | None
    br_status: str | None
    beslissing_kind: str | None
    beslissing_begin: date | None
    beslissing_end: date | None
    schakeling_start: date | None
    beslissing_id: int | None
    client_id: int | None = None  # None for a klas-dossier


ROW_FIELDS = tuple(each.name for each in fields(DossierRow))


def reads_names(*clauses) -> bool:
    """Whether any of the clauses reads a column of ``clients`` or ``klassen``."""
    return any(
        getattr(element, "table", None) in NAME_TABLES
        for clause in clauses
        for element in iterate(clause)
    )


def select_dossiers(*columns, where=()):
    """SELECT over dossiers, with their client or class when the columns or ``where`` read
    them (the overview's totals and sorted ids come from the dossiers' index alone)."""
    statement = select(*columns).select_from(Dossier)
    if reads_names(*columns, *where):
        statement = statement.outerjoin(Client, Dossier.client_id == Client.id).outerjoin(
            Klas, Dossier.klas_id == Klas.id
        )
    return statement.where(*where)


@dataclass(frozen=True)
class Listed:
    """Which dossiers a list shows: the shape of its WHERE and this request's values for it.

    The statements of a list are built once per shape, with named parameters, and reused:
    building a page's statement and its cache key cost more Python time than the database's
    work (docs/benchmarks.md, issue 13, third session). ``where_of(shape)`` gives the clauses.
    """

    shape: tuple[str, ...]
    values: dict = field(default_factory=dict, compare=False)

    def with_letter(self, letter: str | None) -> Listed:
        """D-4: the same dossiers under one letter of the A–Z bar (all of them without one)."""
        if not letter:
            return self
        first = letter.lower()
        values = {"letter_first": first, "letter_after": chr(ord(first) + 1)}
        return Listed((*self.shape, LETTER_SHAPE), self.values | values)


# The parts of a shape (``where_of``).
OVERVIEW_SHAPE, SEARCH_SHAPE, LETTER_SHAPE = "overzicht", "zoeken", "letter"
# LIKE's escape character for terms bound as parameters (as SQLAlchemy's autoescape escapes).
LIKE_ESCAPE = "/"


def like_term(term: str) -> str:
    """A search term as a LIKE pattern's literal part: ``%``, ``_`` and the escape character
    itself match only themselves."""
    for special in (LIKE_ESCAPE, "%", "_"):
        term = term.replace(special, LIKE_ESCAPE + special)
    return term


@lru_cache(maxsize=256)
def where_of(shape: tuple[str, ...]) -> tuple[ColumnElement, ...]:
    """The WHERE clauses of a shape, with named parameters (``Listed.values``)."""
    kind, *parts = shape
    where = [Dossier.organisation_id == bindparam("organisation_id")]
    if kind == OVERVIEW_SHAPE:
        where += _overview_clauses(parts[0])
    else:
        where += [_SEARCH_CLAUSES[part]() for part in parts if part != LETTER_SHAPE]
    if LETTER_SHAPE in parts:
        where += [
            Dossier.sort_name >= bindparam("letter_first"),
            Dossier.sort_name < bindparam("letter_after"),
        ]
    return tuple(where)


def _overview_clauses(view: str) -> list[ColumnElement]:
    """D-4: the dossiers of a view: open ones ("<voorziening> dossiers"), the open ones that are
    mine, or the ones closed within the last year."""
    if view == VIEW_CLOSED:
        return [Dossier.status == "closed", Dossier.closed_at >= bindparam("closed_since")]
    where = [Dossier.status == "open"]
    if view == VIEW_MINE:
        # Assigned to me, or created by me and not handed to a colleague (D-7).
        where.append(
            func.coalesce(Dossier.assigned_to_id, Dossier.created_by_id) == bindparam("person_id")
        )
    return where


def overview_filter(organisation_id: int, view: str, person_id: int, today: date) -> Listed:
    """D-4: the dossiers of a view (``_overview_clauses``) of the organisation."""
    values = {"organisation_id": organisation_id}
    if view == VIEW_CLOSED:
        values["closed_since"] = closed_view_since(today)
    elif view == VIEW_MINE:
        values["person_id"] = person_id
    return Listed((OVERVIEW_SHAPE, view), values)


def _referentie_clause() -> ColumnElement:
    return Dossier.id.in_(
        select(Aanmelding.dossier_id).where(
            Aanmelding.uw_referentie.icontains(bindparam("referentie"), escape=LIKE_ESCAPE)
        )
    )


# D-5: per search term its condition. Names, code and referentie match partly and regardless
# of case. A name term first narrows on the dossier's own folded name (``*_key``; indexed on
# PostgreSQL: ix_dossiers_name_trgm; on SQLite the organisation's names are read from
# ix_dossiers_search_name), so that only those few dossiers are joined to their clients for the
# exact condition.
_SEARCH_CLAUSES = {
    "naam_key": lambda: Dossier.sort_name.contains(bindparam("naam_key"), escape=LIKE_ESCAPE),
    "voornaam_key": lambda: Dossier.sort_name.contains(
        bindparam("voornaam_key"), escape=LIKE_ESCAPE
    ),
    "naam": lambda: NAME.icontains(bindparam("naam"), escape=LIKE_ESCAPE),
    "voornaam": lambda: Client.given_name.icontains(bindparam("voornaam"), escape=LIKE_ESCAPE),
    "geboortedatum": lambda: Client.birth_date == bindparam("geboortedatum"),
    "dossiercode": lambda: Dossier.code.icontains(bindparam("dossiercode"), escape=LIKE_ESCAPE),
    "rijksregisternummer": lambda: Client.national_number == bindparam("rijksregisternummer"),
    "client_id": lambda: Dossier.client_id == bindparam("client_id"),
    "referentie": _referentie_clause,
    "status": lambda: Dossier.status == bindparam("status"),
}


def search_filter(organisation_id: int, terms: SearchTerms) -> Listed:
    """D-5: every dossier of the organisation (also closed long ago) matching all the terms
    (``_SEARCH_CLAUSES``)."""
    values: dict = {"organisation_id": organisation_id}
    for name in ("naam", "voornaam"):
        term = getattr(terms, name)
        key = name_search_key(term) if term else None
        if key:
            values[f"{name}_key"] = like_term(key)
    for name in ("naam", "voornaam", "dossiercode", "referentie"):
        if getattr(terms, name):
            values[name] = like_term(getattr(terms, name))
    for name in ("geboortedatum", "rijksregisternummer", "client_id"):
        if getattr(terms, name) not in (None, ""):
            values[name] = getattr(terms, name)
    status = SEARCH_STATUS_CODES.get(terms.status)
    if status:
        values["status"] = status
    shape = tuple(name for name in _SEARCH_CLAUSES if name in values)
    return Listed((SEARCH_SHAPE, *shape), values)


def client_with_national_number(number: str) -> int | None:
    """D-5: the id of the youth with this rijksregisternummer, if the register knows them."""
    return db.session.scalar(select(Client.id).where(Client.national_number == number))


def national_number_in_organisation(organisation_id: int, client_id: int) -> str | None:
    """D-5: the rijksregisternummer of a youth with a dossier at this organisation (else
    nothing: an id in a URL never shows another organisation's youth)."""
    return db.session.scalar(
        select(Client.national_number)
        .join(Dossier, Dossier.client_id == Client.id)
        .where(Client.id == client_id, Dossier.organisation_id == organisation_id)
        .limit(1)
    )


# D-4: the letters of the A–Z bar and the range of sort names under each (``letter_filter``), as
# rows to probe the index with.
LETTER_RANGES = union_all(
    *(
        select(
            literal(letter).label("letter"),
            literal(letter.lower()).label("first"),
            literal(chr(ord(letter.lower()) + 1)).label("after"),
        )
        for letter in LETTERS
    )
).subquery("letters")


def letters_and_total(listed: Listed, letter: str | None) -> tuple[dict[str, bool], int]:
    """D-4: which letters of the A–Z bar have dossiers in the view (``overview_filter``; the
    others are greyed out), and the number listed (under ``letter`` when one is chosen).

    One query: per letter one look-up in ``ix_dossiers_overview_name`` (is there a sort name
    in its range?), and a count of the index entries. Grouping every entry by its first
    character cost 30 times as much at 5,000 dossiers (docs/benchmarks.md).
    """
    counted = listed.with_letter(letter)
    statement = _letters_statement(listed.shape, counted.shape)
    rows = db.session.execute(statement, counted.values).all()
    return {each: bool(found) for each, found, _total in rows}, rows[0][2]


@lru_cache(maxsize=64)
def _letters_statement(shape: tuple[str, ...], counted_shape: tuple[str, ...]):
    """The statement of ``letters_and_total``, built once per shape."""
    where = where_of(shape)
    assert not reads_names(*where), "a view's filter reads the dossiers alone"
    total = select(func.count()).select_from(Dossier).where(*where_of(counted_shape))
    in_range = and_(
        Dossier.sort_name >= LETTER_RANGES.c.first, Dossier.sort_name < LETTER_RANGES.c.after
    )
    present = select(Dossier.id).where(*where, in_range).correlate(LETTER_RANGES).exists()
    return select(LETTER_RANGES.c.letter, present, total.scalar_subquery())


def count_dossiers(listed: Listed) -> int:
    """The number of listed dossiers (D-5 results)."""
    return db.session.scalar(_count_statement(listed.shape), listed.values)


@lru_cache(maxsize=256)
def _count_statement(shape: tuple[str, ...]):
    return planned_for_values(shape, select_dossiers(func.count(), where=where_of(shape)))


def never_empty(column) -> bool:
    """Whether ``column`` is a NOT NULL column of ``dossiers`` itself (the columns of clients
    and classes are NULL in the rows of the other kind, through the outer joins)."""
    return getattr(column, "table", None) is Dossier.__table__ and not column.nullable


def ordered(columns, descending: bool) -> list:
    """ORDER BY terms: an empty value is the lowest value (first when ascending, last when
    descending).

    A column that is never empty gets no NULLS FIRST/LAST: that clause would keep PostgreSQL
    from reading ``sort_name, id`` in the order of the index (whose NULLs come last).
    """
    terms = []
    for column in columns:
        term = column.desc() if descending else column.asc()
        if not never_empty(column):
            term = term.nulls_last() if descending else term.nulls_first()
        terms.append(term)
    return terms


def dossier_page(listed: Listed, state: ListState, size: int, total: int) -> list[DossierRow]:
    """One page of the ``total`` listed dossiers, filtered, sorted and paged in SQL (one
    query). A page past the middle is read in the reverse order (``page_window``), so that the
    database skips fewer rows than it returns at the far end."""
    window = page_window(state.page, size, total)
    return [DossierRow(*row) for row in _page_rows(listed, state, window)]


def counted_page(
    listed: Listed, state: ListState, size: int
) -> tuple[list[DossierRow], int | None]:
    """One page of the list and the number of dossiers listed, in one query (D-5 results): the
    database reads every match anyway to sort them, and counting them in a statement of its
    own read them all again. The number is None for a page past the last one (no rows to
    carry it)."""
    window = PageWindow(offset=(state.page - 1) * size, limit=size, reversed=False)
    rows = _page_rows(listed, state, window, counted=True)
    if not rows:
        return [], 0 if state.page == 1 else None
    return [DossierRow(*row[:-1]) for row in rows], rows[0][-1]


def _page_rows(listed: Listed, state: ListState, window: PageWindow, counted: bool = False):
    """The rows of one page: DossierRow's fields, in order, and the number of dossiers listed
    when ``counted``."""
    statement = _page_statement(
        listed.shape, state.sort, state.descending, window.reversed, counted
    )
    values = listed.values | {"page_limit": window.limit, "page_offset": window.offset}
    return db.session.execute(statement, values).all()


@lru_cache(maxsize=512)
def _page_statement(
    shape: tuple[str, ...], sort: str, descending: bool, reversed_order: bool, counted: bool
):
    """The statement of a page, built once per shape, sort and direction.

    The inner query sorts and pages the dossier ids on the sort key alone (in the reverse
    order when ``reversed_order``); only the rows of the page then get their latest beslissing
    and schakeling (a "deferred join"), in the list's order.
    """
    keys = [*SORT_COLUMNS[sort], *TIE_BREAKERS]
    labelled = [key.label(f"key{number}") for number, key in enumerate(keys)]
    total = [func.count().over().label("total")] if counted else []
    page = (
        select_dossiers(Dossier.id.label("page_id"), *labelled, *total, where=where_of(shape))
        .order_by(*ordered(keys, descending != reversed_order))
        .limit(bindparam("page_limit"))
        .offset(bindparam("page_offset"))
        .subquery("page")
    )
    statement = (
        select(
            Dossier.id,
            Dossier.code,
            Dossier.status,
            Dossier.updated_at,
            Dossier.klas_id.is_not(None).label("is_klas"),
            NAME.label("name"),
            Client.given_name,
            Client.birth_date,
            BR_STATUS,
            BESLISSING_KIND,
            BESLISSING_BEGIN,
            BESLISSING_END,
            SCHAKELING_START,
            BESLISSING_ID,
            Dossier.client_id,
            *([page.c.total] if counted else []),
        )
        .select_from(page)
        .join(Dossier, Dossier.id == page.c.page_id)
        .outerjoin(Client, Dossier.client_id == Client.id)
        .outerjoin(Klas, Dossier.klas_id == Klas.id)
        .order_by(*ordered([page.c[key.name] for key in labelled], descending))
    )
    # Rows are read by position: building each row from its mapping cost more than the
    # database's work.
    names = (*ROW_FIELDS, "total") if counted else ROW_FIELDS
    assert tuple(statement.selected_columns.keys()) == names, "DossierRow's fields, in order"
    return planned_for_values(shape, statement)


def planned_for_values(shape: tuple[str, ...], statement):
    """A D-5 search's statement, planned by PostgreSQL for its terms each time: how many names
    hold the typed text decides the plan, and a plan made without the terms (a prepared
    statement's generic plan) made the search slower (docs/benchmarks.md)."""
    if shape[0] != SEARCH_SHAPE:
        return statement
    return statement.execution_options(**{PLAN_EACH_TIME: True})


# --- "Actie nodig" on the start page (beyond Binc) ---

ACTION_BEGINREGISTRATIE, ACTION_BESLISSING_ENDS, ACTION_NO_BESLISSING = (
    "beginregistratie",
    "beslissing_loopt_af",
    "zonder_beslissing",
)
ACTION_KINDS = (ACTION_BEGINREGISTRATIE, ACTION_BESLISSING_ENDS, ACTION_NO_BESLISSING)


@dataclass(frozen=True)
class ActionRow:
    """One dossier that needs something done, and the date that makes it urgent: the start of
    help (beginregistratie), the end of the latest beslissing, or the aanmelding."""

    kind: str
    id: int
    code: str
    name: str
    given_name: str | None
    on: date | None
    total: int


def actions_needed(organisation_id: int, today: date, limit: int) -> list[ActionRow]:
    """The "Actie nodig" list: the organisation's open dossiers whose beginregistratie is
    due within 14 days or overdue and not complete, whose latest beslissing ends within 30 days
    or has ended, and those without beslissing; the ``limit`` most urgent of each kind with the
    kind's total. One query (a UNION ALL of the three lists), whatever the number of dossiers."""
    values = {
        "organisation_id": organisation_id,
        "limit": limit,
        "latest_start_due": latest_start_due(today),
        "beslissing_ending_limit": beslissing_ending_limit(today),
    }
    return [ActionRow(*row) for row in db.session.execute(_actions_statement(), values)]


@lru_cache(maxsize=1)
def _actions_statement():
    """The statement of ``actions_needed``, built once (its values are named parameters)."""
    open_dossiers = [
        Dossier.organisation_id == bindparam("organisation_id"),
        Dossier.status == "open",
    ]
    # The dates are the dossier's own (binc_web.models.derived): each list is a range of an
    # index on the organisation's open dossiers, whatever their number.
    start = Dossier.owes_begin_since  # start_of_help() while the beginregistratie is owed
    registrations = select().select_from(Dossier).where(start <= bindparam("latest_start_due"))
    ending = Dossier.beslissing_end
    beslissingen = (
        select().select_from(Dossier).where(ending <= bindparam("beslissing_ending_limit"))
    )
    # The aanmelding's date while the dossier has no beslissing (NULL without aanmelding: such a
    # dossier is not listed).
    aangemeld = Dossier.awaits_beslissing_since
    without = select().select_from(Dossier).where(aangemeld.is_not(None))
    # Each list in the order of its index: every listed date is known, so where NULLs go does
    # not change the order, but PostgreSQL follows an index only when its NULLs are where the
    # ORDER BY wants them (ix_dossiers_owes_begin and ix_dossiers_awaits_beslissing: last,
    # ix_dossiers_beslissing_end_nulls_first: first; SQLite's indexes hold them first, as
    # ASC NULLS FIRST asks).
    lists = [
        (ACTION_BEGINREGISTRATIE, start, start, registrations),
        (ACTION_BESLISSING_ENDS, ending, ending.asc().nulls_first(), beslissingen),
        (ACTION_NO_BESLISSING, aangemeld, aangemeld, without),
    ]
    # Per list the ids, dates and totals (the limit applies before any name is read); then the
    # names of those few rows (a "deferred join", as in dossier_page). The total is a count of
    # its own (an uncorrelated subquery, run once), so that the rows are read in the order of
    # the index and the reading stops after ``limit`` of them.
    parts = []
    for rank, (kind, on, order, statement) in enumerate(lists):
        listed = statement.where(*open_dossiers)
        total = listed.with_only_columns(func.count(), maintain_column_froms=True)
        ranked = (
            listed.add_columns(
                literal(rank).label("rank"),
                literal(kind).label("kind"),
                Dossier.id.label("id"),
                on.label("on"),
                Dossier.sort_name.label("sort_name"),
                total.scalar_subquery().label("total"),
            )
            .order_by(order, Dossier.sort_name, Dossier.id)
            .limit(bindparam("limit"))
            .subquery(f"actions{rank}")
        )
        parts.append(select(*ranked.c))
    found = union_all(*parts).subquery("actions")
    return (
        select(
            found.c.kind,
            Dossier.id,
            Dossier.code,
            NAME,
            Client.given_name,
            found.c.on,
            found.c.total,
        )
        .select_from(found)
        .join(Dossier, Dossier.id == found.c.id)
        .outerjoin(Client, Dossier.client_id == Client.id)
        .outerjoin(Klas, Dossier.klas_id == Klas.id)
        .order_by(found.c.rank, found.c.on, found.c.sort_name, found.c.id)
    )
