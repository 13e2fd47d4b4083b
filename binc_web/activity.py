"""D-8: write activity entries in the same transaction as the change they describe."""

from __future__ import annotations

from flask import g

from binc_web.extensions import db
from binc_web.models import ActivityEntry


def record_activity(
    action: str,
    target,
    description: str,
    *,
    dossier_id: int | None = None,
    before: dict | None = None,
    after: dict | None = None,
) -> ActivityEntry:
    """Add an entry for ``target`` to the session; the caller's commit saves both together."""
    entry = ActivityEntry(
        organisation_id=g.organisation.id if g.get("organisation") else None,
        person_id=g.person.id if g.get("person") else None,
        dossier_id=dossier_id,
        action=action,
        object_type=type(target).__name__,
        object_id=getattr(target, "id", None),
        description=description[:300],
        before=before,
        after=after,
    )
    db.session.add(entry)
    return entry
