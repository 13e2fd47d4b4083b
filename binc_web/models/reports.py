"""Generated reports: the P-3 quarterly and annual reports, the P-4 reports on demand, and the
files of each (the bytes are stored files)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    SmallInteger,
    String,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from binc_web.extensions import db
from binc_web.models.base import OrganisationScoped, utcnow
from binc_web.models.files import StoredFile
from binc_web.rules.report_schedule import is_stalled
from binc_web.templating import BRUSSELS

REQUEST_STATES = ("wachtend", "bezig", "klaar", "mislukt")


class PeriodicReport(OrganisationScoped, db.Model):
    """P-3: the reports of one quarter (1–4) or of a whole year (quarter 0) of an organisation.

    ``edition`` is the calendar date of the latest generation (1 May, 1 August, …): the unique
    key and the edition make the database refuse a second copy of a generation, also when two
    consumers try at once.
    """

    __tablename__ = "periodic_reports"
    __table_args__ = (
        UniqueConstraint("organisation_id", "year", "quarter"),
        CheckConstraint("quarter BETWEEN 0 AND 4", name="quarter"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int]
    quarter: Mapped[int] = mapped_column(SmallInteger)
    edition: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    files: Mapped[list[ReportFile]] = relationship(
        order_by="ReportFile.position", passive_deletes=True
    )

    @property
    def made_on(self) -> date:
        """The Belgian date its reports were made or last updated (the date in their names)."""
        moment = self.updated_at or self.created_at
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)  # SQLite gives naive UTC times
        return moment.astimezone(BRUSSELS).date()


class ReportRequest(OrganisationScoped, db.Model):
    """P-4: reports asked for a chosen period; listed under "Op aanvraag" until ``expires_at``."""

    __tablename__ = "report_requests"
    __table_args__ = (
        CheckConstraint(
            "status IN (" + ", ".join(f"'{s}'" for s in REQUEST_STATES) + ")", name="status"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="SET NULL")
    )
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date] = mapped_column(Date)
    report_keys: Mapped[str] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(10), default="wachtend")
    done: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    # P-4 robustness: each start of the job counts an attempt; only the latest attempt may
    # record progress, so a job that was given up on cannot add files after a retry.
    attempt: Mapped[int] = mapped_column(default=0, server_default="0")
    progress_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    files: Mapped[list[ReportFile]] = relationship(
        order_by="ReportFile.position", passive_deletes=True
    )

    @property
    def keys(self) -> list[str]:
        return self.report_keys.split(",")

    @property
    def percent(self) -> int:
        """Progress in whole percents (the files written of the files asked for)."""
        return 100 if self.status == "klaar" else 100 * self.done // len(self.keys)

    @property
    def stalled(self) -> bool:
        """P-4: running, but its job showed no progress for too long (the job is gone)."""
        last_progress = self.progress_at or self.created_at  # never started: since asked
        if last_progress.tzinfo is None:
            last_progress = last_progress.replace(tzinfo=UTC)  # SQLite gives naive UTC times
        return is_stalled(self.status, last_progress, datetime.now(UTC))


class ReportFile(OrganisationScoped, db.Model):
    """One generated report file of a periodic report or of a request."""

    __tablename__ = "report_files"
    __table_args__ = (
        CheckConstraint("(periodic_report_id IS NULL) <> (request_id IS NULL)", name="one_owner"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    periodic_report_id: Mapped[int | None] = mapped_column(
        ForeignKey("periodic_reports.id", ondelete="CASCADE"), index=True
    )
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("report_requests.id", ondelete="CASCADE"), index=True
    )
    report_key: Mapped[str] = mapped_column(String(60))
    position: Mapped[int] = mapped_column(SmallInteger)
    stored_file_id: Mapped[int] = mapped_column(
        ForeignKey("stored_files.id", ondelete="CASCADE"), index=True
    )

    # G-2: a raw-data file that lists a youth erased by retention and is still to be written
    # again without them; set in the youth's transaction, cleared when it is written.
    rewrite_pending: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    stored_file: Mapped[StoredFile] = relationship()
