"""A-1: when a login session has ended, whatever the browser still holds."""

from __future__ import annotations


def a1_session_ended(
    *,
    login_at: float | None,
    seen_at: float | None,
    generation: int | None,
    current_generation: int,
    now: float,
    idle_timeout: float,
    absolute_lifetime: float,
) -> bool:
    """A-1: a session ends ``absolute_lifetime`` seconds after login (never sliding),
    ``idle_timeout`` seconds after its last request, and when the person's sessions were
    revoked since login ("Afmelden op alle toestellen", a role taken away)."""
    if login_at is None or seen_at is None or generation != current_generation:
        return True
    return now - login_at >= absolute_lifetime or now - seen_at >= idle_timeout
