"""Flat XML files (P-6): rows in, a stream out, written row by row so that memory stays flat
whatever the number of rows.

Flat means: a root element, one row element per record, and under it one element per field
with text only; a field without value is left out. Excel opens such a file as a table with a
filter on every column; any XML tool reads it with the published schema.

The rows are written as text, escaped here, in chunks of ``ROWS_PER_WRITE`` rows: building an
lxml element per field cost more than the database queries of an export of 100,000 dossiers
(docs/benchmarks.md). The root element and its attributes, written once, still go through
lxml.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import BinaryIO

from lxml import etree

XSI = "http://www.w3.org/2001/XMLSchema-instance"
# Characters XML 1.0 cannot hold (control characters other than tab and line breaks, lone
# surrogates, U+FFFE/U+FFFF): replaced so that no stored text can stop an export.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# What element text must escape: markup, and a carriage return (a parser would turn a bare one
# into a line feed).
_MARKUP = re.compile("[&<>\r]")
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}
ROWS_PER_WRITE = 500  # rows joined into one write to the stream
_ROWS = "\ue000"  # stands for the rows while the root element is serialised (private use)

Field = tuple[str, object]


def plain_text(value: object) -> str:
    """A field's value as text: dates as ISO dates (xs:date), booleans as ja/nee, numbers as
    digits, characters XML cannot hold replaced by U+FFFD."""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, date):  # a datetime is a date too
        return value.isoformat()
    text = value if isinstance(value, str) else str(value)
    if text.isprintable():  # the common case skips the pattern
        return text
    return _NOT_IN_XML.sub("\ufffd", text)


def xml_text(value: object) -> str:
    """A field's value as escaped XML element text (``plain_text``)."""
    text = plain_text(value)
    if _MARKUP.search(text):
        return _MARKUP.sub(lambda match: _ESCAPES[match.group()], text)
    return text


def element(name: str, value: object) -> str:
    """``<name>value</name>``, or "" for a field without value (None or empty text)."""
    if value is None or value == "":
        return ""
    return f"<{name}>{xml_text(value)}</{name}>"


# The types whose text never needs escaping, with their conversion (the fast path of a row).
_PLAIN = {
    bool: lambda value: "ja" if value else "nee",
    int: str,
    date: date.isoformat,
    datetime: datetime.isoformat,
}


def write_rows(
    stream: BinaryIO,
    root: str,
    attributes: dict[str, object],
    row: str,
    rows: Iterable[Iterable[Field | str]],
    *,
    schema_location: str | None = None,
) -> None:
    """Write ``<root …><row><field>value</field>…</row>…</root>`` into ``stream``; fields whose
    value is None or empty are left out. A field is a (name, value) pair, or text made by
    :func:`element` (a caller that meets the same value often renders it once)."""
    head, tail = _root_tags(root, attributes, schema_location)
    stream.write(head)
    start, end = f"<{row}>", f"</{row}>"
    chunk: list[str] = []
    append = chunk.append
    for number, fields in enumerate(rows, start=1):
        append(start)
        # The loop below is :func:`element` written out: it runs for every field of every
        # row, and the calls it saves are a third of an export's time.
        for field in fields:
            if field.__class__ is str:
                append(field)
                continue
            name, value = field
            if value is None or value == "":
                continue
            plain = _PLAIN.get(value.__class__)
            if plain is not None:
                text = plain(value)
            elif value.__class__ is str and value.isprintable() and not _MARKUP.search(value):
                text = value
            else:
                text = xml_text(value)
            append(f"<{name}>{text}</{name}>")
        append(end)
        if number % ROWS_PER_WRITE == 0:
            stream.write("".join(chunk).encode())
            chunk.clear()
    stream.write("".join(chunk).encode())
    stream.write(tail)


def _root_tags(
    root: str, attributes: dict[str, object], schema_location: str | None
) -> tuple[bytes, bytes]:
    """The XML declaration with the root's start tag, and its end tag, serialised by lxml
    (attribute escaping, the xsi namespace)."""
    root_attributes = {name: plain_text(value) for name, value in attributes.items()}
    nsmap = None
    if schema_location:
        root_attributes[f"{{{XSI}}}noNamespaceSchemaLocation"] = schema_location
        nsmap = {"xsi": XSI}
    document = etree.Element(root, root_attributes, nsmap=nsmap)
    document.text = _ROWS
    serialised = etree.tostring(document, encoding="utf-8", xml_declaration=True)
    head, tail = serialised.rsplit(_ROWS.encode(), 1)  # the text comes after the attributes
    return head, tail
