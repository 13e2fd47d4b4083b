"""Which tests run for a mutant during `make mutants` (docs/testing.md).

mutmut runs, for each mutant, the selected tests that reached the mutated function while it
recorded them. The view tests reach nearly every rule the views call, so a surviving rules
mutant would also run dozens of view tests, each on a fresh database, that only repeat what
the rules' own tests check. The test modules below therefore run only for the mutants of the
modules they are about; every other selected test module runs for any mutant that it reaches.
The tests that read the rules' source for forbidden imports never run for a mutant: no
mutation adds an import, and in mutmut's copy, which holds every mutant of every function,
parsing that source costs 15 seconds per run.
"""

from __future__ import annotations

import os

# test module -> the modules (prefixes of mutant names) whose mutants it runs for
ONLY_FOR = {
    "tests/test_traject.py": ("binc_web.dossiers.",),
    "tests/test_lifecycle.py": ("binc_web.dossiers.",),
    "tests/test_concurrency.py": ("binc_web.dossiers.",),
}

# tests that cannot kill a mutant (they parse the source files, which mutmut's copy inflates)
NEVER_FOR_MUTANTS = {
    "tests/test_rules.py::test_rules_import_no_framework",
    "tests/test_registrations_engine.py::test_r1_registrations_import_no_framework",
}


def mutant_under_test() -> str:
    """The mutant mutmut is checking in this process, or "" outside a mutant's run (mutmut
    also sets the variable while it records the tests: "stats", "fail", …)."""
    name = os.environ.get("MUTANT_UNDER_TEST", "")
    return name if "__mutmut_" in name else ""


def runs_for(test_module: str, mutant: str) -> bool:
    """Whether the test module ``test_module`` (path from the project root) is run for
    ``mutant``; every test runs when no mutant is being checked."""
    prefixes = ONLY_FOR.get(test_module)
    return not mutant or prefixes is None or mutant.startswith(prefixes)


def kept_for_mutant(items: list) -> list:
    """The collected test items that run for the mutant under test (all of them outside a
    mutant's run)."""
    mutant = mutant_under_test()
    if not mutant:
        return list(items)
    return [
        item
        for item in items
        if item.nodeid not in NEVER_FOR_MUTANTS and runs_for(item.nodeid.split("::")[0], mutant)
    ]
