"""G-2 retention: a youth who turned 35 is gone the next day from every table and every log,
the reports count what they counted, a youth turning 35 tomorrow is untouched, the dry run
changes nothing, and a run is idempotent and safe when killed halfway."""

from __future__ import annotations

import hashlib
import io
import json
import xml.etree.ElementTree as ET
import zipfile
from datetime import UTC, date, datetime

import pytest
import time_machine
from openpyxl import load_workbook
from sqlalchemy import JSON, LargeBinary, String, Text, cast, func, inspect, or_, select

from binc_web.extensions import db
from binc_web.models import (
    ActivityEntry,
    Client,
    ContextPerson,
    Dossier,
    Organisation,
    Person,
    RegisterEntry,
    RegisterLookup,
    ReportFile,
    RetentionRun,
)
from binc_web.privacy import retention
from binc_web.registrations import REGISTRY
from binc_web.registrations.engine import AnswerType, Parameter, ParameterSet, Registry, Section
from binc_web.reports import catalogue, generation
from binc_web.rules.national_number import compose_national_number
from binc_web.rules.report_schedule import ReportPeriod
from tests import factories
from tests import factories_overview as make_overview
from tests.factories_privacy import NUMBER, SECRETS, module, rich_youth
from tests.test_privacy_inzage import models_about_a_youth

# Zoë (tests.factories_privacy) is born on 21 July 2010: 35 on 21 July 2045, erased on the 22nd.
BIRTHDAY_35 = date(2045, 7, 21)
DAY = date(2045, 7, 22)
# Searched for in the whole database after the run: everything that names or describes her
# (the house number "417" is left out: as a bare number it is no identity and could be an id).
IDENTIFYING = {key: value for key, value in SECRETS.items() if key != "house_number"}
DELETED_CODE = "BRUG-VERWIJDERD-9"
# Registered in the dossier that was deleted later: only its activity entries still hold it.
DELETED_REFERENCE = "referentie-van-verwijderd-dossier"


@pytest.fixture
def zoe(world):
    """Zoë with something in every table, and a trace of her in the logs that have no
    reference to her: a name search of the register, a deleted dossier naming her."""
    found = rich_youth(world)
    client = found.client
    db.session.add(
        RegisterEntry(
            national_number=NUMBER,
            family_name=client.family_name,
            given_name=client.given_name,
            gender="V",
            birth_date=client.birth_date,
            street=SECRETS["street"],
            municipality=SECRETS["municipality"],
        )
    )
    db.session.add(
        RegisterLookup(
            organisation_id=world.anker.id,
            person_id=world.pieter.id,
            kind="naam",
            search=f"naam {client.family_name.upper()}, geslacht V, geboortejaar 2010",
            results=1,
        )
    )
    db.session.add(
        ActivityEntry(
            organisation_id=world.brug.id,
            dossier_id=999_999,
            person_id=world.jan.id,
            action="dossier_verwijderd",
            object_type="Dossier",
            description=f"Dossier {DELETED_CODE} ({client.family_name} {client.given_name}) "
            "verwijderd",
            before={"uw_referentie": SECRETS["referentie"]},
        )
    )
    db.session.add(
        ActivityEntry(
            organisation_id=world.brug.id,
            dossier_id=999_999,
            person_id=world.jan.id,
            action="aanmelding_gewijzigd",
            object_type="Aanmelding",
            description="Aanmelding gewijzigd",
            after={"uw_referentie": DELETED_REFERENCE},
        )
    )
    db.session.add(
        ActivityEntry(
            organisation_id=world.brug.id,
            client_id=client.id,
            person_id=world.jan.id,
            action="clientgegevens_gewijzigd",
            object_type="Client",
            description=f"Cliëntgegevens van {NUMBER} gewijzigd",
            before={"straat": "Oude straat"},
            after={"straat": SECRETS["street"]},
        )
    )
    db.session.commit()
    return found


@pytest.fixture
def tomorrow(world):
    """Lien turns 35 on the day of the run: erased only the day after."""
    lien = factories.client("Morgenstern", "Lien")
    lien.birth_date = date(2010, 7, 22)
    db.session.add(ContextPerson(client_id=lien.id, relation="vader", family_name="Morgenvader"))
    factories.dossier(world.brug, lien)
    db.session.commit()
    return lien


def text_columns() -> list[tuple[str, str]]:
    """(table, column) of every column of every table in the database that can hold text."""
    inspector = inspect(db.engine)
    found = []
    for table in inspector.get_table_names():
        for column in inspector.get_columns(table):
            if isinstance(column["type"], String | Text | JSON) or "JSON" in str(column["type"]):
                found.append((table, column["name"]))
    return found


def where_found(value: str) -> list[str]:
    """Every table.column of the whole database whose text holds ``value`` (also in lower case,
    and as JSON writes it: "Zo\\u00eb"), and every binary value that holds it."""
    found = []
    needle = value.lower()
    forms = {value, needle, json.dumps(value)[1:-1], json.dumps(needle)[1:-1]}
    for table_name, column_name in text_columns():
        column = db.table(table_name, db.column(column_name)).c[column_name]
        text = cast(column, Text)
        hit = db.session.scalar(
            select(func.count()).where(
                or_(
                    *(text.contains(form, autoescape=True) for form in forms),
                    *(func.lower(text).contains(form, autoescape=True) for form in forms),
                )
            )
        )
        if hit:
            found.append(f"{table_name}.{column_name}")
    inspector = inspect(db.engine)
    for table_name in inspector.get_table_names():
        for column in inspector.get_columns(table_name):
            if isinstance(column["type"], LargeBinary):
                data = db.table(table_name, db.column(column["name"])).c[column["name"]]
                for content in db.session.scalars(select(data).where(data.is_not(None))):
                    parts = [part.lower() for part in _parts(bytes(content))]
                    if any(form.encode() in part for form in forms for part in parts):
                        found.append(f"{table_name}.{column['name']}")
    return found


def _parts(content: bytes) -> list[bytes]:
    """A stored file's bytes, and every file inside it when it is a ZIP (an .xlsx, a report
    set): compressed text would hide a name from a plain search."""
    parts = [content]
    if content.startswith(b"PK"):
        archive = zipfile.ZipFile(io.BytesIO(content))
        for name in archive.namelist():
            parts.extend(_parts(archive.read(name)))
    return parts


def database_contents() -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order (to compare a database before and after)."""
    db.session.expire_all()
    contents = {}
    for table in db.metadata.sorted_tables:
        rows = db.session.execute(select(table)).all()
        contents[table.name] = sorted(tuple(map(repr, row)) for row in rows)
    return contents


def test_g2_a_youth_who_turned_35_is_gone_from_every_table_and_every_log(app, zoe, world):
    for key, value in IDENTIFYING.items():
        assert where_found(value), f"the fixture must hold {key} somewhere"
    assert where_found(DELETED_REFERENCE)
    version = zoe.brug_dossier.aanmelding.version_id

    outcome = retention.erase_due(DAY)

    assert not where_found(DELETED_REFERENCE)
    assert outcome.youths >= 1
    remaining = {key: where_found(value) for key, value in IDENTIFYING.items()}
    assert remaining == {key: [] for key in IDENTIFYING}
    # The row stays as the anonymous owner of her dossiers, which keep their codes and dates.
    client = db.session.get(Client, zoe.client.id)
    assert (client.gender, client.birth_date, client.erased_on) == ("V", date(2010, 7, 1), DAY)
    assert client.national_number == retention.placeholder_number(client.id)
    assert db.session.get(Dossier, zoe.brug_dossier.id).code == zoe.brug_dossier.code
    # A form opened before the erasure cannot write "Uw referentie" back (D-13 refuses it).
    assert db.session.get(Dossier, zoe.brug_dossier.id).aanmelding.version_id == version + 1
    # Who did what and when stays in the logs; what named her does not.
    deleted = db.session.scalar(select(ActivityEntry).where(ActivityEntry.dossier_id == 999_999))
    assert deleted.description == f"Dossier {DELETED_CODE} ((gewist)) verwijderd"
    assert (deleted.before, deleted.person_id) == (None, world.jan.id)


def test_g2_the_access_entries_about_the_youth_are_deleted(app, zoe, world):
    from binc_web.models import AccessEntry

    other = factories.dossier(world.brug, factories.client("Ander", "Kind"))
    other.client.birth_date = date(2012, 1, 1)
    db.session.add(AccessEntry(client_id=other.client_id, dossier_id=other.id, page="x"))
    db.session.commit()

    retention.erase_due(DAY)

    left = db.session.execute(select(AccessEntry.client_id, AccessEntry.dossier_id)).all()
    assert left == [(other.client_id, other.id)]


def _reports(organisation_names: list[str], year: int) -> dict[tuple[str, str], bytes]:
    """Every report of the catalogue for the whole of ``year`` of each organisation."""
    files = {}
    for name in organisation_names:
        organisation = db.session.scalar(select(Organisation).where(Organisation.name == name))
        for definition in catalogue.REPORTS:
            _, data = generation.render(
                organisation, definition, date(year, 1, 1), date(year, 12, 31)
            )
            files[(name, definition.key)] = data
    return files


def _members(data: bytes) -> dict[str, bytes]:
    """Every part of a workbook, byte for byte (the ZIP's own file times left aside)."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {name: archive.read(name) for name in archive.namelist()}


def _cells(data: bytes) -> dict[str, list[tuple]]:
    book = load_workbook(io.BytesIO(data))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


# The ruwe-data fields that name or describe the youth: erased, so they differ.
IDENTITY_FIELDS = {
    "naam",
    "voornaam",
    "geboortedatum",
    "nationaliteit",
    "land_van_herkomst",
    "taal",
    "postcode",
    "gemeente",
    "land",
    "uw_referentie",
    "reden_niet_clb_andere",
} | {
    f"{pset.kind}_{parameter.code}"
    for pset in REGISTRY.all_sets()
    for parameter in pset.parameters
    if parameter.type == AnswerType.TEXT
}


def _ruwe_rows(data: bytes) -> dict[str, dict[str, str | None]]:
    """The ruwe-data XML as {dossiercode: {field: text}}."""
    rows = {}
    for row in ET.fromstring(data):
        fields = {element.tag.split("}")[-1]: element.text for element in row}
        rows[fields["dossiercode"]] = fields
    return rows


@pytest.mark.parametrize("year", [2025, 2026])
def test_g2_the_reports_count_the_same_before_and_after(app, zoe, world, tomorrow, year):
    """Every workbook of the year's report set is the same, cell for cell and each part byte
    for byte (the clock is frozen so that "gegenereerd op" agrees); the ruwe data differs only
    in the erased youths' identity fields."""
    names = [world.brug.name, world.anker.name]
    moment = datetime(2046, 2, 1, 9, tzinfo=UTC)
    with time_machine.travel(moment, tick=False):
        before = _reports(names, year)
    retention.erase_due(DAY)
    db.session.expire_all()
    with time_machine.travel(moment, tick=False):
        after = _reports(names, year)

    assert before.keys() == after.keys()
    compared = 0
    for key, data in before.items():
        if key[1] == "ruwe-data":
            continue
        assert _cells(after[key]) == _cells(data), key
        assert _members(after[key]) == _members(data), key
        compared += 1
    assert compared == 2 * (len(catalogue.REPORTS) - 1)
    zoe_dossiers = {zoe.brug_dossier.code, zoe.anker_dossier.code}
    rows_seen: set[str] = set()
    for name in names:
        old, new = _ruwe_rows(before[(name, "ruwe-data")]), _ruwe_rows(after[(name, "ruwe-data")])
        assert old.keys() == new.keys()
        rows_seen |= old.keys()
        for code, fields in old.items():
            kept = {k: v for k, v in fields.items() if k not in IDENTITY_FIELDS}
            assert {k: v for k, v in new[code].items() if k not in IDENTITY_FIELDS} == kept
        for secret in IDENTIFYING.values():
            assert secret.encode() not in after[(name, "ruwe-data")]
    assert zoe_dossiers & rows_seen  # the comparison covered her rows


def test_g2_the_kept_report_sets_lose_her_identity_and_keep_their_figures(app, zoe, world):
    """The annual report of 2026, made before she turned 35, names her in its raw data (also
    inside its ZIP); after the run no stored file does, and every other file is unchanged."""
    for organisation in (world.brug, world.anker):
        assert generation.make_periodic_report(
            organisation, ReportPeriod(2026, 0), date(2027, 3, 1)
        )
    requested = generation.request_reports(
        world.brug.id, world.jan.id, date(2026, 1, 1), date(2026, 6, 30), ["ruwe-data"]
    )
    db.session.commit()
    generation.generate_request(requested.id)

    def kept_files():
        db.session.expire_all()
        return {
            (
                f.organisation_id,
                f.periodic_report_id,
                f.request_id,
                f.report_key,
            ): f.stored_file.content
            for f in db.session.scalars(select(ReportFile))
        }

    before = kept_files()
    assert where_found(SECRETS["family_name"])  # in the stored files
    outcome = retention.erase_due(DAY)

    assert not any(where_found(value) for value in IDENTIFYING.values())
    after = kept_files()
    assert after.keys() == before.keys()
    rewritten = [key for key in before if before[key] != after[key]]
    # De Brug's annual raw data and its request list her; Het Anker's 2026 lists no dossier.
    owners = [(key[0], key[1] is not None, key[2] is not None, key[3]) for key in rewritten]
    assert owners == [
        (world.brug.id, True, False, "ruwe-data"),
        (world.brug.id, False, True, "ruwe-data"),
    ]
    assert outcome.counts["report_files"] == 2
    for key in rewritten:
        old, new = _ruwe_rows(before[key]), _ruwe_rows(after[key])
        assert old.keys() == new.keys()
        for code, fields in old.items():
            kept = {k: v for k, v in fields.items() if k not in IDENTITY_FIELDS}
            assert {k: v for k, v in new[code].items() if k not in IDENTITY_FIELDS} == kept


def test_g2_a_youth_turning_35_on_the_day_of_the_run_is_untouched(app, zoe, tomorrow):
    def lien_rows():
        db.session.expire_all()
        client = db.session.get(Client, tomorrow.id)
        context = db.session.scalars(
            select(ContextPerson).where(ContextPerson.client_id == tomorrow.id)
        ).all()
        return (
            [repr(getattr(client, c.key)) for c in Client.__table__.columns],
            [(p.family_name, p.relation) for p in context],
            db.session.scalars(
                select(Dossier.sort_name).where(Dossier.client_id == tomorrow.id)
            ).all(),
        )

    before = lien_rows()
    retention.erase_due(DAY)
    assert lien_rows() == before
    assert db.session.get(Client, zoe.client.id).erased_on == DAY
    # The next day she is due.
    assert retention.due_client_ids(date(2045, 7, 23)) == [tomorrow.id]


def test_g2_the_dry_run_changes_nothing_and_counts_what_the_run_erases(app, zoe, tomorrow):
    before = database_contents()

    dry = retention.erase_due(DAY, dry_run=True)

    assert database_contents() == before
    assert db.session.scalar(select(func.count()).select_from(RetentionRun)) == 0
    real = retention.erase_due(DAY)
    assert (dry.youths, dry.counts) == (real.youths, real.counts)
    assert dry.counts["clients"] == dry.youths
    assert dry.counts["context_persons"] == 1
    assert dry.counts["access_entries"] == 1
    assert dry.counts["register_entries"] == 1


def test_g2_each_run_is_logged_with_counts_and_a_second_run_changes_nothing(app, zoe):
    first = retention.erase_due(DAY)
    after_first = database_contents()

    second = retention.erase_due(DAY)

    assert second.youths == 0 and not any(second.counts.values())
    after_second = database_contents()
    assert {k: v for k, v in after_second.items() if k != "retention_runs"} == {
        k: v for k, v in after_first.items() if k != "retention_runs"
    }
    runs = db.session.scalars(select(RetentionRun).order_by(RetentionRun.id)).all()
    assert [(r.day, r.youths, r.failed, r.counts) for r in runs] == [
        (DAY, first.youths, 0, first.counts),
        (DAY, 0, 0, {}),
    ]
    assert all(run.finished_at is not None for run in runs)


def test_g2_a_run_killed_halfway_leaves_each_youth_wholly_erased_or_untouched(
    app, zoe, world, monkeypatch
):
    """One transaction per youth: the youth being erased when the run dies keeps everything,
    the ones before are done, and the next run finishes the rest."""
    due = retention.due_client_ids(DAY)
    assert len(due) >= 2 and due[-1] == zoe.client.id
    before = database_contents()

    def killed(youth):
        if youth.client_id == zoe.client.id:
            raise KeyboardInterrupt  # the consumer stopped mid-youth
        return 0

    erasers = retention.ERASERS
    monkeypatch.setattr(
        retention, "ERASERS", (*erasers[:4], retention.Eraser(Client, "", "", killed), *erasers[4:])
    )
    with pytest.raises(KeyboardInterrupt):
        retention.erase_due(DAY)
    db.session.rollback()

    halfway = database_contents()
    zoe_rows = [c for c in before["context_persons"] if repr(zoe.client.id) in c]
    assert zoe_rows and all(row in halfway["context_persons"] for row in zoe_rows)
    assert db.session.get(Client, zoe.client.id).national_number == NUMBER
    assert [
        c.erased_on for c in db.session.scalars(select(Client).where(Client.id.in_(due[:-1])))
    ] == [DAY] * (len(due) - 1)
    (run,) = db.session.scalars(select(RetentionRun)).all()
    assert (run.youths, run.finished_at) == (len(due) - 1, None)

    monkeypatch.setattr(retention, "ERASERS", erasers)
    assert retention.erase_due(DAY).youths == 1
    assert all(not where_found(value) for value in IDENTIFYING.values())


def test_g2_a_youth_that_fails_is_counted_and_does_not_stop_the_others(app, zoe, monkeypatch):
    """One faulty youth is rolled back and tried again the next night; the others are erased."""
    due = retention.due_client_ids(DAY)
    assert due[-1] == zoe.client.id and len(due) >= 2

    def faulty(youth):
        if youth.client_id == due[0]:
            raise ValueError("a row the eraser cannot handle")
        return 0

    erasers = retention.ERASERS
    monkeypatch.setattr(
        retention, "ERASERS", (*erasers[:4], retention.Eraser(Client, "", "", faulty), *erasers[4:])
    )
    outcome = retention.erase_due(DAY)

    assert (outcome.youths, outcome.failed) == (len(due) - 1, 1)
    (run,) = db.session.scalars(select(RetentionRun)).all()
    assert (run.youths, run.failed, run.finished_at is not None) == (len(due) - 1, 1, True)
    assert db.session.get(Client, due[0]).erased_on is None
    assert db.session.get(Client, zoe.client.id).erased_on == DAY
    monkeypatch.setattr(retention, "ERASERS", erasers)
    assert retention.due_client_ids(date(2045, 7, 23)) == [due[0]]
    assert retention.erase_due(date(2045, 7, 23)).youths == 1


def test_g2_every_model_about_a_youth_has_an_eraser(app):
    """A model with a client or dossier reference, or a national number or name column, needs
    a line in ``retention.ERASERS`` (the workers' own accounts are not about a youth)."""
    named = {
        mapper.class_
        for mapper in db.Model.registry.mappers
        if {"national_number", "family_name", "given_name"} & set(mapper.columns.keys())
    }
    about_a_youth = (models_about_a_youth() | named | {Client}) - {Person}
    covered = {eraser.model for eraser in retention.ERASERS}
    missing = {model.__name__ for model in about_a_youth - covered}
    assert not missing, f"no eraser in privacy/retention.py ERASERS: {missing}"
    assert len(about_a_youth) >= 12  # the check finds the models it is about


def test_g2_only_coded_answers_stay():
    sample = ParameterSet(
        code="proef",
        label="Proef",
        kind="begin",
        dossier_kinds=frozenset({"jeugdhulp"}),
        version=1,
        sections=(
            Section(
                "alles",
                "Alles",
                (
                    Parameter("keuze", "Keuze", "Uitleg", AnswerType.SINGLE, options={"a": "A"}),
                    Parameter(
                        "aantal", "Aantal", "Uitleg", AnswerType.NUMBER, minimum=0, maximum=9
                    ),
                    Parameter("uitleg", "Toelichting", "Uitleg", AnswerType.TEXT, max_length=200),
                ),
            ),
        ),
    )
    registry = Registry([sample])
    answers = {"keuze": "a", "aantal": 3, "uitleg": "Zoë woont bij haar tante", "oud": "x"}
    assert retention.coded_answers("proef", 1, answers, registry) == {"keuze": "a", "aantal": 3}
    assert retention.coded_answers("onbekend", 1, answers, registry) == {}


def test_g2_the_command_counts_without_names_and_the_dry_run_changes_nothing(app, zoe):
    runner = app.test_cli_runner()
    before = database_contents()

    dry = runner.invoke(args=["binc", "retention", "--dry-run", "--date", "2045-07-22"])

    assert dry.exit_code == 0, dry.output
    assert "zouden gewist worden" in dry.output or "zou gewist worden" in dry.output
    assert "context_persons: 1" in dry.output
    assert database_contents() == before
    real = runner.invoke(args=["binc", "retention", "--date", "22/07/2045"])
    assert real.exit_code == 0, real.output
    assert "gewist." in real.output
    for output in (dry.output, real.output):
        assert not any(value.lower() in output.lower() for value in IDENTIFYING.values())
    assert db.session.scalar(select(func.count()).select_from(RetentionRun)) == 1
    nobody = runner.invoke(args=["binc", "retention", "--date", "2045-07-22"])
    assert "0 jongeren gewist." in nobody.output


def test_g2_retention_and_the_access_log_purge_are_nightly_periodic_tasks(app, zoe, world):
    from binc_web.jobs import huey
    from binc_web.models import AccessEntry
    from binc_web.privacy import tasks

    def due_at(hour, minute):
        return {task.name for task in huey.read_periodic(datetime(2045, 7, 22, hour, minute))}

    assert "erase_youths_over_35" in due_at(1, 15) - due_at(1, 16)
    assert "purge_old_access_entries" in due_at(1, 45) - due_at(2, 45)
    old = AccessEntry(at=datetime(2020, 1, 1, tzinfo=UTC), client_id=None, page="x")
    db.session.add(old)
    db.session.commit()
    with time_machine.travel(datetime(2045, 7, 22, 1, 15, tzinfo=UTC), tick=False):
        assert tasks.erase_youths_over_35.call_local() >= 1
        assert tasks.purge_old_access_entries.call_local() >= 1
    assert db.session.get(Client, zoe.client.id).erased_on == DAY
    assert db.session.scalar(select(func.count()).select_from(AccessEntry)) == 0


def test_g2_nothing_is_due_before_the_day_after_the_35th_birthday(app, zoe):
    assert zoe.client.id not in retention.due_client_ids(BIRTHDAY_35)
    assert zoe.client.id in retention.due_client_ids(DAY)


def test_g2_the_agency_sees_what_is_erased_and_the_runs_without_names(login_as, world, zoe):
    retention.erase_due(DAY)
    db.session.add(RetentionRun(day=date(2045, 7, 23), youths=0, failed=0, counts={}))  # killed
    db.session.commit()

    page = login_as(world.ann, world.agency).get("/bewaartermijn")

    assert page.status_code == 200
    text = page.get_data(as_text=True)
    for eraser in retention.ERASERS:
        assert eraser.label in text
    assert "22/07/2045" in text and "onderbroken" in text
    assert not any(value in text for value in IDENTIFYING.values())
    assert 'href="/bewaartermijn"' in text  # in the menu


def test_g2_the_retention_page_is_for_the_agencys_beleidsmedewerker(login_as, world):
    assert login_as(world.tom, world.brug).get("/bewaartermijn").status_code == 403
    assert login_as(world.jan, world.brug).get("/bewaartermijn").status_code == 403


def test_g2_a_name_search_for_a_family_name_of_several_words_is_erased(app, world):
    youth = factories.client("Van den Berghe", "Jana")
    youth.birth_date = date(1990, 3, 3)
    for search in ("naam VAN DEN BERGHE, geslacht V, geboortejaar 1990", "naam Van, geslacht V"):
        db.session.add(
            RegisterLookup(
                organisation_id=world.brug.id, person_id=world.jan.id, kind="naam", search=search
            )
        )
    db.session.commit()

    retention.erase_due(DAY)

    searches = db.session.scalars(select(RegisterLookup.search).order_by(RegisterLookup.id))
    assert list(searches) == [retention.ERASED, "naam Van, geslacht V"]


def test_g2_the_kept_groeipakket_files_lose_her_number_and_keep_the_rest(app, zoe, world):
    from binc_web.models.groeipakket import GroeipakketRun

    def run_file(number: str) -> bytes:
        return (
            "<groeipakket><wijziging><rijksregisternummer>"
            f"{number}</rijksregisternummer><module>CB-AUTONOOM</module></wijziging>"
            "</groeipakket>"
        ).encode()

    hers = GroeipakketRun(
        night=date(2026, 3, 1), rows_on=1, rows_off=0, sha256="x", content=run_file(NUMBER)
    )
    other = GroeipakketRun(
        night=date(2026, 3, 2), rows_on=1, rows_off=0, sha256="y", content=run_file("85073003328")
    )
    db.session.add_all([hers, other])
    db.session.commit()

    retention.erase_due(DAY)

    db.session.expire_all()
    assert hers.content == run_file(retention.ERASED_NUMBER_IN_FILES)
    assert hers.sha256 == hashlib.sha256(hers.content).hexdigest()
    assert (other.content, other.sha256) == (run_file("85073003328"), "y")
    assert not where_found(NUMBER)


def _annual_report_2026(organisation) -> None:
    db.session.commit()  # the report is made in a transaction of its own
    assert generation.make_periodic_report(organisation, ReportPeriod(2026, 0), date(2027, 3, 1))
    db.session.commit()


def test_g2_a_raw_data_file_listing_several_youths_is_written_once_per_run(
    app, zoe, world, monkeypatch
):
    """Issue 16 item 4: a stored file costs once per run, not once per youth it lists: De
    Brug's raw data of 2026 lists Zoë and Tuur, both due tonight, and is rendered once."""
    tuur = factories.client("Tweelingbroer", "Tuur")
    tuur.birth_date = date(2010, 7, 1)
    helped = make_overview.dossier(world.brug, who=tuur)
    decided = make_overview.beslissing(helped, date(2026, 1, 1), date(2026, 5, 31))
    decided.modules = [module("NAFT")]
    make_overview.schakeling(decided, date(2026, 1, 2), date(2026, 2, 28)).modules = [
        module("NAFT")
    ]
    _annual_report_2026(world.brug)
    assert where_found("Tweelingbroer") and where_found(SECRETS["family_name"])
    rendered = []
    render = generation.render

    def counted(organisation, report, *period):
        rendered.append((organisation.id, report.key, period))
        return render(organisation, report, *period)

    monkeypatch.setattr(generation, "render", counted)
    outcome = retention.erase_due(DAY)

    assert {tuur.id, zoe.client.id} <= set(
        db.session.scalars(select(Client.id).where(Client.erased_on == DAY))
    )
    assert rendered == [(world.brug.id, "ruwe-data", (date(2026, 1, 1), date(2026, 12, 31)))]
    assert outcome.counts["report_files"] == 1
    assert not where_found("Tweelingbroer")
    assert not any(where_found(value) for value in IDENTIFYING.values())


def test_g2_a_run_killed_while_writing_the_raw_data_again_leaves_it_to_the_next_run(
    app, zoe, world, monkeypatch
):
    """The youths are erased (and the files marked) before the files are written: a run killed
    in between leaves the marks, and the next run writes the files, with nobody due."""
    _annual_report_2026(world.brug)

    def killed(report_file_id):
        raise KeyboardInterrupt  # the consumer stopped while writing the raw data

    monkeypatch.setattr(generation, "rewrite_raw_data_file", killed)
    with pytest.raises(KeyboardInterrupt):
        retention.erase_due(DAY)
    db.session.rollback()
    assert db.session.get(Client, zoe.client.id).erased_on == DAY
    assert where_found(SECRETS["family_name"]) == ["stored_files.content"]
    monkeypatch.undo()

    outcome = retention.erase_due(date(2045, 7, 23))

    assert (outcome.youths, outcome.counts) == (0, {"report_files": 1})
    assert not any(where_found(value) for value in IDENTIFYING.values())


def test_g2_the_kept_groeipakket_files_lose_an_earlier_number_too(app, zoe, world):
    """A number corrected after it was sent: the payer was told "uit" under the old one, so
    the kept files hold both; neither is left after the run."""
    from binc_web.groeipakket import feed

    older = compose_national_number(date(2010, 7, 21), 998)
    client = db.session.get(Client, zoe.client.id)
    client.national_number = older
    db.session.commit()
    decided = make_overview.beslissing(zoe.anker_dossier, date(2026, 1, 5), date(2026, 12, 31))
    decided.modules = [module("VB-HOOG")]
    make_overview.schakeling(decided, date(2026, 1, 5), None).modules = [module("VB-HOOG")]
    db.session.commit()
    feed.run_feed(date(2026, 1, 6))
    client.national_number = NUMBER
    db.session.commit()
    feed.run_feed(date(2026, 1, 7))
    assert where_found(older) and where_found(NUMBER)

    outcome = retention.erase_due(DAY)

    assert outcome.counts["groeipakket_runs"] == 2
    assert not where_found(older) and not where_found(NUMBER)
