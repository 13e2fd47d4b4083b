"""G-1: the nightly run of the Groeipakket feed on the queue."""

from __future__ import annotations

from huey import crontab

from binc_web.groeipakket.feed import run_feed
from binc_web.jobs import periodic_task
from binc_web.templating import today


@periodic_task(crontab(minute="15", hour="1"))
def run_groeipakket_feed() -> int:
    """G-1: every night (01:15 UTC, after midnight in Brussels), the day's changes to the payer;
    how many rows went (0 on a quiet night, which is recorded as a run all the same)."""
    run = run_feed(today())
    return run.rows_on + run.rows_off
