"""K-1: the register adapter, its setting, the age limit and ``flask binc import-register``."""

from __future__ import annotations

from datetime import date

import pytest

from binc_web.extensions import db
from binc_web.models import RegisterEntry
from binc_web.register import (
    RegisterAdapter,
    RegisterPerson,
    RegisterTableAdapter,
    register_adapter,
    search_register,
)
from binc_web.rules.clients import SearchTerms
from binc_web.rules.national_number import compose_national_number

HEADER = (
    "rijksregisternummer,naam,voornaam,geslacht,geboortedatum,nationaliteit,straat,huisnummer,"
    "postcode,gemeente,land"
)
LOTTE = compose_national_number(date(2010, 5, 17), 4)
NOAH = compose_national_number(date(2012, 8, 3), 7)
MILA = compose_national_number(date(2010, 11, 30), 6)
OLD = compose_national_number(date(1990, 1, 2), 9)


def entry(number: str, family: str, given: str, gender: str, born: date, **extra):
    found = RegisterEntry(
        national_number=number,
        family_name=family,
        given_name=given,
        gender=gender,
        birth_date=born,
        **extra,
    )
    db.session.add(found)
    db.session.flush()
    return found


@pytest.fixture
def register(app):
    entry(LOTTE, "Peeters", "Lotte", "V", date(2010, 5, 17), municipality="Gent")
    entry(MILA, "Peeters", "Mila", "V", date(2010, 11, 30))
    entry(NOAH, "Peeters", "Noah", "M", date(2012, 8, 3))
    entry(OLD, "Peeters", "Jan", "M", date(1990, 1, 2))
    db.session.commit()


class StubRegister:
    """A register double standing in for a KSZ connection."""

    people = {
        "stub": RegisterPerson("10051700253", "Stub", "Sam", "X", date(2010, 5, 17)),
    }

    def find_by_number(self, number):
        return self.people.get(number)

    def find_by_name(self, family_name, gender, birth_year):
        return list(self.people.values())


class NotARegister:
    """Lacks the adapter's methods."""


def test_k1_table_adapter_finds_by_number(register):
    person = RegisterTableAdapter().find_by_number(LOTTE)
    assert person == RegisterPerson(
        LOTTE, "Peeters", "Lotte", "V", date(2010, 5, 17), municipality="Gent"
    )
    assert (
        RegisterTableAdapter().find_by_number(compose_national_number(date(2011, 1, 1), 2)) is None
    )


def test_k1_table_adapter_finds_by_name_gender_and_birth_year(register):
    adapter = RegisterTableAdapter()
    found = adapter.find_by_name("PEETERS", "V", 2010)
    assert [p.given_name for p in found] == ["Lotte", "Mila"]
    assert adapter.find_by_name("peeters", "M", 2010) == []
    assert [p.given_name for p in adapter.find_by_name("Peeters", "M", 2012)] == ["Noah"]
    assert adapter.find_by_name("Peters", "V", 2010) == []


def test_k1_only_youths_up_to_25_are_found(register):
    today = date(2026, 3, 15)
    by_number = search_register(RegisterTableAdapter(), SearchTerms("nummer", OLD), today)
    assert (by_number.found, by_number.too_old) == ([], 1)
    youth = search_register(RegisterTableAdapter(), SearchTerms("nummer", LOTTE), today)
    assert ([p.national_number for p in youth.found], youth.too_old) == ([LOTTE], 0)


def test_k1_age_limit_applies_at_the_26th_birthday(app):
    born = date(2000, 3, 15)
    number = compose_national_number(born, 1)
    entry(number, "Maes", "Wout", "M", born)
    terms = SearchTerms("naam", family_name="Maes", gender="M", birth_year=2000)
    assert len(search_register(RegisterTableAdapter(), terms, date(2026, 3, 14)).found) == 1
    assert search_register(RegisterTableAdapter(), terms, date(2026, 3, 15)).too_old == 1


def test_k1_default_adapter_is_the_table(app):
    assert isinstance(register_adapter(), RegisterTableAdapter)
    assert register_adapter() is register_adapter()


def test_k1_register_adapter_comes_from_the_setting(app):
    app.config["REGISTER_ADAPTER"] = "tests.test_register.StubRegister"
    adapter = register_adapter()
    assert isinstance(adapter, StubRegister)
    assert isinstance(adapter, RegisterAdapter)
    found = search_register(adapter, SearchTerms("nummer", "stub"), date(2026, 1, 1))
    assert [p.family_name for p in found.found] == ["Stub"]


def test_k1_a_setting_without_the_adapter_methods_is_refused(app):
    app.config["REGISTER_ADAPTER"] = "tests.test_register:NotARegister"
    with pytest.raises(TypeError, match="find_by_number"):
        register_adapter()


# flask binc import-register -----------------------------------------------------------------


def write(tmp_path, *lines, name="register.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


def import_file(app, path):
    return app.test_cli_runner().invoke(args=["binc", "import-register", str(path)])


def entries() -> dict[str, RegisterEntry]:
    return {e.national_number: e for e in db.session.scalars(db.select(RegisterEntry))}


def test_k1_import_register_adds_every_valid_line(app, tmp_path):
    path = write(
        tmp_path,
        HEADER,
        f"{LOTTE},Peeters,Lotte,V,17/05/2010,België,Kerkstraat,12,9000,Gent,België",
        f"{NOAH},Peeters,Noah,m,03/08/2012,Marokko,,,,,",
    )
    result = import_file(app, path)
    assert result.exit_code == 0, result.output
    assert "2 nieuw, 0 bijgewerkt, 0 ongewijzigd, 0 geweigerd" in result.output
    rows = entries()
    assert rows[LOTTE].street == "Kerkstraat" and rows[LOTTE].birth_date == date(2010, 5, 17)
    assert rows[NOAH].gender == "M" and rows[NOAH].street is None


def test_k1_import_register_updates_by_number(app, tmp_path, register):
    path = write(
        tmp_path,
        HEADER,
        f"{LOTTE},Peeters,Lotte,V,17/05/2010,,Nieuwstraat,3,2000,Antwerpen,België",
        f"{MILA},Peeters,Mila,V,30/11/2010,,,,,,",
    )
    result = import_file(app, path)
    assert result.exit_code == 0, result.output
    assert "0 nieuw, 1 bijgewerkt, 1 ongewijzigd, 0 geweigerd" in result.output
    assert entries()[LOTTE].municipality == "Antwerpen"
    assert len(entries()) == 4


def test_k1_import_register_reports_and_skips_bad_lines(app, tmp_path):
    path = write(
        tmp_path,
        HEADER,
        f"{LOTTE},Peeters,Lotte,V,17/05/2010,,,,,,",
        "85073003329,Maes,Tom,M,30/07/1985,,,,,,",
        f"{NOAH},Peeters,Noah,Q,03/08/2012,,,,,,",
        "",
        f"{MILA},,Mila,V,2010-11-30,,,,,,",
        f"{compose_national_number(date(2011, 2, 3), 3)},Claes,Finn,M,03/02/2011,,,",
        f"{LOTTE},Peeters,Lotte,V,17/05/2010,,,,,,",
        f"{compose_national_number(date(2011, 2, 3), 5)},Claes,Senne,M,03/02/2011,,,,{'9' * 11},,",
    )
    result = import_file(app, path)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "1 nieuw, 0 bijgewerkt, 0 ongewijzigd, 6 geweigerd" in out
    assert "Regel 3 geweigerd: Het controlegetal (laatste twee cijfers) klopt niet." in out
    assert "Regel 4 geweigerd: Geslacht moet M, V of X zijn." in out
    assert (
        "Regel 6 geweigerd: Naam is verplicht. Vul een bestaande geboortedatum in als dd/mm/jjjj."
        in out
    )
    assert "Regel 7 geweigerd: De regel telt 8 velden in plaats van 11." in out
    assert f"Regel 8 geweigerd: Rijksregisternummer {LOTTE} staat al op regel 2." in out
    assert "Regel 9 geweigerd: Postcode mag hoogstens 10 tekens tellen, niet 11." in out
    assert list(entries()) == [LOTTE]


def test_k1_import_register_reads_semicolons_bom_and_any_column_order(app, tmp_path):
    path = tmp_path / "excel.csv"
    header = "Naam;Voornaam;Rijksregisternummer;Geslacht;Geboortedatum;Nationaliteit;Straat;"
    header += "Huisnummer;Postcode;Gemeente;Land;Opmerking"
    line = f"Peeters;Lotte;{LOTTE};V;17/05/2010;België;Kerkstraat;12;9000;Gent;België;x"
    path.write_text(header + "\r\n" + line + "\r\n", encoding="utf-8-sig")
    result = import_file(app, path)
    assert result.exit_code == 0, result.output
    assert "1 nieuw" in result.output
    assert entries()[LOTTE].given_name == "Lotte"


def test_k1_import_register_refuses_a_file_without_the_columns(app, tmp_path):
    path = write(tmp_path, "nummer,naam", f"{LOTTE},Peeters")
    result = import_file(app, path)
    assert result.exit_code == 1
    assert "De kopregel mist deze kolommen: rijksregisternummer, voornaam" in result.output
    assert "Er werd niets ingelezen." in result.output
    assert entries() == {}


def test_k1_import_register_refuses_an_empty_file(app, tmp_path):
    path = tmp_path / "leeg.csv"
    path.write_text("")
    result = import_file(app, path)
    assert result.exit_code == 1
    assert "De kopregel mist deze kolommen" in result.output


def test_k1_import_register_refuses_a_missing_file(app, tmp_path):
    result = import_file(app, tmp_path / "bestaat-niet.csv")
    assert result.exit_code == 1
    assert "kan niet gelezen worden: het bestaat niet." in result.output
    result = import_file(app, tmp_path)
    assert result.exit_code == 1
    assert "kan niet gelezen worden: het is een map." in result.output


def test_k1_import_register_refuses_a_file_that_is_not_utf8_and_imports_nothing(app, tmp_path):
    path = write(
        tmp_path,
        HEADER,
        f"{LOTTE},Peeters,Lotte,V,17/05/2010,,,,,,",
        f"{NOAH},Peeters,Noé,M,03/08/2012,,,,,,",
        encoding="cp1252",
    )
    result = import_file(app, path)
    assert result.exit_code == 1
    assert "niet in UTF-8" in result.output
    assert entries() == {}


def test_k1_import_register_help_documents_the_columns(app):
    result = app.test_cli_runner().invoke(args=["binc", "import-register", "--help"])
    assert result.exit_code == 0
    for column in ("rijksregisternummer", "naam, voornaam", "geslacht", "geboortedatum", "land"):
        assert column in result.output
    assert "dd/mm/jjjj" in result.output
