"""Form fields shared by every feature: dates typed as dd/mm/jjjj, Dutch messages."""

from __future__ import annotations

from datetime import datetime

from wtforms import DateField
from wtforms.widgets import TextInput


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
