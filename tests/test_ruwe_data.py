"""P-6 "Ruwe data": every generated file validates against the published XSD; one row per
dossier of "alle dossiers", a field per Binc parameter; the schema at its stable address."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
from lxml import etree

from binc_web.catalogue import sync_catalogue
from binc_web.extensions import db
from binc_web.models import TypeModule
from binc_web.registrations import REGISTRY, AnswerType
from binc_web.reports import ruwe_data as ruwe_data_module
from binc_web.reports.catalogue import ReportContext, report
from binc_web.reports.ruwe_data import FIELDS, SCHEMA_VERSION
from binc_web.reports.schema import PUBLISHED, SCHEMA_DIRECTORY
from tests import factories
from tests.factories_overview import counted_queries
from tests.factories_registrations import _sample, registratie
from tests.factories_reports import klas_traject, schakeling, traject

START, END = date(2026, 1, 1), date(2026, 3, 31)
SCHEMA = etree.XMLSchema(etree.parse(str(SCHEMA_DIRECTORY / "ruwe-data-1.xsd")))
XS = "{http://www.w3.org/2001/XMLSchema}"


def ruwe_data(organisation, start=START, end=END) -> etree._Element:
    """The raw data generated as a job would, validated against the schema, parsed."""
    stream = io.BytesIO()
    context = ReportContext(organisation.id, start, end, datetime(2026, 4, 2, 9, 30, tzinfo=UTC))
    report("ruwe-data").write(stream, context)
    document = etree.fromstring(stream.getvalue())
    SCHEMA.assertValid(document)
    return document


def rows(document) -> dict[str, dict[str, str]]:
    """{dossiercode: {field: text}}."""
    return {
        row.findtext("dossiercode"): {field.tag: field.text for field in row}
        for row in document.iterfind("dossier")
    }


def test_p6_one_row_per_dossier_of_alle_dossiers_with_aanmelding_and_schakelingen(app):
    sync_catalogue()
    naft = db.session.scalars(db.select(TypeModule).where(TypeModule.function == "naft")).first()
    brug = factories.organisation("NAFT De Brug", "naft")
    closed = traject(brug, date(2025, 10, 1), date(2026, 1, 1), closed=True, modules=(naft,))
    schakeling(closed, date(2026, 1, 1), date(2026, 2, 15), kind="verlenging")
    closed.aanmelding.uw_referentie = "Afdeling Gent"
    running = traject(brug, date(2026, 2, 1), modules=(naft,))
    klas_traject(brug, date(2026, 1, 20), "3 BSO Hout")
    traject(brug, None)  # no schakeling: in no set, not in the raw data
    traject(brug, date(2026, 4, 1))  # after the period
    db.session.commit()

    document = ruwe_data(brug)
    found = rows(document)

    assert document.get("versie") == "1"
    assert document.get("voorziening") == "NAFT De Brug"
    assert len(found) == 3
    row = found[closed.code]
    assert row["uw_referentie"] == "Afdeling Gent"
    assert row["aanmelder"] == "CLB"
    assert row["status"] == "afgesloten"
    assert (row["opgestart"], row["afgesloten"], row["lopend"]) == ("nee", "ja", "nee")
    assert row["start_eerste_schakeling"] == "2025-10-01"
    assert row["einde_eerste_schakeling"] == "2026-01-01"
    assert row["modules_eerste_schakeling"] == naft.name
    assert (row["starthulp"], row["eindehulp"], row["moduleshulp"]) == (
        "2025-10-01",
        "2026-02-15",
        naft.name,
    )
    assert row["geslacht"] == "V"
    assert row["geboortedatum"] == "2010-05-17"
    assert "eindehulp" not in found[running.code]  # the history is of closed dossiers only
    assert found[running.code]["opgestart"] == "ja"
    klas = next(r for r in found.values() if r["klasdossier"] == "ja")
    assert klas["klasnaam"] == "3 BSO Hout"
    assert "naam" not in klas


def test_p6_never_the_national_number(app):
    brug = factories.organisation("NAFT De Brug", "naft")
    lotte = factories.client()
    traject(brug, date(2026, 1, 5), who=lotte)
    db.session.commit()

    stream = io.BytesIO()
    context = ReportContext(brug.id, START, END, datetime(2026, 4, 2, tzinfo=UTC))
    report("ruwe-data").write(stream, context)

    assert lotte.national_number.encode() not in stream.getvalue()


ORGANISATION_KINDS = {
    "naft_individueel": "naft",
    "naft_klas": "naft",
    "een_gezin_een_plan": "een_gezin_een_plan",
    "jeugdhulp": "jeugdhulp",
}


def test_p6_every_registration_answer_appears_by_its_parameter_code_with_its_label(app):
    """Fails when a parameter is added to a set without appearing in the export."""
    for number, pset in enumerate(REGISTRY.all_sets()):
        dossier_kind = sorted(pset.dossier_kinds)[0]
        organisation = factories.organisation(
            f"Voorziening {number}", ORGANISATION_KINDS[dossier_kind]
        )
        if dossier_kind == "naft_klas":
            dossier = klas_traject(organisation, date(2026, 1, 10))
        else:
            dossier = traject(organisation, date(2026, 1, 10))
        answers = every_answer(pset)
        registratie(dossier, pset.kind, answers)
        db.session.commit()

        row = rows(ruwe_data(organisation))[dossier.code]

        for parameter in pset.parameters:
            value = row.get(f"{pset.kind}_{parameter.code}")
            assert value == expected_text(parameter, answers[parameter.code]), parameter.code


def every_answer(pset) -> dict:
    """An answer to every parameter: each follow-up question's branch opened first, then the
    first option (or the minimum, a date, a word) everywhere else."""
    opened = {}
    for parameter in pset.parameters:
        if parameter.condition is not None:
            parent = pset.parameter(parameter.condition.parameter)
            value = sorted(parameter.condition.values)[0]
            opened[parent.code] = [value] if parent.type is AnswerType.MULTIPLE else value
    answers = dict(opened)
    for parameter in pset.parameters:
        answers.setdefault(parameter.code, sample(parameter))
    return answers


def sample(parameter):
    """The factories' valid answer; two options of a multiple choice, to see both labels."""
    if parameter.type is AnswerType.MULTIPLE:
        return list(parameter.options)[:2]
    return _sample(parameter)


def expected_text(parameter, answer) -> str:
    """How the raw data shows an answer: option labels, numbers and ISO dates as such."""
    if parameter.type is AnswerType.MULTIPLE:
        return "; ".join(parameter.options[code] for code in answer)
    if parameter.options:
        return parameter.options[answer]
    return str(answer)


def test_p6_the_schema_declares_exactly_the_exported_fields():
    declared = {
        element.get("name"): element.get("type")
        for element in SCHEMA_DOCUMENT.iterfind(f".//{XS}all/{XS}element")
    }
    types = {"string": "xs:string", "date": "xs:date", "integer": "xs:integer", "jaNee": "jaNee"}

    assert declared == {field.name: types[field.type] for field in FIELDS}


SCHEMA_DOCUMENT = etree.parse(str(SCHEMA_DIRECTORY / "ruwe-data-1.xsd"))


def test_p6_the_schema_is_published_without_login(client):
    response = client.get("/schema/ruwe-data-1.xsd")

    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    etree.XMLSchema(etree.fromstring(response.get_data()))


def test_p6_every_schema_file_is_published():
    files = {path.name for path in SCHEMA_DIRECTORY.glob("*.xsd")}  # also G-1's groeipakket-*

    assert files == set(PUBLISHED)
    assert f"ruwe-data-{SCHEMA_VERSION}.xsd" in PUBLISHED


@pytest.mark.parametrize("name", ["Ann & <Ò>", "Ctrl\x01teken"])
def test_p6_any_stored_text_gives_a_valid_file(app, name):
    brug = factories.organisation("NAFT De Brug", "naft")
    dossier = traject(brug, date(2026, 1, 5))
    dossier.aanmelding.uw_referentie = name
    db.session.commit()

    row = rows(ruwe_data(brug))[dossier.code]

    assert row["uw_referentie"] == name.replace("\x01", "\ufffd")


def add_dossiers(organisation, count: int) -> None:
    """``count`` dossiers of each kind: opgestart with a beginregistratie, closed after a
    verlenging with both registraties, lopend without any."""
    sync_catalogue()
    naft = db.session.scalars(db.select(TypeModule).where(TypeModule.function == "naft")).first()
    for _ in range(count):
        registratie(traject(organisation, date(2026, 1, 10), modules=(naft,)), "begin")
        closed = traject(organisation, date(2025, 10, 1), date(2026, 1, 1), closed=True)
        schakeling(closed, date(2026, 1, 1), date(2026, 2, 15), kind="verlenging", modules=(naft,))
        registratie(closed, "begin")
        registratie(closed, "eind")
        traject(organisation, date(2025, 6, 1))
    db.session.commit()


def test_p6_streamed_in_batches_the_rows_and_the_queries_stay_the_same(app, monkeypatch):
    """The three queries are read side by side in batches: small batches give the same file,
    and the number of queries does not grow with the number of dossiers (or batches)."""
    brug = factories.organisation("NAFT De Brug", "naft")
    add_dossiers(brug, 1)
    monkeypatch.setattr(ruwe_data_module, "BATCH", 2)
    with counted_queries() as few:
        ruwe_data(brug)
    add_dossiers(brug, 5)
    with counted_queries() as more:
        in_small_batches = etree.tostring(ruwe_data(brug))
    monkeypatch.setattr(ruwe_data_module, "BATCH", 1000)
    in_one_batch = etree.tostring(ruwe_data(brug))

    assert len(more) == len(few)
    assert in_small_batches == in_one_batch
    found = rows(etree.fromstring(in_one_batch))
    assert len(found) == 18
    assert sum("begin_" in " ".join(row) for row in found.values()) == 12
    assert sum("eind_" in " ".join(row) for row in found.values()) == 6
    closed = [row for row in found.values() if row["status"] == "afgesloten"]
    assert {row["eindehulp"] for row in closed} == {"2026-02-15"}
