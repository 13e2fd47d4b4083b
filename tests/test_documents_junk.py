"""DESIGN "Bad input" for F-1/F-3 and 15.3.1: hypothesis junk on every field of "Toevoegen
document" and "Gebruikersbeheer documenten" gives a 4xx with a Dutch message, never a 500,
and stores nothing (no document, no file, no share, no activity, no e-mail)."""

from __future__ import annotations

import io

from hypothesis import given
from hypothesis import strategies as st

from binc_web.extensions import db
from binc_web.models import (
    ActivityEntry,
    Document,
    DocumentRecipient,
    DocumentShare,
    StoredFile,
)
from binc_web.rules.directory import search_key
from tests.conftest import csrf_token
from tests.test_junk_forms import JUNK_SETTINGS, SCRIPT, TEXT

KNOWN_SERVICES = {search_key("Jeugdhulp Het Anker"), search_key("NAFT De Brug"), "opgroeien"}
NOT_A_SERVICE = TEXT.filter(lambda s: search_key(s) not in KNOWN_SERVICES)


def stored() -> tuple[int, ...]:
    return tuple(
        db.session.scalar(db.select(db.func.count()).select_from(model))
        for model in (Document, DocumentShare, StoredFile, ActivityEntry, DocumentRecipient)
    )


@JUNK_SETTINGS
@given(
    beschrijving=TEXT,
    dienst=NOT_A_SERVICE,
    dienst_id=TEXT,
    naam=TEXT,
    email=TEXT,
    tot=TEXT,
    persoonlijk=TEXT,
    vertrouwelijk=TEXT,
    file_name=TEXT,
    content=st.binary(max_size=300),
    from_dossier=st.booleans(),
)
def test_f1_junk_on_toevoegen_document(
    app,
    world,
    login_as,
    beschrijving,
    dienst,
    dienst_id,
    naam,
    email,
    tot,
    persoonlijk,
    vertrouwelijk,
    file_name,
    content,
    from_dossier,
):
    http = login_as(world.jan, world.brug)
    path = (
        f"/dossiers/{world.brug_dossier.id}/documenten/toevoegen"
        if from_dossier
        else "/documenten/toevoegen"
    )
    before = stored()
    data = {
        "csrf_token": csrf_token(http, path),
        "beschrijving": beschrijving,
        "vertrouwelijk": vertrouwelijk,
        "ontvangers-0-dienst": dienst,
        "ontvangers-0-dienst_id": dienst_id,
        "ontvangers-0-naam": naam,
        "ontvangers-0-email": email,
        "ontvangers-0-tot": tot,
        "ontvangers-0-persoonlijk": persoonlijk,
        "bestand": (io.BytesIO(content), file_name),
    }
    response = http.post(path, data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "Het document werd niet gedeeld" in text
    assert SCRIPT not in text
    assert stored() == before
    assert getattr(app.extensions["mailman"], "outbox", []) == []


@JUNK_SETTINGS
@given(number=TEXT)
def test_f3_junk_on_gebruikersbeheer_documenten(world, login_as, number):
    http = login_as(world.pieter, world.anker)
    path = "/documenten/gebruikersbeheer"
    before = stored()
    response = http.post(
        path, data={"csrf_token": csrf_token(http, path), "rijksregisternummer": number}
    )
    assert response.status_code == 422
    assert "De persoon werd niet toegevoegd" in response.get_data(as_text=True)
    assert stored() == before
