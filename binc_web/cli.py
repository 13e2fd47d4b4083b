"""``flask binc …`` commands: set-up, organisations, demo and volume data."""

from __future__ import annotations

import sys
import time

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from binc_web.catalogue import sync_catalogue
from binc_web.extensions import db
from binc_web.models import Membership, Organisation, Person
from binc_web.rules.national_number import national_number_problems
from binc_web.rules.roles import ORGANISATION_KINDS
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
        organisation = Organisation(name=name, kind=kind)
        db.session.add(organisation)
        db.session.flush()
    elif organisation.kind != kind:
        raise click.ClickException(f"{name} bestaat al als {organisation.kind}, niet als {kind}.")
    return organisation


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
    from binc_web.register import (
        RegisterFileError,
        import_register,
        read_register_file,
        unreadable_reason,
    )

    try:
        with open(file, encoding="utf-8-sig", newline="") as handle:
            report = import_register(read_register_file(handle), today())
    except OSError as error:
        db.session.rollback()
        raise click.ClickException(
            f"Het bestand {file} kan niet gelezen worden: {unreadable_reason(error)}."
        ) from error
    except RegisterFileError as error:
        db.session.rollback()
        raise click.ClickException(f"{file}: {error} Er werd niets ingelezen.") from error
    db.session.commit()
    click.echo(
        f"Rijksregister ingelezen uit {file}: {report.added} nieuw, {report.updated} bijgewerkt, "
        f"{report.unchanged} ongewijzigd, {len(report.rejected)} geweigerd."
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


@binc.command("purge-access-log")
def purge_access_log_command() -> None:
    """Delete access-log entries older than ACCESS_LOG_RETENTION_YEARS (docs/privacy.md)."""
    from binc_web.privacy.access_log import purge_access_log

    removed = purge_access_log(today(), current_app.config["ACCESS_LOG_RETENTION_YEARS"])
    noun = "raadpleging" if removed == 1 else "raadplegingen"
    click.echo(f"{removed} {noun} ouder dan de bewaartermijn verwijderd.")


def init_app(app: Flask) -> None:
    """Register the ``flask binc`` command group."""
    app.cli.add_command(binc)
