"""ZIP archives: named files in, bytes out."""

from __future__ import annotations

from io import BytesIO
from zipfile import ZIP_DEFLATED, ZipFile

ZIP_MIMETYPE = "application/zip"


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """A ZIP archive holding ``files`` (name → content), compressed."""
    buffer = BytesIO()
    with ZipFile(buffer, "w", ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()
