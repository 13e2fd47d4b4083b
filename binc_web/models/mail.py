"""F-4: the mail outbox. Every e-mail is first a row here, written in the transaction that
asks for it (``binc_web.mail.send_later``), so that a commit cannot happen without it; the
queue delivers it and marks it sent (docs/decisions.md, "E-mail through an outbox")."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from binc_web.extensions import db
from binc_web.models.base import utcnow


class OutgoingMail(db.Model):
    """One plain-text e-mail to one address, pending until ``sent_at`` (or ``refused_at``:
    the server refused the address for good)."""

    __tablename__ = "mail_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text)
    # The start of the latest delivery attempt: a claim that keeps other workers off the row
    # for ``mail.CLAIM_SECONDS`` (a second copy of the task sends nothing).
    attempted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    refused_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
