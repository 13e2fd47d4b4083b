"""P-6 "Ruwe data": one row per dossier of "alle dossiers" of the period (P-1), one field per
Binc parameter, as flat XML under the published schema ``ruwe-data-1.xsd``.

Per dossier: its code, status and P-1 sets; the youth's data without national number (or the
class of a klas-dossier); the aanmelding with "Uw referentie"; start, end and modules of the
first schakeling; the jeugdhulphistoriek of a closed dossier (manual 14.4: starthulp,
eindehulp, moduleshulp); every begin- and eindregistratie answer as ``begin_<code>`` or
``eind_<code>`` holding the answer's label. Not the beslissingen (manual 14.4).

Written streaming: three queries (members, schakelingen, registraties), each ordered by dossier
and fetched in batches, are read side by side; memory stays flat and the number of queries
does not depend on the number of dossiers.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from operator import itemgetter
from typing import BinaryIO

from flask import current_app
from sqlalchemy import select

from binc_web.exports.xml import Field, element, write_rows
from binc_web.extensions import db
from binc_web.models import (
    Aanmelding,
    Client,
    Dossier,
    Klas,
    Organisation,
    Registratie,
    Schakeling,
    TypeModule,
)
from binc_web.models.dossiers import schakeling_modules
from binc_web.registrations import REGISTRY, AnswerType, display_value
from binc_web.registrations.engine import REGISTRATION_KINDS
from binc_web.reports.counting import SET_FLAGS, dossier_facts
from binc_web.rules.aanmelding import AANMELDERS, REDEN_NIET_CLB
from binc_web.rules.report_sets import Period

SCHEMA_VERSION = 1
SCHEMA_FILE = f"ruwe-data-{SCHEMA_VERSION}.xsd"
ROOT, ROW = "ruweData", "dossier"
BATCH = 1000
MODULE_SEPARATOR = "; "


@dataclass(frozen=True)
class RawField:
    """P-6: one column of the raw data: element name, what it holds (the schema's
    documentation) and its XSD type (string, date, integer or jaNee)."""

    name: str
    label: str
    type: str = "string"


FIXED_FIELDS: tuple[RawField, ...] = (
    RawField("dossiercode", "Dossiercode"),
    RawField("status", "Status dossier (open of afgesloten)"),
    RawField("opgestart", "Opgestart dossier in de periode (P-1)", "jaNee"),
    RawField("afgesloten", "Afgesloten dossier in de periode (P-1)", "jaNee"),
    RawField("lopend", "Lopend dossier in de periode (P-1)", "jaNee"),
    RawField("klasdossier", "Klas-dossier", "jaNee"),
    RawField("klasnaam", "Naam van de klas (klas-dossier)"),
    RawField("aantal_deelnemers", "Aantal deelnemers (klas-dossier)", "integer"),
    RawField("naam", "Naam"),
    RawField("voornaam", "Voornaam"),
    RawField("geslacht", "Geslacht (M, V of X)"),
    RawField("geboortedatum", "Geboortedatum", "date"),
    RawField("nationaliteit", "Nationaliteit"),
    RawField("land_van_herkomst", "Land van herkomst"),
    RawField("taal", "Taal"),
    RawField("postcode", "Postcode"),
    RawField("gemeente", "Gemeente"),
    RawField("land", "Land"),
    RawField("uw_referentie", "Uw referentie"),
    RawField("via_toegangspoort", "Via toegangspoort (NRTJ)", "jaNee"),
    RawField("aanmelder", "Aanmelder"),
    RawField("reden_niet_clb", "Reden niet CLB-aanmelding"),
    RawField("reden_niet_clb_andere", "Reden niet CLB-aanmelding: andere"),
    RawField("datum_aanmelding", "Datum aanmelding", "date"),
    RawField("time_out", "Time-out", "jaNee"),
    RawField("startdatum_lopend_dossier", "Startdatum lopend dossier", "date"),
    RawField("start_eerste_schakeling", "Startdatum eerste schakeling (Start hulpaanbod)", "date"),
    RawField("einde_eerste_schakeling", "Einddatum eerste schakeling", "date"),
    RawField("modules_eerste_schakeling", "Ingezette modules eerste schakeling"),
    RawField("starthulp", "Jeugdhulphistoriek: startdatum hulp (afgesloten dossier)", "date"),
    RawField("eindehulp", "Jeugdhulphistoriek: einddatum hulp (afgesloten dossier)", "date"),
    RawField("moduleshulp", "Jeugdhulphistoriek: ingezette modules (afgesloten dossier)"),
)

_ANSWER_TYPES = {AnswerType.NUMBER: "integer", AnswerType.DATE: "date"}


def registration_fields() -> tuple[RawField, ...]:
    """P-6/R-1: a field per parameter of every registered set version, named by registration
    kind and parameter code; a code asked in several sets is one field (a string when the
    sets disagree on its type)."""
    fields: dict[str, RawField] = {}
    for pset in REGISTRY.all_sets():
        for parameter in pset.parameters:
            name = f"{pset.kind}_{parameter.code}"
            kind = _ANSWER_TYPES.get(parameter.type, "string")
            label = f"{REGISTRATION_KINDS[pset.kind]}: {parameter.label}"
            known = fields.get(name)
            if known is None:
                fields[name] = RawField(name, label, kind)
            elif known.type != kind:
                fields[name] = RawField(name, known.label, "string")
    return tuple(fields.values())


FIELDS: tuple[RawField, ...] = FIXED_FIELDS + registration_fields()


def write(stream: BinaryIO, organisation_id: int, period: Period, generated_at) -> None:
    """P-6: the raw data of the organisation's dossiers of the period, into ``stream``."""
    organisation = db.session.get_one(Organisation, organisation_id)
    base_url = current_app.config.get("BASE_URL")
    write_rows(
        stream,
        ROOT,
        {
            "versie": str(SCHEMA_VERSION),
            "voorziening": organisation.name,
            "van": period.start,
            "tot_en_met": period.end,
            "gegenereerd_op": generated_at,
        },
        ROW,
        _rows(organisation.id, period),
        schema_location=f"{base_url}/schema/{SCHEMA_FILE}" if base_url else None,
    )


def _rows(organisation_id: int, period: Period) -> Iterator[list[Field | str]]:
    """The rows, in dossier order, from three streamed queries read side by side: the P-1
    members with their dossier, youth and aanmelding; their schakelingen with modules; their
    registraties. Rows are built from tuples, never ORM objects."""
    facts = dossier_facts(organisation_id, period)
    schakelingen = _ByDossier(_stream(_schakelingen_statement(facts)))
    answers = _ByDossier(_stream(_answers_statement(facts)))
    labels: dict[tuple[str, int, str, str], str] = {}
    for row in _stream(_dossiers_statement(facts)):
        found = _schakelingen(schakelingen.take(row.id))
        if not found:
            continue  # deleted between the queries (each reads the database as it is then)
        first, *later = found
        yield [
            *_dossier_fields(row),
            *_schakeling_fields(first, later, row.status),
            *_answer_fields(answers.take(row.id), labels),
        ]


def _stream(statement) -> Iterator:
    """The rows of ``statement``, fetched ``BATCH`` at a time (a server-side cursor on
    PostgreSQL), without the ORM's work per row."""
    connection = db.session.connection()
    return iter(connection.execute(statement.execution_options(yield_per=BATCH)))


class _ByDossier:
    """Rows ordered by dossier id (first column), read along with the dossiers: ``take(id)``
    gives the rows of dossier ``id``, passing over those of dossiers before it."""

    def __init__(self, rows: Iterator) -> None:
        self._groups = groupby(rows, key=itemgetter(0))
        self._next = next(self._groups, None)

    def take(self, dossier_id: int) -> list:
        while self._next is not None and self._next[0] < dossier_id:
            self._next = next(self._groups, None)
        if self._next is None or self._next[0] != dossier_id:
            return []
        rows = list(self._next[1])
        self._next = next(self._groups, None)
        return rows


def _dossiers_statement(facts):
    """The P-1 members with their set flags, dossier, youth or class, and aanmelding."""
    return (
        select(
            facts.c.dossier_id.label("id"),
            *(facts.c[name] for name in SET_FLAGS.values()),
            Dossier.code,
            Dossier.status,
            Klas.name.label("klasnaam"),
            Klas.participants,
            Client.family_name,
            Client.given_name,
            Client.gender,
            Client.birth_date,
            Client.nationality,
            Client.country_of_origin,
            Client.language,
            Client.postcode,
            Client.municipality,
            Client.country,
            Aanmelding.uw_referentie,
            Aanmelding.via_toegangspoort,
            Aanmelding.aanmelder,
            Aanmelding.reden_niet_clb,
            Aanmelding.reden_niet_clb_andere,
            Aanmelding.datum_aanmelding,
            Aanmelding.time_out,
            Aanmelding.startdatum_lopend_dossier,
        )
        .join(Dossier, Dossier.id == facts.c.dossier_id)
        .outerjoin(Client, Client.id == Dossier.client_id)
        .outerjoin(Klas, Klas.id == Dossier.klas_id)
        .outerjoin(Aanmelding, Aanmelding.dossier_id == Dossier.id)
        .order_by(facts.c.dossier_id)
    )


def _dossier_fields(row) -> list[Field]:
    """The fixed fields of one dossier up to the aanmelding."""
    return [
        ("dossiercode", row.code),
        ("status", "afgesloten" if row.status == "closed" else "open"),
        ("opgestart", bool(row.opgestart)),
        ("afgesloten", bool(row.afgesloten)),
        ("lopend", bool(row.lopend)),
        ("klasdossier", row.klasnaam is not None),
        ("klasnaam", row.klasnaam),
        ("aantal_deelnemers", row.participants),
        ("naam", row.family_name),
        ("voornaam", row.given_name),
        ("geslacht", row.gender),
        ("geboortedatum", row.birth_date),
        ("nationaliteit", row.nationality),
        ("land_van_herkomst", row.country_of_origin),
        ("taal", row.language),
        ("postcode", row.postcode),
        ("gemeente", row.municipality),
        ("land", row.country),
        ("uw_referentie", row.uw_referentie),
        ("via_toegangspoort", row.via_toegangspoort),
        ("aanmelder", AANMELDERS.get(row.aanmelder, row.aanmelder)),
        ("reden_niet_clb", REDEN_NIET_CLB.get(row.reden_niet_clb, row.reden_niet_clb)),
        ("reden_niet_clb_andere", row.reden_niet_clb_andere),
        ("datum_aanmelding", row.datum_aanmelding),
        ("time_out", row.time_out),
        ("startdatum_lopend_dossier", row.startdatum_lopend_dossier),
    ]


@dataclass
class _Schakeling:
    begindatum: date
    einddatum: date | None
    modules: list[str]


def _schakelingen_statement(facts):
    """The schakelingen of the P-1 members with their module names, first one first."""
    return (
        select(
            Schakeling.dossier_id,
            Schakeling.id,
            Schakeling.begindatum,
            Schakeling.einddatum,
            TypeModule.name,
        )
        .join(facts, facts.c.dossier_id == Schakeling.dossier_id)
        .outerjoin(schakeling_modules, schakeling_modules.c.schakeling_id == Schakeling.id)
        .outerjoin(TypeModule, TypeModule.id == schakeling_modules.c.type_module_id)
        .order_by(Schakeling.dossier_id, Schakeling.begindatum, Schakeling.id, TypeModule.name)
    )


def _schakelingen(rows: list) -> list[_Schakeling]:
    """One dossier's schakelingen from its rows (one per module), first one first."""
    found: dict[int, _Schakeling] = {}
    for _, schakeling_id, begin, end, module in rows:
        schakeling = found.get(schakeling_id)
        if schakeling is None:
            schakeling = found[schakeling_id] = _Schakeling(begin, end, [])
        if module is not None:
            schakeling.modules.append(module)
    return list(found.values())


def _schakeling_fields(first: _Schakeling, later: list[_Schakeling], status: str) -> list[Field]:
    """P-6: the first schakeling, and the jeugdhulphistoriek of a closed dossier."""
    fields: list[Field] = [
        ("start_eerste_schakeling", first.begindatum),
        ("einde_eerste_schakeling", first.einddatum),
        ("modules_eerste_schakeling", MODULE_SEPARATOR.join(first.modules)),
    ]
    if status == "closed":
        schakelingen = [first, *later]
        ends = [s.einddatum for s in schakelingen if s.einddatum is not None]
        modules = dict.fromkeys(module for s in schakelingen for module in s.modules)
        fields += [
            ("starthulp", first.begindatum),
            ("eindehulp", max(ends, default=None)),
            ("moduleshulp", MODULE_SEPARATOR.join(modules)),
        ]
    return fields


def _answers_statement(facts):
    """The registraties of the P-1 members."""
    return (
        select(
            Registratie.dossier_id,
            Registratie.kind,
            Registratie.set_code,
            Registratie.set_version,
            Registratie.answers,
        )
        .join(facts, facts.c.dossier_id == Registratie.dossier_id)
        .order_by(Registratie.dossier_id, Registratie.id)
    )


def _answer_fields(rows: list, labels: dict[tuple[str, int, str, str], str]) -> list[str]:
    """P-6/R-1: every stored registration answer of one dossier as its element, labelled as in
    the set version it was saved under (numbers and dates as such); ``labels`` remembers each
    answer's element across dossiers (answers repeat: a few options, many dossiers)."""
    fields: list[str] = []
    for _, kind, set_code, version, answers in rows:
        pset = REGISTRY.get(set_code, version)
        if pset is None or not isinstance(answers, dict):
            continue
        for code, answer in answers.items():
            key = (set_code, version, code, repr(answer))
            if key not in labels:
                parameter = pset.parameter(code)
                # An answer the set does not know (or an empty one) has no field.
                empty = parameter is None or answer is None or answer in ("", [])
                labels[key] = (
                    "" if empty else element(f"{kind}_{code}", _answer_value(parameter, answer))
                )
            fields.append(labels[key])
    return fields


def _answer_value(parameter, answer) -> object:
    """A number stays a number and a date a date; a choice becomes its label. A stored value
    of the wrong shape is left out rather than break the schema (convention 12)."""
    if parameter.type is AnswerType.NUMBER:
        return answer if isinstance(answer, int) and not isinstance(answer, bool) else None
    if parameter.type is AnswerType.DATE:
        try:
            return date.fromisoformat(str(answer))
        except ValueError:
            return None
    return display_value(parameter, answer)
