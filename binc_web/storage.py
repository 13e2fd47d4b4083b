"""Stored files: write, read as a download, remove, and expire (the ``stored_files`` table).

Reports use it now and documents will: one module, one table. The bytes are a deferred column,
so that lists of files never load them; a download loads them once and streams them out, and a
ZIP of several files is made while it is sent, loading one file at a time.
"""

from __future__ import annotations

import functools
import hashlib
import io
import unicodedata
from datetime import UTC, datetime
from urllib.parse import quote

from flask import Response, send_file, stream_with_context
from huey import crontab
from sqlalchemy import delete

from binc_web.exports.zip import ZIP_MIMETYPE, zip_chunks
from binc_web.extensions import db
from binc_web.jobs import periodic_task
from binc_web.models import StoredFile

RFC_5987_SAFE = "!#$&+-.^_`|~"  # attr-char besides letters and digits, as werkzeug quotes


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


def verified_content(stored: StoredFile) -> bytes:
    """The file's bytes, refused (ValueError) when they no longer match their sha256."""
    data = stored.content
    if hashlib.sha256(data).hexdigest() != stored.sha256:
        raise ValueError(f"stored file {stored.id} does not match its sha256")
    return data


def download(stored: StoredFile) -> Response:
    """Convention 14: the file as an attachment under its own name; a file whose bytes no
    longer match their sha256 is refused rather than handed out."""
    return attachment(verified_content(stored), stored.name, stored.content_type)


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
    return _private(response)


def download_archive(name: str, files: list[StoredFile]) -> Response:
    """Convention 14 for a ZIP of stored files, made while it is sent: compressed file by
    file, one file's bytes loaded at a time (each checked against its sha256), so that an
    archive is never whole in memory nor stored twice. A file found changed ends the stream
    before the archive's directory: the download is then broken, never wrong."""
    members = [(stored.name, functools.partial(_loaded_once, stored.id)) for stored in files]
    response = Response(
        stream_with_context(zip_chunks(members)), mimetype=ZIP_MIMETYPE, direct_passthrough=True
    )
    response.headers.set("Content-Disposition", "attachment", **_file_name(name))
    return _private(response)


def _loaded_once(stored_id: int) -> bytes:
    """The verified bytes of a stored file, read in the session of the moment (a streamed
    response runs in an application context of its own) and not kept in it."""
    stored = db.session.get_one(StoredFile, stored_id)
    data = verified_content(stored)
    db.session.expunge(stored)
    return data


def _file_name(name: str) -> dict[str, str]:
    """The Content-Disposition name parameters as ``send_file`` writes them: an ASCII
    fallback and the name itself per RFC 5987 (accents kept)."""
    if name.isascii():
        return {"filename": name}
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return {"filename": ascii_name, "filename*": f"UTF-8''{quote(name, safe=RFC_5987_SAFE)}"}


def _private(response: Response) -> Response:
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
