"""Sources for the doors: listing, one source's meaning with the settings, staff's choices (assign an
agency, an entry not applied with its reason, a near name confirmed). No Flask."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..audit import record_event
from ..catalogue.agencies import agencies_by_role, load_register
from ..catalogue.queries import catalogue_query
from ..models.catalogue import Agency
from ..models.catalogue import ProcedureVersion as PV
from ..models.decisions import Decision
from ..models.sources import Source, SourceEntry, SourceEntryState
from ..problems import DomainError, NotFound
from ..text import nfc
from .deadline import DEFAULT_DAYS
from .matching import Catalogue, SourceMeaning, base_code, parse_levels, source_meaning


class SourceNotFound(NotFound):
    def __init__(self, what: object = ""):
        super().__init__(f"Không có nguồn {what}.")


class SourceError(DomainError, ValueError):
    """A staff choice on a source that cannot be made; the message is Vietnamese."""


def levels_of(settings: Mapping[str, Any]) -> tuple[str, ...]:
    return parse_levels(settings.get("AUTHORITY_LEVELS"))


def deadline_days(settings: Mapping[str, Any]) -> int:
    """TTHC_SOURCE_DEADLINE_DAYS (0 is a value: the last working day before the text takes effect)."""
    days = settings.get("SOURCE_DEADLINE_DAYS")
    return DEFAULT_DAYS if days is None else int(days)


def get_source(session: Session, source_id: int) -> Source:
    source = session.get(Source, source_id, options=[selectinload(Source.entries).selectinload(SourceEntry.decision)])
    if source is None:
        raise SourceNotFound(source_id)
    return source


def meaning_of(
    session: Session,
    source: Source,
    settings: Mapping[str, Any],
    today: dt.date | None = None,
    *,
    catalogue: Catalogue | None = None,
) -> SourceMeaning:
    """`catalogue`: the catalogue in force indexed for matching, when the caller keeps one for the
    catalogue's state (else it is read)."""
    return source_meaning(
        session,
        source,
        levels_of(settings),
        today=today,
        deadline_days=deadline_days(settings),
        catalogue=catalogue,
    )


def all_meanings(
    session: Session, settings: Mapping[str, Any], today: dt.date | None = None, *, catalogue: Catalogue | None = None
) -> list[SourceMeaning]:
    """Every source with what it means, the catalogue read once; the most urgent deadline first."""
    sources = session.scalars(
        select(Source).options(
            selectinload(Source.entries).selectinload(SourceEntry.decision), selectinload(Source.agency)
        )
    ).all()
    catalogue = catalogue or Catalogue.load(session)
    meanings = [
        source_meaning(
            session,
            s,
            levels_of(settings),
            today=today,
            deadline_days=deadline_days(settings),
            catalogue=catalogue,
        )
        for s in sources
    ]
    return sorted(meanings, key=lambda m: (m.deadline is None, m.deadline or dt.date.max, -m.source.id))


def overdue(
    session: Session, settings: Mapping[str, Any], today: dt.date | None = None, *, catalogue: Catalogue | None = None
) -> list[SourceMeaning]:
    """Sources past their deadline with entries still pending: the office's landing page lists them."""
    return [m for m in all_meanings(session, settings, today, catalogue=catalogue) if m.late]


@dataclass(frozen=True)
class OverdueSource:
    """One line of the landing page's overdue panel, as plain data."""

    source_id: int
    number: str
    issuer: str
    deadline: dt.date
    days_left: int
    unannounced: int  # entries still to announce


def overdue_lines(
    session: Session, settings: Mapping[str, Any], today: dt.date | None = None, *, catalogue: Catalogue | None = None
) -> list[OverdueSource]:
    """`overdue` as the panel shows it: what may be kept while `sources_key` and the catalogue stay."""
    return [
        OverdueSource(m.source.id, m.source.number, m.source.issuer, m.deadline, m.days_left, len(m.unannounced()))
        for m in overdue(session, settings, today, catalogue=catalogue)
        if m.deadline is not None and m.days_left is not None
    ]


def sources_key(session: Session) -> str:
    """Changes whenever anything a source's meaning reads besides the catalogue changes: a source or an
    entry added, its dates, staff's choices on an entry (not applied, a confirmed match, the agency),
    the decision an entry was drafted into and that decision's progress (status, signature, any edit).
    One statement over the sources' rows, no record read."""
    rows = session.execute(
        select(
            Source.id,
            Source.effective_date,
            Source.number,
            Source.issuer,
            Source.agency_id,
            SourceEntry.id,
            SourceEntry.state,
            SourceEntry.reason,
            SourceEntry.confirmed_code,
            SourceEntry.decision_id,
            Decision.status,
            Decision.signed_date,
            Decision.lock_version,
        )
        .outerjoin(SourceEntry, SourceEntry.source_id == Source.id)
        .outerjoin(Decision, Decision.id == SourceEntry.decision_id)
        .order_by(Source.id, SourceEntry.id)
    ).all()
    return hashlib.sha1(repr(rows).encode()).hexdigest()[:16]


def proposed_agency(session: Session, source: Source) -> Agency | None:
    """The register agency that executes most of the catalogue's procedures of the source's sectors (the
    database reads the agencies of those procedures' records only)."""
    sectors = sorted({e.sector for e in source.entries if e.sector})
    if not sectors:
        return None
    register = load_register(session)
    votes: Counter[int] = Counter()
    query = catalogue_query().with_only_columns(PV.record["agencies"]).where(PV.sector.in_(sectors))
    for agencies in session.scalars(query):
        roles, _ = agencies_by_role(register, {"agencies": agencies or {}})
        votes.update(r.agency.id for r in roles if r.role == "executing")
    return session.get(Agency, votes.most_common(1)[0][0]) if votes else None


def assign_agency(session: Session, source: Source, agency_id: int | None, *, user=None) -> Source:
    if agency_id is not None and session.get(Agency, agency_id) is None:
        raise SourceError("Cơ quan được giao không có trong danh mục cơ quan.")
    source.agency_id = agency_id
    session.flush()
    record_event(session, "source.assign", "source", source.id, user=user, detail={"agency": agency_id})
    return source


def _entry(source: Source, entry_id: int) -> SourceEntry:
    for entry in source.entries:
        if entry.id == entry_id:
            return entry
    raise SourceNotFound(f"{source.id}, mục {entry_id}")


def set_not_applied(session: Session, source: Source, entry_id: int, reason: str | None, *, user=None) -> SourceEntry:
    """An entry deliberately not applied (the reason is required), or back to pending (reason None)."""
    entry = _entry(source, entry_id)
    if reason is not None:
        reason = nfc(reason).strip()
        if not reason:
            raise SourceError("Cần ghi lý do không áp dụng mục này.")
    entry.state, entry.reason = (SourceEntryState.NOT_APPLIED, reason) if reason else (SourceEntryState.PENDING, "")
    session.flush()
    record_event(
        session,
        "source.entry_state",
        "source",
        source.id,
        user=user,
        detail={"entry": entry.id, "reason": entry.reason},
    )
    return entry


def confirm_match(session: Session, source: Source, entry_id: int, code: str, *, user=None) -> SourceEntry:
    """Staff confirm that a near-named entry is a procedure we hold (or, with code "", that it is not)."""
    entry = _entry(source, entry_id)
    code = nfc(code or "").strip()
    if code and base_code(code) not in Catalogue.load(session).by_code:
        raise SourceError(f"Mã {code} không có trong danh mục đang có hiệu lực.")
    entry.confirmed_code = code
    session.flush()
    record_event(session, "source.confirm", "source", source.id, user=user, detail={"entry": entry.id, "code": code})
    return entry
