"""G-4: the pseudonymised research export for the agency's beleidsmedewerker: one row per
dossier of a youth over all organisations, without names, national numbers, addresses, "Uw
referentie" or any free text; the youth as a keyed pseudonym, the birth date as year and month.

Rows are read in batches of ``BATCH`` dossiers (keyset on the id, a fixed number of queries per
batch) and written while they are read: CSV streams to the browser, .xlsx through openpyxl's
write-only mode.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterator
from io import BytesIO, StringIO

from flask import Response, abort, g, render_template, send_file, stream_with_context, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from binc_web.auth.session import role_required
from binc_web.exports.xlsx import DATE, XLSX_MIMETYPE, Column, Sheet, workbook_bytes
from binc_web.extensions import db
from binc_web.models import (
    Aanmelding,
    Beslissing,
    Client,
    Dossier,
    Organisation,
    Registratie,
    Schakeling,
)
from binc_web.privacy import blueprint
from binc_web.privacy.keys import research_key
from binc_web.registrations import REGISTRY
from binc_web.rules.pseudonyms import (
    EXPORTED_ANSWER_TYPES,
    birth_month,
    exported_answer,
    research_pseudonym,
)
from binc_web.rules.roles import ORGANISATION_KINDS
from binc_web.templating import today

BATCH = 500
# (heading, width, number format): the columns before the registration answers.
COLUMNS = (
    ("Pseudoniem jongere", 66, None),
    # G-2: "ja" for a youth erased at 35, whose pseudonym is left empty.
    ("Gewist (35 jaar)", 10, None),
    ("Geslacht", 9, None),
    ("Geboortejaar en -maand", 12, None),
    ("Voorziening", 30, None),
    ("Soort voorziening", 20, None),
    ("Status dossier", 10, None),
    ("Aangemaakt op", 12, DATE),
    ("Afgesloten op", 12, DATE),
    ("Datum aanmelding", 12, DATE),
    ("Aanmelder", 16, None),
    ("Via toegangspoort (NRTJ)", 10, None),
    ("Reden niet CLB-aanmelding", 16, None),
    ("Time-out", 8, None),
    ("Startdatum lopend dossier", 12, DATE),
    ("Aantal beslissingen", 10, None),
    ("Begindatum eerste beslissing", 12, DATE),
    ("Einddatum laatste beslissing", 12, DATE),
    ("Aantal schakelingen", 10, None),
    ("Begindatum eerste schakeling", 12, DATE),
    ("Einddatum eerste schakeling", 12, DATE),
    ("Modules eerste schakeling", 20, None),
    ("Einddatum laatste schakeling", 12, DATE),
    ("Beginregistratie volledig", 10, None),
    ("Eindregistratie volledig", 10, None),
)


def answer_columns() -> list[tuple[str, str, str]]:
    """(set code, parameter code, type) of every exported question of every current set."""
    return [
        (pset.code, parameter.code, str(parameter.type))
        for pset in REGISTRY.current_sets()
        for section in pset.sections
        for parameter in section.parameters
        if str(parameter.type) in EXPORTED_ANSWER_TYPES
    ]


def headings() -> list[str]:
    return [heading for heading, _w, _f in COLUMNS] + [
        f"{set_code}.{code}" for set_code, code, _t in answer_columns()
    ]


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("ja" if value else "nee")


def _batch(after_id: int):
    """The next dossiers of a youth (with client, organisation, aanmelding) after ``after_id``."""
    return db.session.execute(
        select(Dossier, Client, Organisation, Aanmelding)
        .join(Client, Client.id == Dossier.client_id)
        .join(Organisation, Organisation.id == Dossier.organisation_id)
        .outerjoin(Aanmelding, Aanmelding.dossier_id == Dossier.id)
        .where(Dossier.id > after_id)
        .order_by(Dossier.id)
        .limit(BATCH)
    ).all()


def _by_dossier(model, ids, *options) -> dict[int, list]:
    found = defaultdict(list)
    rows = db.session.scalars(
        select(model)
        .where(model.dossier_id.in_(ids))
        .options(*options)
        .order_by(model.dossier_id, getattr(model, "begindatum", model.id), model.id)
    )
    for row in rows:
        found[row.dossier_id].append(row)
    return found


def research_rows(key: bytes) -> Iterator[list]:
    """G-4: one row per dossier of a youth, in dossier order, a batch at a time."""
    columns = answer_columns()
    after = 0
    while batch := _batch(after):
        after = batch[-1][0].id
        ids = [dossier.id for dossier, *_rest in batch]
        beslissingen = _by_dossier(Beslissing, ids)
        schakelingen = _by_dossier(Schakeling, ids, selectinload(Schakeling.modules))
        registraties = _by_dossier(Registratie, ids)
        for found in batch:
            dossier_id = found[0].id
            yield _row(
                key,
                columns,
                found,
                beslissingen[dossier_id],
                schakelingen[dossier_id],
                {r.kind: r for r in registraties[dossier_id]},
            )


def _row(key: bytes, columns, found, beslissingen, schakelingen, registraties) -> list:
    """One dossier (``found``: dossier, client, organisation, aanmelding) as an export row."""
    dossier, client, organisation, aanmelding = found
    first = schakelingen[0] if schakelingen else None
    ends = [s.einddatum for s in schakelingen]
    answers = [
        exported_answer(answer_type, registratie.answers.get(code))
        if (registratie := _registratie_of(registraties, set_code)) is not None
        else None
        for set_code, code, answer_type in columns
    ]
    return [
        research_pseudonym(key, client.national_number, client.erased_on is not None),
        _yes_no(client.erased_on is not None),
        client.gender,
        birth_month(client.birth_date),
        organisation.name,
        ORGANISATION_KINDS.get(organisation.kind, organisation.kind),
        "open" if dossier.status == "open" else "afgesloten",
        dossier.created_at.date(),
        dossier.closed_at,
        aanmelding.datum_aanmelding if aanmelding else None,
        aanmelding.aanmelder if aanmelding else None,
        _yes_no(aanmelding.via_toegangspoort if aanmelding else None),
        aanmelding.reden_niet_clb if aanmelding else None,
        _yes_no(aanmelding.time_out if aanmelding else None),
        aanmelding.startdatum_lopend_dossier if aanmelding else None,
        len(beslissingen),
        min((b.begindatum for b in beslissingen), default=None),
        max((b.einddatum for b in beslissingen), default=None),
        len(schakelingen),
        first.begindatum if first else None,
        first.einddatum if first else None,
        "|".join(sorted(m.code for m in first.modules)) if first else None,
        None if not ends or None in ends else max(ends),
        _yes_no(registraties["begin"].complete) if "begin" in registraties else "",
        _yes_no(registraties["eind"].complete) if "eind" in registraties else "",
        *answers,
    ]


def _registratie_of(registraties: dict, set_code: str):
    """The dossier's registration saved under ``set_code`` (a set is begin or eind)."""
    for registratie in registraties.values():
        if registratie.set_code == set_code:
            return registratie
    return None


def _agency_beleidsmedewerker() -> None:
    if g.organisation.kind != "agency":
        abort(403)


@blueprint.get("/onderzoek")
@role_required("beleidsmedewerker")
def research():
    """G-4: what the research export holds, and its downloads."""
    _agency_beleidsmedewerker()
    return render_template(
        "privacy/research.html",
        headings=headings(),
        crumbs=[("Startpagina", url_for("dossiers.overview")), ("Onderzoeksbestand", None)],
    )


@blueprint.get("/onderzoek/onderzoeksbestand.xlsx")
@role_required("beleidsmedewerker")
def research_xlsx():
    """G-4: the research export as an .xlsx workbook."""
    _agency_beleidsmedewerker()
    widths = [Column(h, w, f) for h, w, f in COLUMNS]
    answer_widths = [Column(h, 12) for h in headings()[len(COLUMNS) :]]
    sheet = Sheet("Onderzoeksbestand", widths + answer_widths, research_rows(research_key()))
    return send_file(
        BytesIO(workbook_bytes([sheet])),
        mimetype=XLSX_MIMETYPE,
        as_attachment=True,
        download_name=f"onderzoeksbestand-{today().isoformat()}.xlsx",
        max_age=0,
    )


@blueprint.get("/onderzoek/onderzoeksbestand.csv")
@role_required("beleidsmedewerker")
def research_csv():
    """G-4: the research export as CSV (UTF-8 with BOM, ";"), streamed row by row."""
    _agency_beleidsmedewerker()
    key = research_key()

    def lines():
        yield "\ufeff" + _csv_line(headings())
        for row in research_rows(key):
            yield _csv_line(row)

    name = f"onderzoeksbestand-{today().isoformat()}.csv"
    return Response(
        stream_with_context(lines()),
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename={name}"},
    )


def _csv_line(values) -> str:
    buffer = StringIO()
    csv.writer(buffer, delimiter=";").writerow(
        "" if v is None else (v.isoformat() if hasattr(v, "isoformat") else v) for v in values
    )
    return buffer.getvalue()
