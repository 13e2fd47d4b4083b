"""F-4: e-mail, sent in the background so that an unreachable mail server loses nothing and
delays nobody.

``send_later(to, subject, body)`` keeps the message with the database session; when that
session's transaction commits, the message goes onto the queue as a ``send_mail`` task, which
Huey retries (``MAIL_RETRIES`` times, every ``MAIL_RETRY_DELAY`` seconds) until the server takes
it. A transaction that rolls back sends nothing (docs/decisions.md, "E-mail after commit").

Where messages go follows ``MAIL_BACKEND`` (Flask-Mailman), by default per profile: SMTP
(``MAIL_SERVER``, ``MAIL_PORT``, …) in production, one file per message batch in
``instance/outbox/`` in development, a list in memory in tests
(``current_app.extensions["mailman"].outbox``).
"""

from __future__ import annotations

import logging
import smtplib
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask
from flask_mailman import EmailMessage, Mail
from huey.exceptions import CancelExecution
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from binc_web.jobs import task

logger = logging.getLogger(__name__)

mail = Mail()

BACKENDS = {"production": "smtp", "development": "file", "testing": "locmem"}
# A mail server that is down for a day loses nothing: a try every 15 minutes for 24 hours.
MAIL_RETRIES = 96
MAIL_RETRY_DELAY = 15 * 60
# The session.info key of the messages waiting for the transaction to commit.
PENDING = "binc_pending_mail"


def install_mail(app: Flask) -> None:
    """Choose the backend for the profile (unless ``MAIL_BACKEND`` is set), the outbox folder
    of the file backend and the sender, then configure Flask-Mailman."""
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
    """F-4: send a plain-text e-mail to ``to`` once the current transaction commits (never if
    it rolls back); the caller commits."""
    from binc_web.extensions import db

    session = db.session()
    if not session.in_transaction():
        # Tie the message to a transaction now, so that a rollback or a close without commit
        # drops it (rather than a later commit of the same session sending it).
        session.begin()
    session.info.setdefault(PENDING, []).append((to, subject, body))


@task(retries=MAIL_RETRIES, retry_delay=MAIL_RETRY_DELAY)
def send_mail(to: str, subject: str, body: str) -> None:
    """Deliver one message through the configured backend; an error (server unreachable,
    temporary refusal) makes Huey try again later. An address the server refuses for good
    (a 5xx answer to the recipient) is not tried again: no later try can deliver it."""
    try:
        EmailMessage(subject=subject, body=body, to=[to]).send()
    except smtplib.SMTPRecipientsRefused as refusal:
        # The log (Huey logs a failed task's exception) gets the server's codes only: neither
        # the address that smtplib's exception holds, nor the subject or body.
        codes = sorted(code for code, _message in refusal.recipients.values())
        if all(code >= 500 for code in codes):
            logger.error("e-mail refused for good (%s); not tried again", codes)
            raise CancelExecution(retry=False) from None
        raise RecipientRefusedForNow(f"recipient refused for now ({codes})") from None


class RecipientRefusedForNow(Exception):
    """The server refused the recipient with a temporary (4xx) code: try again later."""


@event.listens_for(Session, "after_commit")
def _enqueue_committed_mail(session: Session) -> None:
    """The transaction that asked for these messages is committed: hand them to the queue."""
    for to, subject, body in session.info.pop(PENDING, []):
        try:
            send_mail(to, subject, body)
        except Exception:
            # The data is committed: the request must not fail for it. Only a queue that
            # cannot be reached gets here (the sending itself happens in the task).
            logger.exception("e-mail could not be queued; it is not sent")


@event.listens_for(Session, "after_transaction_end")
def _forget_uncommitted_mail(session: Session, transaction: SessionTransaction) -> None:
    """A transaction that ended without commit (rolled back, or its session closed) sends
    nothing. After a commit the list is already empty."""
    if transaction.parent is None:
        session.info.pop(PENDING, None)
