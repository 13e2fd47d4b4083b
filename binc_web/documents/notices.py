"""F-4: after a document was shared, one e-mail per recipient with the manual's text (never
the document itself), sent by the queue (``binc_web.mail.send_later``) after the commit."""

from __future__ import annotations

from flask import url_for

from binc_web import mail
from binc_web.models import Document
from binc_web.rules import document_notice


def announce(document: Document) -> None:
    """Ask for the notice of each share of a committed ``document``."""
    where = url_for("documents.received", _external=True)
    for share in document.shares:
        subject, body = document_notice.compose(
            file_name=document.file_name,
            description=document.beschrijving,
            sender_name=document.sender.display_name if document.sender else "",
            sender_organisation=document.organisation.name,
            addressee_name=share.naam_medewerker,
            available_until=share.delen_tot_en_met,
            where=where,
        )
        mail.send_later(share.email, subject, body)
