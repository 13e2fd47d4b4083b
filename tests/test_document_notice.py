"""F-4: the text of the e-mail that tells a recipient a document was shared (manual 15.1)."""

from __future__ import annotations

from datetime import date

from binc_web.rules.document_notice import compose

NOTICE = {
    "file_name": "Handelingsplan 2026.pdf",
    "description": "Evolutieverslag eerste trimester",
    "sender_name": "Jan Peeters",
    "sender_organisation": "NAFT De Brug",
    "addressee_name": "Els Van Acker",
    "available_until": date(2027, 1, 3),
    "where": "https://binc.example.org",
}


def body_of(**changes) -> str:
    return compose(**(NOTICE | changes))[1]


def test_f4_the_notice_names_the_file_sender_organisation_and_addressee():
    body = body_of()
    assert body.startswith("Beste,\n\n")
    assert (
        "Het bestand Handelingsplan 2026.pdf is gedeeld door Jan Peeters – NAFT De Brug in "
        "binc-web. Dit document is bedoeld voor Els Van Acker." in body
    )


def test_f4_the_notice_says_until_when_in_dutch_date_format_and_where():
    body = body_of(available_until=date(2027, 1, 3))
    assert (
        "Het document kan worden geraadpleegd tot en met 03/01/2027 via de link 'Ontvangen "
        "documenten' op de startpagina van binc-web: https://binc.example.org" in body
    )


def test_f4_the_notice_is_signed_by_the_organisation_and_cannot_be_answered():
    body = body_of()
    assert "Met vriendelijke groet,\n\nNAFT De Brug\n" in body
    assert "Dit is een automatisch gegenereerde mail waarop u niet kan antwoorden." in body


def test_f4_the_notice_carries_the_confidentiality_notice():
    assert body_of().endswith(
        "Het bestand waar deze mail naar verwijst, is strikt vertrouwelijk en enkel bestemd "
        "voor de persoon die vermeld wordt in deze mail. Het kopiëren, verdelen of ander gebruik "
        "van deze e-mail en het bestand waarnaar verwezen wordt, is strikt verboden.\n"
    )


def test_f4_the_description_is_given_when_there_is_one():
    assert "Korte beschrijving: Evolutieverslag eerste trimester\n" in body_of()
    assert "Korte beschrijving" not in body_of(description="  ")


def test_f4_the_subject_names_no_person_or_file():
    subject, _body = compose(**NOTICE)
    assert subject == "Binc: er werd een document met u gedeeld"
    for value in ("Handelingsplan", "Jan", "Els", "Brug"):
        assert value not in subject


def test_f4_every_value_stays_on_its_line():
    body = body_of(
        file_name="verslag\r\nBcc: iemand@example.org.pdf",
        sender_name="Jan\tPeeters",
        addressee_name="Els\x00 Van\u2028Acker",
    )
    assert "Het bestand verslag Bcc: iemand@example.org.pdf is gedeeld door Jan Peeters" in body
    assert "bedoeld voor Els Van Acker." in body
    assert "\r" not in body and "\x00" not in body and "\t" not in body


def test_f4_the_notice_never_holds_more_than_the_named_facts():
    """No link to the document and no other data: only the values given, in the manual's text."""
    body = body_of()
    assert body.count("https://") == 1
    assert "/documenten/" not in body
