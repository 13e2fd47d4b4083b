"""The privacy jobs on the queue: G-2 retention and the access log's retention, nightly.

Both are idempotent: a night missed while the consumer was down is caught up the next night
(a youth due yesterday is still due today; old access entries are still old).
"""

from __future__ import annotations

from flask import current_app
from huey import crontab

from binc_web.jobs import periodic_task
from binc_web.privacy import retention
from binc_web.privacy.access_log import purge_access_log
from binc_web.templating import today


@periodic_task(crontab(hour="1", minute="15"))
def erase_youths_over_35() -> int:
    """G-2: every night (01:15 UTC), erase the youths who turned 35; how many."""
    return retention.erase_due(today()).youths


@periodic_task(crontab(hour="1", minute="45"))
def purge_old_access_entries() -> int:
    """Every night (01:45 UTC), delete the access entries older than the retention term."""
    return purge_access_log(today(), current_app.config["ACCESS_LOG_RETENTION_YEARS"])
