"""F-1 and issue 15 "safe files": which uploads a shared document may be, and the name it is
downloaded under.

The type is read from the content (the ``filetype`` library), never believed from the name:
an allow-list of PDF, office and OpenDocument files, images and plain text, and the name's
extension must be one of the detected type's, so that a program renamed ``.pdf`` is refused and
a PDF is never handed out as ``.exe``.
"""

from __future__ import annotations

import unicodedata

import filetype

# F-1: "max. 10 MB" (manual 15.1), in bytes.
MAX_DOCUMENT_SIZE = 10 * 1024 * 1024
NAME_LENGTH = 200
DESCRIPTION_LENGTH = 300

PLAIN_TEXT = "text/plain"
# The allowed types (as detected) and the extensions a file of that type may carry.
ALLOWED_TYPES: dict[str, tuple[str, ...]] = {
    "application/pdf": ("pdf",),
    "application/msword": ("doc",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("docx",),
    "application/vnd.ms-excel": ("xls",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("xlsx",),
    "application/vnd.ms-powerpoint": ("ppt",),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ("pptx",),
    "application/vnd.oasis.opendocument.text": ("odt",),
    "application/vnd.oasis.opendocument.spreadsheet": ("ods",),
    "application/vnd.oasis.opendocument.presentation": ("odp",),
    "image/jpeg": ("jpg", "jpeg"),
    "image/png": ("png",),
    "image/gif": ("gif",),
    "image/tiff": ("tif", "tiff"),
    "image/webp": ("webp",),
    PLAIN_TEXT: ("txt", "csv"),
}
ALLOWED_EXTENSIONS = sorted({ext for exts in ALLOWED_TYPES.values() for ext in exts})
TYPES_MESSAGE = (
    "Enkel PDF-, Word-, Excel-, PowerPoint-, OpenDocument-, afbeeldings- en tekstbestanden "
    "kunnen gedeeld worden."
)
# Where a name is cut, characters a file system or a header would trip over.
_UNSAFE = frozenset('/\\:*?"<>|')


def detected_type(content: bytes) -> str | None:
    """The type read from the bytes, or ``text/plain`` for UTF-8 text without control
    characters other than line breaks and tabs; None when it is neither."""
    kind = filetype.guess(content[:8192]) if content else None
    if kind is not None:
        return kind.mime
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if any(unicodedata.category(c) == "Cc" and c not in "\n\r\t\f" for c in text):
        return None
    return PLAIN_TEXT


def safe_file_name(name: str) -> str:
    """The uploaded name as it is shown and downloaded: only its last path part, without
    control characters or characters unsafe in a file name, at most ``NAME_LENGTH`` characters
    with its extension kept; "document" when nothing is left."""
    last = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(
        "_" if c in _UNSAFE else c for c in last if unicodedata.category(c) not in ("Cc", "Cs")
    )
    cleaned = unicodedata.normalize("NFC", cleaned).strip().strip(".").strip()
    if not cleaned:
        return "document"
    stem, dot, extension = cleaned.rpartition(".")
    if not dot or len(extension) > 10:
        return cleaned[:NAME_LENGTH]
    return stem[: NAME_LENGTH - len(extension) - 1] + "." + extension


def extension_of(name: str) -> str:
    """The lower-case extension of a file name ("" when it has none)."""
    stem, dot, extension = name.rpartition(".")
    return extension.lower() if dot and stem else ""


def upload_problems(name: str, size: int, content_type: str | None) -> list[str]:
    """F-1: why this upload cannot be shared (empty, too large, a type not allowed, or a name
    that does not fit what the content is)."""
    if size == 0:
        return ["Het gekozen bestand is leeg."]
    if size > MAX_DOCUMENT_SIZE:
        return ["Het bestand is groter dan 10 MB en kan niet gedeeld worden."]
    if content_type not in ALLOWED_TYPES:
        return [TYPES_MESSAGE]
    if extension_of(name) not in ALLOWED_TYPES[content_type]:
        expected = " of ".join(f".{ext}" for ext in ALLOWED_TYPES[content_type])
        return [
            f"De naam van het bestand past niet bij de inhoud: dit bestand moet eindigen op "
            f"{expected}."
        ]
    return []
