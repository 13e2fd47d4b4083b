"""R-1: the registry of every parameter set version, and which set a dossier gets.

To change a set: edit its definition and raise its ``version`` when codes or options change,
keeping the old definition registered here (as ``naft_v1.NAFT_BEGIN`` or similar) so answers
saved under it stay readable.
"""

from __future__ import annotations

from binc_web.registrations.engine import ParameterSet, Registry
from binc_web.registrations.jeugdhulp import (
    EEN_GEZIN_EEN_PLAN_BEGIN,
    EEN_GEZIN_EEN_PLAN_EIND,
    JEUGDHULP_BEGIN,
    JEUGDHULP_EIND,
)
from binc_web.registrations.naft import NAFT_BEGIN, NAFT_EIND, NAFT_EIND_KLAS

REGISTRY = Registry(
    (
        NAFT_BEGIN,
        NAFT_EIND,
        NAFT_EIND_KLAS,
        EEN_GEZIN_EEN_PLAN_BEGIN,
        EEN_GEZIN_EEN_PLAN_EIND,
        JEUGDHULP_BEGIN,
        JEUGDHULP_EIND,
    )
)


def set_for(kind: str, organisation_kind: str, is_klas: bool) -> ParameterSet | None:
    """R-1/R-2: the current set for the begin or eind registration of a dossier of an
    organisation of ``organisation_kind``; None when none applies (a NAFT klas-dossier has no
    beginregistratie). Whether a registration is *required* (time-out, crisis) is D-10's
    ``rules.lifecycle.registrations_exempt``."""
    return REGISTRY.set_for(kind, organisation_kind, is_klas)
