"""F-4: e-mail through a transactional outbox, delivered in the background so that an
unreachable mail server, or a crash, loses nothing and delays nobody.

``send_later(to, subject, body)`` writes the message into ``mail_outbox`` in the caller's
transaction; when it commits, a ``deliver_mail`` task goes onto the queue for it, which Huey
retries (``MAIL_RETRIES`` times, every ``MAIL_RETRY_DELAY`` seconds) until the server takes it,
and which marks the row sent. A transaction that rolls back sends nothing. The periodic
``deliver_pending_mail`` queues the rows whose task was lost (a crash between the commit and
the enqueue, a worker killed while sending) and removes sent rows after ``KEEP_SENT``
(docs/decisions.md, "E-mail through an outbox").

Where messages go follows ``MAIL_BACKEND`` (Flask-Mailman), by default per profile: SMTP
(``MAIL_SERVER``, ``MAIL_PORT``, …) in production, one file per message batch in
``instance/outbox/`` in development, a list in memory in tests
(``current_app.extensions["mailman"].outbox``).
"""

from __future__ import annotations

import logging
import smtplib
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask
from flask_mailman import EmailMessage, Mail
from huey import crontab
from huey.exceptions import CancelExecution
from sqlalchemy import and_, delete, event, or_, select, update
from sqlalchemy.orm import Session, SessionTransaction

from binc_web.extensions import db
from binc_web.jobs import periodic_task, task
from binc_web.models.base import utcnow
from binc_web.models.mail import OutgoingMail

logger = logging.getLogger(__name__)

mail = Mail()

BACKENDS = {"production": "smtp", "development": "file", "testing": "locmem"}
# A mail server that is down for a day loses nothing: a try every 15 minutes for 24 hours.
MAIL_RETRIES = 96
MAIL_RETRY_DELAY = 15 * 60
# A delivery attempt keeps other workers off its message this long: far longer than a send
# takes (the SMTP timeout), shorter than the retry delay (the next try may claim it again).
CLAIM = timedelta(minutes=10)
# A message written this long ago and never tried lost its task (a crash after the commit).
NEVER_TRIED = timedelta(minutes=10)
# A message tried but not again for this long lost its retries (a worker killed mid-send).
STALLED = timedelta(seconds=2 * MAIL_RETRY_DELAY)
# Sent and refused messages stay this long (what was sent to whom, for questions), no longer.
KEEP_SENT = timedelta(days=30)
# The session.info key of the ids of messages waiting for the transaction to commit.
PENDING = "binc_pending_mail"


def install_mail(app: Flask) -> None:
    """Choose the backend for the profile (unless ``MAIL_BACKEND`` is set), the outbox folder
    of the file backend and the sender, then configure Flask-Mailman."""
    # Alembic's logging set-up (migrations/env.py) disables the loggers that exist before it.
    logger.disabled = False
    config = app.config
    if not config.get("MAIL_BACKEND"):
        config["MAIL_BACKEND"] = BACKENDS[config["BINC_ENV"]]
    if not config.get("MAIL_FILE_PATH"):
        config["MAIL_FILE_PATH"] = str(Path(app.instance_path) / "outbox")
    if not config.get("MAIL_DEFAULT_SENDER"):
        config["MAIL_DEFAULT_SENDER"] = (
            f"binc-web <noreply@{urlsplit(config['BASE_URL']).hostname}>"
        )
    mail.init_app(app)


def send_later(to: str, subject: str, body: str) -> None:
    """F-4: write a plain-text e-mail to ``to`` into the outbox of the current transaction; it
    is queued when that transaction commits (never if it rolls back). The caller commits."""
    db.session.add(OutgoingMail(recipient=to, subject=subject, body=body))


class RecipientRefusedForNow(Exception):
    """The server refused the recipient with a temporary (4xx) code: try again later."""


def _claim(mail_id: int) -> OutgoingMail | None:
    """Start a delivery attempt of message ``mail_id`` and commit it, or None when it was sent,
    refused for good, or is being tried by another worker right now."""
    now = utcnow()
    claimed = db.session.execute(
        update(OutgoingMail)
        .where(
            OutgoingMail.id == mail_id,
            OutgoingMail.sent_at.is_(None),
            OutgoingMail.refused_at.is_(None),
            or_(OutgoingMail.attempted_at.is_(None), OutgoingMail.attempted_at < now - CLAIM),
        )
        .values(attempted_at=now, attempts=OutgoingMail.attempts + 1)
    )
    db.session.commit()
    return db.session.get(OutgoingMail, mail_id) if claimed.rowcount == 1 else None


def _close(message: OutgoingMail, column: str) -> None:
    """Mark ``message`` sent or refused (``column``) now, so that nobody tries it again."""
    setattr(message, column, utcnow())
    db.session.commit()


@task(retries=MAIL_RETRIES, retry_delay=MAIL_RETRY_DELAY)
def deliver_mail(mail_id: int) -> None:
    """Deliver message ``mail_id`` of the outbox through the configured backend, once: an
    error (server unreachable, temporary refusal) makes Huey try again later. An address the
    server refuses for good (a 5xx answer to the recipient) is not tried again: no later try
    can deliver it."""
    message = _claim(mail_id)
    if message is None:
        return
    try:
        EmailMessage(subject=message.subject, body=message.body, to=[message.recipient]).send()
    except smtplib.SMTPRecipientsRefused as refusal:
        # The log (Huey logs a failed task's exception) gets the server's codes only: neither
        # the address that smtplib's exception holds, nor the subject or body.
        codes = sorted(code for code, _message in refusal.recipients.values())
        if all(code >= 500 for code in codes):
            _close(message, "refused_at")
            logger.error("e-mail refused for good (%s); not tried again", codes)
            raise CancelExecution(retry=False) from None
        raise RecipientRefusedForNow(f"recipient refused for now ({codes})") from None
    _close(message, "sent_at")


def deliver_pending(now: datetime) -> int:
    """Queue the messages whose task was lost (never tried ``NEVER_TRIED`` after they were
    written, or not tried again for ``STALLED`` while retries remain) and remove those sent or
    refused more than ``KEEP_SENT`` ago; how many were queued."""
    lost = db.session.scalars(
        select(OutgoingMail.id)
        .where(
            OutgoingMail.sent_at.is_(None),
            OutgoingMail.refused_at.is_(None),
            OutgoingMail.attempts <= MAIL_RETRIES,
            or_(
                and_(
                    OutgoingMail.attempted_at.is_(None),
                    OutgoingMail.created_at < now - NEVER_TRIED,
                ),
                OutgoingMail.attempted_at < now - STALLED,
            ),
        )
        .order_by(OutgoingMail.id)
    ).all()
    db.session.execute(
        delete(OutgoingMail).where(
            or_(OutgoingMail.sent_at < now - KEEP_SENT, OutgoingMail.refused_at < now - KEEP_SENT)
        )
    )
    db.session.commit()
    for mail_id in lost:
        deliver_mail(mail_id)
    return len(lost)


@periodic_task(crontab(minute="*/5"))
def deliver_pending_mail() -> int:
    """Every five minutes: the outbox's lost messages are queued again (``deliver_pending``)."""
    return deliver_pending(utcnow())


@event.listens_for(Session, "after_flush")
def _note_written_mail(session: Session, _flush_context) -> None:
    """Remember the messages this flush wrote, to queue them when the transaction commits."""
    written = [item.id for item in session.new if isinstance(item, OutgoingMail)]
    if written:
        session.info.setdefault(PENDING, []).extend(written)


@event.listens_for(Session, "after_commit")
def _enqueue_committed_mail(session: Session) -> None:
    """The transaction that wrote these messages is committed: hand them to the queue."""
    for mail_id in session.info.pop(PENDING, []):
        try:
            deliver_mail(mail_id)
        except Exception:
            # The data and the message are committed: the request must not fail for it. Only
            # a queue that cannot be reached gets here; deliver_pending_mail queues it later.
            logger.exception("e-mail could not be queued; the outbox sweep will")


@event.listens_for(Session, "after_transaction_end")
def _forget_uncommitted_mail(session: Session, transaction: SessionTransaction) -> None:
    """A transaction that ended without commit (rolled back, or its session closed) wrote no
    message. After a commit the list is already empty."""
    if transaction.parent is None:
        session.info.pop(PENDING, None)
