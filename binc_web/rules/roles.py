"""A-2/A-3: organisation kinds, roles and who may hold or manage them."""

from __future__ import annotations

ORGANISATION_KINDS: dict[str, str] = {
    "naft": "NAFT",
    "een_gezin_een_plan": "1 Gezin 1 Plan",
    "jeugdhulp": "Jeugdhulp voorziening",
    "agency": "Agentschap",
}

ROLES: dict[str, str] = {
    "medewerker": "medewerker",
    "beheerder": "beheerder",
    "dossierbehandelaar": "dossierbehandelaar",
    "beleidsmedewerker": "beleidsmedewerker",
}

PROVIDER_ROLES = ("medewerker", "beheerder")
AGENCY_ROLES = ("dossierbehandelaar", "beleidsmedewerker", "beheerder")


def roles_for_kind(kind: str) -> tuple[str, ...]:
    """A-3: the roles that can be granted within an organisation of this kind."""
    return AGENCY_ROLES if kind == "agency" else PROVIDER_ROLES


def grant_problems(role: str, organisation_kind: str, already_held: bool) -> list[str]:
    """A-3: why ``role`` cannot be granted in an organisation of ``organisation_kind``."""
    if role not in ROLES:
        return ["Kies een geldige rol."]
    if role not in roles_for_kind(organisation_kind):
        kind_label = ORGANISATION_KINDS.get(organisation_kind, organisation_kind)
        return [f"De rol {role} kan niet toegekend worden binnen een {kind_label}-organisatie."]
    if already_held:
        return ["Deze persoon heeft deze rol al voor deze voorziening."]
    return []


def revoke_problems(role: str, remaining_beheerders: int, revoking_self: bool) -> list[str]:
    """A-3: an organisation keeps at least one beheerder; nobody locks themselves out."""
    if role == "beheerder" and remaining_beheerders < 1:
        return ["Er moet minstens één beheerder overblijven voor deze voorziening."]
    if role == "beheerder" and revoking_self:
        return ["U kunt uw eigen rol als beheerder niet intrekken; vraag dit aan een collega."]
    return []


def role_summary(roles: list[str]) -> str:
    """A-2: roles as shown in the header, e.g. "beheerder en medewerker"."""
    labels = [ROLES[role] for role in sorted(set(roles))]
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " en " + labels[-1]
