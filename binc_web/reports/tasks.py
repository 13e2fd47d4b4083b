"""The report jobs on the queue: the P-3 calendar (hourly, so that a day missed while the
consumer was down is caught up within the hour), P-4 requests, and the P-4 7-day expiry."""

from __future__ import annotations

from huey import crontab

from binc_web.jobs import periodic_task, task
from binc_web.reports import generation
from binc_web.templating import today


@periodic_task(crontab(minute="5"))
def make_due_reports() -> int:
    """P-3: every hour, the generations due today or missed (each made once)."""
    return generation.make_due_reports(today())


@task()
def generate_request(request_id: int) -> None:
    """P-4: generate the reports of one request."""
    generation.generate_request(request_id)


@periodic_task(crontab(minute="35"))
def remove_expired_requests() -> int:
    """P-4: every hour, requests older than 7 days are removed with their files."""
    return generation.remove_expired_requests()
