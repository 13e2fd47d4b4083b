"""D-3, D-9: rules about whole dossiers."""

from __future__ import annotations

from binc_web.rules.wording import count_noun


def _counted(count: int, noun: str) -> str:
    """ "de schakeling" for one, "de 2 schakelingen" for more."""
    return noun if count == 1 else count_noun(count, noun, f"{noun}en")


def open_dossier_problem(existing_code: str | None, organisation_name: str) -> str | None:
    """D-3: a youth has at most one open dossier per organisation."""
    if existing_code is None:
        return None
    return (
        f"Er bestaat al een open dossier ({existing_code}) voor deze jongere bij "
        f"{organisation_name}. Sluit het af voor je een nieuw dossier start."
    )


def delete_problems(status: str, beslissingen: int, schakelingen: int) -> list[str]:
    """D-9: only an open dossier without beslissingen and schakelingen can be deleted."""
    if status != "open":
        return ["Een afgesloten dossier kan niet verwijderd worden."]
    problems = []
    if schakelingen:
        problems.append(
            f"Verwijder eerst de {_counted(schakelingen, 'schakeling')} van dit dossier."
        )
    if beslissingen:
        problems.append(
            f"Verwijder eerst de {_counted(beslissingen, 'beslissing')} van dit dossier."
        )
    return problems
