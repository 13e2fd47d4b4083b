"""Template filters (dates as dd/mm/jjjj) and the context of the page shell."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from flask import Flask, g

from binc_web.rules.aanmelding import AANMELDERS, REDEN_NIET_CLB
from binc_web.rules.roles import role_summary
from binc_web.rules.wording import count_noun

BRUSSELS = ZoneInfo("Europe/Brussels")


def today() -> date:
    """The date in Belgium: the app's one clock for "today" (tests use it too)."""
    return datetime.now(BRUSSELS).date()


def format_date(value: date | None) -> str:
    """Dates are shown as dd/mm/jjjj."""
    return _dd_mm_yyyy(value) if value else ""


@lru_cache(maxsize=4096)
def _dd_mm_yyyy(value: date) -> str:
    """A list page formats some 200 dates, most of them few distinct ones; strftime cost more
    than the page's queries (benchmarks/templates.py)."""
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def format_datetime(value: datetime | None) -> str:
    """Timestamps are stored in UTC and shown in Belgian time as dd/mm/jjjj uu:mm."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(BRUSSELS).strftime("%d/%m/%Y %H:%M")


def install_templating(app: Flask) -> None:
    """Register filters and the header context ("Aangemeld als <rol> voor <voorziening>")."""
    app.jinja_env.filters["datum"] = format_date
    app.jinja_env.filters["datumtijd"] = format_datetime
    app.jinja_env.globals.update(
        AANMELDERS=AANMELDERS, REDEN_NIET_CLB=REDEN_NIET_CLB, count_noun=count_noun
    )

    @app.context_processor
    def shell_context():
        return {
            "acting_person": g.get("person"),
            "acting_organisation": g.get("organisation"),
            "acting_roles": g.get("roles", ()),
            "acting_organisation_count": g.get("organisation_count", 0),
            "acting_role_summary": role_summary(list(g.get("roles", ()))),
        }
