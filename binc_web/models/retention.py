"""G-2: the log of the retention runs (counts only, never a name or a number of a youth)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, Integer
from sqlalchemy.orm import Mapped, mapped_column

from binc_web.extensions import db
from binc_web.models.base import utcnow


class RetentionRun(db.Model):
    """One run of ``binc_web.privacy.retention.erase_due``: for which day, when it started and
    finished (empty: interrupted), how many youths it erased, how many it could not (tried
    again the next night), and how many rows per table."""

    __tablename__ = "retention_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    youths: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    # Table name → rows erased or deleted, summed over the run's youths.
    counts: Mapped[dict] = mapped_column(JSON, default=dict)
