"""The catalogue state: the one answer to "has anything a public answer shows changed?".

Every cache of the catalogue keys on what `catalogue_state()` reads (docs/architecture.md, "Caches"):
the ETag of public pages and API answers, the per-state memos of the web layer, the search index and
its in-memory engines, the catalogue downloads. It is read in one short transaction:

- `key`: the whole state. It moves when a decision is applied (a new revision), when a revision's
  effective date comes (a version applied ahead of its date enters the catalogue without a new
  revision), when a decision is signed, withdrawn or edited while announced for a later date, when
  staff save a synonym group or an approved edit of a life event (search matches differently) and
  when the agency register gains an agency or a mapping (filters and counts name agencies by it).
- `on(day)`: the key of the catalogue *on a date*. Every version, designation and linked group takes
  effect on its revision's effective date, so the revisions in effect on `day` (newest id and count:
  revisions are only ever added, with growing ids) name what that date shows; every date between two
  decision dates shares one key, and a decision applied later that reaches back before the date
  changes it. It carries the synonyms, events and register part of `key` too.
- `last_modified(day)`, `announced`: what HTTP validators and the procedure page need beside the key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models.catalogue import Agency, AgencyMapping, CatalogueRevision
from ..models.decisions import Decision, DecisionStatus
from ..models.search import EventStatus, EventVersion, SynonymVersion


@dataclass(frozen=True)
class Revisions:
    """The revisions taking effect on one date: the newest id, how many, the last applied."""

    effective: dt.date
    newest: int
    count: int
    applied: dt.datetime | None


@dataclass(frozen=True)
class CatalogueState:
    """The catalogue state read for `today` (plain data, shared between threads)."""

    key: str
    today: dt.date
    timeline: tuple[Revisions, ...]  # by effective date, oldest first
    names: str  # the synonyms, events and register part of the key ("" when none has any row)
    last_signed: dt.datetime | None
    announced: bool = False  # some signed decision takes effect after today

    @property
    def revisions(self) -> tuple[tuple[dt.date, dt.datetime], ...]:
        """(effective date, last applied) of each date that has revisions."""
        return tuple((r.effective, r.applied) for r in self.timeline if r.applied is not None)

    def on(self, day: dt.date) -> tuple[str, dt.date | None]:
        """(key, since): what the catalogue on `day` is made of, and the first date it stood so (the
        latest effective date up to `day`: the catalogue on `since` is exactly the catalogue on `day`)."""
        newest, count, since = 0, 0, None
        for revisions in self.timeline:
            if revisions.effective > day:
                break
            newest, count, since = max(newest, revisions.newest), count + revisions.count, revisions.effective
        return f"r{newest}.{count}{self.names}", since

    def last_modified(self, on_date: dt.date | None) -> dt.datetime | None:
        times = [applied for effective, applied in self.revisions if on_date is None or effective <= on_date]
        if self.last_signed is not None:
            times.append(self.last_signed)
        return max(times) if times else None


def pending_fingerprint(session: Session, today: dt.date) -> str:
    """Changes when a decision is signed, withdrawn or edited: the announced catalogue moved."""
    rows = session.execute(
        select(Decision.id, Decision.lock_version, Decision.effective_date)
        .where(Decision.status == DecisionStatus.SIGNED, Decision.effective_date > today)
        .order_by(Decision.id)
    ).all()
    return hashlib.sha1(repr(rows).encode()).hexdigest()[:12] if rows else ""


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    return moment.replace(tzinfo=moment.tzinfo or dt.UTC) if moment is not None else None


def catalogue_state(session: Session, today: dt.date) -> CatalogueState:
    """The catalogue state as it stands for `today` (see the module's docstring)."""
    timeline = tuple(
        Revisions(effective, newest, count, _aware(applied))
        for effective, newest, count, applied in session.execute(
            select(
                CatalogueRevision.effective_date,
                func.max(CatalogueRevision.id),
                func.count(CatalogueRevision.id),
                func.max(CatalogueRevision.applied_at),
            )
            .group_by(CatalogueRevision.effective_date)
            .order_by(CatalogueRevision.effective_date)
        )
    )
    revision = max((r.newest for r in timeline), default=0)
    in_force = [r.effective for r in timeline if r.effective <= today]
    pending = pending_fingerprint(session, today)
    synonyms, events, agencies, mappings, signed = session.execute(
        select(
            select(func.max(SynonymVersion.id)).scalar_subquery(),
            # tthc.search.event_edits.approved_state: the newest approved edit of a life event.
            select(func.max(EventVersion.id)).where(EventVersion.status == EventStatus.APPROVED).scalar_subquery(),
            select(func.max(Agency.id)).scalar_subquery(),
            select(func.max(AgencyMapping.id)).scalar_subquery(),
            select(func.max(Decision.updated_at)).where(Decision.status == DecisionStatus.SIGNED).scalar_subquery(),
        )
    ).one()
    # "-k" (sự kiện) is a letter no hexadecimal digit of the pending fingerprint can be.
    names = (
        (f"-s{synonyms}" if synonyms else "")
        + (f"-k{events}" if events else "")
        + (f"-a{agencies}.{mappings or 0}" if agencies else "")
    )
    key = f"{revision}-{in_force[-1] if in_force else ''}" + (f"-{pending}" if pending else "") + names
    return CatalogueState(key, today, timeline, names, _aware(signed), bool(pending))
