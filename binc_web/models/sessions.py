"""Server-side login sessions (the cookie holds only the opaque id)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from binc_web.extensions import db


class StoredSession(db.Model):
    """One browser's session: its data (serialized) and when the store may forget it."""

    __tablename__ = "sessions"

    session_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    expiry: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
