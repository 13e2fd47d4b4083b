"""G-2: the nightly erasure of the personal data of every youth who turned 35.

``ERASERS`` says, per model, how its rows about one youth are erased (deleted, or the
identifying columns emptied) or why they are kept as they are; ``erase_youth`` applies them in
order, in the caller's transaction. ``erase_due`` erases every youth due on a day, **one
transaction per youth**: a run killed halfway leaves each youth either wholly erased or
untouched, and the next run (or the same one again) finishes the rest. The stored files that
name many youths (``per_run`` erasers: kept G-1 files, kept raw data) are erased once per run
for all the night's youths, each file read and written once. The run itself is a
``RetentionRun`` row, committed at the start and updated in each step's transaction, so its
counts always match what was erased (a run without ``finished_at`` was interrupted).

What stays is what the reports count: the client row as the anonymous owner of its dossiers
(gender, birth year and month), the dossiers with their dates, aanmelding codes, beslissingen,
schakelingen, benutting and coded registration answers. ``docs/privacy.md`` lists it table by
table. Covering a new model (documents, the Groeipakket outbox) is one ``Eraser`` line;
``tests/test_privacy_retention.py`` fails for a model about a youth that has none.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import delete, func, or_, select, update

from binc_web.extensions import db
from binc_web.models import (
    Aanmelding,
    AccessEntry,
    ActivityEntry,
    Benutting,
    Beslissing,
    Client,
    ContextPerson,
    Dossier,
    RegisterEntry,
    RegisterLookup,
    ReopenRequest,
    ReportFile,
    RetentionRun,
    Schakeling,
)
from binc_web.models.documents import Document, DocumentOpening, DocumentShare
from binc_web.models.files import StoredFile
from binc_web.models.groeipakket import GroeipakketRow, GroeipakketRun
from binc_web.models.registrations import Registratie
from binc_web.models.spans import ModuleSpan
from binc_web.registrations import REGISTRY
from binc_web.registrations.engine import Registry
from binc_web.reports import generation
from binc_web.rules.overview import sort_name
from binc_web.rules.retention import kept_answers, latest_due_birth_date

log = logging.getLogger(__name__)

# What an erased name or free text reads as, wherever a value is required.
ERASED = "(gewist)"


@dataclass(frozen=True)
class Youth:
    """What identifies one youth, read before anything is erased."""

    client_id: int
    national_number: str
    family_name: str
    display_name: str
    dossier_ids: tuple[int, ...]
    dossier_codes: tuple[str, ...]
    organisation_ids: tuple[int, ...]
    erased_on: date


@dataclass(frozen=True)
class Eraser:
    """How the rows of ``model`` about one youth are erased: ``erase`` changes them in the
    current transaction and returns how many rows it changed or deleted; ``None`` keeps them as
    they are, for the reason in ``what`` (the reports count them and they hold no identity)."""

    model: type
    label: str
    what: str
    erase: Callable[[Youth], int] | None = None
    # A stored file that names many youths is erased once per run for all the night's youths
    # (``erase_due``), not once per youth: its rows are not kept as they are.
    per_run: bool = False


def _rows(statement) -> int:
    """Run one UPDATE or DELETE in SQL (the ORM refuses changes to the append-only logs, and
    the retention is their documented exception); how many rows it touched."""
    return db.session.execute(statement, execution_options={"synchronize_session": False}).rowcount


def _of_dossiers(column, youth: Youth):
    return column.in_(youth.dossier_ids)


def _delete_context_persons(youth: Youth) -> int:
    return _rows(delete(ContextPerson).where(ContextPerson.client_id == youth.client_id))


def _delete_access_entries(youth: Youth) -> int:
    return _rows(
        delete(AccessEntry).where(
            or_(
                AccessEntry.client_id == youth.client_id,
                _of_dossiers(AccessEntry.dossier_id, youth),
            )
        )
    )


def _scrub(text: str, youth: Youth) -> str:
    """``text`` with the youth's national number and name replaced by "(gewist)"."""
    return text.replace(youth.national_number, ERASED).replace(youth.display_name, ERASED)


def _erase_activity(youth: Youth) -> int:
    """D-8 entries of the youth's dossiers and shared data, any other entry naming them (a
    deleted dossier's "Dossier … (naam) verwijderd"), and the entries of such a deleted dossier:
    the before/after values go, the description loses the number and name; who did what when
    stays."""
    entries = ActivityEntry.__table__
    naming = or_(
        entries.c.description.contains(youth.national_number, autoescape=True),
        entries.c.description.contains(youth.display_name, autoescape=True),
    )
    deleted_dossiers = select(entries.c.dossier_id).where(
        entries.c.action == "dossier_verwijderd", entries.c.dossier_id.is_not(None), naming
    )
    found = db.session.execute(
        select(entries.c.id, entries.c.description).where(
            or_(
                entries.c.client_id == youth.client_id,
                _of_dossiers(entries.c.dossier_id, youth),
                naming,
                entries.c.dossier_id.in_(deleted_dossiers),
            )
        )
    ).all()
    for entry_id, description in found:
        db.session.execute(
            update(entries)
            .where(entries.c.id == entry_id)
            .values(description=_scrub(description, youth), before=None, after=None)
        )
    return len(found)


def _erase_register_lookups(youth: Youth) -> int:
    """K-2 trace: the search terms that name the youth (their number, or a name search for
    their family name) read "(gewist)"; who searched when, and how many results, stay."""
    return _rows(
        update(RegisterLookup)
        .where(
            or_(
                RegisterLookup.client_id == youth.client_id,
                RegisterLookup.search.contains(youth.national_number, autoescape=True),
                func.lower(RegisterLookup.search).contains(
                    f"naam {youth.family_name.lower()},", autoescape=True
                ),
            )
        )
        .values(search=ERASED)
    )


def _delete_register_entry(youth: Youth) -> int:
    return _rows(
        delete(RegisterEntry).where(RegisterEntry.national_number == youth.national_number)
    )


def _erase_aanmelding(youth: Youth) -> int:
    return _rows(
        update(Aanmelding)
        .where(_of_dossiers(Aanmelding.dossier_id, youth))
        .values(
            uw_referentie=None,
            reden_niet_clb_andere=None,
            updated_at=Aanmelding.updated_at,  # not a change a worker made
            # ... but a form opened before cannot write the erased text back (D-13).
            version_id=Aanmelding.version_id + 1,
        )
    )


def _erase_reopen_requests(youth: Youth) -> int:
    return _rows(
        update(ReopenRequest)
        .where(_of_dossiers(ReopenRequest.dossier_id, youth))
        .values(toelichting=None, decision_note=None, version_id=ReopenRequest.version_id + 1)
    )


def coded_answers(
    set_code: str, version: int, answers: dict, registry: Registry = REGISTRY
) -> dict:
    """The stored answers of a registration under its set version, without the free text
    (``rules.retention.kept_answers``); nothing of a set version the registry does not know."""
    pset = registry.get(set_code, version)
    if pset is None:
        return {}
    return kept_answers({p.code: str(p.type) for p in pset.parameters}, answers)


def _erase_free_text_answers(youth: Youth) -> int:
    table = Registratie.__table__
    found = db.session.execute(
        select(table.c.id, table.c.set_code, table.c.set_version, table.c.answers).where(
            _of_dossiers(table.c.dossier_id, youth)
        )
    ).all()
    changed = 0
    for registratie_id, set_code, version, answers in found:
        kept = coded_answers(set_code, version, answers or {})
        if kept != (answers or {}):
            db.session.execute(
                update(table)
                .where(table.c.id == registratie_id)
                .values(answers=kept, version_id=table.c.version_id + 1)
            )
            changed += 1
    return changed


def _rename_dossiers(youth: Youth) -> int:
    """The dossiers' name key (D-4) follows the erased name."""
    table = Dossier.__table__
    return _rows(
        update(table)
        .where(table.c.client_id == youth.client_id)
        .values(sort_name=sort_name(ERASED), updated_at=table.c.updated_at)
    )


def _erase_client(youth: Youth) -> int:
    """The client row stays as the anonymous owner of the dossiers: gender and birth year and
    month (the P-2 age groups), nothing else. The national number, required and unique, becomes
    a placeholder that is no valid number (it starts with a letter)."""
    born = db.session.scalar(select(Client.birth_date).where(Client.id == youth.client_id))
    return _rows(
        update(Client)
        .where(Client.id == youth.client_id)
        .values(
            national_number=placeholder_number(youth.client_id),
            family_name=ERASED,
            given_name="",
            birth_date=born.replace(day=1),
            nationality=None,
            country_of_origin=None,
            language=None,
            street=None,
            house_number=None,
            postcode=None,
            municipality=None,
            country=None,
            erased_on=youth.erased_on,
            version_id=Client.version_id + 1,
        )
    )


def _youths_documents(youth: Youth):
    """F-1 documents shared from the youth's dossiers."""
    return select(Document.id).where(_of_dossiers(Document.dossier_id, youth))


def _delete_document_openings(youth: Youth) -> int:
    return _rows(
        delete(DocumentOpening).where(DocumentOpening.document_id.in_(_youths_documents(youth)))
    )


def _delete_document_shares(youth: Youth) -> int:
    return _rows(
        delete(DocumentShare).where(DocumentShare.document_id.in_(_youths_documents(youth)))
    )


def _delete_documents(youth: Youth) -> int:
    """The documents and their file bytes (after their shares and openings)."""
    files = db.session.scalars(
        select(Document.stored_file_id).where(
            _of_dossiers(Document.dossier_id, youth), Document.stored_file_id.is_not(None)
        )
    ).all()
    deleted = _rows(delete(Document).where(_of_dossiers(Document.dossier_id, youth)))
    if files:
        _rows(delete(StoredFile).where(StoredFile.id.in_(files)))
    return deleted


def _erase_groeipakket_rows(youth: Youth) -> int:
    """G-1 outbox rows keep module, organisation and dates; the youth's number and id go."""
    return _rows(
        update(GroeipakketRow)
        .where(
            or_(
                GroeipakketRow.client_id == youth.client_id,
                GroeipakketRow.rijksregisternummer == youth.national_number,
            )
        )
        .values(rijksregisternummer=None, client_id=None)
    )


# An 11-digit stand-in that the Groeipakket schema accepts and that is no valid national
# number (its check digits would be 97), so no real youth can be confused with it.
ERASED_NUMBER_IN_FILES = "00000000000"
NUMBER_IN_FILE = re.compile(rb"<rijksregisternummer>([^<]*)</rijksregisternummer>")
# Kept G-1 files read (and written) at a time.
RUNS_PER_BATCH = 100


def _numbers_in_files(youths: list[Youth]) -> set[bytes]:
    """The national numbers that name ``youths`` in the G-1 files: each one's number, and an
    earlier one the outbox still holds (a corrected number was withdrawn under the old one)."""
    ids = [youth.client_id for youth in youths]
    earlier = db.session.scalars(
        select(GroeipakketRow.rijksregisternummer)
        .where(GroeipakketRow.client_id.in_(ids), GroeipakketRow.rijksregisternummer.is_not(None))
        .distinct()
    )
    return {number.encode() for number in {*earlier, *(y.national_number for y in youths)}}


def _erase_groeipakket_files(youths: list[Youth]) -> int:
    """The kept copies of delivered G-1 files that name one of ``youths`` get the stand-in
    number, each file read and written once (the payer has its own copy; the agency's screen
    keeps the rest of the file). How many files changed."""
    numbers = _numbers_in_files(youths)
    erased = f"<rijksregisternummer>{ERASED_NUMBER_IN_FILES}</rijksregisternummer>".encode()

    def stand_in(found: re.Match) -> bytes:
        return erased if found.group(1) in numbers else found.group(0)

    ids = list(db.session.scalars(select(GroeipakketRun.id).order_by(GroeipakketRun.id)))
    changed = 0
    for first in range(0, len(ids), RUNS_PER_BATCH):
        batch = ids[first : first + RUNS_PER_BATCH]
        for run_id, content in db.session.execute(
            select(GroeipakketRun.id, GroeipakketRun.content).where(GroeipakketRun.id.in_(batch))
        ).all():
            new = NUMBER_IN_FILE.sub(stand_in, content)
            if new != content:
                sha256 = hashlib.sha256(new).hexdigest()
                _rows(
                    update(GroeipakketRun)
                    .where(GroeipakketRun.id == run_id)
                    .values(content=new, sha256=sha256)
                )
                changed += 1
    return changed


def _mark_raw_data(youth: Youth, listing: dict[int, set[str]]) -> set[int]:
    """Mark the kept raw-data files that list ``youth`` (in the youth's transaction, so a run
    killed afterwards leaves them marked for the next one); their ids."""
    codes = set(youth.dossier_codes)
    files = {file_id for file_id, listed in listing.items() if listed & codes}
    if files:
        _rows(update(ReportFile).where(ReportFile.id.in_(files)).values(rewrite_pending=True))
    return files


def _pending_raw_data() -> list[int]:
    """The kept raw-data files marked by a retention run and not yet written again."""
    return list(
        db.session.scalars(
            select(ReportFile.id).where(ReportFile.rewrite_pending).order_by(ReportFile.id)
        )
    )


def placeholder_number(client_id: int) -> str:
    """G-2: the unique stand-in for an erased youth's national number (11 characters)."""
    return f"G{client_id:010d}"


_KEPT_FOR_REPORTS = "blijven: zonder naam, de rapporten tellen ze"

# Applied in this order: the client row after the rows found by its number and name.
ERASERS: tuple[Eraser, ...] = (
    Eraser(ContextPerson, "Contextpersonen", "verwijderd", _delete_context_persons),
    Eraser(AccessEntry, "Raadplegingen", "verwijderd", _delete_access_entries),
    Eraser(
        ActivityEntry,
        "Activiteiten",
        "waarden voor en na gewist, naam en rijksregisternummer uit de omschrijving; wie wat "
        "wanneer deed blijft",
        _erase_activity,
    ),
    Eraser(
        RegisterLookup,
        "Opzoekingen rijksregister",
        "zoekterm gewist; wie wanneer zocht blijft",
        _erase_register_lookups,
    ),
    Eraser(RegisterEntry, "Rijksregister (kopie)", "verwijderd", _delete_register_entry),
    Eraser(Aanmelding, "Aanmelding", '"Uw referentie" en "andere reden" gewist', _erase_aanmelding),
    Eraser(
        ReopenRequest,
        "Aanvragen heropenen",
        "toelichting en opmerking gewist",
        _erase_reopen_requests,
    ),
    Eraser(
        Registratie,
        "Begin- en eindregistratie",
        "antwoorden in vrije tekst gewist; codes, getallen en data blijven",
        _erase_free_text_answers,
    ),
    Eraser(Dossier, "Dossiers", "naam gewist; code, status en data blijven", _rename_dossiers),
    Eraser(Beslissing, "Jeugdhulpbeslissingen", _KEPT_FOR_REPORTS),
    Eraser(Schakeling, "Schakelingen", _KEPT_FOR_REPORTS),
    Eraser(Benutting, "Benutting", _KEPT_FOR_REPORTS),
    Eraser(ModuleSpan, "Moduleperiodes (bezetting)", _KEPT_FOR_REPORTS),
    Eraser(DocumentOpening, "Documenten (geopend)", "verwijderd", _delete_document_openings),
    Eraser(DocumentShare, "Documenten (gedeeld met)", "verwijderd", _delete_document_shares),
    Eraser(Document, "Gedeelde documenten", "verwijderd, met het bestand", _delete_documents),
    Eraser(
        GroeipakketRow,
        "Groeipakket (doorgegeven wijzigingen)",
        "rijksregisternummer gewist; module, organisatie en data blijven",
        _erase_groeipakket_rows,
    ),
    Eraser(
        GroeipakketRun,
        "Groeipakket (bewaarde bestanden)",
        "rijksregisternummer vervangen door 00000000000",
        per_run=True,
    ),
    Eraser(
        Client,
        "Cliëntgegevens",
        "naam, rijksregisternummer, adres, nationaliteit, herkomst en taal gewist; geslacht, "
        "geboortejaar en -maand blijven",
        _erase_client,
    ),
    # After the youths: the raw data is written again from the erased rows.
    Eraser(
        ReportFile,
        "Bewaarde rapporten",
        "de ruwe data wordt opnieuw gemaakt, zonder identiteit; de andere rapporten en alle "
        "tellingen blijven dezelfde",
        per_run=True,
    ),
)


@dataclass(frozen=True)
class Outcome:
    """What a run erased (or, dry, would erase): how many youths, how many failed, how many
    rows per table."""

    youths: int
    failed: int
    counts: dict[str, int]


def due_client_ids(today: date) -> list[int]:
    """G-2: the youths not yet erased who turned 35 before ``today``, in id order."""
    return list(
        db.session.scalars(
            select(Client.id)
            .where(Client.erased_on.is_(None), Client.birth_date <= latest_due_birth_date(today))
            .order_by(Client.id)
        )
    )


def youth_of(client_id: int, today: date) -> Youth:
    """What identifies the youth ``client_id``, with their dossiers of every organisation."""
    client = db.session.execute(
        select(Client.national_number, Client.family_name, Client.given_name).where(
            Client.id == client_id
        )
    ).one()
    dossiers = db.session.execute(
        select(Dossier.id, Dossier.code, Dossier.organisation_id)
        .where(Dossier.client_id == client_id)
        .order_by(Dossier.id)
    ).all()
    return Youth(
        client_id=client_id,
        national_number=client.national_number,
        family_name=client.family_name,
        display_name=f"{client.family_name} {client.given_name}",
        dossier_ids=tuple(row.id for row in dossiers),
        dossier_codes=tuple(row.code for row in dossiers),
        organisation_ids=tuple(sorted({row.organisation_id for row in dossiers})),
        erased_on=today,
    )


def erase_youth(youth: Youth) -> Counter:
    """Apply every eraser to one youth in the current transaction (the caller commits);
    the rows changed per table."""
    counts: Counter = Counter()
    for eraser in ERASERS:
        if eraser.erase is not None:
            counts[eraser.model.__tablename__] += eraser.erase(youth)
    return counts


def erase_due(today: date, *, dry_run: bool = False) -> Outcome:
    """G-2: erase every youth due on ``today``, logged as a ``RetentionRun``. ``dry_run``
    erases and rolls back: the same counts, nothing changed and nothing logged.

    Three steps, each committed: (1) the kept G-1 files lose the numbers of all the night's
    youths, each file read once; (2) each youth's rows, **one transaction per youth**, which
    also marks the kept raw-data files listing the youth; (3) each marked file is written
    again once, from the erased rows, whatever the number of youths it lists. A run killed in
    (1) or (2) finds the same youths due the next time (nothing is lost: a file step is
    idempotent), one killed in (3) leaves marked files that the next run writes, due youths or
    not. A youth whose erasure fails is rolled back, counted as failed and logged (by client
    id, no name), and the run goes on: one faulty row must not keep every later youth's data
    beyond 35. The next night tries that youth again."""
    run = None
    if not dry_run:
        run = RetentionRun(day=today, youths=0, failed=0, counts={})
        db.session.add(run)
        db.session.commit()
    total: Counter = Counter()
    due = [youth_of(client_id, today) for client_id in due_client_ids(today)]
    listing: dict[int, set[str]] = {}
    if due:
        total[GroeipakketRun.__tablename__] += _erase_groeipakket_files(due)
        total[ReportFile.__tablename__] += 0  # counted in step 3
        organisations = {o for youth in due for o in youth.organisation_ids}
        codes = [code for youth in due for code in youth.dossier_codes]
        listing = generation.raw_data_listing(organisations, codes)
        _end_step(run, total)
    youths = failed = 0
    marked: set[int] = set()
    for youth in due:
        try:
            counts = erase_youth(youth)
            files = _mark_raw_data(youth, listing)
        except Exception:
            db.session.rollback()
            log.exception("G-2 retention %s: client %d could not be erased", today, youth.client_id)
            failed += 1
            if run is not None:
                run.failed = failed
                db.session.commit()
            continue
        total.update(counts)
        youths += 1
        marked |= files
        if run is not None:
            run.youths = youths
        _end_step(run, total)
    _rewrite_raw_data(run, total, marked)
    if run is not None:
        run.finished_at = datetime.now(UTC)
        db.session.commit()
        log.info(
            "G-2 retention %s: %d youths erased, %d failed, %s", today, youths, failed, dict(total)
        )
    return Outcome(youths, failed, dict(total))


def _end_step(run: RetentionRun | None, total: Counter) -> None:
    """Commit a step with the run's counts so far, or, in a dry run, roll it back."""
    if run is None:
        db.session.rollback()
        return
    run.counts = dict(total)
    db.session.commit()


def _rewrite_raw_data(run: RetentionRun | None, total: Counter, marked: set[int]) -> None:
    """Write every marked raw-data file again, one transaction per file (a dry run counts the
    files it would write: those it marked and those an earlier, killed run left marked)."""
    pending = _pending_raw_data()
    if run is None:
        if files := len(marked | set(pending)):
            total[ReportFile.__tablename__] += files
        return
    for report_file_id in pending:
        generation.rewrite_raw_data_file(report_file_id)
        _rows(
            update(ReportFile).where(ReportFile.id == report_file_id).values(rewrite_pending=False)
        )
        total[ReportFile.__tablename__] += 1
        _end_step(run, total)
