"""Form fields shared by every feature: dates typed as dd/mm/jjjj, Dutch messages."""

from __future__ import annotations

import re
from datetime import datetime

from wtforms import DateField, IntegerField
from wtforms.validators import StopValidation
from wtforms.widgets import TextInput

WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")


class DatumField(DateField):
    """A date typed as dd/mm/jjjj in a text box (no browser date picker with another format)."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"placeholder": "dd/mm/jjjj", "inputmode": "numeric"})
        super().__init__(label, validators, format="%d/%m/%Y", **kwargs)

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
        if self.data.year < 1900:
            self.data = None
            raise ValueError("Vul een bestaande datum in als dd/mm/jjjj.")


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
