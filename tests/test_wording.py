"""Convention 7: counts agree with their noun and labels are shown as written (issue 11)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from binc_web.activity import change_label
from binc_web.rules.dossiers import delete_problems
from binc_web.rules.lifecycle import ClosingFacts, close_problems, close_warnings
from binc_web.rules.wording import count_noun

SOURCE = Path(__file__).parent.parent / "binc_web"
# A number (a template expression, an f-string field or a digit) followed by a noun with its
# plural in brackets: "{{ n }} dossier(s)", f"{n} schakeling(en)".
COUNTED_BRACKET_PLURAL = re.compile(r"(\}\}|\}|\d)\s+[\w-]+\((en|s|n)\)")


def test_count_noun_singular_and_plural():
    assert count_noun(1, "dossier", "dossiers") == "1 dossier"
    assert count_noun(0, "dossier", "dossiers") == "0 dossiers"
    assert count_noun(2, "ander dossier", "andere dossiers") == "2 andere dossiers"


def test_no_bracket_plural_after_a_number_in_templates_or_messages():
    found = [
        f"{path.relative_to(SOURCE)}: {match.group(0)}"
        for path in sorted(SOURCE.rglob("*"))
        if path.suffix in (".py", ".html") and "vendor" not in path.parts
        for match in COUNTED_BRACKET_PLURAL.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found, "\n".join(found)


def test_rule_messages_count_in_dutch():
    facts = ClosingFacts(
        status="open",
        beslissingen=1,
        beslissingen_without_schakeling=1,
        schakeling_einddatums=(None,),
        registrations_exempt=True,
    )
    assert "1 schakeling zonder einddatum" in close_problems(facts, date(2026, 1, 1))[0]
    assert close_warnings(facts)[0].startswith("1 beslissing zonder schakeling.")
    assert delete_problems("open", 2, 1) == [
        "Verwijder eerst de schakeling van dit dossier.",
        "Verwijder eerst de 2 beslissingen van dit dossier.",
    ]


def test_d8_labels_are_shown_as_written():
    assert change_label("Welke NAFT-aanbieder begeleidt het NAFT-traject?") == (
        "Welke NAFT-aanbieder begeleidt het NAFT-traject?"
    )
    assert change_label("onbekende_sleutel") == "Onbekende sleutel"


def test_no_label_is_capitalized():
    found = [
        str(path.relative_to(SOURCE))
        for path in sorted(SOURCE.rglob("*"))
        if path.suffix in (".py", ".html")
        and "vendor" not in path.parts
        and re.search(r"\.capitalize\(\)|\|\s*capitalize\b", path.read_text(encoding="utf-8"))
    ]
    assert not found, found
