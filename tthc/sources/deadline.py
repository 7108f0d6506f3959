"""The province's announcement deadline: at least N working days (5 by default, Decree 63/2010 Art. 15 as
amended by Decree 48/2013) before the legal text takes effect, Vietnamese public holidays counted as in
the drafting checks (tthc.decisions.checks). No Flask."""

from __future__ import annotations

import datetime as dt

from ..decisions.checks import MIN_WORKING_DAYS, is_working_day, working_days_between

DEFAULT_DAYS = MIN_WORKING_DAYS


def announce_by(effective: dt.date, days: int = DEFAULT_DAYS) -> dt.date:
    """The last working day D with `days` working days strictly between D and `effective` (the same
    count the drafting check makes between signing and effect)."""
    day = effective - dt.timedelta(days=1)
    while working_days_between(day, effective) < days or not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def days_left(deadline: dt.date, today: dt.date) -> int:
    """Calendar days until the deadline: negative once it has passed (that many days late)."""
    return (deadline - today).days
