"""C-4 "Bereken inzet" (NAFT manual chapter 13): which schakelingen count.

A schakeling counts for a module in a period when the module was ticked in it and the
schakeling ran on at least one day of the period (it starts on or before the period's last
day, and has no end date or ends on or after its first day). It also counts as *started* when
its begindatum lies in the period: every schakeling that starts, verlengingen included. The
database counts with these same conditions (``binc_web.figures.counts``).
"""

from __future__ import annotations

from datetime import date

COMBINATION = "Combinatie geselecteerde modules"
NO_MODULES = "Kies minstens één module."


def deployed_in(begin: date, end: date | None, first: date, last: date) -> bool:
    """C-4: the schakeling ran on at least one day of ``first``..``last`` (end inclusive)."""
    return begin <= last and (end is None or end >= first)


def started_in(begin: date, first: date, last: date) -> bool:
    """C-4: the schakeling started in ``first``..``last`` (verlengingen included)."""
    return first <= begin <= last


def shows_combination(module_count: int) -> bool:
    """C-4: "Combinatie geselecteerde modules" is shown when several modules are chosen."""
    return module_count > 1
