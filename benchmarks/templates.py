"""The template cost of a dossier list (issue 13, item 4): rendering the 50 rows of
``dossiers/_dossier_table.html`` alone, without the database, against the same templates of
another git revision, interleaved in the same process.

    python benchmarks/templates.py [--against REVISION]

Prints ``name: value unit`` lines (medians over the rounds)."""

from __future__ import annotations

import argparse
import statistics
import subprocess
import time
from datetime import UTC, date, datetime
from pathlib import Path

from flask import render_template
from jinja2 import ChoiceLoader, DictLoader

from binc_web import create_app
from binc_web.dossiers.overview import links_of, row_links, url_template
from binc_web.dossiers.queries import DossierRow
from binc_web.rules.overview import BR_LABELS, COLUMN_LABELS, COLUMNS, STATUS_LABELS, ListState


def rows(count: int = 50) -> list[DossierRow]:
    """``count`` rows as the overview shows them: every column filled in."""
    return [
        DossierRow(
            id=1000 + n,
            code=f"BNC_20260105_{n}",
            status="open",
            updated_at=datetime(2026, 1, 5, 10, 30, tzinfo=UTC),
            is_klas=False,
            name=f"Peeters{n}",
            given_name="Lotte",
            birth_date=date(2011, 3, 14),
            br_status="onvolledig",
            beslissing_kind="RTJ",
            beslissing_begin=date(2026, 1, 5),
            beslissing_end=date(2026, 12, 31),
            schakeling_start=date(2026, 1, 7),
            beslissing_id=2000 + n,
            client_id=3000 + n,
        )
        for n in range(count)
    ]


def context(app, links: bool) -> dict:
    """What the overview passes to the table (dossiers/overview.py: _list_context): with
    ``links``, rows paired with their links as built now; without, the rows and the URL
    builders that revisions before issue 13's third session called from the template."""
    shown = rows()
    values = {
        "rows": list(zip(shown, links_of(shown, True), strict=True)) if links else shown,
        "state": ListState(),
        "total": 5000,
        "pages": 100,
        "list_url": lambda state: "/?" + "&".join(f"{k}={v}" for k, v in state.args().items()),
        "columns": COLUMNS,
        "column_labels": COLUMN_LABELS,
        "status_labels": STATUS_LABELS,
        "br_labels": BR_LABELS,
        "caption": "Volume 001 dossiers",
        "empty_message": "Geen dossiers.",
    }
    if not links:
        values |= row_links() | {"client_url": url_template("clients.details", "client_id")}
    return values


ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ("_dossier_table.html", "_quick_actions.html")


def older(revision: str, name: str) -> str:
    """A template of the dossiers as it was at ``revision`` (empty when it had none)."""
    path = f"binc_web/templates/dossiers/{name}"
    return subprocess.run(
        ["git", "show", f"{revision}:{path}"], cwd=ROOT, capture_output=True, text=True
    ).stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", help="a git revision (e.g. main)")
    parser.add_argument("--rounds", type=int, default=300)
    options = parser.parse_args()
    app = create_app(
        {"BINC_ENV": "testing", "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"}
    )
    variants = {"current": "dossiers/_dossier_table.html"}
    if options.against:
        templates = {
            f"other/{name}": older(options.against, name).replace('"dossiers/', '"other/')
            for name in TEMPLATES
        }
        app.jinja_env.loader = ChoiceLoader([DictLoader(templates), app.jinja_env.loader])
        variants["other"] = "other/_dossier_table.html"
    timings: dict[str, list[float]] = {name: [] for name in variants}
    with app.test_request_context():
        current = context(app, links=True)
        # A revision whose table calls URL builders per row gets them (and the time it takes
        # to build the links is part of the current one's: links_of runs in each round).
        other = context(
            app, links="links.dossier" in older(options.against or "HEAD", TEMPLATES[0])
        )
        for _ in range(options.rounds):
            for name, template in variants.items():
                started = time.perf_counter()
                if name == "current":
                    shown = [row for row, _links in current["rows"]]
                    values = current | {
                        "rows": list(zip(shown, links_of(shown, True), strict=True))
                    }
                else:
                    values = other
                render_template(template, **values)
                timings[name].append((time.perf_counter() - started) * 1000)
    for name, values in timings.items():
        print(f"table_50_rows.{name}.median: {statistics.median(values):.2f} ms")


if __name__ == "__main__":
    main()
