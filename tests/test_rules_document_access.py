"""F-2/F-3: the truth table of who sees a shared document (rules.document_access)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from binc_web.rules.document_access import (
    SentDocument,
    ShareFacts,
    Viewer,
    may_open,
    receives,
    same_address,
)

TODAY = date(2026, 3, 10)
UNTIL = TODAY + timedelta(days=30)
BRUG, ANKER, THIRD, AGENCY = 1, 2, 3, 4
JAN, SOFIE, PIETER, KOEN, CONSULENT, COLLEAGUE, ANN = 11, 12, 13, 14, 15, 16, 17
ADMINISTRATIEF, TEAM = 18, 19
CONSULENT_MAIL = "consulent@ocj.example"
# 15.1: "Wanneer gedeeld wordt met de consulent, kan enkel de geadresseerde, de administratief
# medewerker en de teamverantwoordelijke dit document raadplegen."
OCJ_STAFF = frozenset({"administratie@ocj.example", "teamverantwoordelijke@ocj.example"})

VIEWERS = {
    "sender": Viewer(JAN, BRUG, False, "jan@brug.example"),
    "sender's colleague": Viewer(SOFIE, BRUG, False, "sofie@brug.example"),
    "receiving organisation's worker": Viewer(PIETER, ANKER, False, "pieter@anker.example"),
    "addressee at a consulent service": Viewer(CONSULENT, AGENCY, True, CONSULENT_MAIL),
    "colleague at the consulent service": Viewer(COLLEAGUE, AGENCY, True, "collega@ocj.example"),
    "administratief medewerker of the consulent service": Viewer(
        ADMINISTRATIEF, AGENCY, True, "Administratie@ocj.example"
    ),
    "teamverantwoordelijke of the consulent service": Viewer(
        TEAM, AGENCY, True, "teamverantwoordelijke@ocj.example"
    ),
    "third organisation": Viewer(KOEN, THIRD, False, "koen@third.example"),
    "the agency": Viewer(ANN, AGENCY, True, "ann@opgroeien.example"),
}
TO_ANKER = ShareFacts(ANKER, "pieter@anker.example", None, UNTIL)
TO_CONSULENT = ShareFacts(None, CONSULENT_MAIL, None, UNTIL, consulent_staff=OCJ_STAFF)
# A service that is not consulent-type (a campus): the addressee only, whatever the roles.
TO_CAMPUS = ShareFacts(None, "griet@campus.example", None, UNTIL)
OPEN = SentDocument(BRUG, JAN, vertrouwelijk=False)
CONFIDENTIAL = SentDocument(BRUG, JAN, vertrouwelijk=True)

# (document, shares) → the viewers who may open it; everyone else gets 404.
TRUTH_TABLE = [
    (
        OPEN,
        [TO_ANKER],
        {"sender", "sender's colleague", "receiving organisation's worker"},
    ),
    (
        OPEN,
        [TO_CONSULENT],
        {
            "sender",
            "sender's colleague",
            "addressee at a consulent service",
            "administratief medewerker of the consulent service",
            "teamverantwoordelijke of the consulent service",
        },
    ),
    (
        CONFIDENTIAL,
        [TO_ANKER],
        {"sender", "receiving organisation's worker"},
    ),
    (
        CONFIDENTIAL,
        [TO_ANKER, TO_CONSULENT],
        {
            "sender",
            "receiving organisation's worker",
            "addressee at a consulent service",
            "administratief medewerker of the consulent service",
            "teamverantwoordelijke of the consulent service",
        },
    ),
    (OPEN, [TO_CAMPUS], {"sender", "sender's colleague"}),
]


def test_f2_the_consulents_staff_must_act_for_the_agency():
    staff_elsewhere = Viewer(ADMINISTRATIEF, THIRD, False, "administratie@ocj.example")
    assert not receives(staff_elsewhere, TO_CONSULENT, TODAY)


@pytest.mark.parametrize(("document", "shares", "allowed"), TRUTH_TABLE)
@pytest.mark.parametrize("who", sorted(VIEWERS))
def test_f2_truth_table(document, shares, allowed, who):
    assert may_open(VIEWERS[who], document, shares, TODAY) is (who in allowed)


@pytest.mark.parametrize(("document", "shares", "allowed"), TRUTH_TABLE)
@pytest.mark.parametrize("who", sorted(VIEWERS))
def test_f2_after_delen_tot_en_met_nobody(document, shares, allowed, who):
    assert may_open(VIEWERS[who], document, shares, UNTIL) is (who in allowed)
    assert may_open(VIEWERS[who], document, shares, UNTIL + timedelta(days=1)) is False


def test_f2_an_expired_share_gives_nothing_while_another_is_live():
    expired = ShareFacts(ANKER, "pieter@anker.example", None, TODAY - timedelta(days=1))
    shares = [expired, TO_CONSULENT]
    assert may_open(VIEWERS["sender"], OPEN, shares, TODAY)
    assert may_open(VIEWERS["addressee at a consulent service"], OPEN, shares, TODAY)
    assert not may_open(VIEWERS["receiving organisation's worker"], OPEN, shares, TODAY)


def test_f3_persoonlijk_document_voor_ontvanger_only_for_that_person():
    personal = ShareFacts(ANKER, "pieter@anker.example", PIETER, UNTIL)
    agency_document = SentDocument(AGENCY, ANN, vertrouwelijk=True)
    colleague_at_anker = Viewer(SOFIE, ANKER, False, "sofie@anker.example")
    assert may_open(VIEWERS["receiving organisation's worker"], agency_document, [personal], TODAY)
    assert not may_open(colleague_at_anker, agency_document, [personal], TODAY)
    assert may_open(VIEWERS["the agency"], agency_document, [personal], TODAY)


def test_f2_the_addressee_must_act_for_the_agency():
    same_mail_elsewhere = Viewer(CONSULENT, THIRD, False, CONSULENT_MAIL)
    assert not receives(same_mail_elsewhere, TO_CONSULENT, TODAY)


def test_f2_addresses_compare_without_case_or_spaces_and_none_never_matches():
    assert same_address(" Consulent@OCJ.example ", CONSULENT_MAIL)
    assert not same_address(None, CONSULENT_MAIL)
    assert not same_address("", "")


def test_f2_a_document_without_shares_is_seen_by_nobody():
    assert not may_open(VIEWERS["sender"], OPEN, [], TODAY)
