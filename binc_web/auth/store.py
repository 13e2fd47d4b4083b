"""A-1: where sessions live: the database by default, Redis when ``SESSION_URL`` names one.

Flask-Session does the cookie, the ids and the serialization; its Redis interface is used as
is. Its SQLAlchemy interface is not: it defines its table outside the migrations and commits
the request's own database session, which would also commit whatever a view left unsaved.
``DatabaseSessionInterface`` writes the ``sessions`` table of the migrations on a connection
of its own.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask_session.base import ServerSideSession, ServerSideSessionInterface
from sqlalchemy import delete, insert, select, update

from binc_web.database import end_transaction
from binc_web.extensions import db
from binc_web.models.base import utcnow
from binc_web.models.sessions import StoredSession

KEY_PREFIX = "session:"
SID_LENGTH = 32


class DatabaseSessionInterface(ServerSideSessionInterface):
    """Sessions in the application's database; expired rows are ignored when read and
    deleted when read, by ``purge_expired_sessions`` and on average every N requests."""

    ttl = False

    def __init__(self, app: Flask, cleanup_n_requests: int | None):
        super().__init__(
            app,
            key_prefix=KEY_PREFIX,
            sid_length=SID_LENGTH,
            cleanup_n_requests=cleanup_n_requests,
        )

    def _retrieve_session_data(self, store_id: str) -> dict | None:
        table = StoredSession.__table__
        with db.engine.begin() as connection:
            row = connection.execute(
                select(table.c.data, table.c.expiry).where(table.c.session_id == store_id)
            ).first()
            if row is None:
                return None
            if row.expiry is None or _aware(row.expiry) <= utcnow():
                connection.execute(delete(table).where(table.c.session_id == store_id))
                return None
        return self.serializer.decode(row.data)

    def _delete_session(self, store_id: str) -> None:
        with db.engine.begin() as connection:
            connection.execute(
                delete(StoredSession.__table__).where(
                    StoredSession.__table__.c.session_id == store_id
                )
            )

    def _upsert_session(
        self, session_lifetime: timedelta, session: ServerSideSession, store_id: str
    ) -> None:
        table = StoredSession.__table__
        values = {"data": self.serializer.encode(session), "expiry": utcnow() + session_lifetime}
        with db.engine.begin() as connection:
            changed = connection.execute(
                update(table).where(table.c.session_id == store_id).values(**values)
            ).rowcount
            if not changed:
                connection.execute(insert(table).values(session_id=store_id, **values))

    def _delete_expired_sessions(self) -> None:
        purge_expired_sessions()

    def save_session(self, app: Flask, session: ServerSideSession, response) -> None:
        """Store the session once the response is final."""
        # The response is complete: what the view left uncommitted is discarded at teardown
        # anyway. Doing it now releases SQLite's write lock, which the session row needs.
        end_transaction()
        super().save_session(app, session, response)


def _aware(moment):
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=utcnow().tzinfo)


def purge_expired_sessions() -> int:
    """Delete the expired sessions of the database store; returns how many."""
    table = StoredSession.__table__
    with db.engine.begin() as connection:
        return connection.execute(delete(table).where(table.c.expiry <= utcnow())).rowcount


def install_session_store(app: Flask) -> None:
    """Choose the session store from ``SESSION_URL`` (``redis://…``) or the database."""
    url = app.config.get("SESSION_URL")
    if url and url.startswith(("redis://", "rediss://", "unix://")):
        from flask_session.redis import RedisSessionInterface
        from redis import Redis

        app.session_interface = RedisSessionInterface(
            app, client=Redis.from_url(url), key_prefix=KEY_PREFIX, sid_length=SID_LENGTH
        )
    elif url:
        raise RuntimeError(f"BINC_SESSION_URL moet met redis:// beginnen, niet {url!r}.")
    else:
        app.session_interface = DatabaseSessionInterface(
            app, app.config["SESSION_CLEANUP_N_REQUESTS"]
        )
