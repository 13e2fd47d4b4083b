"""The directory of services documents are shared with, and their contact persons (F-1, F-2).

Every organisation of the instance is a service of kind ``voorziening``:
``_give_new_organisations_a_service`` adds it in the flush that adds the organisation (the CLI,
the demo data, the tests: every way an organisation is made).
"""

from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String, UniqueConstraint, event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship, validates

from binc_web.extensions import db
from binc_web.models.organisations import Organisation
from binc_web.rules.directory import (
    CONSULENT_STAFF_FUNCTIONS,
    CONTACT_NAME_LENGTH,
    EMAIL_LENGTH,
    SERVICE_KINDS,
    SERVICE_NAME_LENGTH,
    normalised_email,
    search_key,
)


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Service(db.Model):
    """A service a document can be shared with ("Dienst" in F-1)."""

    __tablename__ = "services"
    __table_args__ = (
        CheckConstraint(_in("kind", SERVICE_KINDS), name="kind"),
        # A voorziening is an organisation of this instance; the other kinds are not.
        CheckConstraint(
            "(kind = 'voorziening') = (organisation_id IS NOT NULL)", name="voorziening_has_org"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(SERVICE_NAME_LENGTH))
    # rules.directory.search_key of the name: unique, so that names differing only in case or
    # accents cannot both exist, and what the autocomplete searches.
    search_name: Mapped[str] = mapped_column(String(SERVICE_NAME_LENGTH), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), unique=True
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    organisation: Mapped[Organisation | None] = relationship()
    contacts: Mapped[list[ServiceContact]] = relationship(
        back_populates="service", order_by="ServiceContact.name", cascade="all, delete-orphan"
    )

    @validates("name")
    def _keep_search_name(self, _key: str, name: str) -> str:
        name = name.strip()
        self.search_name = search_key(name)
        return name

    @property
    def is_consulent(self) -> bool:
        """F-2: shared with a consulent-type service, only the addressee sees the document."""
        return self.kind == "consulent"

    @property
    def kind_label(self) -> str:
        return SERVICE_KINDS[self.kind]

    @property
    def consulent_staff(self) -> frozenset[str]:
        """15.1: the addresses of a consulent-type service's administratief medewerker(s) and
        teamverantwoordelijke(n), who see what is shared with it; empty for other kinds."""
        if not self.is_consulent:
            return frozenset()
        return frozenset(c.email for c in self.contacts if c.functie in CONSULENT_STAFF_FUNCTIONS)


class ServiceContact(db.Model):
    """A known contact person of a service ("Naam medewerker", "E-mail medewerker" in F-1)."""

    __tablename__ = "service_contacts"
    __table_args__ = (
        UniqueConstraint("service_id", "email"),
        CheckConstraint(
            f"functie IS NULL OR {_in('functie', CONSULENT_STAFF_FUNCTIONS)}", name="functie"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(
        ForeignKey("services.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(CONTACT_NAME_LENGTH))
    # Lower case (rules.directory.normalised_email): one contact per address and service.
    email: Mapped[str] = mapped_column(String(EMAIL_LENGTH))
    # 15.1: "administratief medewerker" or "teamverantwoordelijke" of a consulent-type service
    # (they see what is shared with it, rules.document_access); None for everyone else.
    functie: Mapped[str | None] = mapped_column(String(40))

    service: Mapped[Service] = relationship(back_populates="contacts")

    @validates("name")
    def _trim_name(self, _key: str, name: str) -> str:
        return name.strip()

    @validates("email")
    def _lower_email(self, _key: str, email: str) -> str:
        return normalised_email(email)


@event.listens_for(Session, "before_flush")
def _give_new_organisations_a_service(session: Session, _context, _instances) -> None:
    """Every organisation is a voorziening of the directory, under its name (organisations are
    never renamed)."""
    for organisation in session.new:
        if isinstance(organisation, Organisation):
            session.add(
                Service(name=organisation.name, kind="voorziening", organisation=organisation)
            )
