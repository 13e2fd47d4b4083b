"""G-1: the run of the Groeipakket feed: the pending outbox rows become one XML file in the drop
folder (``GROEIPAKKET_PATH``, default ``instance/groeipakket/``).

A run has two steps, so that a run killed at any moment sends no row twice and loses none:

1. **Take** (one transaction): record the run, give it every pending row, write its file's
   bytes into the run, commit. Killed before the commit: nothing happened, the rows stay
   pending for the next run.
2. **Deliver**: write the run's bytes into the drop folder under the run's own file name,
   atomically (a hidden ``.part`` file, then a rename), and note ``delivered_at``. Every run
   first delivers the earlier runs that were not: killed before the rename, the file is written
   by the next run; killed after it, the next run writes the same bytes under the same name
   again (the rename replaces it; a payer that already took the file recognises its name and
   its ``volgnummer`` values).
"""

from __future__ import annotations

import hashlib
import io
import os
from datetime import date
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import select, update

from binc_web.exports.xml import write_rows
from binc_web.extensions import db
from binc_web.models import GroeipakketRow, GroeipakketRun, Organisation, TypeModule
from binc_web.models.base import utcnow
from binc_web.rules.groeipakket import ON

# 2: the voorziening's erkenningsnummer (issue 16 item 6); version 1 stays published.
SCHEMA_VERSION = 2
SCHEMA_FILE = f"groeipakket-{SCHEMA_VERSION}.xsd"


def drop_folder(app: Flask | None = None) -> Path:
    """Where the files go: ``GROEIPAKKET_PATH``, else ``instance/groeipakket``."""
    app = app or current_app
    configured = app.config.get("GROEIPAKKET_PATH")
    return Path(configured) if configured else Path(app.instance_path) / "groeipakket"


def file_name(run: GroeipakketRun) -> str:
    """The run's file name: its night and its number (unique, and the same when written again)."""
    return f"groeipakket-{run.night:%Y%m%d}-{run.id:06d}.xml"


def _fields(row: GroeipakketRow, organisation: str, erkenningsnummer: str | None, module):
    return (
        ("volgnummer", row.id),
        ("status", row.status),
        ("rijksregisternummer", row.rijksregisternummer),
        ("organisatie_id", row.organisation_id),
        ("erkenningsnummer", erkenningsnummer),
        ("organisatie", organisation),
        ("module", row.module_code),
        ("module_naam", module or row.module_code),
        ("van", row.van),
        ("tot", row.tot),
    )


def file_content(run: GroeipakketRun) -> tuple[bytes, int, int]:
    """The run's XML file (schema ``SCHEMA_FILE``) and its numbers of aan and uit rows."""
    found = db.session.execute(
        select(GroeipakketRow, Organisation.name, Organisation.erkenningsnummer, TypeModule.name)
        .join(Organisation, Organisation.id == GroeipakketRow.organisation_id)
        .outerjoin(TypeModule, TypeModule.code == GroeipakketRow.module_code)
        .where(GroeipakketRow.run_id == run.id)
        .order_by(GroeipakketRow.id)
    ).all()
    base_url = current_app.config.get("BASE_URL")
    stream = io.BytesIO()
    write_rows(
        stream,
        "groeipakket",
        {
            "versie": str(SCHEMA_VERSION),
            "run": str(run.id),
            "nacht": run.night,
            "gegenereerd_op": run.created_at,
        },
        "wijziging",
        (_fields(*row) for row in found),
        schema_location=f"{base_url}/schema/{SCHEMA_FILE}" if base_url else None,
    )
    on = sum(1 for row, *_ in found if row.status == ON)
    return stream.getvalue(), on, len(found) - on


def take_pending_rows(night: date) -> GroeipakketRun:
    """Step 1: a run of every pending row, its file's bytes in it, committed. A night without
    pending rows is a run too, with 0 rows and a file without ``wijziging``.

    Two runs at once take disjoint rows: on PostgreSQL the second's UPDATE waits for the
    first's rows and skips those it has taken (their ``run_id`` is no longer NULL once it
    commits); SQLite writes one transaction at a time.
    """
    run = GroeipakketRun(
        night=night, created_at=utcnow(), rows_on=0, rows_off=0, sha256="", content=b""
    )
    db.session.add(run)
    db.session.flush()
    outbox = GroeipakketRow.__table__
    db.session.execute(update(outbox).where(outbox.c.run_id.is_(None)).values(run_id=run.id))
    content, run.rows_on, run.rows_off = file_content(run)
    run.content, run.sha256 = content, hashlib.sha256(content).hexdigest()
    db.session.commit()
    return run


def write_file(folder: Path, name: str, content: bytes) -> Path:
    """Write ``content`` as ``folder/name`` atomically: the name appears complete or not at
    all (a reader skips the hidden ``.part`` file), and it is on disk when this returns."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    partial = folder / f".{name}.part"
    with open(partial, "wb") as stream:
        stream.write(content)
        stream.flush()
        os.fsync(stream.fileno())
    os.replace(partial, target)
    # The rename itself survives a power cut only once the folder is synced: before the run
    # is noted as delivered.
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    return target


def mark_delivered(run: GroeipakketRun) -> None:
    run.delivered_at = utcnow()
    db.session.commit()


def deliver(run: GroeipakketRun) -> Path:
    """Step 2: the run's file in the drop folder, then noted as delivered."""
    target = write_file(drop_folder(), file_name(run), run.content)
    mark_delivered(run)
    return target


def deliver_pending_runs() -> int:
    """The files of earlier runs killed before they were delivered; how many."""
    runs = db.session.scalars(
        select(GroeipakketRun)
        .where(GroeipakketRun.delivered_at.is_(None))
        .order_by(GroeipakketRun.id)
    ).all()
    for run in runs:
        deliver(run)
    return len(runs)


def run_feed(night: date) -> GroeipakketRun:
    """G-1: one run for ``night``: deliver what earlier runs left, then take and deliver the
    pending rows. A night without any is recorded and delivered as well (FAQ "Elke nacht ...
    bezorgd"): the agency and the payer can then tell a quiet night from one that did not run."""
    deliver_pending_runs()
    run = take_pending_rows(night)
    deliver(run)
    return run
