"""A youth with something in every table the Inzage (G-3) and the research export (G-4) read,
with distinctive names, numbers, addresses and free text to search the outputs for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from binc_web.catalogue import sync_catalogue
from binc_web.extensions import db
from binc_web.models import (
    AccessEntry,
    ActivityEntry,
    Benutting,
    Client,
    ContextPerson,
    DocumentOpening,
    Dossier,
    GroeipakketRow,
    RegisterLookup,
    ReopenRequest,
    TypeModule,
)
from binc_web.rules.national_number import compose_national_number
from tests.factories_documents import shared_document, to_organisation
from tests.factories_overview import beslissing, dossier, schakeling
from tests.factories_registrations import registratie

NUMBER = compose_national_number(date(2010, 7, 21), 37)
MOTHER_PHONE = "0471 12 34 56"
# Every piece of text that identifies the youth or is free text; none may leave in G-4.
SECRETS = {
    "family_name": "Vanderstraeten",
    "given_name": "Zoë",
    "national_number": NUMBER,
    "street": "Kapelsesteenweg",
    "house_number": "417bis",  # letters: a number alone turns up in hex pseudonyms and times
    "municipality": "Zwijndrecht",
    "mother": "Oosterlinck",
    "mother_address": "Bredabaan 999, Brasschaat",
    "mother_email": "oosterlinck@voorbeeld.be",
    "mother_phone": MOTHER_PHONE,
    "referentie": "leefgroep-Kiwi-77",
    "andere_reden": "ouders-wilden-geen-CLB-xyz",
    "toelichting": "heropenen-wegens-terugval-qwe",
    "nationality": "Nationaliteit-Ω",
}


@dataclass
class Youth:
    client: Client
    brug_dossier: Dossier
    anker_dossier: Dossier


def module(code: str) -> TypeModule:
    return db.session.scalar(db.select(TypeModule).where(TypeModule.code == code))


def rich_youth(world) -> Youth:
    """Zoë: a dossier at De Brug (everything registered) and one at Het Anker."""
    sync_catalogue()
    client = Client(
        national_number=NUMBER,
        family_name=SECRETS["family_name"],
        given_name=SECRETS["given_name"],
        gender="V",
        birth_date=date(2010, 7, 21),
        nationality=SECRETS["nationality"],
        street=SECRETS["street"],
        house_number=SECRETS["house_number"],
        postcode="2070",
        municipality=SECRETS["municipality"],
        country="België",
    )
    db.session.add(client)
    db.session.flush()
    db.session.add(
        ContextPerson(
            client_id=client.id,
            relation="moeder",
            family_name=SECRETS["mother"],
            given_name="Greet",
            phone=MOTHER_PHONE,
            email=SECRETS["mother_email"],
            address=SECRETS["mother_address"],
        )
    )
    brug = dossier(world.brug, who=client, referentie=SECRETS["referentie"], assigned_to=world.jan)
    brug.aanmelding.aanmelder = "andere"
    brug.aanmelding.reden_niet_clb = "andere"
    brug.aanmelding.reden_niet_clb_andere = SECRETS["andere_reden"]
    decided = beslissing(brug, date(2025, 12, 1), date(2026, 5, 31))
    decided.modules = [module("NAFT")]
    helped = schakeling(decided, date(2025, 12, 2), date(2026, 2, 28))
    helped.modules = [module("NAFT")]
    registratie(brug, "begin")
    # M-3: one day of benutting (the Inzage reads any module's cells alike).
    db.session.add(
        Benutting(
            dossier_id=brug.id,
            type_module_id=module("NAFT").id,
            day=date(2025, 12, 3),
            hundredths=125,
        )
    )
    db.session.add(
        ReopenRequest(
            dossier_id=brug.id,
            organisation_id=world.brug.id,
            toelichting=SECRETS["toelichting"],
            requested_by_id=world.jan.id,
        )
    )
    db.session.add(
        ActivityEntry(
            organisation_id=world.brug.id,
            dossier_id=brug.id,
            person_id=world.jan.id,
            action="aanmelding_gewijzigd",
            object_type="Aanmelding",
            description="Aanmelding gewijzigd",
            before={"time_out": False},
            after={"time_out": True},
        )
    )
    db.session.add(
        RegisterLookup(
            organisation_id=world.brug.id,
            person_id=world.jan.id,
            kind="verder",
            client_id=client.id,
            search=f"rijksregisternummer {NUMBER}",
        )
    )
    db.session.add(
        AccessEntry(
            at=datetime(2026, 1, 3, 9, tzinfo=UTC),
            organisation_id=world.brug.id,
            person_id=world.jan.id,
            client_id=client.id,
            dossier_id=brug.id,
            page="dossiers.show",
        )
    )
    # G-1: what the feed wrote when De Brug once registered a Groeipakket module for her (her
    # schakeling above stays NAFT only, as the other privacy tests expect).
    db.session.add(
        GroeipakketRow(
            dossier_id=brug.id,
            schakeling_id=helped.id,
            client_id=client.id,
            rijksregisternummer=NUMBER,
            organisation_id=world.brug.id,
            module_code="VB-KAMER",
            van=date(2025, 12, 2),
            status="aan",
        )
    )
    # F-1: a document shared from the dossier, opened once by Het Anker (15.1.1).
    sent = shared_document(world.brug, world.jan, to=[to_organisation(world.anker)], dossier=brug)
    db.session.add(DocumentOpening(document_id=sent.id, person_id=world.pieter.id))
    anker = dossier(world.anker, who=client, code="ANKER-DOSSIER-1")
    db.session.commit()
    return Youth(client, brug, anker)
