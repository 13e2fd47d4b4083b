"""C-3/C-4: the period and module form of "Bereken bezettingsgraad" and "Bereken inzet", read
from the URL (a figure is read, not changed: its address can be bookmarked and shared), and
who may use these pages."""

from __future__ import annotations

from flask import abort, g
from wtforms import SelectField, SelectMultipleField
from wtforms.validators import InputRequired, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from binc_web.forms import BincPlainForm, DatumField
from binc_web.models import TypeModule
from binc_web.rules.dates import TRAJECT
from binc_web.rules.inzet import NO_MODULES


def require_medewerker() -> None:
    """A-3: figures are the work of a medewerker of the organisation acted for."""
    if "medewerker" not in g.roles:
        abort(403)


class PeriodForm(BincPlainForm):
    """A period "van … tot en met …" (C-3: the end date counts)."""

    begindatum = DatumField(
        "Van",
        [InputRequired("Vul de begindatum in.")],
        window=TRAJECT,
        subject="De begindatum",
        description="dd/mm/jjjj",
    )
    einddatum = DatumField(
        "Tot en met",
        [InputRequired("Vul de einddatum in.")],
        window=TRAJECT,
        subject="De einddatum",
        description="dd/mm/jjjj",
    )

    def submitted(self) -> bool:
        """True when the URL asks for a figure (the first visit shows the empty form)."""
        return any(field.raw_data for field in self)


def _module_choices(modules: list[TypeModule]) -> list[tuple[str, str]]:
    return [(str(module.id), module.name) for module in modules]


class BezettingForm(PeriodForm):
    """C-3: one module of the organisation and a period of at most a year."""

    module = SelectField("Typemodule", validate_choice=False)

    def offer(self, modules: list[TypeModule]) -> BezettingForm:
        """Offer the organisation's modules (the only one preselected, as in the manual)."""
        self.offered = modules
        self.module.choices = _module_choices(modules)
        if not self.module.raw_data and len(modules) == 1:
            self.module.data = str(modules[0].id)
        return self

    def validate_module(self, field) -> None:
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError("Kies een module van uw voorziening.")


class InzetForm(PeriodForm):
    """C-4: one or more modules of the organisation and a period."""

    modules = SelectMultipleField(
        "Typemodules",
        validate_choice=False,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )

    def offer(self, modules: list[TypeModule]) -> InzetForm:
        """Offer the organisation's modules (the only one ticked, as in the manual)."""
        self.offered = modules
        self.modules.choices = _module_choices(modules)
        if not self.modules.raw_data and len(modules) == 1:
            self.modules.data = [str(modules[0].id)]
        return self

    def validate_modules(self, field) -> None:
        if not field.data:
            raise ValidationError(NO_MODULES)
        offered = {value for value, _label in field.choices}
        if not set(field.data) <= offered:
            raise ValidationError("Kies modules van uw voorziening.")
