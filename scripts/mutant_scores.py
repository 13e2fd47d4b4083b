"""Score per module from `mutmut results --all true` (read on stdin), as a Markdown table.

`make mutants` prints it; docs/testing.md records it. A mutant counts as killed when a test
failed, timed out or crashed on it; "survived" and "no tests" are not killed.
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict

KILLED = {"killed", "timeout", "segfault", "suspicious"}
LINE = re.compile(r"^\s*(?P<name>[\w.]+?)\.x[_ǁ]\S*: (?P<status>[\w ]+)$")


def scores(lines) -> dict[str, Counter]:
    """Statuses counted per module (the mutant name up to its function)."""
    per_module: dict[str, Counter] = defaultdict(Counter)
    for line in lines:
        match = LINE.match(line)
        if match:
            per_module[match["name"]][match["status"].strip()] += 1
    return per_module


def main() -> None:
    per_module = scores(sys.stdin)
    print("| module | mutants | killed | survived | no tests | score |")
    print("|---|---:|---:|---:|---:|---:|")
    for module, counts in sorted(per_module.items()):
        del counts["not checked"]  # left out of this run (MUTANTS) or not reached yet
        total = sum(counts.values())
        if not total:
            continue
        killed = sum(n for status, n in counts.items() if status in KILLED)
        print(
            f"| `{module}` | {total} | {killed} | {counts['survived']} | {counts['no tests']} "
            f"| {100 * killed / total:.0f} % |"
        )


if __name__ == "__main__":
    main()
