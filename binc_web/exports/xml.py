"""Flat XML files (P-6): rows in, a stream out, written element by element with lxml's
``xmlfile`` so that memory stays flat whatever the number of rows.

Flat means: a root element, one row element per record, and under it one element per field
with text only; a field without value is left out. Excel opens such a file as a table with a
filter on every column; any XML tool reads it with the published schema.
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
FLUSH_EVERY = 500  # rows between flushes of lxml's buffer into the stream

Field = tuple[str, object]


def xml_text(value: object) -> str:
    """A field's value as XML text: dates as ISO dates (xs:date), booleans as ja/nee."""
    if isinstance(value, str) and value.isprintable():
        return value  # the common case, without the pattern below
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return _NOT_IN_XML.sub("\ufffd", str(value))


def write_rows(
    stream: BinaryIO,
    root: str,
    attributes: dict[str, str],
    row: str,
    rows: Iterable[Iterable[Field]],
    *,
    schema_location: str | None = None,
) -> None:
    """Write ``<root …><row><field>value</field>…</row>…</root>`` into ``stream``; fields whose
    value is None or empty are left out."""
    root_attributes = {name: xml_text(value) for name, value in attributes.items()}
    if schema_location:
        root_attributes[f"{{{XSI}}}noNamespaceSchemaLocation"] = schema_location
    with etree.xmlfile(stream, encoding="utf-8") as document:
        document.write_declaration()
        with document.element(
            root, root_attributes, nsmap={"xsi": XSI} if schema_location else None
        ):
            for number, fields in enumerate(rows, start=1):
                element = etree.Element(row)
                for name, value in fields:
                    if value is not None and value != "":
                        etree.SubElement(element, name).text = xml_text(value)
                document.write(element)
                if number % FLUSH_EVERY == 0:
                    document.flush()
