"""Issue 16 "who read what": a beheerder reads their organisation's access log, filtered by
person and by youth, a page at a time, and exports it to .xlsx."""

from __future__ import annotations

from io import BytesIO

from flask import abort, current_app, g, render_template, request, send_file, url_for
from sqlalchemy import func, select

from binc_web.auth.session import role_required
from binc_web.errors import render_error
from binc_web.exports.xlsx import XLSX_MIMETYPE, Column, Sheet, workbook_bytes
from binc_web.extensions import db
from binc_web.models import AccessEntry, Client, Dossier, Membership, Person
from binc_web.privacy import blueprint
from binc_web.privacy.access_log import page_label
from binc_web.rules.ids import parse_id
from binc_web.templating import BRUSSELS, today

FILTER_MESSAGE = "Deze filter is ongeldig: kies een gebruiker of jongere uit de lijst."
EXPORT_COLUMNS = (
    Column("Tijdstip", 18, "DD/MM/YYYY HH:MM"),
    Column("Gebruiker", 28),
    Column("Pagina", 24),
    Column("Jongere", 28),
    Column("Rijksregisternummer", 16),
    Column("Dossiercode", 18),
)


def _filter(name: str) -> int | None:
    """A filter id from the query string: absent → None, not an id → 400 (nothing shown)."""
    text = request.args.get(name, "")
    if text == "":
        return None
    number = parse_id(text)
    if number is None:
        abort(render_error(400, FILTER_MESSAGE))
    return number


def _entries(person_id: int | None, client_id: int | None):
    """The organisation's entries with the filters, newest first (a SELECT to page or stream)."""
    statement = (
        select(AccessEntry, Person, Client, Dossier.code)
        .outerjoin(Person, Person.id == AccessEntry.person_id)
        .outerjoin(Client, Client.id == AccessEntry.client_id)
        .outerjoin(Dossier, Dossier.id == AccessEntry.dossier_id)
        .where(AccessEntry.organisation_id == g.organisation.id)
        .order_by(AccessEntry.at.desc(), AccessEntry.id.desc())
    )
    if person_id is not None:
        statement = statement.where(AccessEntry.person_id == person_id)
    if client_id is not None:
        statement = statement.where(AccessEntry.client_id == client_id)
    return statement


def _count(person_id: int | None, client_id: int | None) -> int:
    statement = select(func.count()).where(AccessEntry.organisation_id == g.organisation.id)
    if person_id is not None:
        statement = statement.where(AccessEntry.person_id == person_id)
    if client_id is not None:
        statement = statement.where(AccessEntry.client_id == client_id)
    return db.session.scalar(statement)


def _logged_youth(client_id: int) -> Client | None:
    """The youth of the youth filter, only when the organisation's log names them: an id typed
    in the URL must not reveal the name of another organisation's youth (A-4)."""
    logged = select(AccessEntry.client_id).where(
        AccessEntry.organisation_id == g.organisation.id, AccessEntry.client_id == client_id
    )
    return db.session.scalars(select(Client).where(Client.id.in_(logged))).first()


def _people():
    """The organisation's people, for the person filter."""
    return db.session.scalars(
        select(Person)
        .where(
            Person.id.in_(
                select(Membership.person_id).where(Membership.organisation_id == g.organisation.id)
            )
        )
        .order_by(Person.family_name, Person.given_name, Person.national_number)
    ).all()


@blueprint.get("/beheer/raadplegingen")
@role_required("beheerder")
def access_log():
    """Who of the organisation read which youth's dossier, client page, registration or
    Inzage, newest first, a page at a time."""
    person_id, client_id = _filter("persoon"), _filter("jongere")
    size = current_app.config["PAGE_SIZE"]
    total = _count(person_id, client_id)
    last = max(1, -(-total // size))
    page = min(max(request.args.get("pagina", 1, type=int), 1), last)
    rows = db.session.execute(
        _entries(person_id, client_id).limit(size).offset((page - 1) * size)
    ).all()
    youth = _logged_youth(client_id) if client_id is not None else None
    filters = {"persoon": person_id, "jongere": client_id}
    return render_template(
        "privacy/access_log.html",
        rows=rows,
        page_label=page_label,
        people=_people(),
        person_id=person_id,
        youth=youth,
        filters={k: v for k, v in filters.items() if v is not None},
        page=page,
        last=last,
        total=total,
        crumbs=[
            ("Overzicht Dossiers", url_for("dossiers.overview")),
            ("Raadplegingen", None),
        ],
    )


@blueprint.get("/beheer/raadplegingen.xlsx")
@role_required("beheerder")
def access_log_export():
    """The access log with the same filters as an .xlsx file (rows streamed from the database
    into openpyxl's write-only mode)."""
    person_id, client_id = _filter("persoon"), _filter("jongere")
    rows = db.session.execute(_entries(person_id, client_id).execution_options(yield_per=500))
    sheet = Sheet(
        "Raadplegingen",
        EXPORT_COLUMNS,
        (
            (
                entry.at.astimezone(BRUSSELS).replace(tzinfo=None),
                person.display_name if person else "",
                page_label(entry.page),
                f"{client.family_name} {client.given_name}" if client else "",
                client.national_number if client else "",
                code or "",
            )
            for entry, person, client, code in rows
        ),
        preamble=(("Voorziening", g.organisation.name), ("Opgemaakt op", today())),
    )
    return send_file(
        BytesIO(workbook_bytes([sheet])),
        mimetype=XLSX_MIMETYPE,
        as_attachment=True,
        download_name=f"raadplegingen-{today().isoformat()}.xlsx",
        max_age=0,
    )
