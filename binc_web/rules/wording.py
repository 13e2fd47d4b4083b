"""Convention 7: Dutch wording shared by rules, views and templates."""

from __future__ import annotations


def count_noun(count: int, singular: str, plural: str) -> str:
    """A count with its noun in agreement: "1 dossier", "2 dossiers" (never "dossier(s)")."""
    return f"{count} {singular if count == 1 else plural}"


def as_written(label: str) -> str:
    """A label with its first letter upper case and the rest as written (acronyms stay)."""
    return label[:1].upper() + label[1:]
