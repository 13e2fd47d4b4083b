"""Forms of identification (K-1), cliëntgegevens (K-3) and cliëntcontext (K-4).

The forms carry the shape only; the checks and their Dutch messages are in rules/clients.py.
"""

from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from binc_web.forms import BincForm
from binc_web.rules.clients import GENDERS, RELATIONS, SEARCH_OPTIONS


def _choices(empty: str | None, options: dict[str, str]) -> list[SelectChoice]:
    """Choices of a list (with an empty first option for a select)."""
    first = [SelectChoice("", empty)] if empty else []
    return first + [SelectChoice(value, label) for value, label in options.items()]


GENDER_CHOICES = _choices("— kies —", GENDERS)


class IdentifyForm(BincForm):
    """K-1 "Opzoeken in het rijksregister": by number, or by name, gender and birth year."""

    option = RadioField(
        "Vink aan welke zoekoptie je verkiest",
        choices=_choices(None, SEARCH_OPTIONS),
        default="nummer",
        validate_choice=False,
    )
    national_number = StringField(
        "Rijksregisternummer",
        description="Rijksregisternummer of BIS-nummer: 11 cijfers, zonder spaties of leestekens.",
    )
    family_name = StringField("Naam")
    gender = SelectField("Geslacht", choices=GENDER_CHOICES, validate_choice=False)
    birth_year = StringField("Geboortejaar", description="Vier cijfers, bv. 2010.")

    def values(self) -> dict:
        """The submitted terms as the rules take them."""
        return {
            "option": self.option.data,
            "national_number": self.national_number.data,
            "family_name": self.family_name.data,
            "gender": self.gender.data,
            "birth_year": self.birth_year.data,
        }


class SelectForm(BincForm):
    """K-1 "Klik op het rijksregisternummer": continue with one result."""

    national_number = HiddenField()


class ClientForm(BincForm):
    """K-3 Cliëntgegevens and Officieel adres."""

    family_name = StringField("Naam")
    given_name = StringField("Voornaam")
    gender = SelectField("Geslacht", choices=GENDER_CHOICES, validate_choice=False)
    birth_date = StringField(
        "Geboortedatum",
        description="dd/mm/jjjj",
        render_kw={"placeholder": "dd/mm/jjjj", "inputmode": "numeric"},
    )
    nationality = StringField("Nationaliteit")
    country_of_origin = StringField(
        "Land van origine",
        description=(
            "Indien minstens één ouder of twee grootouders een andere nationaliteit hebben dan "
            "de Belgische, noteer je deze nationaliteit (bij verschillende nationaliteiten die "
            "van de (groot)moeder). Anders: België."
        ),
    )
    language = StringField(
        "Omgangstaal", description="De omgangstaal in de hulpverlening met de jongere."
    )
    street = StringField("Straat")
    house_number = StringField("Huisnummer")
    postcode = StringField("Postcode")
    municipality = StringField("Gemeente")
    country = StringField("Land")
    # D-13: the version of the client the form was shown with.
    version_id = HiddenField()


class ContextPersonForm(BincForm):
    """K-4: one person in the youth's context."""

    relation = SelectField(
        "Relatie",
        choices=_choices("— kies een relatie —", RELATIONS),
        validate_choice=False,
    )
    family_name = StringField("Naam")
    given_name = StringField("Voornaam")
    phone = StringField("Telefoon")
    email = StringField("E-mail")
    address = TextAreaField("Adres", render_kw={"rows": 3})
    # D-13: the version of the person the form was shown with (empty when adding one).
    version_id = HiddenField()
