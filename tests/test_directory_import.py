"""F-1: filling the directory with ``flask binc import-diensten`` and the demo data."""

from __future__ import annotations

from binc_web.directory import service_of
from binc_web.extensions import db
from binc_web.models import Service
from tests import factories

HEADER = "dienst,soort,naam medewerker,e-mail medewerker"


def write(tmp_path, *lines, encoding="utf-8"):
    path = tmp_path / "diensten.csv"
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


def import_file(app, path):
    return app.test_cli_runner().invoke(args=["binc", "import-diensten", str(path)])


def directory() -> dict[str, tuple[str, list[tuple[str, str]]]]:
    """Every service by name: its kind and its contacts (name, e-mail)."""
    return {
        service.name: (service.kind, [(c.name, c.email) for c in service.contacts])
        for service in db.session.scalars(db.select(Service))
    }


def test_f1_import_diensten_adds_services_and_contacts(app, tmp_path):
    factories.organisation("Jeugdhulp Het Anker")
    db.session.commit()
    path = write(
        tmp_path,
        HEADER,
        "OCJ Oost-Vlaanderen,consulent,Els Van Acker,Els.VanAcker@ocj.example.org",
        "OCJ Oost-Vlaanderen,Consulent,Bram De Wilde,bram.dewilde@ocj.example.org",
        "Gemeenschapsinstelling campus De Zande,dienst,,",
        "jeugdhulp het anker,voorziening,Pieter Willems,pieter@anker.example.org",
    )

    result = import_file(app, path)

    assert result.exit_code == 0, result.output
    assert (
        "2 nieuwe diensten, 3 nieuwe medewerkers, 0 bijgewerkt, 0 ongewijzigd, 0 geweigerd"
        in result.output
    )
    assert directory() == {
        "Jeugdhulp Het Anker": ("voorziening", [("Pieter Willems", "pieter@anker.example.org")]),
        "OCJ Oost-Vlaanderen": (
            "consulent",
            [
                ("Bram De Wilde", "bram.dewilde@ocj.example.org"),
                ("Els Van Acker", "els.vanacker@ocj.example.org"),
            ],
        ),
        "Gemeenschapsinstelling campus De Zande": ("dienst", []),
    }


def test_f1_import_diensten_twice_changes_nothing_but_a_renamed_contact(app, tmp_path):
    lines = [
        HEADER,
        "OCJ Oost-Vlaanderen,consulent,Els Van Acker,els.vanacker@ocj.example.org",
        "Voorzieningenbeleid,dienst,,",
    ]
    assert import_file(app, write(tmp_path, *lines)).exit_code == 0

    lines[1] = "ocj oost-vlaanderen,consulent,Els Van Acker-Peeters,ELS.VANACKER@ocj.example.org"
    result = import_file(app, write(tmp_path, *lines))

    assert "0 nieuwe diensten, 0 nieuwe medewerkers, 1 bijgewerkt, 1 ongewijzigd" in result.output
    assert directory()["OCJ Oost-Vlaanderen"] == (
        "consulent",
        [("Els Van Acker-Peeters", "els.vanacker@ocj.example.org")],
    )
    assert len(directory()) == 2


def test_f1_import_diensten_names_every_refused_line_and_imports_the_rest(app, tmp_path):
    db.session.add(Service(name="Sociale dienst jeugdrechtbank Gent", kind="consulent"))
    db.session.commit()
    path = write(
        tmp_path,
        HEADER,
        "OCJ Oost-Vlaanderen,consulent,Els Van Acker,els.vanacker@ocj.example.org",
        ",consulent,Els Van Acker,els@example.org",
        "OCJ Limburg,ocj,,",
        "OCJ Limburg,consulent,Jo Claes,",
        "OCJ Limburg,consulent,Jo Claes,jo.claes@",
        "Sociale diënst jeugdrechtbank GENT,dienst,,",
        "Nergens Thuis,voorziening,,",
        "OCJ Oost-Vlaanderen,consulent,Els V.,ELS.VANACKER@ocj.example.org",
        "OCJ Limburg,consulent",
        "OCJ Limburg,consulent,Jo\x00Claes,jo@example.org",
    )

    result = import_file(app, path)

    out = result.output
    assert result.exit_code == 0, out
    assert "1 nieuwe dienst, 1 nieuwe medewerker, 0 bijgewerkt, 0 ongewijzigd, 9 geweigerd" in out
    assert "Regel 3 geweigerd: De naam van de dienst ontbreekt." in out
    assert "Regel 4 geweigerd: Onbekende soort 'ocj': kies voorziening, consulent, dienst." in out
    assert "Regel 5 geweigerd: Het e-mailadres van de medewerker ontbreekt." in out
    assert "Regel 6 geweigerd: 'jo.claes@' is geen geldig e-mailadres." in out
    assert (
        "Regel 7 geweigerd: Sociale dienst jeugdrechtbank Gent staat al in de lijst als "
        "consulent, niet als dienst." in out
    )
    assert "Regel 8 geweigerd: Nergens Thuis is geen organisatie van deze installatie" in out
    assert (
        "Regel 9 geweigerd: els.vanacker@ocj.example.org bij OCJ Oost-Vlaanderen staat al op "
        "regel 2." in out
    )
    assert "Regel 10 geweigerd: De regel telt 2 velden in plaats van 4." in out
    assert "Regel 11 geweigerd: De regel bevat een controleteken." in out
    assert set(directory()) == {"OCJ Oost-Vlaanderen", "Sociale dienst jeugdrechtbank Gent"}


def test_f1_import_diensten_refuses_an_unreadable_file_and_imports_nothing(app, tmp_path):
    result = import_file(app, write(tmp_path, "dienst;naam", "OCJ Limburg;Jo"))
    assert result.exit_code == 1
    assert "De kopregel mist deze kolommen: soort, naam medewerker, e-mail medewerker" in (
        result.output
    )
    latin1 = write(
        tmp_path, HEADER, "Campus Sint-Jozef,dienst,Zoë,zoe@example.org", encoding="latin-1"
    )
    assert "niet in UTF-8" in import_file(app, latin1).output
    assert directory() == {}


def test_f1_demo_fills_the_directory_with_services_and_contacts(app):
    result = app.test_cli_runner().invoke(args=["binc", "demo"])
    assert result.exit_code == 0, result.output
    app.test_cli_runner().invoke(args=["binc", "demo"])

    services = directory()
    assert services["OCJ Oost-Vlaanderen"][0] == "consulent"
    assert services["Sociale dienst jeugdrechtbank Gent"][0] == "consulent"
    assert services["Gemeenschapsinstelling campus De Zande"][0] == "dienst"
    assert services["Voorzieningenbeleid"][0] == "dienst"
    assert all(
        len(contacts) >= 2 for _kind, contacts in services.values() if _kind != "voorziening"
    )
    brug = db.session.scalars(db.select(Service).where(Service.name == "NAFT De Brug")).one()
    assert brug is service_of(brug.organisation)
    assert ("Jan Peeters", "jan.peeters@example.org") in services["NAFT De Brug"][1]
    assert sum(kind == "voorziening" for kind, _ in services.values()) == 4


def test_f2_import_diensten_reads_the_optional_functie_of_a_consulents_contact(app, tmp_path):
    path = write(
        tmp_path,
        HEADER + ",functie",
        "OCJ Oost-Vlaanderen,consulent,Els Van Acker,els@ocj.example.org,",
        "OCJ Oost-Vlaanderen,consulent,Bram De Wilde,bram@ocj.example.org,Teamverantwoordelijke",
        "OCJ Oost-Vlaanderen,consulent,An Peeters,an@ocj.example.org,administratief medewerker",
        "Campus De Zande,dienst,Griet Verhoeven,griet@dezande.example.org,teamverantwoordelijke",
        "OCJ Oost-Vlaanderen,consulent,Jo Maes,jo@ocj.example.org,directeur",
    )

    result = import_file(app, path)

    assert result.exit_code == 0, result.output
    assert "3 nieuwe medewerkers" in result.output and "2 geweigerd" in result.output
    assert "Regel 5 geweigerd: Enkel bij een consulent" in result.output
    assert "Regel 6 geweigerd: Onbekende functie 'directeur'" in result.output
    ocj = db.session.scalars(db.select(Service).where(Service.kind == "consulent")).one()
    assert ocj.consulent_staff == {"bram@ocj.example.org", "an@ocj.example.org"}
    # Without the column (the file of before) the functions stay as they are.
    assert (
        import_file(app, write(tmp_path, HEADER, "OCJ Oost-Vlaanderen,consulent,,")).exit_code == 0
    )
    db.session.expire_all()
    assert len(db.session.get(Service, ocj.id).consulent_staff) == 2
