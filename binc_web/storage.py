"""Stored files: write, read as a download, remove, and expire (the ``stored_files`` table).

Reports use it now and documents will: one module, one table. The bytes are a deferred column,
so that lists of files never load them; a download loads them once and streams them out.
"""

from __future__ import annotations

import hashlib
import io
from datetime import UTC, datetime

from flask import Response, send_file
from huey import crontab
from sqlalchemy import delete

from binc_web.extensions import db
from binc_web.jobs import periodic_task
from binc_web.models import StoredFile


def store(
    organisation_id: int,
    name: str,
    content_type: str,
    data: bytes,
    expires_at: datetime | None = None,
) -> StoredFile:
    """Add a file to the session (the caller commits, with whatever refers to it)."""
    stored = StoredFile(
        organisation_id=organisation_id,
        name=name,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        content=data,
        expires_at=expires_at,
    )
    db.session.add(stored)
    db.session.flush()
    return stored


def remove(files: list[StoredFile]) -> None:
    """Delete files (what refers to them with ON DELETE CASCADE goes with them)."""
    ids = [stored.id for stored in files]
    if ids:
        db.session.execute(delete(StoredFile).where(StoredFile.id.in_(ids)))


def download(stored: StoredFile) -> Response:
    """Convention 14: the file as an attachment under its own name; a file whose bytes no
    longer match their sha256 is refused rather than handed out."""
    data = stored.content
    if hashlib.sha256(data).hexdigest() != stored.sha256:
        raise ValueError(f"stored file {stored.id} does not match its sha256")
    return attachment(data, stored.name, stored.content_type)


def attachment(data: bytes, name: str, content_type: str) -> Response:
    """Convention 14: ``data`` as an attachment named ``name`` (RFC 5987 ``filename*``, accents
    kept, an ASCII fallback), with its type, never cached, streamed in chunks."""
    response = send_file(
        io.BytesIO(data),
        mimetype=content_type,
        as_attachment=True,
        download_name=name,
        conditional=False,
        etag=False,
        max_age=0,
    )
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def remove_expired(now: datetime | None = None) -> int:
    """Delete the files whose ``expires_at`` has passed; how many went."""
    moment = now or datetime.now(UTC)
    result = db.session.execute(delete(StoredFile).where(StoredFile.expires_at <= moment))
    db.session.commit()
    return result.rowcount


@periodic_task(crontab(minute="17"))
def remove_expired_files() -> int:
    """Every hour: expired stored files are removed (a periodic task of the queue)."""
    return remove_expired()
