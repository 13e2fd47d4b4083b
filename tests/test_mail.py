"""F-4: e-mail leaves after the transaction that asked for it commits, through a Huey task
that retries until the mail server takes it; a file outbox in development, memory in tests.

The retry test talks to a real SMTP server (aiosmtpd, port 5301) that is down at first, then
refuses once with a temporary error, then accepts.
"""

from __future__ import annotations

import email
import email.policy
import logging
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from aiosmtpd.controller import Controller
from sqlalchemy import select

from binc_web import create_app
from binc_web.extensions import db
from binc_web.jobs import huey, install_jobs
from binc_web.mail import MAIL_RETRY_DELAY, deliver_mail, deliver_pending, send_later
from binc_web.models import OutgoingMail
from tests import factories
from tests.conftest import app_config

SMTP_PORT = 5301


def outbox(app) -> list:
    """What the in-memory backend received."""
    return getattr(app.extensions["mailman"], "outbox", [])


def test_f4_a_committed_mail_is_delivered_with_the_default_sender(app):
    send_later("els.vanacker@ocj.example.org", "Document gedeeld", "Beste,\n\nTekst.")
    assert outbox(app) == []
    db.session.commit()

    [message] = outbox(app)
    assert message.to == ["els.vanacker@ocj.example.org"]
    assert (message.subject, message.body) == ("Document gedeeld", "Beste,\n\nTekst.")
    assert message.from_email == "binc-web <noreply@localhost>"


def test_f4_nothing_is_sent_when_the_transaction_rolls_back(app):
    factories.organisation("NAFT De Brug", "naft")
    send_later("els@example.org", "Teruggedraaid", "Niet verzenden.")
    db.session.rollback()
    send_later("els@example.org", "Niet bewaard", "De sessie sluit zonder commit.")
    db.session.close()

    send_later("els@example.org", "Wel bewaard", "Verzenden.")
    db.session.commit()

    assert [message.subject for message in outbox(app)] == ["Wel bewaard"]


def test_f4_the_development_profile_writes_mail_into_the_instance_outbox(
    app, tmp_path, monkeypatch
):
    monkeypatch.setenv("BINC_INSTANCE_PATH", str(tmp_path / "instance"))
    developing = create_app(
        app_config(app.config["SQLALCHEMY_DATABASE_URI"], "http://127.0.0.1:9")
        | {"BINC_ENV": "development", "JOBS_IMMEDIATE": True}
    )
    assert developing.config["MAIL_BACKEND"] == "file"
    with developing.app_context():
        send_later("els@example.org", "Naar de outbox", "In een bestand.")
        db.session.commit()

    [written] = list((tmp_path / "instance" / "outbox").iterdir())
    assert "Subject: Naar de outbox" in written.read_text()
    assert developing.config["MAIL_DEFAULT_SENDER"] == "binc-web <noreply@127.0.0.1>"


def test_f4_production_sends_by_smtp(app):
    production = create_app(
        app_config(app.config["SQLALCHEMY_DATABASE_URI"], "http://127.0.0.1:9")
        | {"BINC_ENV": "production", "BASE_URL": "https://binc.example.org", "JOBS_IMMEDIATE": True}
    )
    assert production.config["MAIL_BACKEND"] == "smtp"
    assert production.config["MAIL_DEFAULT_SENDER"] == "binc-web <noreply@binc.example.org>"


class RefusesOnce:
    """An aiosmtpd handler that answers the first message with a temporary refusal (451)."""

    def __init__(self):
        self.attempts = 0
        self.received: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        self.attempts += 1
        if self.attempts == 1:
            return "451 4.3.0 Tijdelijk niet beschikbaar"
        self.received.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 OK"


@contextmanager
def smtp_app_on_a_queue(app, tmp_path):
    """An app that sends by SMTP to 127.0.0.1:SMTP_PORT through a real (SQLite) queue."""
    with app_on_a_queue(
        app,
        tmp_path,
        MAIL_BACKEND="smtp",
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=SMTP_PORT,
        MAIL_TIMEOUT=10,
    ) as queued:
        yield queued


@contextmanager
def app_on_a_queue(app, tmp_path, **settings):
    """An app with ``settings`` whose tasks go through a real (SQLite) queue."""
    queued = create_app(
        app_config(app.config["SQLALCHEMY_DATABASE_URI"], "http://127.0.0.1:9")
        | {"JOBS_IMMEDIATE": False, "JOBS_URL": f"sqlite:///{tmp_path / 'jobs.sqlite3'}"}
        | settings
    )
    install_jobs(queued)
    huey.flush()
    try:
        with queued.app_context():
            yield queued
    finally:
        huey.flush()
        install_jobs(app)


def run_due_tasks(after_seconds: float) -> int:
    """Run what the queue holds and what its schedule holds ``after_seconds`` from now, with the
    clock moved there (the consumer's worker and scheduler, without waiting)."""
    ran = 0
    with time_machine.travel(datetime.now(UTC) + timedelta(seconds=after_seconds), tick=True):
        while (task := huey.dequeue()) is not None:
            huey.execute(task)
            ran += 1
        moment = datetime.utcnow()  # Huey's clock: naive UTC
        for task in huey.read_schedule(moment):
            huey.execute(task, moment)
            ran += 1
    return ran


def test_f4_an_unreachable_mail_server_delays_nothing_and_gets_the_mail_later(app, tmp_path):
    handler = RefusesOnce()
    with smtp_app_on_a_queue(app, tmp_path):
        send_later("karin.mertens@sdj.example.org", "Document gedeeld", "Beste,\n\nZoë.")
        db.session.commit()
        # The request is done: the message waits on the queue, nothing was sent yet.
        assert huey.pending_count() == 1

        assert run_due_tasks(after_seconds=0) == 1  # the server is down
        assert huey.scheduled_count() == 1
        assert run_due_tasks(after_seconds=0) == 0  # not before the retry delay

        controller = Controller(handler, hostname="127.0.0.1", port=SMTP_PORT)
        controller.start()
        try:
            assert run_due_tasks(after_seconds=MAIL_RETRY_DELAY + 1) == 1  # 451: later again
            assert (handler.attempts, handler.received) == (1, [])
            assert run_due_tasks(after_seconds=2 * MAIL_RETRY_DELAY + 2) == 1
        finally:
            controller.stop()
        assert huey.scheduled_count() == 0

    [message] = handler.received
    assert message["To"] == "karin.mertens@sdj.example.org"
    assert message["Subject"] == "Document gedeeld"
    assert message.get_content().replace("\r\n", "\n") == "Beste,\n\nZoë.\n"


class RefusesTheAddress:
    """An aiosmtpd handler that refuses one address for good (550) and another for now (450)."""

    def __init__(self):
        self.attempts = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.attempts += 1
        if address.startswith("onbekend@"):
            return "550 5.1.1 Onbekende ontvanger"
        return "450 4.2.1 Postbus tijdelijk vol"


def test_f4_an_address_refused_for_good_is_not_tried_again_but_a_full_mailbox_is(
    app, tmp_path, caplog, monkeypatch
):
    # Huey logs a failed task's exception; a migration test run before may have disabled its
    # logger (Alembic's logging set-up), and this test reads what it logs.
    monkeypatch.setattr(logging.getLogger("huey"), "disabled", False)
    handler = RefusesTheAddress()
    controller = Controller(handler, hostname="127.0.0.1", port=SMTP_PORT)
    controller.start()
    try:
        with smtp_app_on_a_queue(app, tmp_path):
            send_later("onbekend@ocj.example.org", "Document gedeeld", "Beste, Zoë")
            send_later("vol@ocj.example.org", "Document gedeeld", "Beste, Zoë")
            db.session.commit()
            assert run_due_tasks(after_seconds=0) == 2
            assert handler.attempts == 2
            # Only the full mailbox waits for another try.
            assert huey.scheduled_count() == 1
            assert run_due_tasks(after_seconds=MAIL_RETRY_DELAY + 1) == 1
            assert handler.attempts == 3
    finally:
        controller.stop()
    refused = [r.getMessage() for r in caplog.records if "refused for good" in r.getMessage()]
    assert refused == ["e-mail refused for good ([550]); not tried again"]
    logged = caplog.text
    assert "onbekend@" not in logged and "vol@" not in logged and "Zoë" not in logged
    assert "recipient refused for now ([450])" in logged


@pytest.fixture(autouse=True)
def _queue_back_to_immediate(app):
    """Whatever a test did to the queue, the next one finds it immediate again."""
    yield
    install_jobs(app)


def test_f4_a_crash_between_commit_and_enqueue_loses_no_mail_and_sends_none_twice(app, tmp_path):
    with app_on_a_queue(app, tmp_path) as queued:
        send_later("els.vanacker@ocj.example.org", "Document gedeeld", "Beste,\n\nTekst.")
        db.session.commit()
        # The process dies right after the commit: the task never reaches the queue.
        huey.flush()
        written = datetime.now(UTC)

        # Within a few minutes the enqueue may still be on its way: the sweep leaves it alone.
        assert deliver_pending(written + timedelta(minutes=1)) == 0
        assert deliver_pending(written + timedelta(minutes=11)) == 1
        assert run_due_tasks(after_seconds=0) == 1
        [message] = outbox(queued)
        assert (message.to, message.subject) == (
            ["els.vanacker@ocj.example.org"],
            "Document gedeeld",
        )

        # Delivered once: a later sweep, or the lost task turning up after all, sends nothing.
        assert deliver_pending(written + timedelta(days=1)) == 0
        [row] = db.session.scalars(select(OutgoingMail))
        deliver_mail(row.id)
        assert run_due_tasks(after_seconds=0) == 1
        assert len(outbox(queued)) == 1
        db.session.refresh(row)
        assert row.sent_at is not None and row.attempts == 1


def test_f4_two_copies_of_the_task_send_the_mail_once(app, tmp_path):
    with app_on_a_queue(app, tmp_path) as queued:
        send_later("els@example.org", "Document gedeeld", "Beste")
        db.session.commit()
        [row] = db.session.scalars(select(OutgoingMail))
        deliver_mail(row.id)  # queued twice (a sweep and a slow enqueue crossing)
        assert run_due_tasks(after_seconds=0) == 2
        assert len(outbox(queued)) == 1


def test_f4_a_worker_that_died_while_sending_is_replaced_after_its_claim(app, tmp_path):
    with app_on_a_queue(app, tmp_path) as queued:
        send_later("els@example.org", "Document gedeeld", "Beste")
        db.session.commit()
        huey.flush()
        [row] = db.session.scalars(select(OutgoingMail))
        # A worker claimed it and died before the server took the message.
        row.attempted_at, row.attempts = datetime.now(UTC), 1
        db.session.commit()
        claimed = row.attempted_at

        assert deliver_pending(claimed + timedelta(minutes=5)) == 0
        assert deliver_pending(claimed + timedelta(minutes=31)) == 1
        assert run_due_tasks(after_seconds=31 * 60) == 1
        assert len(outbox(queued)) == 1


def test_f4_sent_mail_is_removed_after_thirty_days(app):
    send_later("els@example.org", "Document gedeeld", "Beste")
    send_later("bram@example.org", "Document gedeeld", "Beste")
    db.session.commit()
    assert len(outbox(app)) == 2
    [first, _second] = db.session.scalars(select(OutgoingMail).order_by(OutgoingMail.id))
    first.sent_at -= timedelta(days=31)
    db.session.commit()

    deliver_pending(datetime.now(UTC))
    assert [row.recipient for row in db.session.scalars(select(OutgoingMail))] == [
        "bram@example.org"
    ]
