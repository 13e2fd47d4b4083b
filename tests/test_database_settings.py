"""PostgreSQL session settings that fit a web app (issue 13): JIT off and a statement timeout
on every connection of the app, also when the URL brings libpq options of its own; and how a
request's transaction ends (prepared statements kept, uncommitted work discarded)."""

from __future__ import annotations

import contextlib

import pytest
from sqlalchemy import event, func, insert, select
from sqlalchemy.exc import IntegrityError

from binc_web.database import engine_options
from binc_web.extensions import db
from binc_web.models import Person
from tests.conftest import JAN, STRANGER

PG = "postgresql+psycopg://binc@db.internal/binc"


def test_postgresql_connections_get_jit_off_and_the_statement_timeout():
    options = engine_options(PG, {"pool_pre_ping": True}, 30)
    assert options["pool_pre_ping"] is True
    assert options["pool_use_lifo"] is True  # the connection whose statements are prepared
    assert options["connect_args"]["options"] == "-c jit=off -c statement_timeout=30000"


def test_the_urls_own_libpq_options_are_kept():
    options = engine_options(f"{PG}?options=-csearch_path%3Dx", {}, 2.5)
    assert options["connect_args"]["options"] == (
        "-csearch_path=x -c jit=off -c statement_timeout=2500"
    )


def test_sqlite_gets_no_postgresql_options():
    assert engine_options("sqlite:///x.sqlite3", {"pool_pre_ping": True}, 30) == {
        "pool_pre_ping": True
    }


@pytest.mark.postgres
def test_the_apps_postgresql_sessions_run_without_jit_and_with_the_timeout(app):
    with app.app_context():
        assert db.session.execute(db.text("SHOW jit")).scalar() == "off"
        assert db.session.execute(db.text("SHOW statement_timeout")).scalar() == "30s"


def test_d5_lower_folds_every_letter_on_every_database(app):
    """D-5 "regardless of case": SQLite's own lower() only knows A-Z (issue 13)."""
    with app.app_context():
        assert db.session.scalar(db.select(db.func.lower("ÖZTÜRK Émile"))) == "öztürk émile"
        assert db.session.scalar(db.select(db.func.lower(None))) is None


# --- The end of a request's transaction (issue 13: psycopg's prepared statements) ---

NEW_PERSON = STRANGER.national_number


def _with_view(app, rule: str, view) -> None:
    """A test-only page (before the app's first request) that runs ``view`` and answers "ok"."""

    def page():
        view()
        return "ok"

    app.add_url_rule(rule, rule.strip("/"), page)


def _add_unflushed():
    db.session.add(Person(national_number=NEW_PERSON, given_name="Nieuw", family_name="X"))


def _add_flushed():
    _add_unflushed()
    db.session.flush()


def _insert_in_sql():
    db.session.execute(
        insert(Person).values(national_number=NEW_PERSON, given_name="Nieuw", family_name="X")
    )


def _rename_unflushed():
    db.session.scalars(select(Person)).first().family_name = "Gewijzigd"


@pytest.mark.parametrize("view", [_add_unflushed, _add_flushed, _insert_in_sql])
def test_what_a_request_left_uncommitted_is_discarded(app, world, login_as, view):
    """A view commits what it saves; anything it left (pending, flushed, written in SQL) is
    not stored when its transaction ends, as before the read-only transactions committed."""
    _with_view(app, "/test-uncommitted", view)
    client = login_as(world.jan, world.brug)
    before = db.session.scalar(select(func.count()).select_from(Person))
    assert client.get("/test-uncommitted").status_code == 200
    assert db.session.scalar(select(func.count()).select_from(Person)) == before
    assert db.session.scalar(select(Person).where(Person.national_number == NEW_PERSON)) is None


def _failed_flush():
    """A view that catches the failure of its own flush (a second person with Jan's number)."""
    db.session.add(Person(national_number=JAN.national_number, given_name="Dubbel"))
    with contextlib.suppress(IntegrityError):
        db.session.flush()


def test_a_request_whose_flush_failed_still_ends_cleanly(app, world, login_as):
    _with_view(app, "/test-failed", _failed_flush)
    client = login_as(world.jan, world.brug)
    assert client.get("/test-failed").status_code == 200
    assert client.get("/").status_code == 200
    assert db.session.scalar(select(func.count()).where(Person.given_name == "Dubbel")) == 0


def test_a_change_to_a_loaded_object_that_was_not_committed_is_discarded(app, world, login_as):
    _with_view(app, "/test-renamed", _rename_unflushed)
    assert login_as(world.jan, world.brug).get("/test-renamed").status_code == 200
    assert "Gewijzigd" not in db.session.scalars(select(Person.family_name)).all()


def test_a_request_that_only_read_ends_its_transaction_without_rollback(app, world, login_as):
    """psycopg forgets its prepared statements on every ROLLBACK: a page that only read
    commits (the same for the database) so that they stay (binc_web.database)."""
    client = login_as(world.jan, world.brug)
    ended = []
    listen = [
        ("commit", lambda _c: ended.append("commit")),
        ("rollback", lambda _c: ended.append("rollback")),
    ]
    for name, handler in listen:
        event.listen(db.engine, name, handler)
    try:
        assert client.get("/").status_code == 200
    finally:
        for name, handler in listen:
            event.remove(db.engine, name, handler)
    assert "rollback" not in ended
    assert "commit" in ended


def _prepared_statements() -> list[str]:
    return db.session.scalars(db.text("SELECT statement FROM pg_prepared_statements")).all()


@pytest.mark.postgres
def test_the_list_pages_statements_stay_prepared_between_requests(app, world, login_as):
    """PostgreSQL plans a prepared statement once; the overview's statements were planned anew
    on every request (3–4 ms each at volume) because each request ended in a ROLLBACK."""
    found = []
    _with_view(app, "/test-prepared", lambda: found.extend(_prepared_statements()))
    client = login_as(world.jan, world.brug)
    for _ in range(6):  # psycopg prepares a statement on its sixth run
        assert client.get("/").status_code == 200
    assert client.get("/test-prepared").status_code == 200
    # The page's list and the A–Z bar's counts, read by the request's own connection.
    assert any("letters" in statement for statement in found)
    assert any("page_id" in statement for statement in found)


@pytest.mark.postgres
def test_d5_a_search_is_planned_for_its_terms_each_time(app, world, login_as):
    """A prepared statement's generic plan made the name search slower: it is never prepared."""
    found = []
    _with_view(app, "/test-prepared", lambda: found.extend(_prepared_statements()))
    client = login_as(world.jan, world.brug)
    for _ in range(7):
        assert client.get("/dossiers/zoeken?naam=peeters").status_code == 200
        assert client.get("/").status_code == 200
    assert client.get("/test-prepared").status_code == 200
    assert any("page_id" in statement for statement in found), "the overview's list is"
    assert not any("sort_name LIKE" in statement for statement in found)
