"""Forms of the user administration (A-3)."""

from wtforms import SelectField, StringField
from wtforms.validators import InputRequired, Length

from binc_web.forms import BincForm


class GrantRoleForm(BincForm):
    """Grant a role to a national number for the organisation acted for."""

    national_number = StringField(
        "Rijksregisternummer",
        validators=[
            InputRequired("Vul een rijksregisternummer in."),
            Length(max=20, message="Een rijksregisternummer telt 11 cijfers."),
        ],
        description="11 cijfers, zonder spaties of leestekens.",
    )
    role = SelectField("Rol", validators=[InputRequired("Kies een rol.")], validate_choice=False)
