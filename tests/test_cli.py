"""``flask binc`` commands: init (M-1 catalogue, A-3 first beheerder), demo and volume data."""

from __future__ import annotations

from datetime import date

from binc_web.demo import DEMO_PEOPLE
from binc_web.extensions import db
from binc_web.models import (
    Aanmelding,
    Benutting,
    Beslissing,
    Capaciteit,
    Client,
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
    Service,
    TypeModule,
)
from binc_web.models.derived import derived_dates
from binc_web.rules.modules import CATALOGUE
from binc_web.rules.national_number import national_number_problems
from binc_web.templating import today


def count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def run(app, *args):
    result = app.test_cli_runner().invoke(args=["binc", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_m1_init_seeds_the_catalogue_once(app):
    run(app, "init")
    assert count(TypeModule) == len(CATALOGUE)
    assert "0 toegevoegd" in run(app, "init")
    assert count(TypeModule) == len(CATALOGUE)


def test_a3_first_beheerder_comes_from_configuration(app):
    app.config.update(
        FIRST_ADMIN_NATIONAL_NUMBER="79021402168",
        FIRST_ADMIN_ORGANISATION="Jeugdhulp De Vlinder",
        FIRST_ADMIN_ORGANISATION_KIND="jeugdhulp",
    )
    assert "Eerste beheerder 79021402168" in run(app, "init")
    run(app, "init")
    roles = db.session.execute(
        db.select(Organisation.name, Organisation.kind, Membership.role)
        .join(Membership, Membership.organisation_id == Organisation.id)
        .join(Person, Person.id == Membership.person_id)
        .where(Person.national_number == "79021402168")
    ).all()
    assert roles == [("Jeugdhulp De Vlinder", "jeugdhulp", "beheerder")]


def test_a3_first_beheerder_with_a_wrong_number_is_refused(app):
    app.config.update(FIRST_ADMIN_NATIONAL_NUMBER="123", FIRST_ADMIN_ORGANISATION="X")
    result = app.test_cli_runner().invoke(args=["binc", "init"])
    assert result.exit_code != 0
    assert "11 cijfers" in result.output
    assert count(Organisation) == 0


def test_add_organisation_command(app):
    run(app, "add-organisation", "NAFT Het Kompas", "--kind", "naft")
    assert db.session.scalars(db.select(Organisation.kind)).all() == ["naft"]


def test_add_organisation_with_the_name_of_a_service_is_refused_in_dutch(app):
    db.session.add(Service(name="OCJ Oost-Vlaanderen", kind="consulent"))
    run(app, "add-organisation", "Jeugdhulp Het Anker", "--kind", "jeugdhulp")

    for name, known in [
        ("ocj oost-vlaanderen", "OCJ Oost-Vlaanderen (consulent)"),
        ("Jeugdhulp Het Ánker", "Jeugdhulp Het Anker (voorziening)"),
    ]:
        result = app.test_cli_runner().invoke(
            args=["binc", "add-organisation", name, "--kind", "jeugdhulp"]
        )
        assert result.exit_code == 1, result.output
        assert f"Er is al een dienst {known}" in result.output
        assert "Traceback" not in result.output and result.exception.__class__ is SystemExit
    assert db.session.scalars(db.select(Organisation.name)).all() == ["Jeugdhulp Het Anker"]
    assert count(Service) == 2


def test_demo_fills_the_four_organisations_with_people_and_dossiers(app):
    output = run(app, "demo")
    assert "4 organisaties" in output
    names = set(db.session.scalars(db.select(Organisation.name)))
    assert names == {
        "NAFT De Brug",
        "Jeugdhulp Het Anker",
        "1 Gezin 1 Plan Regio Gent",
        "Opgroeien",
    }
    for number, _given, _family, roles in DEMO_PEOPLE:
        held = set(
            db.session.execute(
                db.select(Organisation.name, Membership.role)
                .join(Membership, Membership.organisation_id == Organisation.id)
                .join(Person, Person.id == Membership.person_id)
                .where(Person.national_number == number)
            ).all()
        )
        assert held == set(roles)
    for entry in db.session.scalars(db.select(RegisterEntry)):
        assert national_number_problems(entry.national_number)[1] == []
    assert count(Klas) == 2
    assert count(ModuleApproval) >= 9 and count(Capaciteit) >= 9
    # M-3: benutting for the jeugdhulp dossiers (Het Anker) and its organisation totals.
    assert count(Benutting) > 50 and count(OrganisatieBenutting) == 6
    units = set(
        db.session.scalars(
            db.select(TypeModule.benutting_unit).join(
                Benutting, Benutting.type_module_id == TypeModule.id
            )
        )
    )
    assert units >= {"uren", "dagen"}
    statuses = set(db.session.scalars(db.select(Dossier.status)))
    assert statuses == {"open", "closed"}
    with_beslissing = db.session.scalar(
        db.select(db.func.count(db.distinct(Beslissing.dossier_id)))
    )
    assert 0 < with_beslissing < count(Dossier)
    open_schakelingen = db.session.scalar(
        db.select(db.func.count()).where(Schakeling.einddatum.is_(None))
    )
    assert 0 < open_schakelingen < count(Schakeling)
    assert db.session.scalar(db.select(db.func.count()).where(Schakeling.kind == "verlenging"))
    assert db.session.scalar(db.select(db.func.count()).where(Aanmelding.time_out.is_(True)))
    assert db.session.scalar(
        db.select(db.func.count()).where(Aanmelding.aanmelder == "crisismeldpunt")
    )
    shared = db.session.scalar(
        db.select(db.func.count()).select_from(
            db.select(Dossier.client_id)
            .where(Dossier.client_id.is_not(None))
            .group_by(Dossier.client_id)
            .having(db.func.count(db.distinct(Dossier.organisation_id)) > 1)
            .subquery()
        )
    )
    assert shared >= 1
    pending = db.session.scalars(db.select(ReopenRequest)).all()
    assert [r.status for r in pending] == ["aangevraagd"]  # for Ann Wouters' D-12 screen
    # registrations complete and incomplete; closed dossiers have both complete (D-10).
    registrations = db.session.scalars(db.select(Registratie)).all()
    states = {(r.kind, r.complete) for r in registrations}
    assert states == {("begin", True), ("begin", False), ("eind", True), ("eind", False)}
    exempt = db.session.scalars(
        db.select(Dossier.id)
        .join(Aanmelding, Aanmelding.dossier_id == Dossier.id)
        .where(
            (Dossier.klas_id.is_not(None))
            | Aanmelding.time_out.is_(True)
            | (Aanmelding.aanmelder == "crisismeldpunt")
        )
    ).all()
    assert exempt and not {r.dossier_id for r in registrations} & set(exempt)
    for closed in db.session.scalars(
        db.select(Dossier).where(Dossier.status == "closed", Dossier.id.not_in(exempt))
    ):
        kinds = {(r.kind, r.complete) for r in registrations if r.dossier_id == closed.id}
        assert kinds == {("begin", True), ("eind", True)}, closed.code
    assert all(r.opened_at and r.created_by_id for r in registrations)


def test_demo_shares_documents_from_de_brug_with_het_anker(app, login_as):
    from binc_web.models import ActivityEntry, Document

    run(app, "demo")
    run(app, "demo")
    documents = db.session.scalars(db.select(Document).order_by(Document.id)).all()
    assert [(d.file_name, d.vertrouwelijk, d.stored_file is None) for d in documents] == [
        ("evolutieverslag.pdf", False, False),
        ("melding ernstige gebeurtenis.txt", True, False),
        ("verslag schoolteam.pdf", False, True),
    ]
    for document in documents:
        assert document.organisation.name == "NAFT De Brug"
        assert [s.service.name for s in document.shares] == ["Jeugdhulp Het Anker"]
    assert documents[0].dossier_id is not None and documents[2].dossier_id is not None
    assert documents[2].available_until < today() <= documents[0].available_until
    logged = db.session.scalars(
        db.select(ActivityEntry.description).where(
            ActivityEntry.dossier_id == documents[0].dossier_id
        )
    ).all()
    assert any(
        "Document 'evolutieverslag.pdf' gedeeld met Jeugdhulp Het Anker" in d for d in logged
    )

    def person(number):
        return db.session.scalars(db.select(Person).where(Person.national_number == number)).one()

    def organisation(name):
        return db.session.scalars(db.select(Organisation).where(Organisation.name == name)).one()

    received = login_as(person("92060504731"), organisation("Jeugdhulp Het Anker"))
    listing = received.get("/documenten/ontvangen").get_data(as_text=True)
    assert "evolutieverslag.pdf" in listing and "melding ernstige gebeurtenis.txt" in listing
    assert "verslag schoolteam.pdf" not in listing
    download = received.get(f"/documenten/{documents[0].id}/bestand")
    assert download.status_code == 200 and download.data.startswith(b"%PDF-")
    # The vertrouwelijk one is Jan's alone at De Brug; the expired one stays listed there.
    colleague = login_as(person("88112201883"), organisation("NAFT De Brug"))
    sent = colleague.get("/documenten").get_data(as_text=True)
    assert "verslag schoolteam.pdf" in sent and "melding ernstige gebeurtenis.txt" not in sent


def test_demo_is_idempotent_and_if_empty_skips(app):
    run(app, "demo")
    dossiers = count(Dossier)
    run(app, "demo")
    assert count(Dossier) == dossiers
    assert "geen demodata geladen" in run(app, "demo", "--if-empty")
    assert count(Person) == len(DEMO_PEOPLE)


def test_demo_volume_adds_dossiers_in_bulk_with_unique_codes(app):
    run(app, "demo")
    before = count(Dossier)
    output = run(app, "demo", "--dossiers", "700")
    assert "Volume: 700 dossiers" in output
    assert count(Dossier) == before + 700
    codes = db.session.scalars(db.select(Dossier.code)).all()
    assert len(codes) == len(set(codes))
    assert count(Client) == db.session.scalar(
        db.select(db.func.count(db.distinct(Client.national_number)))
    )
    counters = {c.day: c.last_value for c in db.session.scalars(db.select(DossierCodeCounter))}
    for code in codes:
        _, day, sequence = code.split("_")
        key = next(d for d in counters if d.strftime("%Y%m%d") == day)
        assert int(sequence) <= counters[key]


def test_demo_volume_sets_the_derived_dates_as_the_database_derives_them(app):
    """Issue 13: the bulk load computes the dossiers' derived dates itself (Core inserts bypass
    the ORM's listener); they equal what models.derived.derived_dates derives from the rows."""
    run(app, "demo", "--dossiers", "60")
    columns = (
        Dossier.id,
        Dossier.help_start,
        Dossier.owes_begin_since,
        Dossier.beslissing_end,
        Dossier.awaits_beslissing_since,
    )
    loaded = db.session.execute(db.select(*columns).order_by(Dossier.id)).all()
    db.session.execute(derived_dates(db.select(Dossier.id)))
    assert db.session.execute(db.select(*columns).order_by(Dossier.id)).all() == loaded
    assert {end is None for _id, _start, _owed, end, _awaits in loaded} == {True, False}
    assert {awaits is None for *_dates, awaits in loaded} == {True, False}


def test_c3_demo_capacities_change_in_the_middle_of_the_year(app):
    """Issue 12: after `make run` the bezetting of this year has two capacity segments."""
    run(app, "demo")
    this_year = today().year
    changes = set(
        db.session.scalars(
            db.select(Capaciteit.valid_from).where(
                Capaciteit.valid_from > date(this_year, 1, 1),
                Capaciteit.valid_from < date(this_year, 12, 31),
            )
        )
    )
    assert changes == {date(this_year, 7, 1)}
