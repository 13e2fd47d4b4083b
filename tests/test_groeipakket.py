"""G-1: the Groeipakket feed: every write path that switches a Groeipakket module on or off, the
nightly run (also killed halfway, and two at once), its XSD, the agency's screen. The rules
themselves: tests/test_rules_groeipakket.py."""

from __future__ import annotations

import re
import threading
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from lxml import etree
from sqlalchemy.exc import IntegrityError

from binc_web.catalogue import sync_catalogue
from binc_web.extensions import db
from binc_web.groeipakket import feed, tasks
from binc_web.jobs import huey
from binc_web.models import (
    AccessEntry,
    Beslissing,
    Client,
    Dossier,
    GroeipakketRow,
    GroeipakketRun,
    Schakeling,
    TypeModule,
)
from binc_web.privacy.retention import erase_due
from binc_web.reports.schema import PUBLISHED
from binc_web.rules.groeipakket import (
    OFF,
    ON,
)
from binc_web.rules.national_number import compose_national_number
from binc_web.templating import BRUSSELS
from tests import factories
from tests.conftest import csrf_token
from tests.test_traject import approve

XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA = etree.XMLSchema(
    etree.parse(str(Path(__file__).parent.parent / "binc_web" / "exports" / feed.SCHEMA_FILE))
)
HX = {"HX-Request": "true"}


# --- G-1 write paths: every change writes its rows in its own transaction ---


def module(code: str) -> TypeModule:
    return db.session.scalar(db.select(TypeModule).where(TypeModule.code == code))


@pytest.fixture
def anker(world):
    """Het Anker approved for Groeipakket and other modules; its dossier's youth Lotte."""
    sync_catalogue()
    approve(world.anker, "VB-HOOG", "VB-LAAG", "CB-LAAG", "CB-AUTONOOM", "CB-KWE", "VB-KAMER")
    return world


def youth(born: date, serial: int = 2, family: str = "Peeters") -> Client:
    found = Client(
        national_number=compose_national_number(born, serial),
        family_name=family,
        given_name="Test",
        gender="V",
        birth_date=born,
    )
    db.session.add(found)
    db.session.flush()
    return found


def give(dossier, start, end=None, codes=("VB-HOOG",), zwaartepunt=False, beslissing=None):
    """A schakeling with ``codes`` in ``dossier`` (under a new beslissing unless one is given),
    flushed once, as the pages do."""
    if beslissing is None:
        beslissing = Beslissing(
            dossier_id=dossier.id, begindatum=start, einddatum=start + timedelta(days=365)
        )
        db.session.add(beslissing)
        db.session.flush()
    found = Schakeling(
        beslissing_id=beslissing.id,
        dossier_id=dossier.id,
        kind="start",
        begindatum=start,
        einddatum=end,
        zwaartepunt_andere_sector=zwaartepunt,
        modules=[module(code) for code in codes],
    )
    db.session.add(found)
    db.session.flush()
    return found


def feed_rows(run_id=None, pending_only=False) -> list[tuple]:
    """The outbox as (status, rijksregisternummer, module, van, tot), in order."""
    statement = db.select(GroeipakketRow).order_by(GroeipakketRow.id)
    if pending_only:
        statement = statement.where(GroeipakketRow.run_id.is_(None))
    return [
        (row.status, row.rijksregisternummer, row.module_code, row.van, row.tot)
        for row in db.session.scalars(statement)
    ]


def post(http, path: str, data: dict):
    return http.post(path, data={"csrf_token": csrf_token(http, path), **data}, headers=HX)


def test_g1_adding_a_schakeling_on_the_page_writes_an_aan_row(anker, login_as):
    dossier = anker.anker_dossier
    number = dossier.client.national_number
    decided = Beslissing(
        dossier_id=dossier.id, begindatum=date(2026, 1, 5), einddatum=date(2026, 7, 5)
    )
    decided.modules = [module("VB-HOOG"), module("CB-LAAG")]
    db.session.add(decided)
    db.session.commit()
    http = login_as(anker.pieter, anker.anker)
    path = f"/dossiers/{dossier.id}/beslissingen/{decided.id}/schakelingen/nieuw"
    data = {
        "begindatum": "05/01/2026",
        "einddatum": "",
        "modules": [module("VB-HOOG").id, module("CB-LAAG").id],
    }
    assert post(http, path, data).status_code == 200
    assert feed_rows() == [(ON, number, "VB-HOOG", date(2026, 1, 5), None)]
    row = db.session.scalars(db.select(GroeipakketRow)).one()
    assert (row.organisation_id, row.client_id, row.run_id) == (
        anker.anker.id,
        dossier.client_id,
        None,
    )


def test_g1_the_zwaartepunt_box_is_unticked_by_default_and_ticked_sends_nothing(anker, login_as):
    """FAQ: "Je duidt dit vinkje in de schakeling aan wanneer het Groeipakket voor deze jongere
    niet geregeld wordt binnen de eigen voorziening" (and NIET for a stay in psychiatry paid by
    the voorziening): the box is on the schakeling form, unticked, with that help; ticked, "de
    gegevens van de schakeling [moeten] niet doorstromen naar de uitbetaler"."""
    dossier = anker.anker_dossier
    decided = Beslissing(
        dossier_id=dossier.id, begindatum=date(2026, 1, 5), einddatum=date(2026, 7, 5)
    )
    decided.modules = [module("VB-HOOG")]
    db.session.add(decided)
    db.session.commit()
    http = login_as(anker.pieter, anker.anker)
    path = f"/dossiers/{dossier.id}/beslissingen/{decided.id}/schakelingen/nieuw"
    form = http.get(path, headers=HX).get_data(as_text=True)
    box = re.search(r'<input[^>]*name="zwaartepunt_andere_sector"[^>]*>', form).group(0)
    assert "checked" not in box
    assert "Zwaartepunt verblijf ligt in een andere sector</label>" in form
    assert "niet geregeld wordt binnen de eigen voorziening" in form
    assert "gedeeltelijk in de psychiatrie verblijft" in form
    data = {"begindatum": "05/01/2026", "einddatum": "", "modules": [module("VB-HOOG").id]}
    assert post(http, path, {**data, "zwaartepunt_andere_sector": "y"}).status_code == 200
    assert db.session.scalars(db.select(Schakeling)).one().zwaartepunt_andere_sector
    assert feed_rows() == []


def test_g1_editing_the_dates_on_the_page_writes_the_new_period(anker, login_as):
    dossier = anker.anker_dossier
    number = dossier.client.national_number
    running = give(dossier, date(2026, 1, 5))
    running.beslissing.modules = [module("VB-HOOG")]
    db.session.commit()
    http = login_as(anker.pieter, anker.anker)
    path = f"/dossiers/{dossier.id}/schakelingen/{running.id}/wijzigen"
    data = {"modules": str(module("VB-HOOG").id), "version_id": str(running.version_id)}
    ended = post(http, path, data | {"begindatum": "05/01/2026", "einddatum": "31/03/2026"})
    assert ended.status_code == 200, ended.get_data(as_text=True)
    data["version_id"] = str(db.session.get(Schakeling, running.id).version_id)
    moved = post(http, path, data | {"begindatum": "08/01/2026", "einddatum": "31/03/2026"})
    assert moved.status_code == 200
    assert feed_rows() == [
        (ON, number, "VB-HOOG", date(2026, 1, 5), None),
        (ON, number, "VB-HOOG", date(2026, 1, 5), date(2026, 3, 31)),
        (OFF, number, "VB-HOOG", date(2026, 1, 5), date(2026, 3, 31)),
        (ON, number, "VB-HOOG", date(2026, 1, 8), date(2026, 3, 31)),
    ]


def test_g1_ending_a_schakeling_writes_its_until_date(anker):
    running = give(anker.anker_dossier, date(2026, 1, 5))
    db.session.commit()
    running.einddatum = date(2026, 4, 30)
    db.session.commit()
    number = anker.anker_dossier.client.national_number
    assert feed_rows()[1:] == [(ON, number, "VB-HOOG", date(2026, 1, 5), date(2026, 4, 30))]


def test_g1_changing_the_module_switches_one_off_and_the_other_on(anker):
    running = give(anker.anker_dossier, date(2026, 1, 5), codes=("VB-HOOG", "CB-LAAG"))
    db.session.commit()
    running.modules = [module("VB-LAAG"), module("CB-LAAG")]
    db.session.commit()
    running.modules = [module("CB-LAAG")]  # no Groeipakket module left
    db.session.commit()
    number = anker.anker_dossier.client.national_number
    assert feed_rows() == [
        (ON, number, "VB-HOOG", date(2026, 1, 5), None),
        (OFF, number, "VB-HOOG", date(2026, 1, 5), None),
        (ON, number, "VB-LAAG", date(2026, 1, 5), None),
        (OFF, number, "VB-LAAG", date(2026, 1, 5), None),
    ]


def test_g1_deleting_a_schakeling_on_the_page_writes_an_uit_row(anker, login_as):
    dossier = anker.anker_dossier
    number = dossier.client.national_number
    running = give(dossier, date(2026, 1, 5), date(2026, 2, 28))
    db.session.commit()
    running_id = running.id
    http = login_as(anker.pieter, anker.anker)
    path = f"/dossiers/{dossier.id}/schakelingen/{running.id}/verwijderen"
    response = post(http, path, {"version_id": str(running.version_id)})
    assert response.status_code == 200
    assert db.session.scalar(db.select(Schakeling.id).where(Schakeling.id == running_id)) is None
    assert feed_rows() == [
        (ON, number, "VB-HOOG", date(2026, 1, 5), date(2026, 2, 28)),
        (OFF, number, "VB-HOOG", date(2026, 1, 5), date(2026, 2, 28)),
    ]


def test_g1_deleting_a_beslissing_or_a_dossier_switches_its_schakelingen_off(anker):
    dossier = anker.anker_dossier
    number = dossier.client.national_number
    first = give(dossier, date(2026, 1, 5), date(2026, 2, 28))
    give(dossier, date(2026, 3, 1), codes=("VB-LAAG",))
    db.session.commit()
    db.session.delete(first.beslissing)
    db.session.commit()
    db.session.delete(db.session.get(Dossier, dossier.id))
    db.session.commit()
    assert feed_rows()[2:] == [
        (OFF, number, "VB-HOOG", date(2026, 1, 5), date(2026, 2, 28)),
        (OFF, number, "VB-LAAG", date(2026, 3, 1), None),
    ]


def test_g1_zwaartepunt_in_een_andere_sector_ticked_sends_uit_and_unticked_aan(anker):
    running = give(anker.anker_dossier, date(2026, 1, 5))
    db.session.commit()
    running.zwaartepunt_andere_sector = True
    db.session.commit()
    running.zwaartepunt_andere_sector = False
    db.session.commit()
    number = anker.anker_dossier.client.national_number
    told = (number, "VB-HOOG", date(2026, 1, 5), None)
    assert feed_rows() == [(ON, *told), (OFF, *told), (ON, *told)]


def test_g1_a_schakeling_with_zwaartepunt_in_een_andere_sector_is_never_sent(anker):
    running = give(anker.anker_dossier, date(2026, 1, 5), zwaartepunt=True)
    db.session.commit()
    running.einddatum = date(2026, 3, 31)
    db.session.commit()
    assert feed_rows() == []


def test_g1_18th_birthday_ends_an_autonomy_module_the_day_before(anker):
    dossier = factories.dossier(anker.anker, youth(date(2008, 6, 15)))
    number = dossier.client.national_number
    give(dossier, date(2026, 2, 1), codes=("CB-AUTONOOM", "VB-HOOG"))
    db.session.commit()
    # The until date is written with the change: nothing is left to send on the birthday.
    assert sorted(feed_rows()) == [
        (ON, number, "CB-AUTONOOM", date(2026, 2, 1), date(2026, 6, 14)),
        (ON, number, "VB-HOOG", date(2026, 2, 1), None),
    ]
    later = factories.dossier(anker.brug, youth(date(2008, 6, 15), serial=4))
    give(later, date(2026, 6, 15), codes=("CB-KWE",))  # on the birthday: counts no more
    db.session.commit()
    assert len(feed_rows()) == 2


def test_g1_a_corrected_birth_date_moves_the_18th_birthday(anker):
    client = youth(date(2008, 6, 15))
    dossier = factories.dossier(anker.anker, client)
    give(dossier, date(2026, 2, 1), codes=("CB-KWE",))
    db.session.commit()
    client.birth_date = date(2008, 9, 1)
    db.session.commit()
    assert feed_rows()[1:] == [
        (ON, client.national_number, "CB-KWE", date(2026, 2, 1), date(2026, 8, 31))
    ]


def test_g1_a_corrected_national_number_withdraws_the_old_one(anker):
    client = anker.anker_dossier.client
    old = client.national_number
    give(anker.anker_dossier, date(2026, 1, 5))
    db.session.commit()
    client.national_number = compose_national_number(client.birth_date, 998)
    db.session.commit()
    assert feed_rows()[1:] == [
        (OFF, old, "VB-HOOG", date(2026, 1, 5), None),
        (ON, client.national_number, "VB-HOOG", date(2026, 1, 5), None),
    ]


def test_g1_a_change_rolled_back_leaves_no_row(anker):
    give(anker.anker_dossier, date(2026, 1, 5))
    db.session.rollback()
    assert feed_rows() == []
    # Refused by the database (S-5: one open schakeling per dossier): its rows go with it.
    give(anker.anker_dossier, date(2026, 1, 5))
    db.session.commit()
    with pytest.raises(IntegrityError):
        give(anker.anker_dossier, date(2026, 2, 1), codes=("VB-LAAG",))
    db.session.rollback()
    assert [row[2] for row in feed_rows()] == ["VB-HOOG"]


def test_g1_changes_of_other_modules_and_fields_write_nothing(anker):
    running = give(anker.anker_dossier, date(2026, 1, 5), codes=("CB-LAAG",))
    db.session.commit()
    running.einddatum = date(2026, 3, 31)
    running.verzekerd_aanbod = True
    db.session.commit()
    anker.anker_dossier.client.family_name = "Janssens"
    db.session.commit()
    assert feed_rows() == []


# --- G-1 the run: one file per run, every row once ---


def parsed(path: Path) -> list[tuple]:
    """A file of the feed, validated against the published schema, as rows."""
    document = etree.parse(str(path))
    SCHEMA.assertValid(document)
    return [
        (
            element.findtext("status"),
            element.findtext("rijksregisternummer"),
            element.findtext("module"),
            date.fromisoformat(element.findtext("van")),
            date.fromisoformat(element.findtext("tot")) if element.findtext("tot") else None,
        )
        for element in document.getroot()
    ]


def numbers(path: Path) -> list[int]:
    return [int(text) for text in etree.parse(str(path)).xpath("//volgnummer/text()")]


def folder(app) -> Path:
    return Path(app.config["GROEIPAKKET_PATH"])


def files(app) -> list[Path]:
    return sorted(folder(app).glob("*")) if folder(app).exists() else []


def test_g1_a_run_writes_one_valid_file_and_marks_its_rows(app, anker):
    number = anker.anker_dossier.client.national_number
    running = give(anker.anker_dossier, date(2026, 1, 5))
    db.session.commit()
    running.einddatum = date(2026, 3, 31)
    db.session.commit()
    run = feed.run_feed(date(2026, 4, 1))
    [written] = files(app)
    assert written.name == f"groeipakket-20260401-{run.id:06d}.xml"
    assert parsed(written) == [
        (ON, number, "VB-HOOG", date(2026, 1, 5), None),
        (ON, number, "VB-HOOG", date(2026, 1, 5), date(2026, 3, 31)),
    ]
    root = etree.parse(str(written)).getroot()
    assert (root.get("versie"), root.get("run"), root.get("nacht")) == (
        "2",
        str(run.id),
        "2026-04-01",
    )
    assert root.find("wijziging/organisatie").text == "Jeugdhulp Het Anker"
    assert (run.rows_on, run.rows_off, run.content) == (2, 0, written.read_bytes())
    assert run.delivered_at is not None
    assert feed_rows(pending_only=True) == []


def test_g1_a_night_without_changes_records_an_empty_run_and_delivers_its_file(app, anker):
    """FAQ "Elke nacht worden ... verwerkt en bezorgd": a night with nothing to send is still a
    run, with 0 rows and a valid file without wijziging, so the agency and the payer can tell
    "ran, nothing to send" from "did not run"."""
    give(anker.anker_dossier, date(2026, 1, 5))
    db.session.commit()
    first = feed.run_feed(date(2026, 4, 1))
    empty = feed.run_feed(date(2026, 4, 2))
    assert empty is not None and empty.id != first.id
    assert (empty.night, empty.rows_on, empty.rows_off) == (date(2026, 4, 2), 0, 0)
    assert empty.delivered_at is not None
    written = folder(app) / feed.file_name(empty)
    assert [path.name for path in files(app)] == [feed.file_name(first), written.name]
    assert parsed(written) == [] and written.read_bytes() == empty.content
    assert etree.parse(str(written)).getroot().get("nacht") == "2026-04-02"
    assert db.session.scalar(db.select(db.func.count()).select_from(GroeipakketRun)) == 2


def sent_once(app) -> list[int]:
    """Every row's number, over all files; fails when a row is in two files."""
    sent = [n for path in files(app) for n in numbers(path)]
    assert len(sent) == len(set(sent)), sent
    return sorted(sent)


def all_row_ids() -> list[int]:
    return sorted(db.session.scalars(db.select(GroeipakketRow.id)))


class Killed(Exception):
    """The run stopped here (a killed process, a full disk)."""


def test_g1_a_run_killed_before_its_commit_leaves_the_rows_pending(app, anker, monkeypatch):
    give(anker.anker_dossier, date(2026, 1, 5))
    db.session.commit()

    def killed(run):
        raise Killed

    monkeypatch.setattr(feed, "file_content", killed)
    with pytest.raises(Killed):
        feed.run_feed(date(2026, 1, 5))
    db.session.rollback()
    assert files(app) == []
    assert db.session.scalars(db.select(GroeipakketRun)).all() == []
    assert len(feed_rows(pending_only=True)) == 1
    monkeypatch.undo()
    feed.run_feed(date(2026, 1, 6))
    assert sent_once(app) == all_row_ids()


def test_g1_a_run_killed_before_its_file_is_written_delivers_it_next_time(app, anker, monkeypatch):
    running = give(anker.anker_dossier, date(2026, 1, 5))
    db.session.commit()

    def killed(*args):
        raise Killed

    monkeypatch.setattr(feed, "write_file", killed)
    with pytest.raises(Killed):
        feed.run_feed(date(2026, 1, 5))
    db.session.rollback()
    [first] = db.session.scalars(db.select(GroeipakketRun)).all()
    assert first.delivered_at is None and files(app) == []
    monkeypatch.undo()
    running.einddatum = date(2026, 1, 31)
    db.session.commit()
    second = feed.run_feed(date(2026, 1, 6))
    assert [path.name for path in files(app)] == [feed.file_name(first), feed.file_name(second)]
    assert files(app)[0].read_bytes() == db.session.get(GroeipakketRun, first.id).content
    assert sent_once(app) == all_row_ids()


def test_g1_a_run_killed_after_its_file_is_written_writes_the_same_file_again(
    app, anker, monkeypatch
):
    running = give(anker.anker_dossier, date(2026, 1, 5))
    db.session.commit()

    def killed(run):
        raise Killed

    monkeypatch.setattr(feed, "mark_delivered", killed)
    with pytest.raises(Killed):
        feed.run_feed(date(2026, 1, 5))
    db.session.rollback()
    [written] = files(app)
    before = written.read_bytes()
    monkeypatch.undo()
    running.einddatum = date(2026, 1, 31)
    db.session.commit()
    second = feed.run_feed(date(2026, 1, 6))
    assert [path.name for path in files(app)] == [written.name, feed.file_name(second)]
    assert written.read_bytes() == before  # the same name, the same bytes: no row twice
    assert sent_once(app) == all_row_ids()
    assert all(run.delivered_at for run in db.session.scalars(db.select(GroeipakketRun)))


def test_g1_the_files_being_written_are_hidden_until_complete(app, tmp_path):
    target = feed.write_file(tmp_path / "drop", "groeipakket-x.xml", b"<groeipakket/>")
    assert [path.name for path in (tmp_path / "drop").iterdir()] == [target.name]


@pytest.mark.postgres
def test_g1_two_runs_at_once_send_each_row_once(app, anker, monkeypatch):
    for start in (date(2026, 1, 5), date(2026, 2, 5), date(2026, 3, 5)):
        dossier = factories.dossier(anker.anker)
        give(dossier, start)
    db.session.commit()
    taken = threading.Event()
    original = feed.file_content

    def slow(run):
        # The first run holds its rows until the second has started its own UPDATE.
        taken.set()
        threading.Event().wait(1.0)
        return original(run)

    monkeypatch.setattr(feed, "file_content", slow)
    results = []

    def one_run(wait_for_first):
        if wait_for_first:
            taken.wait(10)
        with app.app_context():
            run = feed.run_feed(date(2026, 3, 6))
            results.append(run.id if run else None)
            db.session.remove()

    threads = [threading.Thread(target=one_run, args=(n == 1,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    db.session.expire_all()
    assert len(results) == 2 and None not in results
    runs = db.session.scalars(db.select(GroeipakketRun).order_by(GroeipakketRun.id)).all()
    # Both ran: one took the three rows, the other found nothing left and sent an empty file.
    assert sorted(run.rows_on for run in runs) == [0, 3]
    assert feed_rows(pending_only=True) == []
    assert [path.name for path in files(app)] == [feed.file_name(run) for run in runs]
    assert sent_once(app) == all_row_ids()


def test_g1_the_nightly_task_runs_once_a_night_after_midnight_in_brussels():
    assert "run_groeipakket_feed" in [task.name for task in huey._registry.periodic_tasks]
    due = tasks.run_groeipakket_feed.task_class().validate_datetime
    # Huey's schedule is in UTC: 01:15 UTC is 02:15 or 03:15 in Brussels.
    assert due(datetime(2026, 1, 6, 1, 15)) and due(datetime(2026, 7, 6, 1, 15))
    assert not due(datetime(2026, 1, 6, 1, 16)) and not due(datetime(2026, 1, 6, 13, 15))


def test_g1_flask_binc_groeipakket_run(app, anker):
    give(anker.anker_dossier, date(2026, 1, 5))
    db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["binc", "groeipakket", "run", "--date", "2026-01-06"])
    assert result.exit_code == 0, result.output
    [written] = files(app)
    assert f"1 wijziging bezorgd in {written}." in result.output
    assert written.name.startswith("groeipakket-20260106-")
    again = runner.invoke(args=["binc", "groeipakket", "run", "--date", "2026-01-07"])
    assert again.exit_code == 0, again.output
    latest = db.session.scalar(db.select(GroeipakketRun).order_by(GroeipakketRun.id.desc()))
    empty = folder(app) / feed.file_name(latest)
    assert empty.name.startswith("groeipakket-20260107-")
    assert f"Geen wijzigingen voor het Groeipakket: leeg bestand bezorgd in {empty}." in (
        again.output
    )
    assert parsed(empty) == []


def test_g1_the_schema_is_published_without_login(client):
    assert feed.SCHEMA_FILE in PUBLISHED
    for version in (1, 2):  # a published version keeps its address
        response = client.get(f"/schema/groeipakket-{version}.xsd")
        assert response.status_code == 200
        assert b'<xs:element name="groeipakket">' in response.data


def test_g1_the_file_names_the_voorzienings_erkenningsnummer_when_known(app, anker):
    """The payer knows a voorziening by its erkenningsnummer; binc-web's own id stays."""
    anker.anker.erkenningsnummer = "1234.567"
    give(anker.anker_dossier, date(2026, 1, 5))
    unnumbered = factories.dossier(anker.brug, youth(date(2010, 2, 3), 8))
    give(unnumbered, date(2026, 1, 5))
    db.session.commit()
    run = feed.run_feed(date(2026, 1, 6))
    document = etree.parse(str(folder(app) / feed.file_name(run)))
    SCHEMA.assertValid(document)
    root = document.getroot()
    assert root.get("versie") == "2" == str(feed.SCHEMA_VERSION)
    assert root.get(f"{{{XSI}}}noNamespaceSchemaLocation").endswith("/schema/groeipakket-2.xsd")
    found = {
        element.findtext("organisatie_id"): element.findtext("erkenningsnummer") for element in root
    }
    assert found == {str(anker.anker.id): "1234.567", str(anker.brug.id): None}


# --- G-1 the agency's screen ---


def test_g1_the_agency_sees_the_runs_with_their_counts_and_files(app, anker, login_as):
    running = give(anker.anker_dossier, date(2026, 1, 5))
    db.session.commit()
    run = feed.run_feed(date(2026, 1, 5))
    running.zwaartepunt_andere_sector = True
    db.session.commit()
    http = login_as(anker.ann, anker.agency)
    page = http.get("/agentschap/groeipakket").get_data(as_text=True)
    assert 'href="/agentschap/groeipakket" aria-current="page">Groeipakket</a>' in page
    assert feed.file_name(run) in page
    assert "1 wijziging wacht op de volgende run." in page
    assert "<td>1</td>\n      <td>0</td>" in page
    download = http.get(f"/agentschap/groeipakket/{run.id}/bestand")
    assert download.status_code == 200
    assert download.data == (folder(app) / feed.file_name(run)).read_bytes()
    assert feed.file_name(run) in download.headers["Content-Disposition"]
    assert download.headers["Cache-Control"] == "private, no-store"
    assert http.get(f"/agentschap/groeipakket/{run.id + 1}/bestand").status_code == 404


def test_g1_the_agency_sees_a_night_without_changes_as_an_empty_run(app, anker, login_as):
    give(anker.anker_dossier, date(2026, 1, 5))
    db.session.commit()
    feed.run_feed(date(2026, 1, 5))
    empty = feed.run_feed(date(2026, 1, 6))
    http = login_as(anker.ann, anker.agency)
    page = http.get("/agentschap/groeipakket").get_data(as_text=True)
    assert page.count("<tr>") == 3  # the header, the empty run and the first run
    assert "Elke nacht is er een run, ook zonder wijzigingen" in page
    row = page.split(f'<th scope="row">{empty.id}</th>')[1].split("</tr>")[0]
    assert "<td>0</td>\n      <td>0</td>" in row
    assert feed.file_name(empty) in row and "geen wijzigingen" in row
    download = http.get(f"/agentschap/groeipakket/{empty.id}/bestand")
    assert download.status_code == 200 and download.data == empty.content


def test_g1_downloading_a_runs_file_is_in_the_agencys_access_log(app, anker, login_as):
    """The file names many youths: who downloaded which run when is logged, and the agency's
    beheerder reads it under Raadplegingen."""
    give(anker.anker_dossier, date(2026, 1, 5))
    db.session.commit()
    run = feed.run_feed(date(2026, 1, 5))
    http = login_as(anker.ann, anker.agency)
    assert http.get("/agentschap/groeipakket").status_code == 200  # the list: no file read
    assert http.get(f"/agentschap/groeipakket/{run.id}/bestand").status_code == 200
    assert http.get(f"/agentschap/groeipakket/{run.id + 1}/bestand").status_code == 404
    logged = db.session.execute(
        db.select(
            AccessEntry.page,
            AccessEntry.person_id,
            AccessEntry.organisation_id,
            AccessEntry.client_id,
            AccessEntry.dossier_id,
        ).where(AccessEntry.organisation_id == anker.agency.id)
    ).all()
    assert logged == [(f"groeipakket.download:{run.id}", anker.ann.id, anker.agency.id, None, None)]
    factories.grant(anker.tom, anker.agency, "beheerder")
    db.session.commit()
    log = login_as(anker.tom, anker.agency).get("/beheer/raadplegingen").get_data(as_text=True)
    assert f"Groeipakket-bestand (run {run.id})" in log and "Ann Wouters" in log


def test_g1_the_runs_are_listed_a_page_at_a_time(app, anker, login_as):
    app.config["PAGE_SIZE"] = 2
    running = give(anker.anker_dossier, date(2026, 1, 5))
    db.session.commit()
    names = []
    for day in (1, 2, 3):
        running.einddatum = date(2026, 2, day)
        db.session.commit()
        names.append(feed.file_name(feed.run_feed(date(2026, 2, day))))
    http = login_as(anker.ann, anker.agency)
    first = http.get("/agentschap/groeipakket").get_data(as_text=True)
    assert names[2] in first and names[1] in first and names[0] not in first
    assert "Pagina 1 van 2 (3 runs)" in first
    second = http.get("/agentschap/groeipakket?pagina=2").get_data(as_text=True)
    assert names[0] in second and names[2] not in second
    assert http.get("/agentschap/groeipakket?pagina=x").status_code == 200


def test_g1_the_runs_do_not_exist_for_anyone_else(app, anker, login_as):
    give(anker.anker_dossier, date(2026, 1, 5))
    db.session.commit()
    run = feed.run_feed(date(2026, 1, 5))
    assert app.test_client().get("/agentschap/groeipakket").status_code == 302
    factories.grant(anker.tom, anker.agency, "dossierbehandelaar")
    for person, organisation in (
        (anker.pieter, anker.anker),
        (anker.tom, anker.brug),
        (anker.tom, anker.agency),  # the agency, but no beleidsmedewerker
    ):
        http = login_as(person, organisation)
        assert http.get("/agentschap/groeipakket").status_code == 404
        assert http.get(f"/agentschap/groeipakket/{run.id}/bestand").status_code == 404
        assert "/agentschap/groeipakket" not in http.get("/").get_data(as_text=True)


# --- G-1 a year of changes and birthdays, night by night ---

AMIR_BORN = date(2008, 6, 15)  # 18 on 15 June 2026
LOTTE_BORN = date(2010, 5, 17)
NOOR_BORN = date(2009, 11, 30)
AMIR = compose_national_number(AMIR_BORN, 11)
LOTTE = compose_national_number(LOTTE_BORN, 6)
NOOR = compose_national_number(NOOR_BORN, 4)

# What the payer must receive, night by night, written out by hand from the FAQ's rules: the
# file of the run just after midnight holds the previous day's changes. Every night not listed
# has a file without wijziging.
EXPECTED = {
    date(2026, 1, 6): [(ON, LOTTE, "VB-HOOG", date(2026, 1, 5), None)],
    date(2026, 2, 2): [(ON, AMIR, "CB-AUTONOOM", date(2026, 2, 1), date(2026, 6, 14))],
    date(2026, 3, 11): [(ON, LOTTE, "VB-HOOG", date(2026, 1, 5), date(2026, 3, 31))],
    date(2026, 4, 2): [(ON, LOTTE, "VB-LAAG", date(2026, 4, 1), None)],
    date(2026, 5, 21): [(OFF, LOTTE, "VB-LAAG", date(2026, 4, 1), None)],
    # 15 June, Amir's 18th birthday: nothing (his until date went out in February);
    # 1 July, his schakeling ends after it: nothing; 1 August, a kleinschalige wooneenheid
    # after 18: nothing; 15 September, Lotte's zwaartepunt schakeling deleted: nothing.
    date(2026, 10, 2): [
        (ON, NOOR, "VB-KAMER", date(2026, 10, 1), None),
        (OFF, NOOR, "VB-KAMER", date(2026, 10, 1), None),
        (ON, NOOR, "VB-KAMER", date(2026, 9, 28), None),
    ],
    date(2027, 1, 1): [(OFF, NOOR, "VB-KAMER", date(2026, 9, 28), None)],
}


def test_g1_a_year_of_changes_and_birthdays_night_by_night(app, anker):
    lotte_dossier = factories.dossier(anker.anker, youth(LOTTE_BORN, 6, "Peeters"))
    amir_dossier = factories.dossier(anker.anker, youth(AMIR_BORN, 11, "Amrani"))
    noor_dossier = factories.dossier(anker.anker, youth(NOOR_BORN, 4, "Claes"))
    db.session.commit()
    state = {}

    def on(day: date) -> None:
        """The workers' changes of ``day``."""
        if day == date(2026, 1, 5):
            state["lotte"] = give(lotte_dossier, day, codes=("VB-HOOG", "CB-LAAG"))
        elif day == date(2026, 2, 1):
            state["amir"] = give(amir_dossier, day, codes=("CB-AUTONOOM",))
        elif day == date(2026, 3, 10):
            state["lotte"].einddatum = date(2026, 3, 31)
        elif day == date(2026, 4, 1):
            state["verlenging"] = give(
                lotte_dossier, day, codes=("VB-LAAG",), beslissing=state["lotte"].beslissing
            )
        elif day == date(2026, 5, 20):
            state["verlenging"].zwaartepunt_andere_sector = True
        elif day == date(2026, 7, 1):
            state["amir"].einddatum = date(2026, 6, 30)
        elif day == date(2026, 8, 1):
            give(amir_dossier, day, codes=("CB-KWE",))
        elif day == date(2026, 9, 15):
            db.session.delete(state["verlenging"])
        elif day == date(2026, 10, 1):
            state["noor"] = give(noor_dossier, day, codes=("VB-KAMER",))
            db.session.commit()
            state["noor"].begindatum = date(2026, 9, 28)
        elif day == date(2026, 12, 31):
            db.session.delete(db.session.get(Dossier, noor_dossier.id))
        db.session.commit()

    received = {}
    day = date(2026, 1, 1)
    while day <= date(2026, 12, 31):
        with time_machine.travel(datetime(day.year, day.month, day.day, 14, tzinfo=BRUSSELS)):
            on(day)
        day += timedelta(days=1)
        # The nightly task on the queue, just after midnight.
        with time_machine.travel(datetime(day.year, day.month, day.day, 1, 15, tzinfo=BRUSSELS)):
            tasks.run_groeipakket_feed()
        [run] = db.session.scalars(
            db.select(GroeipakketRun).where(GroeipakketRun.night == day)
        ).all()
        rows = parsed(folder(app) / feed.file_name(run))
        if rows:
            received[day] = rows
    assert received == EXPECTED
    assert len(files(app)) == 365


def test_g1_a_period_whose_national_number_retention_erased_is_never_withdrawn(anker):
    """G-2 erases the national number of a youth of 35 from the outbox: a later deletion of the
    schakeling must not produce a row without youth (the schema requires the number)."""
    running = give(anker.anker_dossier, date(2026, 1, 5))
    db.session.commit()
    db.session.execute(db.update(GroeipakketRow).values(rijksregisternummer=None, client_id=None))
    db.session.delete(running)
    db.session.commit()
    assert feed_rows() == [(ON, None, "VB-HOOG", date(2026, 1, 5), None)]


def test_g1_an_erased_youth_is_never_sent_again(anker):
    """FAQ "bezorgd aan de uitbetaler": the payer gets a youth's national number. After G-2
    erased the youth at 35 the client holds a stand-in ("G" + id): a later change of their
    dossier's schakelingen (a corrected date, a new schakeling) must send nothing."""
    older = factories.dossier(anker.anker, youth(date(1990, 3, 3), 5, "Oud"))
    running = give(older, date(2026, 1, 5), codes=("VB-HOOG", "VB-KAMER"))
    db.session.commit()
    assert erase_due(date(2026, 6, 1)).youths == 1
    running = db.session.get(Schakeling, running.id)
    running.einddatum = date(2026, 6, 30)
    db.session.commit()
    give(older, date(2026, 7, 1), codes=("VB-LAAG",), beslissing=running.beslissing)
    db.session.commit()
    assert feed_rows() == [
        (ON, None, "VB-HOOG", date(2026, 1, 5), None),
        (ON, None, "VB-KAMER", date(2026, 1, 5), None),
    ]
