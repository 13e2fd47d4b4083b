"""SQLAlchemy models, one module per aggregate; imported here so metadata is complete."""

from binc_web.models.access import AccessEntry
from binc_web.models.activity import ActivityEntry, RegisterLookup
from binc_web.models.clients import Client, ContextPerson, Klas, RegisterEntry
from binc_web.models.dossiers import (
    Aanmelding,
    Beslissing,
    Dossier,
    DossierCodeCounter,
    Schakeling,
)
from binc_web.models.lifecycle import ReopenRequest
from binc_web.models.modules import Capaciteit, ModuleApproval, TypeModule
from binc_web.models.organisations import Membership, Organisation, Person
from binc_web.models.registrations import Registratie
from binc_web.models.sessions import StoredSession

__all__ = [
    "Aanmelding",
    "AccessEntry",
    "ActivityEntry",
    "Beslissing",
    "Capaciteit",
    "Client",
    "ContextPerson",
    "Dossier",
    "DossierCodeCounter",
    "Klas",
    "Membership",
    "ModuleApproval",
    "Organisation",
    "Person",
    "RegisterEntry",
    "RegisterLookup",
    "Registratie",
    "ReopenRequest",
    "Schakeling",
    "StoredSession",
    "TypeModule",
]
