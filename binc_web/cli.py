"""``flask binc …`` commands: set-up, organisations, demo and volume data."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from binc_web.catalogue import sync_catalogue
from binc_web.extensions import db
from binc_web.models import Membership, Organisation, Person
from binc_web.rules.national_number import national_number_problems
from binc_web.rules.roles import ORGANISATION_KINDS
from binc_web.rules.wording import count_noun
from binc_web.templating import today

binc = AppGroup("binc", help="binc-web beheer: opzet, organisaties en demodata.")


@binc.command("init")
def init_command() -> None:
    """Seed the typemodule catalogue and the configured first beheerder (idempotent)."""
    changes = sync_catalogue()
    message = ensure_first_admin()
    db.session.commit()
    click.echo(f"Typemodules: {changes} toegevoegd of bijgewerkt.")
    if message:
        click.echo(message)


def ensure_first_admin() -> str | None:
    """A-3: grant beheerder to FIRST_ADMIN_NATIONAL_NUMBER for FIRST_ADMIN_ORGANISATION."""
    config = current_app.config
    number, name = config.get("FIRST_ADMIN_NATIONAL_NUMBER"), config.get("FIRST_ADMIN_ORGANISATION")
    if not number or not name:
        return None
    national_number, problems = national_number_problems(str(number))
    if problems:
        raise click.ClickException("FIRST_ADMIN_NATIONAL_NUMBER: " + " ".join(problems))
    kind = config.get("FIRST_ADMIN_ORGANISATION_KIND", "jeugdhulp")
    organisation = _organisation(name, kind)
    person = db.session.scalars(
        select(Person).where(Person.national_number == national_number)
    ).first()
    if person is None:
        person = Person(national_number=national_number)
        db.session.add(person)
        db.session.flush()
    held = db.session.scalar(
        select(func.count()).where(
            Membership.person_id == person.id,
            Membership.organisation_id == organisation.id,
            Membership.role == "beheerder",
        )
    )
    if held:
        return None
    db.session.add(
        Membership(person_id=person.id, organisation_id=organisation.id, role="beheerder")
    )
    db.session.flush()
    return f"Eerste beheerder {national_number} toegevoegd voor {name}."


def _organisation(name: str, kind: str) -> Organisation:
    if kind not in ORGANISATION_KINDS:
        raise click.ClickException(
            f"Onbekende soort organisatie {kind!r}; kies uit {', '.join(ORGANISATION_KINDS)}."
        )
    organisation = db.session.scalars(select(Organisation).where(Organisation.name == name)).first()
    if organisation is None:
        _refuse_a_service_name(name)
        organisation = Organisation(name=name, kind=kind)
        db.session.add(organisation)
        db.session.flush()
    elif organisation.kind != kind:
        raise click.ClickException(f"{name} bestaat al als {organisation.kind}, niet als {kind}.")
    return organisation


def _refuse_a_service_name(name: str) -> None:
    """An organisation is a voorziening of the directory under its own name: a name the
    directory knows (another organisation spelled otherwise, an OCJ, a campus) is refused,
    since a service outside binc-web is never an organisation (docs/documents.md)."""
    from binc_web.directory import service_named

    known = service_named(name)
    if known is not None:
        raise click.ClickException(
            f"Er is al een dienst {known.name} ({known.kind_label}): kies een andere naam"
            " voor de organisatie."
        )


@binc.command("add-organisation")
@click.argument("name")
@click.option("--kind", type=click.Choice(list(ORGANISATION_KINDS)), required=True)
def add_organisation_command(name: str, kind: str) -> None:
    """Add an organisation (voorziening) by name and kind."""
    _organisation(name.strip(), kind)
    db.session.commit()
    click.echo(f"Organisatie {name.strip()} ({ORGANISATION_KINDS[kind]}) staat klaar.")


@binc.command("demo")
@click.option(
    "--dossiers",
    type=click.IntRange(min=0),
    default=0,
    help="Extra gegenereerde dossiers in volume-organisaties (benchmarks).",
)
@click.option("--if-empty", is_flag=True, help="Enkel als er nog geen organisaties zijn.")
def demo_command(dossiers: int, if_empty: bool) -> None:
    """Load the demo organisations, people and dossiers (never in production)."""
    from binc_web.demo import demo_allowed, load_demo, load_volume

    if not demo_allowed(current_app.config["BINC_ENV"]):
        click.echo(
            "Demodata wordt nooit geladen in een productie-installatie (BINC_ENV=production).",
            err=True,
        )
        sys.exit(2)
    if if_empty and db.session.scalar(select(func.count()).select_from(Organisation)):
        click.echo("De databank bevat al gegevens: geen demodata geladen.")
        return
    report = load_demo(today())
    click.echo(
        f"Demo: {report.organisations} organisaties, {report.people} personen, "
        f"{report.register_entries} rijksregisterrijen, {report.dossiers} dossiers."
    )
    if dossiers:
        started = time.monotonic()
        created = load_volume(dossiers, today())
        click.echo(f"Volume: {created} dossiers in {time.monotonic() - started:.0f} s.")


def _import_file(file: str, run):
    """Open a CSV ``file`` (UTF-8, a byte-order mark is fine) and ``run`` an import on it; a
    file that cannot be read (missing, not UTF-8, header without the columns) ends the command
    with exit code 1 and nothing imported."""
    from binc_web.register import RegisterFileError, unreadable_reason

    try:
        with open(file, encoding="utf-8-sig", newline="") as handle:
            return run(handle)
    except OSError as error:
        db.session.rollback()
        raise click.ClickException(
            f"Het bestand {file} kan niet gelezen worden: {unreadable_reason(error)}."
        ) from error
    except RegisterFileError as error:
        db.session.rollback()
        raise click.ClickException(f"{file}: {error} Er werd niets ingelezen.") from error


@binc.command("import-register")
@click.argument("file", metavar="FILE.csv")
def import_register_command(file: str) -> None:
    """K-1: add or update register rows (by rijksregisternummer) from a CSV file.

    \b
    The file is UTF-8 with a header line; comma or semicolon separated. Columns:
      rijksregisternummer  11 digits without spaces or punctuation (or a BIS number)
      naam, voornaam       mandatory
      geslacht             M, V or X
      geboortedatum        dd/mm/jjjj, equal to the birth date in the number
      nationaliteit, straat, huisnummer, postcode, gemeente, land   may be empty
    Refused lines are listed with their line number and reason; the others are imported.
    Exit code 1, importing nothing, when the file cannot be read.
    """
    from binc_web.register import import_register, read_register_file

    report = _import_file(file, lambda handle: import_register(read_register_file(handle), today()))
    db.session.commit()
    click.echo(
        f"Rijksregister ingelezen uit {file}: {report.added} nieuw, {report.updated} bijgewerkt, "
        f"{report.unchanged} ongewijzigd, {len(report.rejected)} geweigerd."
    )
    for line, reason in report.rejected:
        click.echo(f"Regel {line} geweigerd: {reason}")


@binc.command("import-moduledatabank")
@click.argument("file", metavar="FILE.csv")
def import_moduledatabank_command(file: str) -> None:
    """M-2: add approvals (voorziening, typemodule, period) from a CSV file.

    \b
    The file is UTF-8 with a header line; comma or semicolon separated. Columns:
      voorziening   the organisation's name as in binc-web (any case)
      typemodule    the typemodule's code, e.g. CB-LAAG
      vanaf         dd/mm/jjjj
      tot           dd/mm/jjjj (the last day), or empty while the approval runs
    A line equal to an existing approval is left alone; a line overlapping another approval
    of the same voorziening and module is refused. Refused lines are listed with their line
    number and reason; the others are imported. Exit code 1, importing nothing, when the file
    cannot be read.
    """
    from binc_web.figures.moduledatabank_import import import_moduledatabank
    from binc_web.register import read_register_file
    from binc_web.rules.moduledatabank import MODULEDATABANK_COLUMNS

    report = _import_file(
        file,
        lambda handle: import_moduledatabank(
            read_register_file(handle, MODULEDATABANK_COLUMNS), today()
        ),
    )
    db.session.commit()
    click.echo(
        f"Moduledatabank ingelezen uit {file}: {report.added} nieuw, "
        f"{report.unchanged} ongewijzigd, {len(report.rejected)} geweigerd."
    )
    for line, reason in report.rejected:
        click.echo(f"Regel {line} geweigerd: {reason}")


@binc.command("import-diensten")
@click.argument("file", metavar="FILE.csv")
def import_diensten_command(file: str) -> None:
    """F-1: add services and their contact persons to the directory documents are shared with.

    \b
    The file is UTF-8 with a header line; comma or semicolon separated. Columns:
      dienst             the service's name (any case or accents find an existing one)
      soort              consulent (OCJ, sociale dienst jeugdrechtbank: F-2), dienst (other
                         receiving services) or voorziening (an organisation of binc-web)
      naam medewerker    a contact person, or empty together with the e-mail
      e-mail medewerker  the contact person's e-mail address
    A service or contact already known is left alone (a contact's name is updated), so the
    file can be loaded again. Refused lines are listed with their line number and reason; the
    others are imported. Exit code 1, importing nothing, when the file cannot be read.
    """
    from binc_web.directory.entries import import_directory
    from binc_web.register import read_register_file
    from binc_web.rules.directory import DIRECTORY_COLUMNS, DIRECTORY_OPTIONAL_COLUMNS

    report = _import_file(
        file,
        lambda handle: import_directory(
            read_register_file(handle, DIRECTORY_COLUMNS, DIRECTORY_OPTIONAL_COLUMNS)
        ),
    )
    db.session.commit()
    services = count_noun(report.services_added, "nieuwe dienst", "nieuwe diensten")
    contacts = count_noun(report.contacts_added, "nieuwe medewerker", "nieuwe medewerkers")
    click.echo(
        f"Diensten ingelezen uit {file}: {services}, {contacts}, "
        f"{report.contacts_updated} bijgewerkt, {report.unchanged} ongewijzigd, "
        f"{len(report.rejected)} geweigerd."
    )
    for line, reason in report.rejected:
        click.echo(f"Regel {line} geweigerd: {reason}")


@binc.command("purge-sessions")
def purge_sessions_command() -> None:
    """Delete the expired sessions from the database (Redis forgets them by itself)."""
    from binc_web.auth.store import purge_expired_sessions

    removed = purge_expired_sessions()
    noun = "sessie" if removed == 1 else "sessies"
    click.echo(f"{removed} verlopen {noun} verwijderd.")


@binc.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, writable=True, path_type=Path))
def backup_command(path: Path) -> None:
    """Write a consistent copy of the whole database to PATH (also while the app runs):
    SQLite with its online backup API, PostgreSQL with pg_dump --format=custom."""
    from binc_web.backup import BackupError, backup

    try:
        backup(current_app.config["SQLALCHEMY_DATABASE_URI"], path)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Back-up geschreven naar {path}.")


@binc.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Ook een databank met gegevens overschrijven.")
def restore_command(path: Path, force: bool) -> None:
    """Replace the database by the backup at PATH; refused when it holds data, unless --force.
    Stop binc-web first."""
    from binc_web.backup import BackupError, restore

    db.session.remove()
    try:
        restore(db.engine, path, force=force)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Databank hersteld uit {path}.")


@binc.command("check")
def check_command() -> None:
    """Check the configuration: one line per check, exit code 1 on any problem."""
    from binc_web.doctor import run_checks

    findings = run_checks(current_app)
    for finding in findings:
        click.echo(finding.line())
    if any(finding.problem for finding in findings):
        sys.exit(1)


@binc.command("consumer")
@click.option("--workers", type=int, default=None, help="Aantal threads (JOBS_WORKERS).")
def consumer_command(workers: int | None) -> None:
    """Run the background-job consumer (Huey) with its periodic tasks until stopped."""
    import logging

    from binc_web.jobs import create_consumer, huey

    if huey.immediate:
        raise click.ClickException("JOBS_IMMEDIATE staat aan: er is geen wachtrij om te volgen.")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    workers = workers or current_app.config["JOBS_WORKERS"]
    create_consumer(workers).run()


def day_option(noun: str):
    """``--date``: the day (or night) a command acts for, JJJJ-MM-DD or DD/MM/JJJJ."""
    return click.option(
        "--date",
        "day",
        type=click.DateTime(formats=["%Y-%m-%d", "%d/%m/%Y"]),
        default=None,
        help=f"De {noun} waarvoor (standaard vandaag), als JJJJ-MM-DD of DD/MM/JJJJ.",
    )


def chosen_day(day):
    """The date of ``--date``, else today in Brussels."""
    return day.date() if day else today()


reports = AppGroup("reports", help="Kwartaal- en jaarrapporten (P-3).")
binc.add_command(reports)


@reports.command("run-due")
@day_option("dag")
def run_due_reports_command(day) -> None:
    """P-3: make the quarterly and annual reports due on a day (from cron, instead of the
    consumer's schedule or beside it: each is made once)."""
    from binc_web.reports.generation import make_due_reports

    made = make_due_reports(chosen_day(day))
    click.echo(f"{count_noun(made, 'rapportenset', 'rapportensets')} gemaakt of bijgewerkt.")


groeipakket = AppGroup("groeipakket", help="De Groeipakket-doorstroming (G-1).")
binc.add_command(groeipakket)


@groeipakket.command("run")
@day_option("nacht")
def run_groeipakket_command(day) -> None:
    """G-1: hand the pending Groeipakket rows to the payer now, as the nightly task does."""
    from binc_web.groeipakket.feed import drop_folder, file_name, run_feed

    run = run_feed(chosen_day(day))
    target = drop_folder() / file_name(run)
    if not run.rows_on + run.rows_off:
        click.echo(f"Geen wijzigingen voor het Groeipakket: leeg bestand bezorgd in {target}.")
        return
    rows = count_noun(run.rows_on + run.rows_off, "wijziging", "wijzigingen")
    click.echo(f"{rows} bezorgd in {target}.")


@binc.command("purge-access-log")
def purge_access_log_command() -> None:
    """Delete access-log entries older than ACCESS_LOG_RETENTION_YEARS (docs/privacy.md)."""
    from binc_web.privacy.access_log import purge_access_log

    removed = purge_access_log(today(), current_app.config["ACCESS_LOG_RETENTION_YEARS"])
    noun = "raadpleging" if removed == 1 else "raadplegingen"
    click.echo(f"{removed} {noun} ouder dan de bewaartermijn verwijderd.")


@binc.command("retention")
@click.option("--dry-run", is_flag=True, help="Enkel tellen wat gewist zou worden.")
@day_option("dag")
def retention_command(dry_run: bool, day) -> None:
    """G-2: erase the personal data of every youth who turned 35 (docs/privacy.md); with
    --dry-run, only count what would go. Prints counts, never a name or number."""
    from binc_web.privacy.retention import erase_due

    outcome = erase_due(chosen_day(day), dry_run=dry_run)
    youths = count_noun(outcome.youths, "jongere", "jongeren")
    would = "zou" if outcome.youths == 1 else "zouden"
    click.echo(f"{youths} {f'{would} gewist worden' if dry_run else 'gewist'}.")
    for table, rows in sorted(outcome.counts.items()):
        if rows:
            click.echo(f"  {table}: {rows}")
    if outcome.failed:
        failed = count_noun(outcome.failed, "jongere", "jongeren")
        raise click.ClickException(
            f"{failed} niet gewist: zie het logboek (volgende nacht opnieuw)."
        )


def init_app(app: Flask) -> None:
    """Register the ``flask binc`` command group."""
    app.cli.add_command(binc)
