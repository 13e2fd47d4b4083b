"""Demo and volume data (``flask binc demo``); never loaded in a production configuration.

The four demo organisations get the demo people of the README, realistic Flemish youths (also
in the register table, for identification), approved modules, capacities and dossiers in every
state. ``--dossiers N`` adds N generated dossiers in volume organisations for benchmarks,
inserted in bulk so that 100,000 take minutes, not hours.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import bindparam, func, insert, select, update

from binc_web import storage
from binc_web.activity import record_activity
from binc_web.catalogue import sync_catalogue
from binc_web.directory.entries import add_or_update_contact, find_or_add_service
from binc_web.extensions import db
from binc_web.models import (
    Aanmelding,
    Benutting,
    Beslissing,
    Capaciteit,
    Client,
    Document,
    DocumentShare,
    Dossier,
    DossierCodeCounter,
    Klas,
    Membership,
    ModuleApproval,
    OrganisatieBenutting,
    Organisation,
    Person,
    RegisterEntry,
    Registratie,
    ReopenRequest,
    Schakeling,
    TypeModule,
)
from binc_web.models.dossiers import beslissing_modules, schakeling_modules
from binc_web.models.spans import rebuild_spans
from binc_web.registrations import (
    AnswerType,
    clean,
    form_values,
    is_complete,
    set_for,
    visible_parameters,
)
from binc_web.rules.benutting import help_periods
from binc_web.rules.document_files import detected_type
from binc_web.rules.dossier_code import dossier_code
from binc_web.rules.lifecycle import registrations_exempt
from binc_web.rules.national_number import compose_national_number
from binc_web.rules.overview import sort_name
from binc_web.rules.registrations import CRISIS_AANMELDER, start_of_help

DEMO_ORGANISATIONS = {
    "NAFT De Brug": "naft",
    "Jeugdhulp Het Anker": "jeugdhulp",
    "1 Gezin 1 Plan Regio Gent": "een_gezin_een_plan",
    "Opgroeien": "agency",
}
# G-1: demo erkenningsnummers (made up) for the Groeipakket file; the volume organisations of
# ``--dossiers`` have none, as a new organisation has until the agency fills it in.
DEMO_ERKENNINGSNUMMERS = {
    name: f"DEMO-{number:04d}"
    for number, (name, kind) in enumerate(DEMO_ORGANISATIONS.items(), start=1)
    if kind != "agency"
}

# (national number, given name, family name, [(organisation, role), ...]) as in the README.
DEMO_PEOPLE = [
    ("85073003328", "Jan", "Peeters", [("NAFT De Brug", "medewerker")]),
    (
        "88112201883",
        "Sofie",
        "Janssens",
        [("NAFT De Brug", "medewerker"), ("Jeugdhulp Het Anker", "medewerker")],
    ),
    (
        "79021402168",
        "Tom",
        "Maes",
        [("NAFT De Brug", "beheerder"), ("NAFT De Brug", "medewerker")],
    ),
    ("83051706242", "Lies", "Claes", [("1 Gezin 1 Plan Regio Gent", "medewerker")]),
    ("92060504731", "Pieter", "Willems", [("Jeugdhulp Het Anker", "medewerker")]),
    (
        "75010101087",
        "Ann",
        "Wouters",
        [("Opgroeien", "dossierbehandelaar"), ("Opgroeien", "beleidsmedewerker")],
    ),
]

# The directory documents are shared with (F-1): services that are not organisations of this
# instance, and contact persons of every service (fictitious; the demo organisations' own
# contacts are their demo people).
DEMO_DIRECTORY = {
    ("OCJ Oost-Vlaanderen", "consulent"): [
        ("Els Van Acker", "els.vanacker@ocj.example.org"),
        ("Bram De Wilde", "bram.dewilde@ocj.example.org"),
    ],
    ("Sociale dienst jeugdrechtbank Gent", "consulent"): [
        ("Karin Mertens", "karin.mertens@sdj.example.org"),
        ("Yusuf Demir", "yusuf.demir@sdj.example.org"),
    ],
    ("Gemeenschapsinstelling campus De Zande", "dienst"): [
        ("Griet Verhoeven", "griet.verhoeven@dezande.example.org"),
        ("Ömer Aydın", "omer.aydin@dezande.example.org"),
    ],
    ("Voorzieningenbeleid", "dienst"): [
        ("Hilde Vermeersch", "verificatie@voorzieningenbeleid.example.org"),
        ("Koen Baert", "erkenning@voorzieningenbeleid.example.org"),
    ],
}

# Modules each demo organisation is approved for, with capacity (and verzekerd aanbod).
DEMO_MODULES = {
    "NAFT De Brug": [("NAFT", 40, 0)],
    "Jeugdhulp Het Anker": [
        ("CB-LAAG", 24, 2),
        ("CB-KORT", 12, 1),
        ("CB-AUTONOOM", 8, 0),
        ("VB-HOOG", 16, 2),
        ("VB-CRISISMP", 2, 2),
        ("DAG-GROEP", 10, 0),
        ("OND-BEG", 6, 0),
    ],
    "1 Gezin 1 Plan Regio Gent": [("1G1P", 60, 0)],
}

# Frequent Flemish family and given names (split from text to keep them readable).
FAMILY_NAMES = (
    "Peeters, Janssens, Maes, Jacobs, Mertens, Willems, Claes, Goossens, Wouters, De Smet, "
    "Dubois, Lambert, Dupont, Hermans, Vermeulen, Van Damme, De Backer, Aerts, Michiels, "
    "Smets, El Amrani, Yilmaz, Nowak, Diallo, Vandenberghe, Verstraete, Desmet, Coppens, "
    "Lemmens, Bogaert, Ouali, Kaya"
).split(", ")
GIVEN_NAMES = {
    "M": (
        "Lucas Noah Liam Arthur Louis Adam Jules Mohamed Finn Milan Victor Rayan Elias Wout "
        "Senne Ilias"
    ).split(),
    "V": (
        "Emma Olivia Louise Mila Elena Nora Fien Lina Marie Yasmina Lotte Amira Hanne Noor Zoë Ines"
    ).split(),
}
STREETS = [
    ("Kerkstraat", "9000", "Gent"),
    ("Stationsstraat", "2800", "Mechelen"),
    ("Molenstraat", "8500", "Kortrijk"),
    ("Dorpsstraat", "3000", "Leuven"),
    ("Nieuwstraat", "2000", "Antwerpen"),
    ("Schoolstraat", "9300", "Aalst"),
    ("Kapelstraat", "3500", "Hasselt"),
    ("Veldstraat", "8000", "Brugge"),
]


@dataclass
class DemoReport:
    """What ``load_demo`` created."""

    organisations: int = 0
    people: int = 0
    register_entries: int = 0
    dossiers: int = 0


def demo_allowed(env: str) -> bool:
    """Demo data never enters a production installation."""
    return env in ("development", "testing")


def load_demo(today: date, seed: int = 20261123) -> DemoReport:
    """Create the demo organisations, people, youths, modules and dossiers (once)."""
    rng = random.Random(seed)
    sync_catalogue()
    report = DemoReport()
    organisations = _demo_organisations(report)
    _demo_people(organisations, report)
    _demo_directory()
    modules = {m.code: m for m in db.session.scalars(select(TypeModule))}
    _demo_modules(organisations, modules, today)
    youths = _demo_register(rng, today, report)
    _demo_dossiers(rng, organisations, modules, youths, today, report)
    _demo_organisation_totals(rng, organisations["Jeugdhulp Het Anker"], modules, today)
    _demo_documents(organisations, today)
    db.session.commit()
    return report


def _demo_organisations(report: DemoReport) -> dict[str, Organisation]:
    organisations = {}
    for name, kind in DEMO_ORGANISATIONS.items():
        organisation = db.session.scalars(
            select(Organisation).where(Organisation.name == name)
        ).first()
        if organisation is None:
            organisation = Organisation(
                name=name, kind=kind, erkenningsnummer=DEMO_ERKENNINGSNUMMERS.get(name)
            )
            db.session.add(organisation)
            report.organisations += 1
        organisations[name] = organisation
    db.session.flush()
    return organisations


def _demo_email(given: str, family: str) -> str:
    return f"{given.lower()}.{family.lower()}@example.org"


def _demo_people(organisations: dict[str, Organisation], report: DemoReport) -> None:
    for number, given, family, roles in DEMO_PEOPLE:
        person = db.session.scalars(select(Person).where(Person.national_number == number)).first()
        if person is None:
            person = Person(
                national_number=number,
                given_name=given,
                family_name=family,
                email=_demo_email(given, family),
            )
            db.session.add(person)
            db.session.flush()
            report.people += 1
        held = set(
            db.session.execute(
                select(Membership.organisation_id, Membership.role).where(
                    Membership.person_id == person.id
                )
            ).all()
        )
        for organisation_name, role in roles:
            organisation = organisations[organisation_name]
            if (organisation.id, role) not in held:
                db.session.add(
                    Membership(person_id=person.id, organisation_id=organisation.id, role=role)
                )
    db.session.flush()


def _demo_directory() -> None:
    """F-1: the demo services with their contacts, and the demo people as the contacts of
    their organisations."""
    for (name, kind), contacts in DEMO_DIRECTORY.items():
        service, _added = find_or_add_service(name, kind)
        for contact_name, email in contacts:
            add_or_update_contact(service, contact_name, email)
    for _number, given, family, roles in DEMO_PEOPLE:
        for organisation_name in {organisation for organisation, _role in roles}:
            service, _added = find_or_add_service(organisation_name, "voorziening")
            add_or_update_contact(service, f"{given} {family}", _demo_email(given, family))
    db.session.flush()


# Chapter 15: what NAFT De Brug shared with Jeugdhulp Het Anker (Pieter Willems): file name,
# korte beschrijving, sender, from a dossier?, vertrouwelijk?, days ago, "delen tot en met"
# in days from today (negative: expired, its file already removed as the nightly task does).
DEMO_DOCUMENTS = [
    ("evolutieverslag.pdf", "Evolutieverslag na drie maanden", "85073003328", True, False, 2, 28),
    (
        "melding ernstige gebeurtenis.txt",
        "Melding ernstige gebeurtenis: twee jongeren en een personeelslid betrokken",
        "85073003328",
        False,
        True,
        1,
        29,
    ),
    ("verslag schoolteam.pdf", "Verslag overleg schoolteam", "88112201883", True, False, 40, -10),
]


def _demo_pdf(text: str) -> bytes:
    """A one-page PDF showing ``text`` (ASCII), with a correct cross-reference table."""
    stream = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pdf, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(pdf)


def _demo_documents(organisations: dict[str, Organisation], today: date) -> None:
    """Chapter 15: documents NAFT De Brug shared with Jeugdhulp Het Anker (once): one from a
    dossier, one vertrouwelijk from the start page, one from a dossier that expired."""
    brug, anker = organisations["NAFT De Brug"], organisations["Jeugdhulp Het Anker"]
    if db.session.scalar(select(func.count()).where(Document.organisation_id == brug.id)):
        return
    dossier = db.session.scalars(
        select(Dossier)
        .where(Dossier.organisation_id == brug.id, Dossier.client_id.is_not(None))
        .order_by(Dossier.id)
    ).first()
    service = find_or_add_service(anker.name, "voorziening")[0]
    people = {p.national_number: p for p in db.session.scalars(select(Person))}
    for name, beschrijving, sender, in_dossier, vertrouwelijk, ago, until in DEMO_DOCUMENTS:
        sent_at = datetime.combine(today - timedelta(days=ago), datetime.min.time(), UTC)
        content = (
            _demo_pdf(f"{beschrijving} (demo)")
            if name.endswith(".pdf")
            else f"{beschrijving}.\n\nFictief demodocument.\n".encode()
        )
        content_type = detected_type(content)
        stored = None if until < 0 else storage.store(brug.id, name, content_type, content)
        document = Document(
            organisation_id=brug.id,
            sender_id=people[sender].id,
            dossier_id=dossier.id if in_dossier and dossier else None,
            beschrijving=beschrijving,
            vertrouwelijk=vertrouwelijk,
            stored_file=stored,
            file_name=name,
            content_type=content_type,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            created_at=sent_at,
            available_until=today + timedelta(days=until),
        )
        document.shares = [
            DocumentShare(
                service=service,
                naam_medewerker="Pieter Willems",
                email=_demo_email("Pieter", "Willems"),
                delen_tot_en_met=document.available_until,
            )
        ]
        db.session.add(document)
        db.session.flush()
        if document.dossier_id is not None:
            entry = record_activity(
                "document_gedeeld",
                document,
                f"Document '{name}' gedeeld met {service.name} (Pieter Willems) tot en met "
                f"{document.available_until:%d/%m/%Y}",
                dossier_id=document.dossier_id,
                organisation_id=brug.id,
            )
            entry.person_id, entry.at = people[sender].id, sent_at
    db.session.flush()


def _demo_modules(organisations, modules, today: date) -> None:
    start = today.replace(year=today.year - 3, month=1, day=1)
    for organisation_name, entries in DEMO_MODULES.items():
        organisation = organisations[organisation_name]
        exists = db.session.scalar(
            select(func.count()).where(ModuleApproval.organisation_id == organisation.id)
        )
        if exists:
            continue
        for code, capacity, verzekerd in entries:
            module = modules[code]
            db.session.add(
                ModuleApproval(
                    organisation_id=organisation.id, type_module_id=module.id, valid_from=start
                )
            )
            db.session.add(
                Capaciteit(
                    organisation_id=organisation.id,
                    type_module_id=module.id,
                    valid_from=start,
                    capacity=capacity,
                    verzekerd_aanbod=verzekerd,
                    toelichting="Erkende capaciteit volgens de erkenning.",
                )
            )
            if capacity >= 10:
                db.session.add(
                    Capaciteit(
                        organisation_id=organisation.id,
                        type_module_id=module.id,
                        # Issue 12: a change in the middle of the year, so that the
                        # bezetting of this year shows its two capacity segments.
                        valid_from=today.replace(month=7, day=1),
                        capacity=capacity + 4,
                        verzekerd_aanbod=verzekerd,
                        toelichting="Uitbreiding na programmatie.",
                    )
                )
    db.session.flush()


def _youth(rng: random.Random, index: int, today: date, age: int) -> dict:
    gender = "M" if index % 2 else "V"
    born = today - timedelta(days=age * 365 + rng.randrange(0, 360))
    street, postcode, municipality = STREETS[index % len(STREETS)]
    serial = 2 * (index % 400) + (1 if gender == "M" else 2)
    return {
        "national_number": compose_national_number(born, serial),
        "family_name": FAMILY_NAMES[index % len(FAMILY_NAMES)],
        "given_name": GIVEN_NAMES[gender][(index // 2) % len(GIVEN_NAMES[gender])],
        "gender": gender,
        "birth_date": born,
        "nationality": "België" if index % 5 else "Marokko",
        "street": street,
        "house_number": str(1 + index * 7 % 180),
        "postcode": postcode,
        "municipality": municipality,
        "country": "België",
    }


def _demo_register(rng: random.Random, today: date, report: DemoReport) -> list[dict]:
    """Forty youths of 6 to 24 in the register, and two adults over 25 who cannot be found."""
    existing = db.session.scalar(select(func.count()).select_from(RegisterEntry))
    ages = [6 + (i * 7) % 19 for i in range(40)] + [27, 31]
    youths = [_youth(rng, i, today, age) for i, age in enumerate(ages)]
    if not existing:
        db.session.execute(insert(RegisterEntry), youths)
        report.register_entries = len(youths)
    return youths[:40]


def _client_from(youth: dict) -> Client:
    client = db.session.scalars(
        select(Client).where(Client.national_number == youth["national_number"])
    ).first()
    if client is None:
        client = Client(**youth, language="Nederlands", country_of_origin=youth["nationality"])
        db.session.add(client)
        db.session.flush()
    return client


# Dossier states the demo shows: (label, beslissing?, schakeling state, status).
STATES = [
    ("zonder beslissing", False, None, "open"),
    ("beslissing zonder schakeling", True, None, "open"),
    ("lopende schakeling", True, "open", "open"),
    ("lopende schakeling", True, "open", "open"),
    ("verlengd", True, "verlengd", "open"),
    ("schakeling beëindigd", True, "ended", "open"),
    ("afgesloten", True, "ended", "closed"),
]


def _demo_dossiers(rng, organisations, modules, youths, today, report) -> None:
    providers = [name for name, kind in DEMO_ORGANISATIONS.items() if kind != "agency"]
    exists = db.session.scalar(
        select(func.count()).where(
            Dossier.organisation_id.in_([organisations[n].id for n in providers])
        )
    )
    if exists:
        return
    workers = {
        name: db.session.scalars(
            select(Person)
            .join(Membership, Membership.person_id == Person.id)
            .where(Membership.organisation_id == organisations[name].id)
        ).all()
        for name in providers
    }
    sequence = _SequenceBook(today)
    # Youth 0 has open dossiers at NAFT De Brug and at Jeugdhulp Het Anker (K-2, D-3).
    plan = [("NAFT De Brug", i) for i in range(0, 14)]
    plan += [("Jeugdhulp Het Anker", i) for i in [0, *range(14, 26)]]
    plan += [("1 Gezin 1 Plan Regio Gent", i) for i in range(26, 36)]
    for number, (organisation_name, youth_index) in enumerate(plan):
        organisation = organisations[organisation_name]
        client = _client_from(youths[youth_index])
        state = STATES[number % len(STATES)]
        worker = workers[organisation_name][number % len(workers[organisation_name])]
        _demo_dossier(
            rng,
            organisation,
            worker,
            state,
            today,
            sequence,
            modules,
            client=client,
            number=number,
        )
        report.dossiers += 1
    brug = organisations["NAFT De Brug"]
    _demo_reopen_request(brug, workers["NAFT De Brug"][0], youths[36], today, sequence, modules)
    report.dossiers += 1
    for name, participants in [("3 BSO Houtbewerking", 9), ("2de graad OKAN", 12)]:
        klas = Klas(
            organisation_id=brug.id,
            name=name,
            participants=participants,
            onderwijsvorm="Beroepssecundair onderwijs",
            graad="2",
            leerjaar="3",
        )
        db.session.add(klas)
        db.session.flush()
        _demo_dossier(
            rng,
            brug,
            workers["NAFT De Brug"][0],
            STATES[2],
            today,
            sequence,
            modules,
            klas=klas,
            number=report.dossiers,
        )
        report.dossiers += 1
    sequence.save()


def _demo_dossier(
    rng, organisation, worker, state, today, sequence, modules, *, number, client=None, klas=None
) -> Dossier:
    _label, with_beslissing, schakeling_state, status = state
    created = today - timedelta(days=20 + rng.randrange(0, 400))
    dossier = Dossier(
        code=sequence.next_code(created),
        organisation_id=organisation.id,
        client_id=client.id if client else None,
        klas_id=klas.id if klas else None,
        status=status,
        created_by_id=worker.id,
        assigned_to_id=worker.id,
        created_at=datetime.combine(created, datetime.min.time(), UTC),
    )
    crisis = organisation.kind == "jeugdhulp" and number % 9 == 4
    dossier.aanmelding = Aanmelding(
        uw_referentie=f"{organisation.name.split()[-1].upper()}-{number:03d}",
        via_toegangspoort=organisation.kind == "jeugdhulp" and number % 2 == 0,
        aanmelder="crisismeldpunt" if crisis else ("clb" if organisation.kind == "naft" else "oc"),
        datum_aanmelding=created - timedelta(days=rng.randrange(1, 20)),
        time_out=organisation.kind == "jeugdhulp" and number % 9 == 7,
    )
    db.session.add(dossier)
    db.session.flush()
    if not with_beslissing:
        return dossier
    module_codes = {"naft": ["NAFT"], "een_gezin_een_plan": ["1G1P"]}.get(
        organisation.kind, ["VB-CRISISMP"] if crisis else ["CB-LAAG", "DAG-GROEP"]
    )
    start = created + timedelta(days=rng.randrange(0, 10))
    beslissing = Beslissing(
        dossier_id=dossier.id,
        via_toegangspoort=dossier.aanmelding.via_toegangspoort,
        begindatum=start,
        einddatum=_plus_months(start, 6),
        modules=[modules[c] for c in module_codes],
    )
    db.session.add(beslissing)
    db.session.flush()
    if schakeling_state is None:
        return dossier
    ended = schakeling_state in ("ended", "verlengd")
    first_end = min(beslissing.einddatum, today - timedelta(days=3)) if ended else None
    db.session.add(
        Schakeling(
            beslissing_id=beslissing.id,
            dossier_id=dossier.id,
            kind="start",
            begindatum=start + timedelta(days=3),
            einddatum=first_end,
            modules=list(beslissing.modules),
        )
    )
    if schakeling_state == "verlengd" and first_end is not None:
        second = Beslissing(
            dossier_id=dossier.id,
            via_toegangspoort=beslissing.via_toegangspoort,
            begindatum=first_end,
            einddatum=_plus_months(first_end, 6),
            modules=list(beslissing.modules),
        )
        db.session.add(second)
        db.session.flush()
        db.session.add(
            Schakeling(
                beslissing_id=second.id,
                dossier_id=dossier.id,
                kind="verlenging",
                begindatum=first_end,
                modules=list(beslissing.modules),
            )
        )
    if status == "closed":
        dossier.closed_at = min(today, (first_end or today) + timedelta(days=2))
    db.session.flush()
    _demo_registrations(organisation, worker, dossier, start + timedelta(days=3), today, number)
    if organisation.kind == "jeugdhulp":
        _demo_benutting(rng, dossier, today)
    return dossier


# M-3 demo: how often a day of help has benutting, and how much, per unit (FAQ units).
_DEMO_BENUTTING = {
    "uren": (0.35, [25, 50, 75, 100, 150, 200, 300]),  # contextbegeleiding: a few contacts
    "dagen": (0.2, [100]),  # dagbegeleiding in groep: about a day a week
    "nachten": (0.9, [100]),  # verblijf: most nights in the voorziening
    "dagdelen": (0.3, [50, 100]),
}


def _demo_benutting(rng: random.Random, dossier: Dossier, today: date) -> None:
    """M-3: benutting on the days of help of the dossier's modules with a unit (the last
    four months at most, so the demo stays quick to load)."""
    rows = db.session.execute(
        select(schakeling_modules.c.type_module_id, Schakeling.begindatum, Schakeling.einddatum)
        .join(Schakeling, Schakeling.id == schakeling_modules.c.schakeling_id)
        .where(Schakeling.dossier_id == dossier.id)
    ).all()
    units = dict(db.session.execute(select(TypeModule.id, TypeModule.benutting_unit)).all())
    since = today - timedelta(days=120)
    by_module: dict[int, list] = {}
    for module_id, start, end in rows:
        by_module.setdefault(module_id, []).append((max(start, since), end))
    cells = []
    for module_id, schakelingen in by_module.items():
        share, amounts = _DEMO_BENUTTING.get(units[module_id], (0, []))
        for first, last in help_periods(schakelingen, today):
            for offset in range((last - first).days + 1):
                if rng.random() < share:
                    day = first + timedelta(days=offset)
                    cells.append(
                        {
                            "dossier_id": dossier.id,
                            "type_module_id": module_id,
                            "day": day,
                            "hundredths": rng.choice(amounts),
                            "updated_at": datetime.combine(day, datetime.min.time(), UTC),
                        }
                    )
    if cells:
        db.session.execute(insert(Benutting), cells)


def _demo_organisation_totals(rng, organisation, modules, today: date) -> None:
    """M-3 (FAQ crisisverblijf): contextcontacten outside dossiers, the last six months."""
    if db.session.scalar(
        select(func.count()).where(OrganisatieBenutting.organisation_id == organisation.id)
    ):
        return
    month = today.replace(day=1)
    for _ in range(6):
        db.session.add(
            OrganisatieBenutting(
                organisation_id=organisation.id,
                type_module_id=modules["CB-LAAG"].id,
                month=month,
                hundredths=rng.randrange(4, 40) * 25,
            )
        )
        month = (month - timedelta(days=1)).replace(day=1)


def _demo_registrations(organisation, worker, dossier, help_start, today, number) -> None:
    """R-1..R-6: registrations in every state the overview shows. A closed dossier has both
    complete (D-10); an open one a beginregistratie complete in time (green), complete too
    late or incomplete (red), or none yet; a finished traject an incomplete eindregistratie.
    Time-out, crisis intakes and class dossiers get none (not required)."""
    aanmelding = dossier.aanmelding
    if (
        dossier.klas_id is not None
        or aanmelding.time_out
        or aanmelding.aanmelder == CRISIS_AANMELDER
    ):
        return
    rng = random.Random(number)  # its own stream: the other demo data stay as they were
    closed = dossier.status == "closed"
    begin_state = "complete" if closed else ("complete", "incomplete", "late", None)[number % 4]
    if begin_state is not None:
        days = 100 if begin_state == "late" else 20
        on = min(today, help_start + timedelta(days=days))
        _demo_registration(
            rng, organisation, worker, dossier, "begin", begin_state != "incomplete", on
        )
    if closed or (dossier.closed_at is None and number % 2):
        on = dossier.closed_at or today
        _demo_registration(rng, organisation, worker, dossier, "eind", closed, on)


def _demo_registration(rng, organisation, worker, dossier, kind, complete, on: date) -> None:
    pset = set_for(kind, organisation.kind, dossier.klas_id is not None)
    if pset is None:
        return
    answers = _demo_answers(rng, pset, complete)
    complete = is_complete(pset, answers)
    saved = datetime.combine(on, datetime.min.time(), UTC) + timedelta(hours=10)
    db.session.add(
        Registratie(
            dossier_id=dossier.id,
            kind=kind,
            set_code=pset.code,
            set_version=pset.version,
            answers=answers,
            complete=complete,
            completed_on=on if complete else None,
            opened_at=saved,
            created_by_id=worker.id,
            created_at=saved,
            updated_by_id=worker.id,
            updated_at=saved,
        )
    )


def _demo_answers(rng: random.Random, pset, complete: bool) -> dict:
    """Plausible answers: every question asked is answered (optional ones half of the time);
    an incomplete registration lacks two mandatory answers (and the branches they open)."""
    answers: dict = {}
    considered: set[str] = set()
    while fresh := [p for p in visible_parameters(pset, answers) if p.code not in considered]:
        for parameter in fresh:
            considered.add(parameter.code)
            if parameter.mandatory or rng.random() < 0.5:
                answers[parameter.code] = _demo_answer(rng, parameter)
    if not complete:
        given = [code for code in answers if pset.parameter(code).mandatory]
        for code in rng.sample(given, k=min(2, len(given))):
            del answers[code]
        answers, _errors = clean(pset, form_values(pset, answers))
    return answers


def _demo_answer(rng: random.Random, parameter):
    options = list(parameter.options)
    if parameter.type is AnswerType.MULTIPLE:
        chosen = set(rng.sample(options, k=min(len(options), rng.randint(1, 2))))
        return [code for code in options if code in chosen]
    if options:
        return rng.choice(options)
    if parameter.type is AnswerType.NUMBER:
        return rng.randint(parameter.minimum, min(parameter.maximum, parameter.minimum + 5))
    if parameter.type is AnswerType.DATE:
        return (date(2026, 1, 1) + timedelta(days=rng.randrange(0, 300))).isoformat()
    return "Demo"


def _demo_reopen_request(organisation, worker, youth, today, sequence, modules) -> None:
    """D-12: a dossier closed almost two years ago, with a pending request to reopen it."""
    created = today - timedelta(days=700)
    dossier = Dossier(
        code=sequence.next_code(created),
        organisation_id=organisation.id,
        client_id=_client_from(youth).id,
        status="closed",
        created_by_id=worker.id,
        assigned_to_id=worker.id,
        created_at=datetime.combine(created, datetime.min.time(), UTC),
    )
    dossier.aanmelding = Aanmelding(aanmelder="clb", datum_aanmelding=created - timedelta(days=5))
    db.session.add(dossier)
    db.session.flush()
    end = _plus_months(created, 6)
    beslissing = Beslissing(
        dossier_id=dossier.id, begindatum=created, einddatum=end, modules=[modules["NAFT"]]
    )
    db.session.add(beslissing)
    db.session.flush()
    db.session.add(
        Schakeling(
            beslissing_id=beslissing.id,
            dossier_id=dossier.id,
            begindatum=created + timedelta(days=3),
            einddatum=end,
            modules=[modules["NAFT"]],
        )
    )
    dossier.closed_at = end + timedelta(days=2)
    db.session.flush()
    _demo_registrations(organisation, worker, dossier, created + timedelta(days=3), today, 700)
    db.session.add(
        ReopenRequest(
            dossier_id=dossier.id,
            organisation_id=organisation.id,
            requested_by_id=worker.id,
            toelichting="Per vergissing afgesloten: de jongere werd nog begeleid na de einddatum.",
        )
    )
    db.session.flush()


def _plus_months(day: date, months: int) -> date:
    """The same day ``months`` later (clamped to the month's last day)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate in (31, 30, 29, 28):
        if day.day <= candidate:
            try:
                return date(year, month, min(day.day, candidate))
            except ValueError:
                continue
    return date(year, month, 28)


class _SequenceBook:
    """D-2 sequences per creation day, continued from and written back to the counters."""

    def __init__(self, today: date):
        self.last = {
            row.day: row.last_value for row in db.session.scalars(select(DossierCodeCounter))
        }
        self.today = today

    def next_code(self, day: date) -> str:
        self.last[day] = self.last.get(day, 0) + 1
        return dossier_code(day, self.last[day])

    def save(self) -> None:
        for day, value in self.last.items():
            counter = db.session.get(DossierCodeCounter, day)
            if counter is None:
                db.session.add(DossierCodeCounter(day=day, last_value=value))
            else:
                counter.last_value = value
        db.session.flush()


def load_volume(dossiers: int, today: date, per_organisation: int = 6000) -> int:
    """Add ``dossiers`` generated dossiers in volume organisations (5 in 6 open), in bulk."""
    sync_catalogue()
    module = db.session.scalars(select(TypeModule).where(TypeModule.code == "CB-LAAG")).one()
    offset = db.session.scalar(select(func.count()).select_from(Client))
    sequence = _SequenceBook(today)
    created_count = 0
    volume_number = 1 + db.session.scalar(
        select(func.count()).where(Organisation.name.like("Volume %"))
    )
    while created_count < dossiers:
        size = min(per_organisation, dossiers - created_count)
        organisation = Organisation(name=f"Volume {volume_number:03d}", kind="jeugdhulp")
        db.session.add(organisation)
        db.session.flush()
        db.session.add(
            ModuleApproval(
                organisation_id=organisation.id,
                type_module_id=module.id,
                valid_from=today.replace(year=today.year - 5),
            )
        )
        db.session.add(
            Capaciteit(
                organisation_id=organisation.id,
                type_module_id=module.id,
                valid_from=today.replace(year=today.year - 5),
                capacity=size,
            )
        )
        for start in range(0, size, 2000):
            batch = min(2000, size - start)
            _insert_volume_batch(
                organisation.id,
                module.id,
                offset + created_count + start,
                batch,
                start,
                today,
                sequence,
            )
        created_count += size
        volume_number += 1
    sequence.save()
    db.session.commit()
    return created_count


def _insert_volume_batch(
    organisation_id, module_id, client_offset, count, first, today, sequence
) -> None:
    """Insert ``count`` clients with one dossier, aanmelding, beslissing and schakeling each."""
    clients, dossiers = [], []
    for i in range(count):
        n = client_offset + i
        gender = "M" if n % 2 else "V"
        born = date(2002, 1, 1) + timedelta(days=n % 7000)
        serial = 500 + 2 * (n // 7000) + (1 if gender == "M" else 2)
        created = today - timedelta(days=30 + n % 700)
        clients.append(
            {
                "national_number": compose_national_number(born, serial),
                "family_name": FAMILY_NAMES[(n * 7) % len(FAMILY_NAMES)],
                "given_name": GIVEN_NAMES[gender][n % len(GIVEN_NAMES[gender])],
                "gender": gender,
                "birth_date": born,
                "nationality": "België",
                "created_at": datetime.now(UTC),
                "updated_at": datetime.now(UTC),
            }
        )
        dossiers.append((created, (first + i) % 6 != 5))
    client_ids = db.session.scalars(
        insert(Client).returning(Client.id, sort_by_parameter_order=True), clients
    ).all()
    now = datetime.now(UTC)
    dossier_rows = [
        {
            "code": sequence.next_code(created),
            "organisation_id": organisation_id,
            "client_id": client_id,
            "status": "open" if is_open else "closed",
            "created_at": datetime.combine(created, datetime.min.time(), UTC),
            "updated_at": now,
            "closed_at": today - timedelta(days=10) if not is_open else None,
            # Core inserts bypass the session's before_flush that keeps it for the ORM.
            "sort_name": sort_name(youth["family_name"], youth["given_name"]),
            "version_id": 1,
        }
        for client_id, youth, (created, is_open) in zip(client_ids, clients, dossiers, strict=True)
    ]
    dossier_ids = db.session.scalars(
        insert(Dossier).returning(Dossier.id, sort_by_parameter_order=True), dossier_rows
    ).all()
    db.session.execute(
        insert(Aanmelding),
        [
            {
                "dossier_id": d,
                "aanmelder": "oc",
                "datum_aanmelding": row["created_at"].date(),
                "via_toegangspoort": True,
                "time_out": False,
                "updated_at": now,
                "version_id": 1,
            }
            for d, row in zip(dossier_ids, dossier_rows, strict=True)
        ],
    )
    beslissing_rows = [
        {
            "dossier_id": d,
            "via_toegangspoort": True,
            "begindatum": row["created_at"].date(),
            "einddatum": _plus_months(row["created_at"].date(), 12),
            "created_at": now,
            "version_id": 1,
        }
        for d, row in zip(dossier_ids, dossier_rows, strict=True)
        if (d % 10) != 0  # one in ten dossiers still waits for its first beslissing
    ]
    beslissing_ids = db.session.scalars(
        insert(Beslissing).returning(Beslissing.id, sort_by_parameter_order=True), beslissing_rows
    ).all()
    db.session.execute(
        insert(beslissing_modules),
        [{"beslissing_id": b, "type_module_id": module_id} for b in beslissing_ids],
    )
    schakeling_rows = [
        {
            "beslissing_id": b,
            "dossier_id": row["dossier_id"],
            "kind": "start",
            "begindatum": row["begindatum"] + timedelta(days=2),
            "einddatum": None if row["dossier_id"] % 3 else row["begindatum"] + timedelta(days=90),
            "verzekerd_aanbod": False,
            "zwaartepunt_andere_sector": False,
            "created_at": now,
            "version_id": 1,
        }
        for b, row in zip(beslissing_ids, beslissing_rows, strict=True)
    ]
    schakeling_ids = db.session.scalars(
        insert(Schakeling).returning(Schakeling.id, sort_by_parameter_order=True), schakeling_rows
    ).all()
    db.session.execute(
        insert(schakeling_modules),
        [{"schakeling_id": s, "type_module_id": module_id} for s in schakeling_ids],
    )
    # Core inserts bypass the flush listener that keeps the figures' module spans.
    rebuild_spans(db.session.connection(), dossier_ids)
    _set_derived_dates(dossier_ids, dossier_rows, beslissing_rows, schakeling_rows)


def _set_derived_dates(dossier_ids, dossier_rows, beslissing_rows, schakeling_rows) -> None:
    """The dates models.derived keeps on each dossier, which Core inserts bypass. Computed here
    with the rules from the rows just made (at most one beslissing and one schakeling per
    dossier, no registraties, every intake requiring them): models.derived.derived_dates would
    be the same SQL as for the ORM, but on tables without statistics yet PostgreSQL plans its
    subqueries as scans, once per dossier, and the load grew quadratic."""
    first_schakeling = {row["dossier_id"]: row["begindatum"] for row in schakeling_rows}
    beslissing_end = {row["dossier_id"]: row["einddatum"] for row in beslissing_rows}
    values = []
    for dossier_id, row in zip(dossier_ids, dossier_rows, strict=True):
        aangemeld = row["created_at"].date()  # the aanmelding's date (_insert_volume_batch)
        start = start_of_help(first_schakeling.get(dossier_id), aangemeld)
        exempt = registrations_exempt(klas=False, time_out=False, crisis_intake=False)
        values.append(
            {
                "dossier": dossier_id,
                "start": start,
                "owed": None if exempt else start,
                "end": beslissing_end.get(dossier_id),
                "awaits": None if dossier_id in beslissing_end else aangemeld,
            }
        )
    table = Dossier.__table__
    db.session.execute(
        update(table)
        .where(table.c.id == bindparam("dossier"))
        .values(
            help_start=bindparam("start"),
            owes_begin_since=bindparam("owed"),
            beslissing_end=bindparam("end"),
            awaits_beslissing_since=bindparam("awaits"),
            updated_at=table.c.updated_at,
        ),
        values,
    )
