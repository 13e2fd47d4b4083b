"""D-4 "Overzicht Dossiers" and D-5 "Opzoeken dossier": views, columns, sorting, the A–Z bar,
paging and the validation of what arrives in the query string.

Everything a list page reads from its URL goes through ``parse_list_state`` first: unknown or
malformed values fall back to safe defaults, so a hand-edited or stale URL never breaks a page.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta

from binc_web.rules.ids import parse_id

LETTERS = tuple("ABCDEFGHIJKLMNOPQRSTUVWXYZ")

# D-4 views: "Mijn dossiers", "<voorziening> dossiers" (the default), "Afgesloten dossiers".
VIEW_MINE = "mijn"
VIEW_ORGANISATION = "voorziening"
VIEW_CLOSED = "afgesloten"
VIEWS = (VIEW_MINE, VIEW_ORGANISATION, VIEW_CLOSED)

# D-4: closed dossiers stay in the overview for a year; older ones only via search (D-5).
CLOSED_VIEW_DAYS = 365

# The columns of the list, in order: (sort key in the URL, column header as in the manual).
COLUMNS = (
    ("naam", "Naam"),
    ("voornaam", "Voornaam"),
    ("geboortedatum", "Geboortedatum"),
    ("dossiercode", "Dossiercode"),
    ("gewijzigd", "Laatst gewijzigd"),
    ("status", "Status"),
    ("br", "BR"),
    ("beslissing", "Beslissing"),
    ("beslis-tot", "Beslis. > tot"),
    ("schakeling", "Schakeling"),
)
SORT_KEYS = tuple(key for key, _label in COLUMNS)
COLUMN_LABELS = dict(COLUMNS)
DEFAULT_SORT = "naam"
ASCENDING = "op"
DESCENDING = "af"

STATUS_LABELS = {"open": "open", "closed": "afgesloten"}

# R-6 as shown on the overview: green complete, red incomplete, no icon when not required.
BR_LABELS = {
    "volledig": "Beginregistratie volledig",
    "onvolledig": "Beginregistratie onvolledig",
}

# D-5: the status choice of "Opzoeken dossier".
SEARCH_STATUSES = (("alle", "Alle"), ("open", "Open"), ("afgesloten", "Afgesloten"))
SEARCH_STATUS_CODES = {"alle": None, "open": "open", "afgesloten": "closed"}
AT_LEAST_ONE_TERM = "Vul minstens 1 zoekterm in."
CONTROL_CHARACTERS = "Gebruik geen onzichtbare stuurtekens in een zoekterm."

# Query-string keys of the lists (Dutch, as users see them in shareable URLs).
VIEW_ARG, SORT_ARG, DIRECTION_ARG, LETTER_ARG, PAGE_ARG = (
    "weergave",
    "sorteer",
    "richting",
    "letter",
    "pagina",
)
MAX_PAGE = 1_000_000
# D-5: a search by rijksregisternummer puts the youth's id in the URL, never the number
# (URLs end up in server logs and browser history).
CLIENT_ARG = "jongere"


@dataclass(frozen=True)
class ListState:
    """What a dossier list shows: view, sort column and direction, letter and page (D-4, D-5)."""

    view: str = VIEW_ORGANISATION
    sort: str = DEFAULT_SORT
    direction: str = ASCENDING
    letter: str | None = None
    page: int = 1

    @property
    def descending(self) -> bool:
        return self.direction == DESCENDING

    def with_changes(self, **changes) -> ListState:
        """A copy with some fields changed (a link to another page, letter, sort or view)."""
        return replace(self, **changes)

    def sorted_on(self, key: str) -> ListState:
        """D-4: clicking a column header sorts on it ascending, or toggles it when it is the
        current one; the list starts again at page 1."""
        direction = ASCENDING
        if key == self.sort and not self.descending:
            direction = DESCENDING
        return replace(self, sort=key, direction=direction, page=1)

    def args(self) -> dict[str, str]:
        """The query-string arguments for this state, leaving out every default value so that
        URLs stay short and one state has one URL."""
        found = {}
        if self.view != VIEW_ORGANISATION:
            found[VIEW_ARG] = self.view
        if self.sort != DEFAULT_SORT:
            found[SORT_ARG] = self.sort
        if self.direction != ASCENDING:
            found[DIRECTION_ARG] = self.direction
        if self.letter:
            found[LETTER_ARG] = self.letter
        if self.page != 1:
            found[PAGE_ARG] = str(self.page)
        return found


def parse_list_state(args: Mapping[str, str]) -> ListState:
    """D-4/D-5: the list state from a query string; anything unknown becomes the default."""
    view = args.get(VIEW_ARG, "")
    sort = args.get(SORT_ARG, "")
    direction = args.get(DIRECTION_ARG, "")
    letter = (args.get(LETTER_ARG) or "").strip().upper()
    return ListState(
        view=view if view in VIEWS else VIEW_ORGANISATION,
        sort=sort if sort in SORT_KEYS else DEFAULT_SORT,
        direction=direction if direction in (ASCENDING, DESCENDING) else ASCENDING,
        letter=letter if letter in LETTERS else None,
        page=parse_page(args.get(PAGE_ARG)),
    )


def parse_page(value: str | None) -> int:
    """D-4/D-5: a page number from the URL: a positive whole number, otherwise page 1."""
    text = (value or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > len(str(MAX_PAGE)):
        return 1
    return min(max(int(text), 1), MAX_PAGE)


def parse_client_id(value: str | None) -> int | None:
    """D-5: the youth a search by rijksregisternummer was resolved to, from the URL
    (``CLIENT_ARG``): a whole number, otherwise nothing (the argument is ignored)."""
    return parse_id((value or "").strip())


def page_count(total: int, size: int) -> int:
    """D-4/D-5: number of pages for ``total`` rows (at least one, also for an empty list)."""
    return max((total + size - 1) // size, 1)


@dataclass(frozen=True)
class PageWindow:
    """Which rows of a sorted list a page reads: skip ``offset``, take ``limit``, in the list's
    order or, when ``reversed``, counting from the end in the reverse order."""

    offset: int
    limit: int
    reversed: bool


def page_window(page: int, size: int, total: int) -> PageWindow:
    """D-4: the rows of page ``page`` of ``total``, read from the nearer end: a database
    walks every row it skips, so the last pages of a long list are read backwards (the same
    rows, which the statement then puts back in the list's order)."""
    offset = (page - 1) * size
    end = min(offset + size, total)
    if offset <= total - end:
        return PageWindow(offset, size, reversed=False)
    return PageWindow(total - end, max(end - offset, 0), reversed=True)


def view_label(view: str, organisation_name: str) -> str:
    """D-4: the names of the three views as the manual gives them."""
    if view == VIEW_MINE:
        return "Mijn dossiers"
    if view == VIEW_CLOSED:
        return "Afgesloten dossiers"
    return f"{organisation_name} dossiers"


def closed_view_since(today: date) -> date:
    """D-4: "Afgesloten dossiers" holds the dossiers closed on or after this day."""
    return today - timedelta(days=CLOSED_VIEW_DAYS)


def letter_of(initial: str) -> str | None:
    """D-4: the letter of the A–Z bar a name starting with ``initial`` belongs to.

    Accents and case do not count (``Ö`` and ``ö`` are under O); names starting with anything
    else than a Latin letter are under no letter (they are in the unfiltered list).
    """
    base = unicodedata.normalize("NFD", initial[:1])[:1].upper()
    return base if base in LETTERS else None


# Length of ``dossiers.sort_name``: a family name and a given name of 120 characters each.
SORT_NAME_LENGTH = 250


def folded(text: str) -> str:
    """``text`` in lower case without accents or other combining marks (``Zoë`` → ``zoe``)."""
    decomposed = unicodedata.normalize("NFD", text.strip())
    bare = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", bare).lower()


def sort_name(name: str, given_name: str | None = None) -> str:
    """D-4: the key the dossier lists sort on by name, kept on the dossier (``sort_name``).

    ``name`` is the youth's family name, or the class name of a class dossier (K-5, which has no
    ``given_name``). The key is the family name and the given name, separated by a space, in
    lower case without accents: "Öztürk Elif" → ``ozturk elif``, so that Ö sorts with O on
    every database (SQLite's ``lower()`` only knows ASCII) and the key compares byte by byte.
    Prefixes count as written: "Van den Berghe" is under V, "De Smet" under D.

    The first character is the letter of the name on the A–Z bar (``letter_of``) in lower case,
    and only names under a letter start with ``a``–``z``: a letter filter is a range of keys.
    """
    key = folded(name)
    if given_name is not None:
        key = f"{key} {folded(given_name)}"
    letter = letter_of(key)
    if letter and not key.startswith(letter.lower()):
        # Initials whose capital is a Latin letter without being one (dotless ı, long ſ).
        key = letter.lower() + key[1:]
    return key[:SORT_NAME_LENGTH]


def name_search_key(term: str) -> str | None:
    """D-5: what a (family or given) name search term must occur in: part of the dossier's
    ``sort_name``, or None when that cannot narrow the search.

    The sort name holds both names folded (lower case, no accents), so whenever a name contains
    the term regardless of case, the sort name contains the folded term: "Ö", "ö" and "o" all
    narrow to the dossiers whose sort name contains ``o``. The search still applies its exact
    condition (part of the name, regardless of case) to those few dossiers, so the results are
    those of that condition alone. Only a folded term of plain ASCII narrows: the sort name
    replaces the first character of some names (dotless ı, long ſ, see ``sort_name``), which a
    term holding such a character would then miss.
    """
    key = folded(term)
    if not key or not key.isascii():
        return None
    return key


@dataclass(frozen=True)
class SearchTerms:
    """D-5: the terms of "Opzoeken dossier" (empty strings and None mean "not searched on")."""

    naam: str = ""
    voornaam: str = ""
    geboortedatum: date | None = None
    dossiercode: str = ""
    rijksregisternummer: str = ""
    referentie: str = ""
    status: str = "alle"
    # The youth a rijksregisternummer was resolved to: URLs carry this id, never the number.
    client_id: int | None = None


def search_terms_problem(terms: SearchTerms) -> str | None:
    """D-5: "Vul minstens 1 zoekterm in." unless a term is filled in (status "Alle" is none)."""
    filled = (
        terms.naam,
        terms.voornaam,
        terms.geboortedatum,
        terms.dossiercode,
        terms.rijksregisternummer,
        terms.referentie,
        terms.status != "alle",
        terms.client_id is not None,
    )
    return None if any(filled) else AT_LEAST_ONE_TERM
