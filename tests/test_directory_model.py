"""F-1: the directory of services and their contact persons, as the database keeps them."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from binc_web.directory import service_of
from binc_web.extensions import db
from binc_web.models import Service, ServiceContact
from tests import factories


def test_f1_every_new_organisation_is_a_voorziening_of_the_directory(app):
    brug = factories.organisation("NAFT De Brug", "naft")
    db.session.commit()

    service = service_of(brug)
    assert (service.name, service.kind, service.active) == ("NAFT De Brug", "voorziening", True)
    assert service.organisation is brug
    assert not service.is_consulent


def test_f1_only_consulent_services_are_consulent_type(app):
    ocj = Service(name="OCJ Oost-Vlaanderen", kind="consulent")
    gi = Service(name="Gemeenschapsinstelling campus De Zande", kind="dienst")
    db.session.add_all([ocj, gi])
    db.session.commit()

    assert ocj.is_consulent
    assert not gi.is_consulent


def test_f1_service_names_are_unique_whatever_their_case_or_accents(app):
    db.session.add(Service(name="Sociale dienst jeugdrechtbank Gent", kind="consulent"))
    db.session.commit()
    db.session.add(Service(name="  sociale diënst JEUGDRECHTBANK gent ", kind="dienst"))

    with pytest.raises(IntegrityError):
        db.session.commit()


def test_f1_a_service_of_another_kind_has_no_organisation_and_a_voorziening_has_one(app):
    brug = factories.organisation("NAFT De Brug", "naft")
    db.session.add(Service(name="Zwevende voorziening", kind="voorziening"))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()

    brug = factories.organisation("NAFT De Brug", "naft")
    db.session.add(Service(name="OCJ van De Brug", kind="consulent", organisation=brug))
    with pytest.raises(IntegrityError):
        db.session.flush()


def test_f1_a_contact_email_is_kept_in_lower_case_once_per_service(app):
    ocj = Service(name="OCJ Oost-Vlaanderen", kind="consulent")
    ocj.contacts.append(ServiceContact(name=" Els Voorbeeld ", email=" Els.Voorbeeld@Example.org"))
    db.session.add(ocj)
    db.session.commit()
    assert (ocj.contacts[0].name, ocj.contacts[0].email) == (
        "Els Voorbeeld",
        "els.voorbeeld@example.org",
    )

    ocj.contacts.append(ServiceContact(name="Els V.", email="ELS.VOORBEELD@example.org"))
    with pytest.raises(IntegrityError):
        db.session.commit()
