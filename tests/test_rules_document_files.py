"""Issue 15 "safe files": the upload rules of F-1 (rules.document_files)."""

from __future__ import annotations

import io
import zipfile

import pytest

from binc_web.rules.document_files import (
    MAX_DOCUMENT_SIZE,
    NAME_LENGTH,
    TYPES_MESSAGE,
    detected_type,
    extension_of,
    safe_file_name,
    upload_problems,
)

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF, "application/pdf"),
        (PNG, "image/png"),
        ("Verslag met accenten: é à ü\n".encode(), "text/plain"),
        (EXE, "application/x-msdownload"),
        (b"\x00\x01\x02binary", None),
        (b"\xff\xfe\xfd", None),
    ],
)
def test_f1_type_is_read_from_the_content(content, expected):
    assert detected_type(content) == expected


def test_f1_an_office_file_is_recognised():
    assert detected_type(docx_bytes()).endswith("wordprocessingml.document")


def test_f1_exe_renamed_pdf_is_refused():
    assert upload_problems("verslag.pdf", len(EXE), detected_type(EXE)) == [TYPES_MESSAGE]


def test_f1_pdf_under_another_extension_is_refused():
    problems = upload_problems("verslag.exe", len(PDF), detected_type(PDF))
    assert problems == [
        "De naam van het bestand past niet bij de inhoud: dit bestand moet eindigen op .pdf."
    ]


def test_f1_ten_megabytes_allowed_one_byte_more_refused():
    assert upload_problems("a.pdf", MAX_DOCUMENT_SIZE, "application/pdf") == []
    assert upload_problems("a.pdf", MAX_DOCUMENT_SIZE + 1, "application/pdf") == [
        "Het bestand is groter dan 10 MB en kan niet gedeeld worden."
    ]
    assert upload_problems("a.pdf", 0, None) == ["Het gekozen bestand is leeg."]


@pytest.mark.parametrize(
    ("uploaded", "kept"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\jan\\verslag.pdf", "verslag.pdf"),
        ("ver\x00slag.pdf", "verslag.pdf"),
        ('"evolutie" verslag.pdf', "_evolutie_ verslag.pdf"),
        ("Éindverslag café.pdf", "Éindverslag café.pdf"),
        ("a\ud800b.pdf", "ab.pdf"),  # a lone surrogate (a name read with surrogateescape)
        (" . verslag.pdf . ", "verslag.pdf"),
        ("e\u0301valuatie.pdf", "\u00e9valuatie.pdf"),  # NFC: é as one character
        ("rapport.PDF", "rapport.PDF"),
        ("Xavier verslag.X", "Xavier verslag.X"),  # only dots are stripped at the ends
        ("..", "document"),
        ("  \x00 ", "document"),
        ("", "document"),
    ],
)
def test_f1_file_names_are_made_safe(uploaded, kept):
    assert safe_file_name(uploaded) == kept


def test_f1_a_long_name_is_cut_keeping_its_extension():
    kept = safe_file_name("a" * 250 + ".pdf")
    assert len(kept) == NAME_LENGTH and kept.endswith(".pdf")


def test_f1_a_long_name_keeps_an_extension_of_up_to_ten_characters():
    assert safe_file_name("a" * 250 + "." + "b" * 10) == "a" * 189 + "." + "b" * 10
    assert safe_file_name("a" * 250 + "." + "b" * 11) == ("a" * 250 + "." + "b" * 11)[:NAME_LENGTH]
    assert safe_file_name("x" * 250) == "x" * NAME_LENGTH
    # the extension is what follows the last dot
    assert safe_file_name("a" * 250 + ".v2.pdf") == "a" * 196 + ".pdf"
    assert safe_file_name("a." + "b" * 11) == "a." + "b" * 11


@pytest.mark.parametrize(
    ("name", "extension"),
    [("A.PDF", "pdf"), ("a.b.Docx", "docx"), (".pdf", ""), ("pdf", ""), ("a.", "")],
)
def test_f1_the_extension_is_the_last_part_in_lower_case(name, extension):
    assert extension_of(name) == extension


def test_f1_plain_text_may_hold_line_breaks_tabs_and_form_feeds_only():
    assert detected_type(b"regel 1\nregel 2\r\n\tkolom\f") == "text/plain"
    assert detected_type(b"regel\x0bregel") is None
    assert detected_type(b"\x1b[0m") is None


def test_f1_any_extension_of_the_detected_type_fits_and_the_refusal_names_them_all():
    assert upload_problems("foto.jpeg", 1, "image/jpeg") == []
    assert upload_problems("FOTO.JPG", 1, "image/jpeg") == []
    assert upload_problems("foto.gif", 1, "image/jpeg") == [
        "De naam van het bestand past niet bij de inhoud: dit bestand moet eindigen op "
        ".jpg of .jpeg."
    ]
