"""`make mutants` (docs/testing.md): every module of binc_web/rules/ has a plain rules test in
mutmut's test selection, so none of its mutants is reported as "no tests"."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "binc_web" / "rules"

# Rules modules whose plain tests sit in another selected file than
# tests/test_rules_<module>.py (they grew up beside the rules they serve).
TESTED_ELSEWHERE = {
    "aanmelding": "tests/test_rules_dossiers.py",  # A-1 with the dossier it opens
    "capaciteit": "tests/test_rules_benutting.py",  # B-3 capaciteit beside benutting
    "document_notice": "tests/test_document_notice.py",  # F-4, plain despite its name
    "dossier_code": "tests/test_rules.py",  # the first rules test file
    "inzet": "tests/test_rules_bezetting.py",  # inzet is counted with bezetting
    "klas": "tests/test_rules_dossiers.py",  # class dossiers are dossiers
    "moduledatabank": "tests/test_rules_benutting.py",  # the modules benutting counts
    "national_number": "tests/test_rules.py",
    "roles": "tests/test_rules.py",
    "sessions": "tests/test_rules_ids.py",  # session ids beside the other ids
    "wording": "tests/test_wording.py",
}


def selection() -> list[str]:
    """The test files mutmut runs (pyproject.toml, [tool.mutmut])."""
    with (ROOT / "pyproject.toml").open("rb") as config:
        mutmut = tomllib.load(config)["tool"]["mutmut"]
    return mutmut["pytest_add_cli_args_test_selection"]


def rules_modules() -> list[str]:
    return sorted(path.stem for path in RULES.glob("*.py") if path.stem != "__init__")


def test_every_rules_module_has_its_test_file_in_the_mutmut_selection():
    selected = set(selection())
    missing = [
        module
        for module in rules_modules()
        if TESTED_ELSEWHERE.get(module, f"tests/test_rules_{module}.py") not in selected
    ]
    assert missing == []


def test_every_rules_module_is_imported_by_its_selected_test_file():
    """The mapping above stays true: the named file does test the module."""
    untested = []
    for module in rules_modules():
        test_file = ROOT / TESTED_ELSEWHERE.get(module, f"tests/test_rules_{module}.py")
        source = test_file.read_text()
        imports = (f"from binc_web.rules.{module} import", f"from binc_web.rules import {module}")
        if not any(line in source for line in imports):
            untested.append(module)
    assert untested == []


def test_the_mapping_names_only_modules_without_a_test_file_of_their_own():
    assert {
        module for module in TESTED_ELSEWHERE if (ROOT / f"tests/test_rules_{module}.py").exists()
    } == set()
    assert set(TESTED_ELSEWHERE) <= set(rules_modules())
