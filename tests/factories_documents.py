"""Documents for tests (F-1..F-5): real files, shared the way the app shares them."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

from binc_web import storage
from binc_web.directory import service_of
from binc_web.extensions import db
from binc_web.models import Document, DocumentShare, Service
from binc_web.templating import today

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
CONSULENT_MAIL = "consulent@ocj-antwerpen.example"


def pdf_of_size(size: int) -> bytes:
    """A PDF (by its header) of exactly ``size`` bytes."""
    return PDF + b"%" * (size - len(PDF))


def consulent_service() -> Service:
    """A consulent-type service of the directory (F-2), not an organisation of the instance."""
    service = Service(name="OCJ Antwerpen", kind="consulent")
    db.session.add(service)
    db.session.flush()
    return service


def shared_document(
    organisation,
    sender,
    *,
    to: list[tuple[Service, str]],
    dossier=None,
    vertrouwelijk: bool = False,
    until: date | None = None,
    personal_for=None,
    content: bytes = PDF,
    name: str = "verslag.pdf",
) -> Document:
    """A document of ``organisation`` sent by ``sender`` to each (service, e-mail) of ``to``."""
    stored = storage.store(organisation.id, name, "application/pdf", content)
    until = until or today() + timedelta(days=30)
    document = Document(
        organisation_id=organisation.id,
        sender_id=sender.id,
        dossier_id=dossier.id if dossier else None,
        beschrijving="Evolutieverslag",
        vertrouwelijk=vertrouwelijk,
        stored_file=stored,
        file_name=name,
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        available_until=until,
        shares=[
            DocumentShare(
                service=service,
                naam_medewerker="Ontvanger",
                email=email,
                delen_tot_en_met=until,
                personal_recipient_id=personal_for.id if personal_for else None,
            )
            for service, email in to
        ],
    )
    db.session.add(document)
    db.session.flush()
    return document


def to_organisation(organisation, email: str = "pieter@anker.example"):
    return (service_of(organisation), email)
