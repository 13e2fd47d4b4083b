"""P-4 "Nieuw rapport": the period and the reports to generate."""

from __future__ import annotations

from wtforms import SelectMultipleField
from wtforms.validators import InputRequired, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from binc_web.forms import BincForm, DatumField
from binc_web.reports.catalogue import REPORTS
from binc_web.rules.dates import TRAJECT

NO_REPORT = "Kies minstens één rapport."


class ReportChoice(SelectMultipleField):
    """The reports of the catalogue as check boxes; an unknown key is refused with a message."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):
        known = {key for key, _ in self.choices}
        if any(key not in known for key in self.data or ()):
            raise ValidationError("Kies enkel rapporten uit de lijst.")


class NewReportForm(BincForm):
    """P-4: period (end inclusive, at most one year, checked by the rules) and reports."""

    begindatum = DatumField(
        "Begindatum",
        [InputRequired("Vul de begindatum in.")],
        window=TRAJECT,
        subject="De begindatum",
    )
    einddatum = DatumField(
        "Einddatum",
        [InputRequired("Vul de einddatum in.")],
        description="De cijfers worden berekend tot en met de einddatum; de maximumperiode "
        "is 1 jaar.",
        window=TRAJECT,
        subject="De einddatum",
    )
    rapporten = ReportChoice(
        "Rapporten",
        [InputRequired(NO_REPORT)],
        choices=[(definition.key, definition.name) for definition in REPORTS],
    )
