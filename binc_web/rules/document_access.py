"""F-2/F-3: who may see a shared document (manual 15.1, 15.2, 15.3.1).

The one place where data deliberately crosses organisations, so the whole answer lives here:

- the sending organisation: all its workers, except for a "vertrouwelijk" document (F-3),
  which only its sender sees;
- a share with a voorziening of this instance: all workers acting for that organisation,
  except a "persoonlijk document voor ontvanger" (F-3, set by the agency), which only that
  person sees;
- a share with a service that is not an organisation of this instance (a consulent-type
  service such as OCJ or SDJ, a gemeenschapsinstelling, Voorzieningenbeleid): only the
  addressee, recognised by the e-mail address the share was sent to, acting for the agency
  (these services are part of Opgroeien and their workers log in for it). For a consulent-type
  service also its "administratief medewerker" and "teamverantwoordelijke" (15.1: "Wanneer
  gedeeld wordt met de consulent, kan enkel de geadresseerde, de administratief medewerker en
  de teamverantwoordelijke dit document raadplegen"): the contacts of that service the
  directory lists with that function, recognised by their address in the same way;
- after "delen tot en met" of a share, that share gives nobody access, and once every share of
  a document has expired nobody sees it, the sender included (the bytes are removed).

Everyone else, the agency included, sees nothing: the views answer 404, never 403.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Viewer:
    """The person asking, the organisation they act for, and their e-mail address."""

    person_id: int
    organisation_id: int
    acts_for_agency: bool
    email: str | None


@dataclass(frozen=True)
class SentDocument:
    """What matters of a document for its visibility on the sending side."""

    organisation_id: int
    sender_id: int | None
    vertrouwelijk: bool


@dataclass(frozen=True)
class ShareFacts:
    """What matters of one share (one recipient row) for its visibility."""

    service_organisation_id: int | None
    email: str
    personal_recipient_id: int | None
    delen_tot_en_met: date
    # The addresses of the administratief medewerker(s) and teamverantwoordelijke(n) of the
    # consulent-type service the share went to (15.1); empty for every other service.
    consulent_staff: frozenset[str] = frozenset()


def same_address(first: str | None, second: str | None) -> bool:
    """Two e-mail addresses are the same whatever their case and surrounding spaces."""
    return bool(first and second) and first.strip().lower() == second.strip().lower()


def is_live(share: ShareFacts, today: date) -> bool:
    """F-2: a share gives access up to and including its "delen tot en met" date."""
    return today <= share.delen_tot_en_met


def sees_as_sender(viewer: Viewer, document: SentDocument) -> bool:
    """F-2/F-3: the sending organisation's workers, or only the sender of a vertrouwelijk one."""
    if viewer.organisation_id != document.organisation_id:
        return False
    return not document.vertrouwelijk or viewer.person_id == document.sender_id


def receives(viewer: Viewer, share: ShareFacts, today: date) -> bool:
    """F-2/F-3: ``viewer`` may open what this share sent, today."""
    if not is_live(share, today):
        return False
    if share.service_organisation_id is not None:
        if viewer.organisation_id != share.service_organisation_id:
            return False
        return share.personal_recipient_id in (None, viewer.person_id)
    if not viewer.acts_for_agency:
        return False
    return any(
        same_address(viewer.email, address) for address in (share.email, *share.consulent_staff)
    )


def may_open(
    viewer: Viewer, document: SentDocument, shares: Iterable[ShareFacts], today: date
) -> bool:
    """F-2: ``viewer`` may see and download the document today (else the answer is 404)."""
    shares = list(shares)
    if not any(is_live(share, today) for share in shares):
        return False
    if sees_as_sender(viewer, document):
        return True
    return any(receives(viewer, share, today) for share in shares)
