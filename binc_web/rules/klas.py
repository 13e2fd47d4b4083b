"""K-5: the class of a NAFT class dossier ("Start klastraject")."""

from __future__ import annotations

from binc_web.rules.text import has_control_characters

ONDERWIJSVORMEN: list[tuple[str, str]] = [
    ("aso", "Algemeen secundair onderwijs (aso)"),
    ("tso", "Technisch secundair onderwijs (tso)"),
    ("kso", "Kunstsecundair onderwijs (kso)"),
    ("bso", "Beroepssecundair onderwijs (bso)"),
    ("a_stroom", "Eerste graad A-stroom"),
    ("b_stroom", "Eerste graad B-stroom"),
    ("dbso", "Deeltijds beroepssecundair onderwijs (dbso)"),
    ("buso", "Buitengewoon secundair onderwijs (buso)"),
    ("okan", "Onthaalklas anderstalige nieuwkomers (OKAN)"),
]
GRADEN: list[tuple[str, str]] = [
    ("1", "1ste graad"),
    ("2", "2de graad"),
    ("3", "3de graad"),
    ("4", "4de graad"),
]
LEERJAREN: list[tuple[str, str]] = [
    (str(n), f"{n}de leerjaar" if n > 1 else "1ste leerjaar") for n in range(1, 8)
]

# Manual 3.3: the labels of the class data, per field.
KLAS_LABELS: dict[str, dict[str, str]] = {
    "onderwijsvorm": dict(ONDERWIJSVORMEN),
    "graad": dict(GRADEN),
    "leerjaar": dict(LEERJAREN),
}


def klas_problems(
    naam: str | None, onderwijsvorm: str | None, graad: str | None, leerjaar: str | None
) -> dict[str, str]:
    """K-5: a class has a name (not just spaces) and its data chosen from the lists."""
    problems: dict[str, str] = {}
    name = (naam or "").strip()
    if not name:
        problems["naam_klas"] = "Vul de naam van de klas in."
    elif has_control_characters(name):
        problems["naam_klas"] = "De naam van de klas bevat ongeldige tekens."
    for field, value, options, label in (
        ("onderwijsvorm", onderwijsvorm, ONDERWIJSVORMEN, "de onderwijsvorm"),
        ("graad", graad, GRADEN, "de graad"),
        ("leerjaar", leerjaar, LEERJAREN, "het leerjaar"),
    ):
        if value not in {key for key, _ in options}:
            problems[field] = f"Kies {label} uit de lijst."
    return problems
