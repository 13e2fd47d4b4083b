"""F-4: the e-mail that tells a recipient a document was shared with them in binc-web.

The text is the NAFT manual's (15.1): the file's name, who shared it from which organisation,
for whom it is meant, until when and where it can be read, that nobody reads replies, and the
confidentiality notice. The mail never carries the document itself, nor a link to it: the
recipient logs in and finds it under "Ontvangen documenten".
"""

from __future__ import annotations

import re
from datetime import date

SUBJECT = "Binc: er werd een document met u gedeeld"
# Line breaks, tabs and other control characters: a value is written on one line.
_NOT_INLINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def _inline(text: str) -> str:
    """``text`` on one line: control characters become a space, spaces around are trimmed."""
    return " ".join(_NOT_INLINE.sub(" ", text).split())


def compose(
    *,
    file_name: str,
    description: str,
    sender_name: str,
    sender_organisation: str,
    addressee_name: str,
    available_until: date,
    where: str,
) -> tuple[str, str]:
    """F-4: the subject and plain-text body of the notice to one recipient.

    ``description`` is the sender's "korte beschrijving" (left out when empty);
    ``available_until`` the "delen tot en met" date, written dd/mm/jjjj; ``where`` the address
    of this binc-web, whose start page holds "Ontvangen documenten".
    """
    lines = [
        "Beste,",
        "",
        f"Het bestand {_inline(file_name)} is gedeeld door {_inline(sender_name)} – "
        f"{_inline(sender_organisation)} in binc-web. "
        f"Dit document is bedoeld voor {_inline(addressee_name)}.",
    ]
    if _inline(description):
        lines.append(f"Korte beschrijving: {_inline(description)}")
    lines += [
        "",
        f"Het document kan worden geraadpleegd tot en met {available_until:%d/%m/%Y} via de "
        f"link 'Ontvangen documenten' op de startpagina van binc-web: {_inline(where)}",
        "",
        "Met vriendelijke groet,",
        "",
        _inline(sender_organisation),
        "",
        "Dit is een automatisch gegenereerde mail waarop u niet kan antwoorden.",
        "",
        "Het bestand waar deze mail naar verwijst, is strikt vertrouwelijk en enkel bestemd voor "
        "de persoon die vermeld wordt in deze mail. Het kopiëren, verdelen of ander gebruik van "
        "deze e-mail en het bestand waarnaar verwezen wordt, is strikt verboden.",
    ]
    return SUBJECT, "\n".join(lines) + "\n"
