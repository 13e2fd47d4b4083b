"""Forms and fields shared by every feature: dates typed as dd/mm/jjjj, Dutch messages, and no
control characters in any field (convention 12)."""

from __future__ import annotations

import re
from datetime import datetime

from flask_wtf import FlaskForm
from wtforms import DateField, Form, IntegerField, TextAreaField
from wtforms.validators import StopValidation
from wtforms.widgets import TextInput

from binc_web.rules.dates import DateWindow, date_window_problem
from binc_web.rules.text import has_control_characters
from binc_web.templating import today

WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")

CONTROL_CHARACTERS = (
    "Dit veld bevat ongeldige tekens (bijvoorbeeld een onzichtbaar stuurteken). "
    "Typ de tekst opnieuw of plak hem zonder opmaak."
)


class RefusesControlCharacters:
    """Convention 12 for every form in one place: a field whose submitted value holds a
    control character is invalid, with one Dutch message (PostgreSQL refuses NUL in text, and
    nothing of the kind belongs in binc-web's data)."""

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)  # type: ignore[misc]
        for field in self:  # type: ignore[attr-defined]
            multiline = isinstance(field, TextAreaField)
            if any(
                isinstance(value, str) and has_control_characters(value, multiline)
                for value in field.raw_data or ()
            ):
                # A field's own message about its characters, if it has one, is kept.
                field.errors = list(field.errors) or [CONTROL_CHARACTERS]
                valid = False
        return valid


class BincForm(RefusesControlCharacters, FlaskForm):
    """The base of binc-web's posted forms: CSRF-protected, no control characters."""


class BincPlainForm(RefusesControlCharacters, Form):
    """The base of forms without CSRF token (searches read from the URL)."""


class DatumField(DateField):
    """A date typed as dd/mm/jjjj in a text box (no browser date picker with another format),
    within its plausible window (convention 12: ``rules.dates``)."""

    widget = TextInput()

    def __init__(
        self, label=None, validators=None, *, window: DateWindow, subject="De datum", **kwargs
    ):
        kwargs.setdefault("render_kw", {"placeholder": "dd/mm/jjjj", "inputmode": "numeric"})
        super().__init__(label, validators, format="%d/%m/%Y", **kwargs)
        self.window, self.subject = window, subject

    def _value(self):
        if self.raw_data:
            return " ".join(self.raw_data)
        return self.data.strftime("%d/%m/%Y") if self.data else ""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        text = valuelist[0].strip()
        try:
            self.data = datetime.strptime(text, "%d/%m/%Y").date()
        except ValueError:
            self.data = None
            raise ValueError("Vul een bestaande datum in als dd/mm/jjjj.") from None
        problem = date_window_problem(self.data, self.window, today(), self.subject)
        if problem:
            self.data = None
            raise ValueError(problem)


class GetalField(IntegerField):
    """A whole number; anything else gets one Dutch message (not WTForms' English one)."""

    def __init__(self, label=None, validators=None, message=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.message = message or "Vul een geheel getal in."

    def process_formdata(self, valuelist):
        text = valuelist[0].strip() if valuelist else ""
        if not text:
            self.data = None
            return
        try:
            if not WHOLE_NUMBER.fullmatch(text):
                raise ValueError(text)
            self.data = int(text)  # also refuses numbers of thousands of digits
        except ValueError:
            self.data = None
            raise ValueError(self.message) from None

    def pre_validate(self, form):
        # The message of a number that is not one says it all: no range message on top.
        if self.process_errors:
            raise StopValidation()


def shown_value(field, value) -> str:
    """A value as the form shows it: a choice by its label, a date as dd/mm/jjjj, yes/no for a
    box, "(leeg)" for nothing."""
    if value is None or value == "" or value == []:
        return "(leeg)"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    choices = getattr(field, "choices", None)
    if choices:
        labels = {str(choice[0]): str(choice[1]) for choice in field.iter_choices()}
        values = value if isinstance(value, list | tuple) else [value]
        return ", ".join(labels.get(str(item), str(item)) for item in values)
    return str(value).strip()


def saved_differences(form, stored) -> list[tuple[str, str]]:
    """D-13: after a refused stale save, the fields where ``stored`` (the same form filled from
    what is stored now) differs from what the user typed in ``form``, as (label, stored value
    as the form shows it)."""
    differences = []
    for field in stored:
        if field.type in ("CSRFTokenField", "HiddenField", "SubmitField"):
            continue
        now = shown_value(field, field.data)
        if now != shown_value(form[field.name], form[field.name].data):
            differences.append((field.label.text, now))
    return differences
