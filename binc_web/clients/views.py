"""K-1 "Toevoegen nieuwe cliënt/dossier", K-2 reuse of known clients, K-3 Cliëntgegevens and
K-4 Cliëntcontext. Every client route loads the client through ``access`` (A-4).

The forms are checked by rules/clients.py; CSRFProtect has already checked every POST.
"""

from __future__ import annotations

from flask import abort, flash, g, redirect, request, url_for
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from binc_web.activity import record_activity
from binc_web.clients import blueprint
from binc_web.clients.access import (
    client_ref,
    has_dossier,
    load_visible_client,
    load_visible_context_person,
    remember_identified,
)
from binc_web.clients.forms import ClientForm, ContextPersonForm, IdentifyForm, SelectForm
from binc_web.clients.trace import record_lookup, register_limit, search_description
from binc_web.extensions import db
from binc_web.forms import saved_differences
from binc_web.htmx import is_htmx, page_or_fragment
from binc_web.models import Client, ContextPerson, Dossier
from binc_web.register import RegisterPerson, register_adapter, search_register
from binc_web.rules.clients import (
    AGE_LIMIT_MESSAGE,
    BELGIE,
    CLIENT_FIELDS,
    CONTEXT_FIELDS,
    GENDERS,
    RELATIONS,
    Check,
    chosen_search_option,
    client_details_check,
    context_person_check,
    identification_number_problems,
    missing_fields_message,
    register_person_problem,
    search_problems,
)
from binc_web.rules.concurrency import RECONFIRM, STALE
from binc_web.templating import today as _today

# K-3: the quick "België" choice fills these fields.
QUICK_BELGIE = ("nationality", "country_of_origin")
# K-1: one answer for a youth new to binc-web and one known elsewhere (no oracle).
IDENTIFIED_MESSAGE = (
    "De jongere werd geïdentificeerd. Controleer en vul de cliëntgegevens aan en klik op Opslaan."
)

blueprint.add_app_template_global(client_ref, "client_ref")


@blueprint.before_request
def _medewerkers_only():
    """A-3: identifying and registering youths is the work of a medewerker."""
    if "medewerker" not in g.roles:
        abort(403)


def _crumbs(*trail):
    return [("Overzicht Dossiers", url_for("dossiers.overview")), *trail]


def _client_crumbs(client: Client, *trail):
    name = f"{client.family_name} {client.given_name}"
    return _crumbs((name, url_for("clients.context", client_id=client_ref(client))), *trail)


def _attach(form, problems: dict) -> list[str]:
    """Put the rules' problems at their fields; returns them for above the form."""
    shown = []
    for name, messages in problems.items():
        messages = [messages] if isinstance(messages, str) else list(messages)
        getattr(form, name).errors = messages
        shown.extend(messages)
    return shown


def _summary(form, check: Check) -> list[str]:
    """K-3: "Gelieve volgende verplichte velden in te vullen: …" first, then the other problems."""
    _attach(form, check.problems)
    summary = [missing_fields_message(check.missing)] if check.missing else []
    return summary + check.other_problems


def _snapshot(target, names) -> dict:
    """The values of ``names`` as written to the activity log."""
    values = {}
    for name in names:
        value = getattr(target, name)
        values[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return values


def _stale(target, posted_version: str | None) -> bool:
    """D-13: the form was shown with another version than the stored one."""
    return str(target.version_id) != (posted_version or "")


def _commit() -> bool:
    """Commit; False (after a rollback) when another worker saved the same row meanwhile."""
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        return False
    return True


def _changes(before: dict, after: dict) -> tuple[dict, dict]:
    """Only the changed values, before and after (D-8 style)."""
    changed = [name for name in after if before.get(name) != after[name]]
    return {n: before.get(n) for n in changed}, {n: after[n] for n in changed}


# K-1 identification ------------------------------------------------------------------------


def _render_identify(form: IdentifyForm, status: int = 200, search=None, problems=()):
    return page_or_fragment(
        "clients/identify.html",
        "clients/_identify.html",
        status=status,
        form=form,
        search=search,
        problems=list(problems),
        genders=GENDERS,
        age_limit_message=AGE_LIMIT_MESSAGE,
        crumbs=_crumbs(("Toevoegen nieuwe cliënt/dossier", None)),
    )


@blueprint.route("/identificatie", methods=["GET", "POST"])
@register_limit
def identify():
    """K-1 "Toevoegen nieuwe cliënt/dossier": search the register by number or by name; every
    search is logged and counts towards the person's limit (K-2)."""
    form = IdentifyForm()
    if request.method == "GET":
        return _render_identify(form)
    form.option.data = chosen_search_option(**form.values())
    terms, problems = search_problems(**form.values(), today=_today())
    if terms is None:
        return _render_identify(form, 422, problems=_attach(form, problems))
    search = search_register(register_adapter(), terms, _today())
    record_lookup(terms.option, search_description(terms), results=len(search.found))
    return _render_identify(form, search=search)


@blueprint.post("/identificatie/verder")
@register_limit
def select_result():
    """K-1/K-2 "Klik op het rijksregisternummer": reuse the known client or create the client
    from the register, and answer alike in both cases: to Cliëntgegevens, through this
    session's handle unless the organisation has a dossier for the youth (K-1, no oracle)."""
    number, problems = identification_number_problems(SelectForm().national_number.data or "")
    person = None if problems else register_adapter().find_by_number(number)
    if not problems:
        problem = register_person_problem(person.birth_date if person else None, _today())
        problems = [problem] if problem else []
    if problems:
        return _render_identify(IdentifyForm(formdata=None), 422, problems=problems)
    client, _created = _client_for(person)
    handle = remember_identified(client.id)
    record_lookup("verder", f"rijksregisternummer {number}", client_id=client.id)
    flash(IDENTIFIED_MESSAGE, "success")
    ref = str(client.id) if has_dossier(client.id) else handle
    return redirect(url_for("clients.details", client_id=ref), code=303)


def _client_by_number(number: str) -> Client | None:
    return db.session.scalars(select(Client).where(Client.national_number == number)).first()


def _client_for(person: RegisterPerson) -> tuple[Client, bool]:
    """K-2: the client with this number, created from the register row only when unknown.

    Two workers may identify the same youth at once: the unique number makes the second
    insert fail, and that worker then reuses the client the first one created.
    """
    existing = _client_by_number(person.national_number)
    if existing is not None:
        return existing, False
    client = Client(
        national_number=person.national_number,
        family_name=person.family_name,
        given_name=person.given_name,
        gender=person.gender,
        birth_date=person.birth_date,
        nationality=person.nationality,
        street=person.street,
        house_number=person.house_number,
        postcode=person.postcode,
        municipality=person.municipality,
        country=person.country,
    )
    db.session.add(client)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        existing = _client_by_number(person.national_number)
        if existing is None:
            raise
        return existing, False
    record_activity(
        "client_aangemaakt",
        client,
        f"Cliënt {client.national_number} aangemaakt vanuit het rijksregister",
        after=_snapshot(client, ("national_number", *CLIENT_FIELDS)),
    )
    db.session.commit()
    return client, True


# K-3 Cliëntgegevens ------------------------------------------------------------------------


def _client_data(client: Client) -> dict:
    data = {name: getattr(client, name) for name in CLIENT_FIELDS}
    data["birth_date"] = client.birth_date.strftime("%d/%m/%Y")
    data["version_id"] = client.version_id
    return data


def _render_details(
    client: Client, form: ClientForm, status: int = 200, summary=(), stale=None, saved_now=()
):
    return page_or_fragment(
        "clients/details.html",
        "clients/_details.html",
        status=status,
        client=client,
        form=form,
        summary=list(summary),
        stale=stale,
        saved_now=list(saved_now),
        belgie=BELGIE,
        crumbs=_client_crumbs(client, ("Cliëntgegevens", None)),
    )


def _stale_details(client: Client, form: ClientForm):
    """D-13: a colleague saved the client first: the form again with what the user typed, the
    stored values that differ, and the stored version (a second Opslaan then saves)."""
    form.version_id.data = client.version_id
    stored = ClientForm(formdata=None, data=_client_data(client))
    return _render_details(
        client, form, 409, stale=STALE, saved_now=saved_differences(form, stored)
    )


@blueprint.route("/<client_id>/gegevens", methods=["GET", "POST"])
def details(client_id: str):
    """K-3 Cliëntgegevens: identification data and official address; "België" fills
    Nationaliteit or Land van origine (also without JavaScript)."""
    client = load_visible_client(client_id)
    form = ClientForm(data=_client_data(client))
    if request.method == "GET":
        return _render_details(client, form)
    quick = request.form.get("snelkeuze")
    if quick in QUICK_BELGIE:
        getattr(form, quick).data = BELGIE
        return _render_details(client, form)
    check = client_details_check(form.data, client.national_number, _today())
    if not check.ok:
        return _render_details(client, form, 422, _summary(form, check))
    if _stale(client, form.version_id.data):
        return _stale_details(client, form)
    before = _snapshot(client, CLIENT_FIELDS)
    for name, value in check.values.items():
        setattr(client, name, value)
    changed_before, changed_after = _changes(before, _snapshot(client, CLIENT_FIELDS))
    if changed_after:
        record_activity(
            "clientgegevens_gewijzigd",
            client,
            f"Cliëntgegevens van {client.national_number} gewijzigd",
            before=changed_before,
            after=changed_after,
            client_id=client.id,
        )
    if not _commit():
        return _stale_details(client, form)
    flash("De cliëntgegevens werden opgeslagen.", "success")
    if is_htmx():
        return "", 200, {"HX-Redirect": url_for("clients.context", client_id=client_ref(client))}
    return redirect(url_for("clients.context", client_id=client_ref(client)), code=303)


# K-4 Cliëntcontext -------------------------------------------------------------------------


def _person_label(person: ContextPerson) -> str:
    relation = RELATIONS.get(person.relation, person.relation)
    return " ".join(filter(None, (relation, person.given_name, person.family_name)))


def _render_context(client: Client, form: ContextPersonForm, status: int = 200, summary=()):
    order = list(RELATIONS)
    persons = sorted(
        client.context_persons,
        key=lambda p: (order.index(p.relation) if p.relation in order else len(order), p.id),
    )
    open_dossier = db.session.scalars(
        select(Dossier).where(
            Dossier.client_id == client.id,
            Dossier.organisation_id == g.organisation.id,
            Dossier.status == "open",
        )
    ).first()
    return page_or_fragment(
        "clients/context.html",
        "clients/_context.html",
        status=status,
        client=client,
        persons=persons,
        form=form,
        summary=list(summary),
        relations=RELATIONS,
        genders=GENDERS,
        open_dossier=open_dossier,
        crumbs=_client_crumbs(client, ("Cliëntcontext", None)),
    )


def _after_context_change(client: Client):
    """htmx gets the refreshed cliëntcontext; a plain POST is redirected (303) to the page."""
    if is_htmx():
        return _render_context(client, ContextPersonForm(formdata=None))
    return redirect(url_for("clients.context", client_id=client_ref(client)), code=303)


@blueprint.get("/<client_id>/context")
def context(client_id: str):
    """K-4 Cliëntcontext: the client, their context persons and "Start Binc-dossier"."""
    client = load_visible_client(client_id)
    return _render_context(client, ContextPersonForm(formdata=None))


@blueprint.post("/<client_id>/context")
def add_context_person(client_id: str):
    """K-4: add a context person; htmx gets the refreshed list, a plain POST a redirect."""
    client = load_visible_client(client_id)
    form = ContextPersonForm()
    check = context_person_check(form.data)
    if not check.ok:
        return _render_context(client, form, 422, _summary(form, check))
    person = ContextPerson(client_id=client.id, **check.values)
    db.session.add(person)
    db.session.flush()
    record_activity(
        "contextpersoon_toegevoegd",
        person,
        f"Contextpersoon toegevoegd aan cliënt {client.national_number}",
        after=_snapshot(person, CONTEXT_FIELDS),
        client_id=client.id,
    )
    db.session.commit()
    flash(f"{_person_label(person)} werd toegevoegd aan de cliëntcontext.", "success")
    return _after_context_change(client)


@blueprint.route("/<client_id>/context/<id:context_person_id>", methods=["GET", "POST"])
def edit_context_person(client_id: str, context_person_id: int):
    """K-4: change a context person (the page warns that the data is shared)."""
    person = load_visible_context_person(client_id, context_person_id)
    client = person.client
    form = ContextPersonForm(data=_snapshot(person, [*CONTEXT_FIELDS, "version_id"]))
    summary: list[str] = []
    stale, saved_now = None, []
    if request.method == "POST":
        check = context_person_check(form.data)
        if check.ok and _stale(person, form.version_id.data):
            stale, saved_now = STALE, _stale_person(person, form)
        elif check.ok:
            before = _snapshot(person, CONTEXT_FIELDS)
            for name, value in check.values.items():
                setattr(person, name, value)
            changed_before, changed_after = _changes(before, _snapshot(person, CONTEXT_FIELDS))
            if changed_after:
                record_activity(
                    "contextpersoon_gewijzigd",
                    person,
                    f"Contextpersoon van cliënt {client.national_number} gewijzigd",
                    before=changed_before,
                    after=changed_after,
                    client_id=client.id,
                )
            label = _person_label(person)
            if _commit():
                flash(f"{label} werd opgeslagen.", "success")
                return _after_context_change(client)
            # Changed or deleted meanwhile: what is stored now (404 when gone).
            person = load_visible_context_person(client_id, context_person_id)
            stale, saved_now = STALE, _stale_person(person, form)
        else:
            summary = _summary(form, check)
    return page_or_fragment(
        "clients/context_person.html",
        "clients/_context_person.html",
        status=409 if stale else (422 if summary else 200),
        client=client,
        person=person,
        form=form,
        summary=summary,
        stale=stale,
        saved_now=saved_now,
        crumbs=_client_crumbs(client, ("Contextpersoon wijzigen", None)),
    )


def _stale_person(person: ContextPerson, form: ContextPersonForm) -> list[tuple[str, str]]:
    """D-13: a colleague saved the context person first: the form keeps what the user typed
    and takes the stored version; returns the stored values that differ."""
    form.version_id.data = person.version_id
    stored = ContextPersonForm(formdata=None, data=_snapshot(person, CONTEXT_FIELDS))
    return saved_differences(form, stored)


@blueprint.route("/<client_id>/context/<id:context_person_id>/verwijderen", methods=["GET", "POST"])
def delete_context_person(client_id: str, context_person_id: int):
    """K-4: delete a context person after a confirmation that repeats the warning."""
    person = load_visible_context_person(client_id, context_person_id)
    client = person.client
    if request.method == "GET":
        return _confirm_delete(client, person)
    if _stale(person, request.form.get("version_id")):
        return _confirm_delete(client, person, stale=STALE)
    label = _person_label(person)
    record_activity(
        "contextpersoon_verwijderd",
        person,
        f"Contextpersoon van cliënt {client.national_number} verwijderd",
        before=_snapshot(person, CONTEXT_FIELDS),
        client_id=client.id,
    )
    db.session.delete(person)
    if not _commit():
        # Changed or deleted meanwhile: ask again about what is stored now (404 when gone).
        person = load_visible_context_person(client_id, context_person_id)
        return _confirm_delete(client, person, stale=STALE)
    flash(f"{label} werd verwijderd uit de cliëntcontext.", "success")
    return _after_context_change(client)


def _confirm_delete(client: Client, person: ContextPerson, stale=None):
    """K-4: the confirmation, showing the stored data; after a refused stale confirmation
    (D-13) with the message and the stored version, so that "Verwijderen" works again."""
    return page_or_fragment(
        "clients/context_person_delete.html",
        "clients/_context_person_delete.html",
        status=409 if stale else 200,
        client=client,
        person=person,
        label=_person_label(person),
        stale=stale,
        stale_hint=RECONFIRM,
        crumbs=_client_crumbs(client, ("Contextpersoon verwijderen", None)),
    )
