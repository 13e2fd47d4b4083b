"""P-2/P-5/P-6: the catalogue of reports, declarative: one definition per report, in menu order.

The interface agreed with the jobs branch (queue, stored files, schedule, screens): a job
calls ``definition.write(stream, context)`` inside an application context with a database
session; ``write`` only reads, and writes the whole file into ``stream``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import BinaryIO

from binc_web.extensions import db
from binc_web.models import Organisation
from binc_web.reports import (
    aanmelding,
    aantal,
    bezetting,
    registraties,
    ruwe_data,
    trajecten,
)
from binc_web.reports.counting import CountedTable
from binc_web.reports.workbook import write_report
from binc_web.rules.report_sets import Period

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XML = "application/xml"


@dataclass(frozen=True)
class ReportContext:
    """What a report is generated for: an organisation and a period (end inclusive), and the
    moment shown in the file's header."""

    organisation_id: int
    start: date
    end: date
    generated_at: datetime

    @property
    def period(self) -> Period:
        return Period(self.start, self.end)


@dataclass(frozen=True)
class ReportDefinition:
    """P-2: one report: a stable key, the manual's name (also in the P-5 file name), the titles
    of its tables ("Nieuw rapport", P-4), its file type and the function writing the file."""

    key: str
    name: str
    tables: tuple[str, ...]
    extension: str
    content_type: str
    write: Callable[[BinaryIO, ReportContext], None]


def workbook_writer(
    name: str, tables: Callable[[Organisation, Period], list[CountedTable]]
) -> Callable[[BinaryIO, ReportContext], None]:
    """P-2: a ``write`` function that puts the tables of ``tables`` into a workbook."""

    def write(stream: BinaryIO, context: ReportContext) -> None:
        organisation = db.session.get_one(Organisation, context.organisation_id)
        write_report(
            stream,
            report_name=name,
            organisation_name=organisation.name,
            period=context.period,
            generated_at=context.generated_at,
            tables=tables(organisation, context.period),
        )

    return write


def _workbook(key: str, module) -> ReportDefinition:
    """A report written as a workbook by the tables of ``module`` (NAME, TABLES, tables)."""
    return ReportDefinition(
        key, module.NAME, module.TABLES, "xlsx", XLSX, workbook_writer(module.NAME, module.tables)
    )


def _write_ruwe_data(stream: BinaryIO, context: ReportContext) -> None:
    """P-6: the raw data of the context's organisation and period."""
    ruwe_data.write(stream, context.organisation_id, context.period, context.generated_at)


REPORTS: tuple[ReportDefinition, ...] = (
    _workbook("aantal-dossiers", aantal),
    _workbook("aanmelding", aanmelding),
    _workbook("beslissingen-schakelingen", trajecten),
    ReportDefinition(
        "beginregistratie",
        "Beginregistratie",
        registraties.table_titles("begin"),
        "xlsx",
        XLSX,
        workbook_writer("Beginregistratie", registraties.begin_tables),
    ),
    ReportDefinition(
        "eindregistratie",
        "Eindregistratie",
        registraties.table_titles("eind"),
        "xlsx",
        XLSX,
        workbook_writer("Eindregistratie", registraties.eind_tables),
    ),
    _workbook("bezetting-inzet", bezetting),
    ReportDefinition(
        "ruwe-data",
        "Ruwe data",
        ("Eén rij per dossier, één kolom per Binc-parameter (XML)",),
        "xml",
        XML,
        _write_ruwe_data,
    ),
)

_BY_KEY = {definition.key: definition for definition in REPORTS}


def report(key: str) -> ReportDefinition:
    """The report with this key (KeyError for an unknown key)."""
    return _BY_KEY[key]


def file_name(organisation_name: str, definition: ReportDefinition, day: date) -> str:
    """P-5: ``<Naam voorziening> - <Naam rapport> - <DD-MM-YYYY>.<extension>``, accents kept;
    characters that cannot be in a file name become a space."""
    name = f"{organisation_name} - {definition.name} - {day:%d-%m-%Y}.{definition.extension}"
    return "".join(" " if char in _NOT_IN_FILE_NAMES or ord(char) < 32 else char for char in name)


_NOT_IN_FILE_NAMES = frozenset('/\\:*?"<>|')
