"""F-1..F-5 over HTTP: sharing a document from a dossier and from the start page, who may open
it (F-2, 404 for everyone else), the download and its log (15.1.1), safe files, expiry and
"Gebruikersbeheer documenten" (15.3.1)."""

from __future__ import annotations

import io
import logging
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import pytest

from binc_web.documents.sharing import remove_expired_files
from binc_web.extensions import db
from binc_web.models import (
    AccessEntry,
    ActivityEntry,
    Document,
    DocumentOpening,
    DocumentRecipient,
    DocumentShare,
    ServiceContact,
    StoredFile,
)
from binc_web.rules.concurrency import RECIPIENT_GONE
from binc_web.rules.document_files import MAX_DOCUMENT_SIZE
from binc_web.templating import today
from tests import factories
from tests.conftest import csrf_token, pinned_to
from tests.factories_documents import (
    CONSULENT_MAIL,
    EXE,
    PDF,
    consulent_service,
    pdf_of_size,
    shared_document,
    to_organisation,
)

ANKER = "Jeugdhulp Het Anker"


def outbox(app) -> list:
    """The e-mails sent (Flask-Mailman's in-memory backend of the testing profile)."""
    return getattr(app.extensions["mailman"], "outbox", [])


def count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def add_url(world) -> str:
    return f"/dossiers/{world.brug_dossier.id}/documenten/toevoegen"


def share_form(http, url, *, content=PDF, name="verslag.pdf", rows=None, **extra):
    """Post "Toevoegen document" as a browser does: the file and one row per recipient."""
    rows = rows or [(ANKER, "Pieter Peeters", "pieter@anker.example", today() + timedelta(30))]
    data = {"csrf_token": csrf_token(http, url), "beschrijving": "Evolutieverslag", **extra}
    for index, (dienst, naam, email, until) in enumerate(rows):
        data[f"ontvangers-{index}-dienst"] = dienst
        data[f"ontvangers-{index}-naam"] = naam
        data[f"ontvangers-{index}-email"] = email
        data[f"ontvangers-{index}-tot"] = until.strftime("%d/%m/%Y")
    if content is not None:
        data["bestand"] = (io.BytesIO(content), name)
    return http.post(url, data=data, content_type="multipart/form-data")


@pytest.fixture
def koen(world):
    """A worker of a third organisation."""
    third = factories.organisation("Jeugdhulp De Derde", "jeugdhulp")
    person = factories.person("77031404113", "Koen", "Claes")
    factories.grant(person, third, "medewerker")
    db.session.commit()
    return person, third


def test_f1_the_dossier_offers_delen_documenten_and_the_form_prefills_30_days(login_as, world):
    http = login_as(world.jan, world.brug)
    page = http.get(f"/dossiers/{world.brug_dossier.id}").get_data(as_text=True)
    assert f"/dossiers/{world.brug_dossier.id}/documenten" in page
    form = http.get(add_url(world)).get_data(as_text=True)
    assert "Toevoegen document" in form and "Delen tot en met" in form
    assert (today() + timedelta(days=30)).strftime("%d/%m/%Y") in form
    assert "Vertrouwelijk" not in form  # F-3: only from the start page


def test_f1_opslaan_stores_document_and_shares_and_announces_each_recipient(login_as, world, app):

    http = login_as(world.jan, world.brug)
    rows = [
        (ANKER, "Pieter Peeters", "Pieter@Anker.example", today() + timedelta(30)),
        (ANKER, "Sofie Maes", "sofie@anker.example", today() + timedelta(10)),
    ]
    response = share_form(http, add_url(world), rows=rows)
    assert response.status_code == 303, response.get_data(as_text=True)
    document = db.session.scalars(db.select(Document)).one()
    assert (document.file_name, document.dossier_id, document.sender_id) == (
        "verslag.pdf",
        world.brug_dossier.id,
        world.jan.id,
    )
    assert [(s.email, s.delen_tot_en_met) for s in document.shares] == [
        ("pieter@anker.example", today() + timedelta(30)),
        ("sofie@anker.example", today() + timedelta(10)),
    ]
    assert document.stored_file.content == PDF
    logged = db.session.scalars(
        db.select(ActivityEntry.description).where(ActivityEntry.action == "document_gedeeld")
    ).all()
    assert len(logged) == 2 and ANKER in logged[0]
    listing = http.get(f"/dossiers/{world.brug_dossier.id}/documenten").get_data(as_text=True)
    assert "verslag.pdf" in listing and "nog niet geopend" in listing
    # F-4: one e-mail per recipient, with the manual's text and never the document itself.
    sent = outbox(app)
    assert [message.to for message in sent] == [["pieter@anker.example"], ["sofie@anker.example"]]
    for message, (name, until) in zip(
        sent, [("Pieter Peeters", 30), ("Sofie Maes", 10)], strict=True
    ):
        assert "Het bestand verslag.pdf is gedeeld door Jan Peeters – NAFT De Brug" in message.body
        assert f"bedoeld voor {name}" in message.body
        assert (today() + timedelta(until)).strftime("%d/%m/%Y") in message.body
        assert "Ontvangen documenten" in message.body
        assert not message.attachments


def test_f1_a_later_date_than_30_days_is_refused_and_nothing_stored(login_as, world, app):
    http = login_as(world.jan, world.brug)
    rows = [(ANKER, "Pieter Peeters", "pieter@anker.example", today() + timedelta(31))]
    response = share_form(http, add_url(world), rows=rows)
    assert response.status_code == 422
    assert "slechts 30 dagen" in response.get_data(as_text=True)
    assert count(Document) == count(StoredFile) == 0
    assert outbox(app) == []


def test_f1_an_unknown_service_is_refused(login_as, world):
    http = login_as(world.jan, world.brug)
    rows = [("Nergens", "Pieter Peeters", "pieter@anker.example", today())]
    response = share_form(http, add_url(world), rows=rows)
    assert response.status_code == 422
    assert "Kies een dienst uit de lijst" in response.get_data(as_text=True)
    assert count(Document) == 0


def test_f1_the_plus_adds_a_row_without_javascript_and_with_htmx(login_as, world):
    http = login_as(world.jan, world.brug)
    response = share_form(http, add_url(world), content=None, rij_toevoegen="1")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'name="ontvangers-1-dienst"' in page and "Pieter Peeters" in page
    assert count(Document) == 0
    fragment = http.get("/documenten/ontvanger-rij?index=1", headers={"HX-Request": "true"})
    text = fragment.get_data(as_text=True)
    assert 'id="ontvanger-1"' in text and 'name="ontvangers-1-dienst"' in text
    assert 'hx-swap-oob="true"' in text and "index=2" in text
    # The new row's "Dienst" takes the focus from the "+" it replaces; a whole page takes none.
    assert re.search(r'<input[^>]*\bautofocus\b[^>]*id="ontvangers-1-dienst"', text)
    assert text.count("autofocus") == 1 and "autofocus" not in page
    assert http.get("/documenten/ontvanger-rij?index=999").status_code == 404


def test_f1_exactly_10_mb_is_accepted(login_as, world):
    http = login_as(world.jan, world.brug)
    response = share_form(http, add_url(world), content=pdf_of_size(MAX_DOCUMENT_SIZE))
    assert response.status_code == 303
    assert db.session.scalars(db.select(Document)).one().size == MAX_DOCUMENT_SIZE


def test_f1_10_mb_and_one_byte_is_refused_and_nothing_stored(login_as, world, app):
    http = login_as(world.jan, world.brug)
    response = share_form(http, add_url(world), content=pdf_of_size(MAX_DOCUMENT_SIZE + 1))
    assert response.status_code == 422
    assert "groter dan 10 MB" in response.get_data(as_text=True)
    assert count(Document) == count(StoredFile) == count(DocumentShare) == 0
    assert outbox(app) == []


def test_f1_a_much_larger_body_is_refused_before_it_is_read(login_as, world, app):
    http = login_as(world.jan, world.brug)
    response = share_form(http, add_url(world), content=pdf_of_size(MAX_DOCUMENT_SIZE + 200_000))
    assert response.status_code == 413
    assert "groter dan 10 MB" in response.get_data(as_text=True)
    assert count(Document) == count(StoredFile) == 0
    assert outbox(app) == []


def test_f1_an_exe_renamed_pdf_is_refused(login_as, world, app):
    http = login_as(world.jan, world.brug)
    response = share_form(http, add_url(world), content=EXE, name="verslag.pdf")
    assert response.status_code == 422
    assert "Enkel PDF-" in response.get_data(as_text=True)
    assert count(Document) == count(StoredFile) == 0
    assert outbox(app) == []


@pytest.mark.parametrize(
    ("uploaded", "kept"),
    [
        ("../../etc/verslag.pdf", "verslag.pdf"),
        ("ver\x00slag.pdf", "verslag.pdf"),
        # Werkzeug's test client cannot send a double quote in a file name (browsers send
        # %22); rules.document_files' test covers it.
        ("het 'eind' verslag.pdf", "het 'eind' verslag.pdf"),
        ("a" * 250 + ".pdf", "a" * 196 + ".pdf"),
        ("Éindverslag Zoë.pdf", "Éindverslag Zoë.pdf"),
    ],
)
def test_f1_file_names_are_made_safe_and_downloaded_as_rfc5987(login_as, world, uploaded, kept):
    http = login_as(world.jan, world.brug)
    assert share_form(http, add_url(world), name=uploaded).status_code == 303
    document = db.session.scalars(db.select(Document)).one()
    assert document.file_name == kept == document.stored_file.name
    response = http.get(f"/documenten/{document.id}/bestand")
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert "/" not in disposition and "\x00" not in disposition
    if kept.isascii():
        assert kept in disposition
    else:
        assert f"filename*=UTF-8''{quote(kept)}" in disposition


def test_f5_pieter_receives_downloads_and_jan_sees_geopend_door(login_as, world, app):
    document = shared_document(
        world.brug, world.jan, to=[to_organisation(world.anker)], dossier=world.brug_dossier
    )
    db.session.commit()
    pieter = login_as(world.pieter, world.anker)
    listing = pieter.get("/documenten/ontvangen").get_data(as_text=True)
    assert "verslag.pdf" in listing and "NAFT De Brug" in listing
    pieter.get("/documenten/ontvangen")  # the second look is not logged again
    listed = db.session.scalars(
        db.select(ActivityEntry).where(ActivityEntry.action == "document_lijst")
    ).all()
    assert [(e.organisation_id, e.person_id, e.dossier_id) for e in listed] == [
        (world.brug.id, world.pieter.id, world.brug_dossier.id)
    ]
    assert "getoond in 'Ontvangen documenten' van Pieter" in listed[0].description
    response = pieter.get(f"/documenten/{document.id}/bestand")
    assert response.status_code == 200 and response.data == PDF
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment")
    share = db.session.get(DocumentShare, document.shares[0].id)
    db.session.refresh(share)
    assert share.first_opened_by_id == world.pieter.id and share.first_opened_at
    jan = app.test_client()
    from tests.conftest import log_in_client

    log_in_client(jan, world.jan, world.brug)
    activity = jan.get(f"/dossiers/{world.brug_dossier.id}/activiteiten").get_data(as_text=True)
    assert re.search(r"geopend door Pieter \w+ \(Jeugdhulp Het Anker\)", activity)
    beheer = jan.get(f"/dossiers/{world.brug_dossier.id}/documenten").get_data(as_text=True)
    assert "geopend op" in beheer
    # Pieter's organisation does not read the sender's dossier through the document.
    assert pieter.get(f"/dossiers/{world.brug_dossier.id}/activiteiten").status_code == 404


def document_urls(document) -> list[str]:
    return [f"/documenten/{document.id}/bestand"]


@pytest.mark.parametrize("vertrouwelijk", [False, True])
def test_f2_truth_table_over_http(login_as, world, koen, app, vertrouwelijk):
    """Every document URL, for each person of the F-2 truth table."""
    consulent_person = factories.person("90020200197", "Carla", "Consulent")
    consulent_person.email = CONSULENT_MAIL
    colleague = factories.person("90020200296", "Collega", "Consulent")
    colleague.email = "team@ocj-antwerpen.example"
    team = factories.person("90020200395", "Tina", "Teamverantwoordelijke")
    team.email = "Tina@ocj-antwerpen.example"
    for someone in (consulent_person, colleague, team):
        factories.grant(someone, world.agency, "dossierbehandelaar")
    ocj = consulent_service()
    # 15.1: the consulent's teamverantwoordelijke sees it too; a campus's one would not.
    ocj.contacts.append(
        ServiceContact(
            name="Tina", email="tina@ocj-antwerpen.example", functie="teamverantwoordelijke"
        )
    )
    document = shared_document(
        world.brug,
        world.jan,
        to=[to_organisation(world.anker), (ocj, CONSULENT_MAIL)],
        vertrouwelijk=vertrouwelijk,
    )
    db.session.commit()
    koen_person, third = koen
    allowed = {
        "sender": (world.jan, world.brug, True),
        "sender's colleague": (world.tom, world.brug, not vertrouwelijk),
        "receiving organisation's worker": (world.pieter, world.anker, True),
        "addressee at a consulent service": (consulent_person, world.agency, True),
        "colleague at the consulent service": (colleague, world.agency, False),
        "teamverantwoordelijke of the consulent service": (team, world.agency, True),
        "third organisation": (koen_person, third, False),
        "the agency": (world.ann, world.agency, False),
    }
    for who, (person, organisation, may) in allowed.items():
        http = app.test_client()
        from tests.conftest import log_in_client

        log_in_client(http, person, organisation)
        status = http.get(f"/documenten/{document.id}/bestand").status_code
        assert status == (200 if may else 404), who
        sender_side = http.get(f"/documenten/{document.id}").status_code
        is_sender_side = organisation == world.brug and may
        assert sender_side == (200 if is_sender_side else 404), who
        listed = "verslag.pdf" in http.get("/documenten/ontvangen").get_data(as_text=True)
        assert listed is (may and organisation != world.brug), who


def test_f2_after_delen_tot_en_met_nobody_and_the_bytes_go_the_day_after(login_as, world):
    day = today()
    document = shared_document(
        world.brug,
        world.jan,
        to=[to_organisation(world.anker)],
        dossier=world.brug_dossier,
        until=day,
    )
    db.session.commit()
    stored_id = document.stored_file_id
    assert remove_expired_files(day) == 0  # still shared today
    assert db.session.get(StoredFile, stored_id) is not None
    with pinned_to(day + timedelta(days=1)):
        for person, organisation in ((world.jan, world.brug), (world.pieter, world.anker)):
            http = login_as(person, organisation)
            assert http.get(f"/documenten/{document.id}/bestand").status_code == 404
        assert remove_expired_files(today()) == 1
        assert remove_expired_files(today()) == 0  # idempotent
    db.session.expire_all()
    assert db.session.get(StoredFile, stored_id) is None
    kept = db.session.get(Document, document.id)
    assert kept.stored_file_id is None and kept.file_name == "verslag.pdf"
    assert len(kept.shares) == 1
    listing = login_as(world.jan, world.brug).get(f"/dossiers/{world.brug_dossier.id}/documenten")
    assert "verslag.pdf" in listing.get_data(as_text=True)


def test_f2_a_damaged_file_is_refused_with_a_message_not_a_500(login_as, world, app, monkeypatch):
    document = shared_document(world.brug, world.jan, to=[to_organisation(world.anker)])
    document.stored_file.content = b"%PDF-1.4 something else"
    db.session.commit()
    # The app's own logger, listened to directly: earlier tests of a full run (Alembic's
    # logging set-up, the request log) leave the root logger's capture unreliable.
    logged = []
    handler = logging.Handler(logging.ERROR)
    handler.emit = logged.append
    monkeypatch.setattr(app.logger, "disabled", False)
    app.logger.addHandler(handler)
    try:
        response = login_as(world.pieter, world.anker).get(f"/documenten/{document.id}/bestand")
    finally:
        app.logger.removeHandler(handler)
    assert response.status_code == 409
    assert "beschadigd" in response.get_data(as_text=True)
    assert any("sha256" in record.getMessage() for record in logged)
    assert count(DocumentOpening) == 0


def test_f3_vertrouwelijk_from_the_start_page(login_as, world):
    http = login_as(world.jan, world.brug)
    form = http.get("/documenten/toevoegen").get_data(as_text=True)
    assert "Vertrouwelijk" in form
    assert share_form(http, "/documenten/toevoegen", vertrouwelijk="y").status_code == 303
    document = db.session.scalars(db.select(Document)).one()
    assert document.vertrouwelijk and document.dossier_id is None
    assert "verslag.pdf" in http.get("/documenten").get_data(as_text=True)
    sofie = login_as(world.sofie, world.brug)
    assert "verslag.pdf" not in sofie.get("/documenten").get_data(as_text=True)
    assert sofie.get(f"/documenten/{document.id}").status_code == 404


def test_f3_the_agency_sends_a_persoonlijk_document_to_a_listed_person(login_as, world):
    world.pieter.email = "pieter@anker.example"
    db.session.add(DocumentRecipient(organisation_id=world.anker.id, person_id=world.pieter.id))
    db.session.commit()
    http = login_as(world.ann, world.agency)
    rows = [(ANKER, "Pieter Peeters", "pieter@anker.example", today())]
    response = share_form(
        http, "/documenten/toevoegen", rows=rows, **{"ontvangers-0-persoonlijk": "y"}
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    document = db.session.scalars(db.select(Document)).one()
    assert document.shares[0].personal_recipient_id == world.pieter.id
    assert (
        login_as(world.pieter, world.anker).get(f"/documenten/{document.id}/bestand").status_code
        == 200
    )
    assert (
        login_as(world.sofie, world.anker).get(f"/documenten/{document.id}/bestand").status_code
        == 404
    )


def test_f3_persoonlijk_refused_for_someone_not_on_the_list_and_for_non_agency(login_as, world):
    rows = [(ANKER, "Pieter Peeters", "pieter@anker.example", today())]
    personal = {"ontvangers-0-persoonlijk": "y"}
    agency = share_form(
        login_as(world.ann, world.agency), "/documenten/toevoegen", rows=rows, **personal
    )
    assert agency.status_code == 422
    assert "Gebruikersbeheer documenten" in agency.get_data(as_text=True)
    provider = share_form(
        login_as(world.jan, world.brug), "/documenten/toevoegen", rows=rows, **personal
    )
    assert provider.status_code == 422
    assert count(Document) == 0


def add_to_list(http, number: str):
    """Type ``number`` in "Zoek persoon" of "Gebruikersbeheer documenten" and click [Voeg toe]."""
    page = "/documenten/gebruikersbeheer"
    data = {"csrf_token": csrf_token(http, page), "rijksregisternummer": number}
    return http.post(page, data=data)


def test_f3_gebruikersbeheer_documenten_add_only_colleagues_who_logged_in(login_as, world):
    world.tom.last_login_at = world.sofie.last_login_at = datetime.now(UTC)
    db.session.commit()
    http = login_as(world.pieter, world.anker)
    never = add_to_list(http, world.jan.national_number)
    assert never.status_code == 422 and "minstens één keer" in never.get_data(as_text=True)
    added = add_to_list(http, world.sofie.national_number)
    assert added.status_code == 303
    assert "Sofie Janssens werd toegevoegd" in http.get(added.location).get_data(as_text=True)
    assert add_to_list(http, world.sofie.national_number).status_code == 422
    listed = db.session.scalars(db.select(DocumentRecipient)).one()
    assert (listed.organisation_id, listed.person_id) == (world.anker.id, world.sofie.id)
    # Everyone of the organisation manages the list; another organisation gets 404.
    page = "/documenten/gebruikersbeheer"
    remove = f"{page}/{listed.id}/verwijderen"
    other = login_as(world.jan, world.brug)
    assert other.post(remove, data={"csrf_token": csrf_token(other, page)}).status_code == 404
    http = login_as(world.pieter, world.anker)
    assert http.post(remove, data={"csrf_token": csrf_token(http, page)}).status_code == 303
    assert count(DocumentRecipient) == 0


def test_f3_removing_a_person_removed_in_another_tab_says_so_and_changes_nothing(login_as, world):
    """D-13 for 15.3.1: the second "Verwijderen" of the same person (a second tab, or a
    colleague first) answers the list page with the message, 404 as for every object deleted
    meanwhile; nobody else is taken off the list."""
    world.sofie.last_login_at = world.pieter.last_login_at = datetime.now(UTC)
    db.session.commit()
    http = login_as(world.pieter, world.anker)
    add_to_list(http, world.sofie.national_number)
    add_to_list(http, world.pieter.national_number)
    page = "/documenten/gebruikersbeheer"
    sofie = db.session.scalars(
        db.select(DocumentRecipient).where(DocumentRecipient.person_id == world.sofie.id)
    ).one()
    remove = f"{page}/{sofie.id}/verwijderen"
    token = csrf_token(http, page)  # both tabs show the list with Sofie on it
    assert http.post(remove, data={"csrf_token": token}).status_code == 303
    again = http.post(remove, data={"csrf_token": token})
    assert again.status_code == 404
    text = again.get_data(as_text=True)
    assert "<h1>Gebruikersbeheer documenten</h1>" in text
    assert RECIPIENT_GONE in text.replace("&#39;", "'")
    assert "Pieter Willems" in text and "Sofie Janssens" not in text
    assert db.session.scalars(db.select(DocumentRecipient.person_id)).all() == [world.pieter.id]
    # With htmx the message alone, which app.js shows above the form that sent it.
    fragment = http.post(remove, data={"csrf_token": token}, headers={"HX-Request": "true"})
    assert (fragment.status_code, fragment.get_data(as_text=True)) == (404, RECIPIENT_GONE)


def _answer_about(http, number: str) -> tuple[int, str]:
    """The status and page after [Voeg toe] with ``number``, without what names the number
    itself and the CSRF tokens (signed with the time of the request)."""
    response = add_to_list(http, number)
    page = response.get_data(as_text=True).replace(number, "NUMMER")
    return response.status_code, re.sub(r'(value=|"X-CSRFToken": )"[^"]+"', "TOKEN", page)


def test_f3_zoek_persoon_tells_nobody_whether_a_stranger_ever_logged_in(login_as, world):
    # Tom logged in (at De Brug), Jan did not, 71010101595 is nobody: seen from Het Anker all
    # three get the same answer, and nothing is added.
    world.tom.last_login_at = datetime.now(UTC)
    db.session.commit()
    http = login_as(world.pieter, world.anker)
    answers = {
        _answer_about(http, number)
        for number in (world.tom.national_number, world.jan.national_number, "71010101595")
    }
    assert len(answers) == 1
    status, form = answers.pop()
    assert status == 422 and "Geen persoon gevonden" in form
    assert count(DocumentRecipient) == 0
    found = {
        _found(http, number)
        for number in (world.tom.national_number, world.jan.national_number, "71010101595")
    }
    assert len(found) == 1 and "Tom" not in found.pop()


def _found(http, number: str):
    """What "Zoek persoon" shows while ``number`` is typed (the htmx request of the field)."""
    response = http.get(
        "/documenten/gebruikersbeheer",
        query_string={"rijksregisternummer": number},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "HX-Request" in response.headers["Vary"]
    return response.get_data(as_text=True).replace(number, "NUMMER")


def test_f3_zoek_persoon_shows_the_person_as_soon_as_the_number_is_complete(login_as, world):
    world.sofie.last_login_at = datetime.now(UTC)
    db.session.commit()
    http = login_as(world.pieter, world.anker)
    # Typing: nothing yet; a complete number: the person, in the field's live region.
    assert "Sofie" not in _found(http, world.sofie.national_number[:10])
    shown = _found(http, world.sofie.national_number)
    assert 'id="gevonden-persoon"' in shown and "Sofie Janssens" in shown
    assert "Geen persoon gevonden" not in shown
    assert "Geen persoon gevonden" in _found(http, world.jan.national_number)
    assert "controlegetal" in _found(http, "88112201884")
    # Without JavaScript the same address is the page, with the match below the field.
    page = http.get(
        "/documenten/gebruikersbeheer",
        query_string={"rijksregisternummer": world.sofie.national_number},
    ).get_data(as_text=True)
    assert "<h1>Gebruikersbeheer documenten</h1>" in page and "Sofie Janssens" in page
    assert 'hx-get="/documenten/gebruikersbeheer"' in page
    assert count(DocumentRecipient) == 0


def test_f1_the_service_chosen_in_the_autocomplete_is_used_by_its_id(login_as, world):
    consulent = consulent_service()
    db.session.commit()
    http = login_as(world.jan, world.brug)
    rows = [("OCJ Antwerpen", "Carla Consulent", CONSULENT_MAIL, today())]
    extra = {"ontvangers-0-dienst_id": str(consulent.id)}
    assert share_form(http, add_url(world), rows=rows, **extra).status_code == 303
    assert db.session.scalars(db.select(DocumentShare)).one().service_id == consulent.id
    # An id whose service is not the name shown (typed over) is not believed.
    rows = [("Nergens", "Carla Consulent", CONSULENT_MAIL, today())]
    assert share_form(http, add_url(world), rows=rows, **extra).status_code == 422
    assert count(Document) == 1


def test_f5_a_document_shared_twice_with_the_organisation_is_listed_once(login_as, world):
    shared_document(
        world.brug,
        world.jan,
        to=[to_organisation(world.anker), to_organisation(world.anker, "sofie@anker.example")],
    )
    db.session.commit()
    listing = login_as(world.pieter, world.anker).get("/documenten/ontvangen")
    assert listing.get_data(as_text=True).count(">verslag.pdf</a>") == 1


def test_f5_document_views_are_in_the_access_log_with_the_youth_only_for_the_sender(
    login_as, world
):
    document = shared_document(
        world.brug, world.jan, to=[to_organisation(world.anker)], dossier=world.brug_dossier
    )
    db.session.commit()
    login_as(world.jan, world.brug).get(f"/documenten/{document.id}/bestand")
    login_as(world.pieter, world.anker).get(f"/documenten/{document.id}/bestand")
    logged = db.session.scalars(
        db.select(AccessEntry)
        .where(AccessEntry.page == "documents.download")
        .order_by(AccessEntry.id)
    ).all()
    assert [(e.organisation_id, e.dossier_id, e.client_id) for e in logged] == [
        (world.brug.id, world.brug_dossier.id, world.brug_dossier.client_id),
        (world.anker.id, None, None),
    ]
    factories.grant(world.pieter, world.anker, "beheerder")
    raadplegingen = login_as(world.pieter, world.anker).get("/beheer/raadplegingen")
    assert raadplegingen.status_code == 200
    assert "Gedeeld document (download)" in raadplegingen.get_data(as_text=True)
    assert world.brug_dossier.code not in raadplegingen.get_data(as_text=True)


def test_f1_beheer_documenten_pages_in_a_constant_number_of_queries(login_as, world, app):
    from sqlalchemy import event

    app.config["PAGE_SIZE"] = 3
    for _ in range(5):
        shared_document(
            world.brug, world.jan, to=[to_organisation(world.anker)], dossier=world.brug_dossier
        )
    db.session.commit()
    http = login_as(world.jan, world.brug)
    statements = []

    def counted(*_args):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", counted)
    try:
        first = http.get("/documenten").get_data(as_text=True)
        few = len(statements)
        statements.clear()
        second = http.get("/documenten?pagina=2").get_data(as_text=True)
    finally:
        event.remove(db.engine, "before_cursor_execute", counted)
    assert first.count(">verslag.pdf</a>") == 3 and "Pagina 1 van 2 (5 documenten)" in first
    assert second.count(">verslag.pdf</a>") == 2
    assert len(statements) <= few


def test_f2_the_expiry_runs_every_night_as_a_periodic_task(world):
    from datetime import datetime

    from binc_web.documents.sharing import remove_expired_document_files

    assert remove_expired_document_files.task_class().validate_datetime(datetime(2026, 3, 1, 0, 5))
    assert not remove_expired_document_files.task_class().validate_datetime(
        datetime(2026, 3, 1, 1, 5)
    )
    shared_document(
        world.brug, world.jan, to=[to_organisation(world.anker)], until=today() - timedelta(1)
    )
    db.session.commit()
    assert remove_expired_document_files.call_local() == 1
    assert count(StoredFile) == 0 and count(Document) == 1


def test_f1_a_klas_dossier_shares_documents_too(login_as, world):
    from tests.factories_overview import klas_dossier

    klas = klas_dossier(world.brug, "3 BSO Hout")
    db.session.commit()
    http = login_as(world.jan, world.brug)
    response = share_form(http, f"/dossiers/{klas.id}/documenten/toevoegen")
    assert response.status_code == 303
    assert db.session.scalars(db.select(Document)).one().dossier_id == klas.id
    listing = http.get(f"/dossiers/{klas.id}/documenten").get_data(as_text=True)
    assert "verslag.pdf" in listing


def test_f5_ontvangen_documenten_in_a_constant_number_of_queries(login_as, world):
    from sqlalchemy import event

    def queries_for(total: int) -> int:
        while count(Document) < total:
            shared_document(
                world.brug, world.jan, to=[to_organisation(world.anker)], dossier=world.brug_dossier
            )
        db.session.commit()
        http = login_as(world.pieter, world.anker)
        http.get("/documenten/ontvangen")  # the first showing logs each document once
        statements = []
        listener = lambda *_args: statements.append(1)  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert http.get("/documenten/ontvangen").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    assert queries_for(2) == queries_for(12)


def test_f5_ontvangen_documenten_pages_like_the_other_lists(login_as, world, app):
    from sqlalchemy import event

    app.config["PAGE_SIZE"] = 3
    for _ in range(5):
        shared_document(world.brug, world.jan, to=[to_organisation(world.anker)])
    # Not for Pieter: a personal document for Sofie, and one for De Brug only.
    shared_document(
        world.brug, world.jan, to=[to_organisation(world.anker)], personal_for=world.sofie
    )
    shared_document(world.anker, world.pieter, to=[to_organisation(world.brug)])
    db.session.commit()
    http = login_as(world.pieter, world.anker)
    http.get("/documenten/ontvangen")  # the first showing logs each document once
    http.get("/documenten/ontvangen?pagina=2")
    statements = []

    def listener(_connection, _cursor, statement, *_args):
        # The server-side session may be written on any request (its expiry is refreshed).
        if "sessions" not in statement:
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        first = http.get("/documenten/ontvangen").get_data(as_text=True)
        few = len(statements)
        statements.clear()
        second = http.get("/documenten/ontvangen?pagina=2").get_data(as_text=True)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert first.count(">verslag.pdf</a>") == 3 and "Pagina 1 van 2 (5 documenten)" in first
    assert second.count(">verslag.pdf</a>") == 2 and "Pagina 2 van 2 (5 documenten)" in second
    assert len(statements) <= few
    # Every document once, on one page: the first showing of each is logged once.
    assert count(DocumentOpening) == 5


def test_f1_an_extra_row_left_empty_is_ignored_not_refused(login_as, world):
    """The blue "+" added a second recipient row that was left empty: "Opslaan" shares with
    the first recipient instead of refusing a row that cannot be removed."""
    http = login_as(world.jan, world.brug)
    url = add_url(world)
    response = share_form(
        http,
        url,
        **{
            "ontvangers-1-dienst": "",
            "ontvangers-1-naam": " ",
            "ontvangers-1-email": "",
            "ontvangers-1-tot": (today() + timedelta(30)).strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 303
    (share,) = db.session.scalars(db.select(DocumentShare)).all()
    assert share.email == "pieter@anker.example"


def test_f1_a_half_filled_extra_row_is_still_refused(login_as, world):
    http = login_as(world.jan, world.brug)
    response = share_form(http, add_url(world), **{"ontvangers-1-naam": "Iemand"})
    assert response.status_code == 422
    assert "Kies een dienst." in response.get_data(as_text=True)
    assert count(Document) == 0


def test_f1_a_refusal_says_the_chosen_file_must_be_chosen_again(login_as, world):
    """A browser never sends a chosen file twice: after a refused "Opslaan" the form says so
    at the file, in the same answer as the other problems (not one save later)."""
    http = login_as(world.jan, world.brug)
    too_late = today() + timedelta(31)
    rows = [(ANKER, "Pieter Peeters", "pieter@anker.example", too_late)]
    page = share_form(http, add_url(world), rows=rows).get_data(as_text=True)
    assert "Kies het bestand ‘verslag.pdf’ opnieuw" in page
    assert count(Document) == 0
    # Without a file and with an empty service, both are named at the first "Opslaan".
    rows = [("", "Pieter Peeters", "pieter@anker.example", today())]
    page = share_form(http, add_url(world), rows=rows, content=None).get_data(as_text=True)
    assert "Kies een dienst." in page and "Kies een bestand om op te laden." in page
