"""F-1..F-5 views: "Delen documenten" of a dossier and of the organisation, "Toevoegen
document", the download, "Ontvangen documenten" and "Gebruikersbeheer documenten".

Every document is reached through ``sharing.visible`` (F-2): whatever a person may not see
answers 404, exactly like a document that does not exist.
"""

from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import RequestEntityTooLarge

from binc_web import storage
from binc_web.auth.session import role_required
from binc_web.directory import find_active_service
from binc_web.documents import blueprint, notices
from binc_web.documents.forms import DocumentForm, FindPersonForm
from binc_web.documents.sharing import (
    Recipient,
    file_is_available,
    findable_person,
    openings,
    received_shares,
    record_listing,
    record_opening,
    sent_documents,
    share_document,
    visible,
)
from binc_web.errors import render_error
from binc_web.extensions import db
from binc_web.htmx import is_htmx, page_or_fragment
from binc_web.models import DocumentRecipient, Dossier, Person, Service
from binc_web.rules.concurrency import DOSSIER_GONE, RECIPIENT_GONE
from binc_web.rules.directory import contact_problems, normalised_email
from binc_web.rules.document_files import (
    MAX_DOCUMENT_SIZE,
    detected_type,
    safe_file_name,
    upload_problems,
)
from binc_web.rules.document_shares import (
    MAX_RECIPIENTS,
    default_share_until,
    personal_problems,
    share_until_problems,
)
from binc_web.rules.ids import parse_id
from binc_web.rules.national_number import national_number_problems
from binc_web.scoping import find_scoped, load_scoped
from binc_web.templating import today

TOO_LARGE = (
    "Het bestand is groter dan 10 MB en werd niet opgeladen. Kies een kleiner bestand "
    "(documenten kunnen enkel één voor één gedeeld worden)."
)
FILE_DAMAGED = (
    "Dit document kan niet geopend worden: het opgeslagen bestand is beschadigd. Vraag de "
    "afzender het opnieuw te delen."
)
# One answer for everyone "Zoek persoon" may not show, whatever the reason (docs/decisions.md).
NOBODY_FOUND = (
    "Geen persoon gevonden met dit rijksregisternummer: enkel medewerkers van {organisation} "
    "die minstens één keer aanmeldden in binc-web kunnen toegevoegd worden."
)
NATIONAL_NUMBER_LENGTH = 11
UNKNOWN_SERVICE = "Kies een dienst uit de lijst: enkel met gekende diensten kan gedeeld worden."
CHOOSE_FILE_AGAIN = (
    "Kies het bestand ‘{name}’ opnieuw: het formulier bevat een fout en een browser stuurt een "
    "gekozen bestand niet een tweede keer mee."
)
TOP = ("Startpagina", "dossiers.overview")


@blueprint.errorhandler(RequestEntityTooLarge)
def too_large(error):
    """F-1: a file above 10 MB gets a Dutch message; nothing of it was read or stored."""
    return render_error(413, TOO_LARGE)


def _crumbs(*trail):
    return [(TOP[0], url_for(TOP[1])), *trail]


def _dossier_crumbs(dossier: Dossier, *trail):
    return _crumbs((dossier.display_name, url_for("dossiers.show", dossier_id=dossier.id)), *trail)


@blueprint.get("/dossiers/<id:dossier_id>/documenten")
@role_required("medewerker")
def dossier_documents(dossier_id: int):
    """F-1 "Delen documenten" of a dossier: "Beheer documenten" of what it sent."""
    dossier = load_scoped(Dossier, dossier_id, missing=DOSSIER_GONE)
    return render_template(
        "documents/manage.html",
        sent=_sent_page(dossier),
        dossier=dossier,
        add_url=url_for("documents.add_for_dossier", dossier_id=dossier.id),
        crumbs=_dossier_crumbs(dossier, ("Delen documenten", None)),
    )


@blueprint.get("/documenten")
def manage():
    """F-3 "Delen documenten" of the main menu: "Beheer documenten" of all the organisation
    sent (a vertrouwelijk document only for its sender)."""
    return render_template(
        "documents/manage.html",
        sent=_sent_page(None),
        dossier=None,
        add_url=url_for("documents.add"),
        crumbs=_crumbs(("Delen documenten", None)),
    )


def _sent_page(dossier: Dossier | None):
    page = request.args.get("pagina", 1, type=int)
    return sent_documents(dossier, page, current_app.config["PAGE_SIZE"])


@blueprint.route("/dossiers/<id:dossier_id>/documenten/toevoegen", methods=["GET", "POST"])
@role_required("medewerker")
def add_for_dossier(dossier_id: int):
    """F-1 "Toevoegen document" from a dossier (also a klas-dossier)."""
    dossier = load_scoped(Dossier, dossier_id, missing=DOSSIER_GONE)
    return _add(dossier)


@blueprint.route("/documenten/toevoegen", methods=["GET", "POST"])
def add():
    """F-3 "Toevoegen document" from the start page, not tied to a client."""
    return _add(None)


def _add(dossier: Dossier | None):
    form = DocumentForm()
    if request.method == "GET":
        form.ontvangers[0].tot.data = default_share_until(today())
        return _render_add(form, dossier)
    if request.form.get("rij_toevoegen"):
        return _render_add(_with_new_row(form), dossier)
    _drop_empty_extra_rows(form)
    recipients = None
    if form.validate():
        recipients = _checked_recipients(form, vertrouwelijk=_is_vertrouwelijk(form, dossier))
    # The file is checked too, so that one "Opslaan" names every problem.
    upload = _checked_upload(form)
    if recipients is None or upload is None:
        if upload is not None:
            # A browser never sends a chosen file again: say so, or it is lost unseen.
            form.bestand.errors = [CHOOSE_FILE_AGAIN.format(name=upload[0])]
        return _render_add(form, dossier, 422)
    file_name, content_type, content = upload
    document = share_document(
        dossier=dossier,
        beschrijving=(form.beschrijving.data or "").strip(),
        vertrouwelijk=_is_vertrouwelijk(form, dossier),
        file_name=file_name,
        content_type=content_type,
        content=content,
        recipients=recipients,
    )
    notices.announce(document)  # F-4: queued when the commit below succeeds
    db.session.commit()
    flash(f"Het document '{file_name}' werd gedeeld.", "success")
    if dossier is not None:
        return redirect(url_for("documents.dossier_documents", dossier_id=dossier.id), 303)
    return redirect(url_for("documents.manage"), 303)


def _drop_empty_extra_rows(form: DocumentForm) -> None:
    """F-1: a recipient row added with the blue "+" and left empty (no service, name or
    address) is not a recipient: it is ignored rather than refused (the first row stays)."""
    rows = form.ontvangers.entries
    kept = [rows[0]] + [
        row
        for row in rows[1:]
        if any((field.data or "").strip() for field in (row.dienst, row.naam, row.email))
    ]
    form.ontvangers.entries = kept


def _is_vertrouwelijk(form: DocumentForm, dossier: Dossier | None) -> bool:
    # F-3: "vertrouwelijk" is offered from the start page only (15.2).
    return dossier is None and bool(form.vertrouwelijk.data)


def _with_new_row(form: DocumentForm) -> DocumentForm:
    """The blue "+" without JavaScript: the same form with one more recipient row."""
    if len(form.ontvangers) < MAX_RECIPIENTS:
        form.ontvangers.append_entry({"tot": default_share_until(today())})
    return form


def _render_add(form: DocumentForm, dossier: Dossier | None, status: int = 200):
    if dossier is not None:
        action = url_for("documents.add_for_dossier", dossier_id=dossier.id)
        crumbs = _dossier_crumbs(
            dossier,
            ("Delen documenten", url_for("documents.dossier_documents", dossier_id=dossier.id)),
            ("Toevoegen document", None),
        )
    else:
        action = url_for("documents.add")
        crumbs = _crumbs(
            ("Delen documenten", url_for("documents.manage")), ("Toevoegen document", None)
        )
    return (
        render_template(
            "documents/add.html",
            form=form,
            dossier=dossier,
            action=action,
            crumbs=crumbs,
            problems=list(_flattened(form.errors)),
            for_agency=g.organisation.kind == "agency",
            max_recipients=MAX_RECIPIENTS,
        ),
        status,
    )


def _flattened(errors):
    """Every message of a form's errors, also those of its recipient rows, in order."""
    if isinstance(errors, dict):
        errors = errors.values()
    if isinstance(errors, str):
        yield errors
        return
    for inner in errors:
        yield from _flattened(inner)


@blueprint.get("/documenten/ontvanger-rij")
def recipient_row():
    """F-1 the blue "+" with htmx: one more empty recipient row (and the "+" for the next)."""
    index = request.args.get("index", type=int)
    if index is None or not 0 < index < MAX_RECIPIENTS:
        abort(404)
    form = DocumentForm(formdata=None)
    while len(form.ontvangers) <= index:
        form.ontvangers.append_entry({"tot": default_share_until(today())})
    return render_template(
        "documents/_recipient_row.html",
        row=form.ontvangers[index],
        index=index,
        for_agency=g.organisation.kind == "agency",
        max_recipients=MAX_RECIPIENTS,
    )


def _checked_recipients(form: DocumentForm, *, vertrouwelijk: bool) -> list[Recipient] | None:
    """F-1/F-3: each row's service, contact, date and personal mark, or None (with the
    problems at the fields) when one of them is wrong."""
    recipients, day = [], today()
    for row in form.ontvangers:
        service = _chosen_service(row)
        if service is None:
            row.dienst.errors.append(UNKNOWN_SERVICE)
        # The directory's contact rule, asked once per field so each message lands at its own.
        row.naam.errors.extend(contact_problems(row.naam.data, "naam@voorbeeld.be"))
        row.email.errors.extend(contact_problems("Naam", row.email.data))
        if row.tot.data is None:
            if not row.tot.errors:
                row.tot.errors.append("Vul de datum 'delen tot en met' in.")
        else:
            row.tot.errors.extend(share_until_problems(row.tot.data, day))
        personal = _personal_recipient(row, service) if row.persoonlijk.data else None
        if service is not None:
            row.persoonlijk.errors.extend(
                personal_problems(
                    bool(row.persoonlijk.data),
                    g.organisation.kind == "agency",
                    service.organisation_id is not None,
                    personal is not None,
                )
            )
        recipients.append(
            Recipient(
                service=service,
                naam_medewerker=row.naam.data.strip(),
                email=normalised_email(row.email.data),
                delen_tot_en_met=row.tot.data,
                personal_recipient=personal,
            )
        )
    if any(row.errors for row in form.ontvangers):
        return None
    return recipients


def _chosen_service(row) -> Service | None:
    """F-1: the service chosen in the autocomplete (its id), else the one typed by its name;
    only active services of the directory can receive a document."""
    chosen = parse_id(row.dienst_id.data or "")
    if chosen is not None:
        service = db.session.get(Service, chosen)
        if service is not None and service.active and service.name == row.dienst.data.strip():
            return service
    return find_active_service(row.dienst.data)


def _personal_recipient(row, service: Service | None) -> Person | None:
    """15.3.1: the person of the receiving organisation's "Gebruikersbeheer documenten" list
    with the row's e-mail address."""
    if service is None or service.organisation_id is None:
        return None
    return db.session.scalars(
        select(Person)
        .join(DocumentRecipient, DocumentRecipient.person_id == Person.id)
        .where(
            DocumentRecipient.organisation_id == service.organisation_id,
            func.lower(Person.email) == normalised_email(row.email.data),
        )
    ).first()


def _checked_upload(form: DocumentForm) -> tuple[str, str, bytes] | None:
    """F-1 and safe files: the safe name, the type read from the content, and the bytes; or
    None, with the problem at the field."""
    upload = form.bestand.data
    if upload is None or not getattr(upload, "filename", None):
        form.bestand.errors = ["Kies een bestand om op te laden."]
        return None
    content = upload.stream.read(MAX_DOCUMENT_SIZE + 1)
    name = safe_file_name(upload.filename)
    content_type = detected_type(content)
    problems = upload_problems(name, len(content), content_type)
    if problems:
        form.bestand.errors = problems
        return None
    return name, content_type, content


@blueprint.get("/documenten/ontvangen")
def received():
    """F-5 "Ontvangen documenten": the documents shared with the person acting, until their
    "delen tot en met", a page at a time (the first showing of each is logged)."""
    received = received_shares(
        request.args.get("pagina", 1, type=int), current_app.config["PAGE_SIZE"]
    )
    page = render_template(
        "documents/received.html",
        received=received,
        crumbs=_crumbs(("Ontvangen documenten", None)),
    )
    # Logged after rendering: the commit expires the loaded rows, which the page would reload
    # one by one.
    record_listing(received.shares)
    db.session.commit()
    return page


@blueprint.get("/documenten/<id:document_id>")
def show(document_id: int):
    """F-1/F-3: one sent document: its recipients, until when, and the log of downloads (the
    sending side only)."""
    document, share = visible(document_id)
    if document is None or share is not None:
        abort(404)
    return render_template(
        "documents/show.html",
        document=document,
        openings=openings(document),
        available=file_is_available(document),
        crumbs=_crumbs(
            ("Delen documenten", url_for("documents.manage")), (document.file_name, None)
        ),
    )


@blueprint.get("/documenten/<id:document_id>/bestand")
def download(document_id: int):
    """F-5: the file as an attachment, its opening logged (15.1.1); the sha256 is checked."""
    document, share = visible(document_id)
    if document is None or document.stored_file is None:
        abort(404)
    try:
        response = storage.download(document.stored_file)
    except ValueError:
        current_app.logger.error("document %s: stored file fails its sha256", document.id)
        return render_error(409, FILE_DAMAGED)
    record_opening(document, share)
    db.session.commit()
    return response


@blueprint.route("/documenten/gebruikersbeheer", methods=["GET", "POST"])
def recipients():
    """15.3.1 "Gebruikersbeheer documenten": who of the organisation may receive a
    "persoonlijk document voor ontvanger"; everyone of the organisation may manage it. A GET
    with ``rijksregisternummer`` (typed in "Zoek persoon") shows whom it finds: the field's
    fragment for htmx, the page otherwise."""
    form = FindPersonForm()
    status = 200
    found, problems = None, []
    if request.method == "POST":
        if form.validate() and (added := _add_recipient(form)):
            flash(f"{added.display_name} werd toegevoegd aan de lijst.", "success")
            return redirect(url_for("documents.recipients"), 303)
        status = 422
    elif (typed := request.args.get("rijksregisternummer")) is not None:
        typed = typed.strip()[:20]
        form.rijksregisternummer.data = typed
        # While the number is being typed nothing is looked up (nor said).
        if len(typed) >= NATIONAL_NUMBER_LENGTH:
            found, problems = _find_person(typed)
    return page_or_fragment(
        "documents/recipients.html",
        "documents/_found_person.html",
        status,
        **_recipients_context(form),
        found=found,
        problems=problems,
    )


def _recipients_context(form: FindPersonForm, gone: str | None = None) -> dict:
    """What "Gebruikersbeheer documenten" shows: the list, the form and, after a removal
    that found nobody to remove, that message."""
    return {
        "form": form,
        "listed": _listed_recipients(),
        "gone": gone,
        "crumbs": _crumbs(("Gebruikersbeheer documenten", None)),
    }


def _listed_recipients() -> list[DocumentRecipient]:
    """The organisation's "Gebruikersbeheer documenten" list, by name."""
    return db.session.scalars(
        select(DocumentRecipient)
        .where(DocumentRecipient.organisation_id == g.organisation.id)
        .join(DocumentRecipient.person)
        .order_by(Person.family_name, Person.given_name, Person.id)
    ).all()


def _find_person(typed: str) -> tuple[Person | None, list[str]]:
    """15.3.1 "Zoek persoon": the person the typed number finds, or the problems to show."""
    number, problems = national_number_problems(typed)
    if problems:
        return None, problems
    person = findable_person(number, g.organisation.id)
    if person is None:
        return None, [NOBODY_FOUND.format(organisation=g.organisation.name)]
    return person, []


def _add_recipient(form: FindPersonForm) -> Person | None:
    """Add the person with the typed number to the list, if "Zoek persoon" finds them
    (15.3.1); the person added, or None with the problems at the field."""
    person, problems = _find_person(form.rijksregisternummer.data)
    if person is None:
        form.rijksregisternummer.errors = problems
        return None
    db.session.add(
        DocumentRecipient(
            organisation_id=g.organisation.id, person_id=person.id, added_by_id=g.person.id
        )
    )
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        form.rijksregisternummer.errors = ["Deze persoon staat al in de lijst."]
        return None
    return person


@blueprint.post("/documenten/gebruikersbeheer/<id:document_recipient_id>/verwijderen")
def remove_recipient(document_recipient_id: int):
    """15.3.1: take a person off the organisation's list."""
    listed = find_scoped(DocumentRecipient, document_recipient_id)
    if listed is None:
        # D-13: removed meanwhile (another tab, a colleague); another organisation's entry gets
        # the same answer. 404 as for every object deleted meanwhile.
        if is_htmx():
            return render_error(404, RECIPIENT_GONE)
        page = render_template(
            "documents/recipients.html", **_recipients_context(FindPersonForm(), RECIPIENT_GONE)
        )
        return page, 404
    db.session.delete(listed)
    db.session.commit()
    flash("De persoon werd van de lijst verwijderd.", "success")
    if is_htmx():
        return "", 200, {"HX-Redirect": url_for("documents.recipients")}
    return redirect(url_for("documents.recipients"), 303)
