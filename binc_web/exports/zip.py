"""ZIP archives: named files in, bytes out (small archives), or a stream of chunks out (large
ones, never whole in memory)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from io import BytesIO, RawIOBase
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from binc_web.templating import BRUSSELS

ZIP_MIMETYPE = "application/zip"
CHUNK = 256 * 1024  # bytes compressed at a time by zip_chunks


def zip_bytes(files: dict[str, bytes], made_at: datetime) -> bytes:
    """A ZIP archive holding ``files`` (name → content), compressed, each file dated
    ``made_at`` in Brussels time."""
    # A ZIP stores a member's time without zone and a listing shows it as is: left to
    # ZipFile it would be the host's clock (UTC on a server), not what the user reads.
    stamp = made_at.astimezone(BRUSSELS).timetuple()[:6]
    buffer = BytesIO()
    with ZipFile(buffer, "w", ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(ZipInfo(name, date_time=stamp), content, ZIP_DEFLATED)
    return buffer.getvalue()


class _Chunks(RawIOBase):
    """A write-only, unseekable file that keeps what is written until it is taken (ZipFile
    then writes each member's sizes after its data, as streaming ZIP writers do)."""

    def __init__(self) -> None:
        self._written: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._written.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        data = b"".join(self._written)
        self._written.clear()
        return data


def zip_chunks(files: Iterable[tuple[str, Callable[[], bytes]]]) -> Iterator[bytes]:
    """A compressed ZIP archive of ``files`` (name, and a function giving the content, called
    when its turn comes), as chunks: one file's content in memory at a time."""
    sink = _Chunks()
    with ZipFile(sink, "w", ZIP_DEFLATED) as archive:
        for name, content in files:
            with archive.open(name, "w") as member:
                data = content()
                for offset in range(0, len(data), CHUNK):
                    member.write(data[offset : offset + CHUNK])
                    yield sink.take()
                del data  # gone before the next file is loaded: one file in memory
            yield sink.take()
    yield sink.take()
