"""Shared column helpers."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Current time in UTC, timezone-aware (stored as UTC everywhere)."""
    return datetime.now(UTC)


class OrganisationScoped:
    """Mixin for models only visible to the owning organisation (A-4).

    ``organisation_scope(organisation_id)`` returns a WHERE clause that keeps only the rows of
    that organisation; ``binc_web.scoping.load_scoped`` uses it for every scoped lookup.
    """

    @classmethod
    def organisation_scope(cls, organisation_id: int):
        return cls.organisation_id == organisation_id
