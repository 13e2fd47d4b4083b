"""D-2: hand out dossier codes atomically, safe under concurrent creation."""

from __future__ import annotations

from datetime import date

from sqlalchemy.dialects import postgresql, sqlite

from binc_web.extensions import db
from binc_web.models import DossierCodeCounter
from binc_web.rules.dossier_code import dossier_code


def next_dossier_code(day: date) -> str:
    """Increment the day's counter in one statement (an upsert that returns the new value).

    The counter row stays locked until the transaction ends, so two creators never get the
    same number; a rolled-back creation gives its number back, a deleted dossier does not.
    """
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = DossierCodeCounter.__table__
    statement = (
        insert(table)
        .values(day=day, last_value=1)
        .on_conflict_do_update(
            index_elements=[table.c.day], set_={"last_value": table.c.last_value + 1}
        )
        .returning(table.c.last_value)
    )
    return dossier_code(day, db.session.execute(statement).scalar_one())
