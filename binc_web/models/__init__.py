"""SQLAlchemy models, one module per aggregate; imported here so metadata is complete."""

from binc_web.models.access import AccessEntry
from binc_web.models.activity import ActivityEntry, RegisterLookup
from binc_web.models.clients import Client, ContextPerson, Klas, RegisterEntry
from binc_web.models.directory import Service, ServiceContact
from binc_web.models.documents import (
    Document,
    DocumentOpening,
    DocumentRecipient,
    DocumentShare,
)
from binc_web.models.dossiers import (
    Aanmelding,
    Beslissing,
    Dossier,
    DossierCodeCounter,
    Schakeling,
)
from binc_web.models.files import StoredFile
from binc_web.models.groeipakket import GroeipakketRow, GroeipakketRun
from binc_web.models.lifecycle import ReopenRequest
from binc_web.models.mail import OutgoingMail
from binc_web.models.modules import (
    Benutting,
    Capaciteit,
    ModuleApproval,
    OrganisatieBenutting,
    TypeModule,
)
from binc_web.models.organisations import Membership, Organisation, Person
from binc_web.models.registrations import Registratie
from binc_web.models.reports import PeriodicReport, ReportFile, ReportRequest
from binc_web.models.retention import RetentionRun
from binc_web.models.sessions import StoredSession
from binc_web.models.spans import ModuleSpan

# After the models it reads: registers the listener that keeps the dossiers' derived dates.
from binc_web.models import derived  # noqa: F401  isort: skip

__all__ = [
    "Aanmelding",
    "AccessEntry",
    "ActivityEntry",
    "Benutting",
    "Beslissing",
    "Capaciteit",
    "Client",
    "ContextPerson",
    "Document",
    "DocumentOpening",
    "DocumentRecipient",
    "DocumentShare",
    "Dossier",
    "DossierCodeCounter",
    "GroeipakketRow",
    "GroeipakketRun",
    "Klas",
    "Membership",
    "ModuleApproval",
    "ModuleSpan",
    "OrganisatieBenutting",
    "Organisation",
    "OutgoingMail",
    "PeriodicReport",
    "Person",
    "RegisterEntry",
    "RegisterLookup",
    "Registratie",
    "ReopenRequest",
    "ReportFile",
    "ReportRequest",
    "RetentionRun",
    "Schakeling",
    "Service",
    "ServiceContact",
    "StoredFile",
    "StoredSession",
    "TypeModule",
]
