"""G-3 "Inzage": everything the acting organisation registered about one youth, readable.

Each kind of row about a youth is one ``Part`` in ``PARTS``: the model, its title, which rows
belong to the youth and how a row reads (label, value). Covering a new model (benutting,
documents) is one declaration; ``tests/test_privacy_inzage.py`` fails for a model with a client
or dossier reference that no part covers. The same read model gives the page, the standalone
HTML file and the JSON of the download, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload

from binc_web.activity import change_label, change_value
from binc_web.extensions import db
from binc_web.models import (
    Aanmelding,
    AccessEntry,
    ActivityEntry,
    Benutting,
    Beslissing,
    Client,
    ContextPerson,
    Document,
    DocumentOpening,
    DocumentShare,
    Dossier,
    GroeipakketRow,
    ModuleSpan,
    RegisterLookup,
    Registratie,
    ReopenRequest,
    Schakeling,
)
from binc_web.privacy.access_log import page_label
from binc_web.registrations import REGISTRY, readable_answers
from binc_web.rules.aanmelding import AANMELDERS, REDEN_NIET_CLB
from binc_web.rules.benutting import format_amount
from binc_web.rules.clients import CLIENT_FIELDS, CONTEXT_FIELDS, GENDERS, RELATIONS
from binc_web.rules.lifecycle import REQUEST_LABELS
from binc_web.rules.registrations import KIND_LABELS
from binc_web.templating import format_datetime

Line = tuple[str, str]


@dataclass(frozen=True)
class Subject:
    """Whose data, for which organisation: the youth and that organisation's dossiers."""

    client_id: int
    organisation_id: int
    dossier_ids: tuple[int, ...]


@dataclass(frozen=True)
class Part:
    """One kind of row about the youth: ``rows`` selects them, ``describe`` reads one."""

    model: type
    title: str
    rows: Callable[[Subject], object]  # the WHERE clause of the youth's rows
    describe: Callable[[object], list[Line]]
    order_by: Callable[[], Sequence] = lambda: ()
    options: Callable[[], Sequence] = lambda: ()
    # Shown under each dossier (grouped by ``dossier_id``) instead of under the youth.
    per_dossier: bool = False
    # A trace of what the organisation did (activity, look-ups, reads): shown after the dossiers.
    trail: bool = False
    # Models whose rows ``describe`` shows inside each row (a document's recipients).
    covers: tuple[type, ...] = ()


def shown(value) -> str:
    """A value as the Inzage shows it: dd/mm/jjjj, ja/nee, — for empty."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def fields(*pairs: tuple[str, str | Callable[[object], object]]) -> Callable[[object], list[Line]]:
    """``describe`` from (label, attribute name or function) pairs."""

    def describe(row) -> list[Line]:
        return [
            (label, shown(how(row) if callable(how) else getattr(row, how))) for label, how in pairs
        ]

    return describe


def _labelled(labels: dict[str, tuple], *, choices: dict[str, dict[str, str]]):
    """``describe`` of every field of ``labels`` (rules.clients style), choices by label."""
    return fields(
        *(
            (label, (lambda row, n=name: choices[n].get(getattr(row, n), getattr(row, n))))
            if name in choices
            else (label, name)
            for name, (label, *_rest) in labels.items()
        )
    )


def _modules(row) -> str:
    return ", ".join(f"{module.code} {module.name}" for module in row.modules)


def _benutting(row: Benutting) -> str:
    return f"{format_amount(row.hundredths)} {row.type_module.benutting_unit}"


def _registration(row: Registratie) -> list[Line]:
    answers = [(a.label, a.value) for a in readable_answers(REGISTRY, row.stored())]
    return [
        ("Soort", KIND_LABELS.get(row.kind, row.kind)),
        ("Volledig", shown(row.complete)),
        ("Laatst gewijzigd", shown(row.updated_at)),
        *answers,
    ]


def _changes(entry: ActivityEntry) -> str:
    before, after = entry.before or {}, entry.after or {}
    return "; ".join(
        f"{change_label(key)}: {change_value(key, before.get(key))} → "
        f"{change_value(key, after.get(key))}"
        for key in {**before, **after}
    )


def _recipients(row: Document) -> str:
    """F-1/F-5: each service and person a document went to, and who first opened it when."""
    return "; ".join(
        f"{share.service.name} ({share.naam_medewerker})"
        + (
            f", geopend op {shown(share.first_opened_at)} door "
            f"{share.first_opened_by.display_name if share.first_opened_by else '—'}"
            if share.first_opened_at
            else ", niet geopend"
        )
        for share in row.shares
    )


def _of_client(model):
    return lambda subject: model.client_id == subject.client_id


def _of_dossiers(model):
    return lambda subject: model.dossier_id.in_(subject.dossier_ids)


def _by_organisation(model):
    return lambda subject: and_(
        model.client_id == subject.client_id, model.organisation_id == subject.organisation_id
    )


PARTS: tuple[Part, ...] = (
    Part(
        Client,
        "Cliëntgegevens",
        lambda subject: Client.id == subject.client_id,
        lambda row: [
            ("Rijksregisternummer", row.national_number),
            *_labelled(CLIENT_FIELDS, choices={"gender": GENDERS})(row),
        ],
    ),
    Part(
        ContextPerson,
        "Cliëntcontext",
        _of_client(ContextPerson),
        _labelled(CONTEXT_FIELDS, choices={"relation": RELATIONS}),
        order_by=lambda: (ContextPerson.id,),
    ),
    Part(
        Aanmelding,
        "Aanmelding",
        _of_dossiers(Aanmelding),
        fields(
            ("Datum aanmelding", "datum_aanmelding"),
            ("Aanmelder", lambda row: AANMELDERS.get(row.aanmelder, row.aanmelder)),
            ("Via toegangspoort (NRTJ)", "via_toegangspoort"),
            ("Reden niet CLB-aanmelding", lambda r: REDEN_NIET_CLB.get(r.reden_niet_clb)),
            ("Andere reden", "reden_niet_clb_andere"),
            ("Time-out", "time_out"),
            ("Startdatum lopend dossier", "startdatum_lopend_dossier"),
            ("Uw referentie", "uw_referentie"),
        ),
        per_dossier=True,
    ),
    Part(
        Beslissing,
        "Jeugdhulpbeslissingen",
        _of_dossiers(Beslissing),
        fields(
            ("Soort", "kind"),
            ("Begindatum", "begindatum"),
            ("Einddatum", "einddatum"),
            ("Modules", _modules),
        ),
        order_by=lambda: (Beslissing.begindatum, Beslissing.id),
        options=lambda: (selectinload(Beslissing.modules),),
        per_dossier=True,
    ),
    Part(
        Schakeling,
        "Schakelingen",
        _of_dossiers(Schakeling),
        fields(
            ("Soort", "kind_label"),
            ("Begindatum", "begindatum"),
            ("Einddatum", "einddatum"),
            ("Modules", _modules),
            ("Verzekerd aanbod (art. 74)", "verzekerd_aanbod"),
            ("Zwaartepunt verblijf ligt in een andere sector", "zwaartepunt_andere_sector"),
        ),
        order_by=lambda: (Schakeling.begindatum, Schakeling.id),
        options=lambda: (selectinload(Schakeling.modules),),
        per_dossier=True,
    ),
    Part(
        Benutting,
        "Benutting",
        _of_dossiers(Benutting),
        fields(
            ("Dag", "day"),
            ("Module", lambda row: f"{row.type_module.code} {row.type_module.name}"),
            ("Benutting", _benutting),
        ),
        order_by=lambda: (Benutting.day, Benutting.type_module_id),
        options=lambda: (selectinload(Benutting.type_module),),
        per_dossier=True,
    ),
    Part(
        Registratie,
        "Begin- en eindregistratie",
        _of_dossiers(Registratie),
        _registration,
        order_by=lambda: (Registratie.kind,),
        per_dossier=True,
    ),
    Part(
        ReopenRequest,
        "Aanvragen tot heropenen",
        _of_dossiers(ReopenRequest),
        fields(
            ("Aangevraagd op", "requested_at"),
            ("Status", lambda row: REQUEST_LABELS.get(row.status, row.status)),
            ("Toelichting", "toelichting"),
            ("Beslist op", "decided_at"),
            ("Opmerking dossierbehandelaar", "decision_note"),
        ),
        order_by=lambda: (ReopenRequest.requested_at,),
        per_dossier=True,
    ),
    Part(
        Document,
        "Gedeelde documenten",
        _of_dossiers(Document),
        fields(
            ("Bestand", "file_name"),
            ("Beschrijving", "beschrijving"),
            ("Gedeeld op", "created_at"),
            ("Gedeeld met", _recipients),
            ("Delen tot en met", "available_until"),
        ),
        order_by=lambda: (Document.created_at, Document.id),
        options=lambda: (
            selectinload(Document.shares).selectinload(DocumentShare.service),
            selectinload(Document.shares).selectinload(DocumentShare.first_opened_by),
        ),
        per_dossier=True,
        # The openings are the log shown in "Activiteiten" (15.1.1); the first is named here.
        covers=(DocumentShare, DocumentOpening),
    ),
    Part(
        ActivityEntry,
        "Activiteiten",
        lambda subject: or_(
            ActivityEntry.dossier_id.in_(subject.dossier_ids),
            _by_organisation(ActivityEntry)(subject),
        ),
        fields(
            ("Tijdstip", "at"),
            ("Door", lambda row: row.person.display_name if row.person else None),
            ("Omschrijving", "description"),
            ("Wijzigingen", _changes),
        ),
        order_by=lambda: (ActivityEntry.at, ActivityEntry.id),
        options=lambda: (selectinload(ActivityEntry.person),),
        trail=True,
    ),
    Part(
        RegisterLookup,
        "Opzoekingen in het rijksregister",
        _by_organisation(RegisterLookup),
        fields(("Tijdstip", "at"), ("Opzoeking of pagina", "search")),
        order_by=lambda: (RegisterLookup.at, RegisterLookup.id),
        trail=True,
    ),
    Part(
        GroeipakketRow,
        "Doorgegeven aan het Groeipakket",
        _by_organisation(GroeipakketRow),
        fields(
            ("Geregistreerd op", "created_at"),
            ("Aan of uit", "status"),
            ("Module", "module_code"),
            ("Van", "van"),
            ("Tot", "tot"),
            ("Bezorgd aan de uitbetaler", lambda row: row.run_id is not None),
        ),
        order_by=lambda: (GroeipakketRow.id,),
        trail=True,
    ),
    Part(
        AccessEntry,
        "Raadplegingen",
        _by_organisation(AccessEntry),
        fields(("Tijdstip", "at"), ("Pagina", lambda row: page_label(row.page))),
        order_by=lambda: (AccessEntry.at, AccessEntry.id),
        trail=True,
    ),
)


# Rows that only repeat, for speed, what a part above shows: the module spans of the figures
# (models.spans) copy each schakeling's dates and modules, shown under "Schakelingen".
COPIES = {ModuleSpan: Schakeling}


def covered_models() -> set[type]:
    """The models the Inzage shows: every part (and what it covers), the dossiers themselves
    (their headings), and the copies of what a part shows."""
    return (
        {part.model for part in PARTS}
        | {m for part in PARTS for m in part.covers}
        | {Dossier}
        | set(COPIES)
    )


@dataclass
class Section:
    """A titled list of rows, each a list of (label, value) lines."""

    title: str
    rows: list[list[Line]] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "titel": self.title,
            "rijen": [[{"label": k, "waarde": v} for k, v in row] for row in self.rows],
        }


@dataclass
class DossierView:
    """One dossier of the organisation with its own sections."""

    heading: list[Line]
    sections: list[Section]


@dataclass
class Inzage:
    """The whole Inzage of one youth for one organisation."""

    organisation: str
    made_at: datetime
    sections: list[Section]
    dossiers: list[DossierView]
    trail: list[Section]

    def as_json(self) -> dict:
        return {
            "voorziening": self.organisation,
            "opgemaakt_op": shown(self.made_at),
            "jongere": [section.as_json() for section in self.sections],
            "dossiers": [
                {
                    "dossier": [{"label": k, "waarde": v} for k, v in dossier.heading],
                    "onderdelen": [section.as_json() for section in dossier.sections],
                }
                for dossier in self.dossiers
            ],
            "sporen": [section.as_json() for section in self.trail],
        }


def _dossier_heading(dossier: Dossier) -> list[Line]:
    assigned = dossier.assigned_to
    return [
        ("Dossiercode", dossier.code),
        ("Status", "open" if dossier.status == "open" else "afgesloten"),
        ("Aangemaakt op", shown(dossier.created_at)),
        ("Afgesloten op", shown(dossier.closed_at)),
        ("Toegewezen aan", shown(assigned.display_name if assigned else None)),
    ]


def build_inzage(client: Client, organisation, now: datetime) -> Inzage:
    """G-3: every part about ``client`` registered by ``organisation`` (one query per part)."""
    dossiers = db.session.scalars(
        select(Dossier)
        .where(Dossier.client_id == client.id, Dossier.organisation_id == organisation.id)
        .options(selectinload(Dossier.assigned_to))
        .order_by(Dossier.created_at, Dossier.id)
    ).all()
    subject = Subject(client.id, organisation.id, tuple(d.id for d in dossiers))
    per_dossier: dict[int, list[Section]] = {d.id: [] for d in dossiers}
    sections, trail = [], []
    for part in PARTS:
        rows = db.session.scalars(
            select(part.model)
            .where(part.rows(subject))
            .options(*part.options())
            .order_by(*part.order_by())
        ).all()
        if not part.per_dossier:
            shown_in = trail if part.trail else sections
            shown_in.append(Section(part.title, [part.describe(row) for row in rows]))
            continue
        grouped = {dossier_id: Section(part.title) for dossier_id in per_dossier}
        for row in rows:
            grouped[row.dossier_id].rows.append(part.describe(row))
        for dossier_id, section in grouped.items():
            per_dossier[dossier_id].append(section)
    return Inzage(
        organisation.name,
        now,
        sections,
        [DossierView(_dossier_heading(d), per_dossier[d.id]) for d in dossiers],
        trail,
    )
