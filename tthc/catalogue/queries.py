"""Point-in-time questions: the catalogue on a date or at a revision, one procedure's history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import Session, defer, joinedload

from ..models.catalogue import CatalogueRevision, Procedure, VersionState
from ..models.catalogue import ProcedureVersion as PV
from ..models.decisions import Decision, DecisionEntry, DecisionKind


def latest_version_ids(on_date: dt.date | None = None, at_revision: int | None = None):
    """Subquery: for each procedure, the id of its version in force on the date / at the revision."""
    rank = func.row_number().over(partition_by=PV.procedure_id, order_by=(PV.valid_from.desc(), PV.revision_id.desc()))
    query = select(PV.id.label("version_id"), rank.label("rank"))
    if on_date is not None:
        query = query.where(PV.valid_from <= on_date)
    if at_revision is not None:
        query = query.where(PV.revision_id <= at_revision)
    return query.subquery()


def catalogue_query(
    on_date: dt.date | None = None, at_revision: int | None = None, *, include_abolished: bool = False
) -> Select:
    """The versions making up the catalogue, in Vietnamese alphabetical order of names."""
    latest = latest_version_ids(on_date, at_revision)
    query = select(PV).join(latest, (latest.c.version_id == PV.id) & (latest.c.rank == 1)).order_by(PV.sort_key, PV.id)
    if not include_abolished:
        query = query.where(PV.state == VersionState.IN_FORCE)
    return query


# The parts of a record that service points' rules and the designations read (tthc.catalogue.service_points
# `receives`, tthc.catalogue.designations `record_says`): a light row carries these, never the whole record.
RULE_PARTS = ("agencies", "non_territorial", "online_level", "postal")


@dataclass(frozen=True)
class VersionRow:
    """A version of the catalogue as plain data, without its record: what lists, counts, the points' rules
    and the re-post plan need. `parts` holds only the RULE_PARTS of the record (read by the database,
    so the record's JSON is never decoded here); a page that shows or prints the content loads the
    versions themselves."""

    id: int
    code: str
    name: str
    level: str
    sector: str
    agency: str
    valid_from: dt.date
    sort_key: bytes
    revision_id: int
    state: str
    replaced_by_code: str | None
    parts: dict[str, Any] | None  # None: not read (version_rows(parts=False)); the rules cannot be asked


def _parts(values: list[Any]) -> dict[str, Any] | None:
    """The RULE_PARTS read by the database, by name (None when the query read none)."""
    return dict(zip(RULE_PARTS, values, strict=True)) if values else None


def rule_parts(session: Session, version_ids) -> dict[int, dict[str, Any]]:
    """{version id: its record's RULE_PARTS} for these versions."""
    ids = sorted(set(version_ids))
    out: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):  # SQLite's bound-parameter limit
        query = select(PV.id, *(PV.record[part] for part in RULE_PARTS)).where(PV.id.in_(ids[start : start + 500]))
        out.update({id_: _parts(values) for id_, *values in session.execute(query)})
    return out


def version_rows(
    session: Session,
    on_date: dt.date | None = None,
    at_revision: int | None = None,
    *,
    include_abolished: bool = False,
    codes=None,
    parts: bool = True,
) -> list[VersionRow]:
    """catalogue_on as light rows (the same versions in the same order; only `codes` when given). Without
    `parts`, the rows carry no part of the record (`rule_parts` reads them for the versions that need
    them: those of another list with equal ids have them already)."""
    columns = (
        PV.id,
        PV.code,
        PV.name,
        PV.level,
        PV.sector,
        PV.agency,
        PV.valid_from,
        PV.sort_key,
        PV.revision_id,
        PV.state,
        PV.replaced_by_code,
        *((PV.record[part] for part in RULE_PARTS) if parts else ()),
    )
    query = catalogue_query(on_date, at_revision, include_abolished=include_abolished).with_only_columns(*columns)
    wanted = None if codes is None else set(codes)
    if wanted is not None and len(wanted) <= 500:  # SQLite's bound-parameter limit; more: filtered below
        if not wanted:
            return []
        query = query.where(PV.code.in_(sorted(wanted)))
    rows = [
        VersionRow(id_, code, name, level, sector, agency, valid_from, key, revision, state, replaced, _parts(values))
        for id_, code, name, level, sector, agency, valid_from, key, revision, state, replaced, *values in (
            session.execute(query)
        )
    ]
    return rows if wanted is None else [r for r in rows if r.code in wanted]


def catalogue_rows(session: Session, on_date: dt.date | None = None, codes=None) -> list[VersionRow]:
    """The catalogue on a date (only `codes` when given) as light rows without any part of the records:
    what a list or a count needs, in Vietnamese alphabetical order of names."""
    return version_rows(session, on_date, codes=codes, parts=False)


def catalogue_on(
    session: Session, on_date: dt.date | None = None, at_revision: int | None = None, *, include_abolished: bool = False
) -> list[PV]:
    return list(session.scalars(catalogue_query(on_date, at_revision, include_abolished=include_abolished)))


def version_in_force(
    session: Session, code: str, on_date: dt.date | None = None, at_revision: int | None = None
) -> PV | None:
    """The version of `code` on the date (None if unknown or abolished then)."""
    version = latest_version(session, code, on_date, at_revision)
    return version if version is not None and version.state == VersionState.IN_FORCE else None


def latest_version(
    session: Session, code: str, on_date: dt.date | None = None, at_revision: int | None = None
) -> PV | None:
    """The latest version of `code` (abolished ones too) on the date / at the revision."""
    query = (
        select(PV)
        .join(Procedure)
        .where(Procedure.code == code)
        .order_by(PV.valid_from.desc(), PV.revision_id.desc())
        .limit(1)
    )
    if on_date is not None:
        query = query.where(PV.valid_from <= on_date)
    if at_revision is not None:
        query = query.where(PV.revision_id <= at_revision)
    return session.scalars(query).first()


def latest_versions(
    session: Session, codes, on_date: dt.date | None = None, at_revision: int | None = None
) -> dict[str, PV]:
    """latest_version of many codes in a few statements (a decision of 3,000 entries asked 3,000 times):
    {code: its latest version}, codes without one left out."""
    wanted = sorted({code for code in codes if code})
    found: dict[str, PV] = {}
    for start in range(0, len(wanted), 500):  # SQLite's limit on bound parameters
        query = select(Procedure.code, PV).join(Procedure).where(Procedure.code.in_(wanted[start : start + 500]))
        if on_date is not None:
            query = query.where(PV.valid_from <= on_date)
        if at_revision is not None:
            query = query.where(PV.revision_id <= at_revision)
        for code, version in session.execute(query):
            best = found.get(code)
            if best is None or (version.valid_from, version.revision_id) > (best.valid_from, best.revision_id):
                found[code] = version
    return found


@cache
def _history_statement() -> Select:
    """Built once (on first use: the mappers must all be known): a page asks for a history on every cold
    request, and building the loader options costs more than running the statement."""
    return (
        select(PV)
        .join(Procedure)
        .where(Procedure.code == bindparam("code"))
        .options(
            joinedload(PV.entry).options(
                defer(DecisionEntry.record),
                defer(DecisionEntry.source),
                joinedload(DecisionEntry.decision).options(
                    defer(Decision.legal_acts), defer(Decision.extra), defer(Decision.source)
                ),
            )
        )
        .order_by(PV.valid_from, PV.revision_id)
    )


def history(session: Session, code: str) -> list[PV]:
    """Every version of one procedure, oldest first, with its entry and source decision loaded in the
    same statement (a page lists them all: one round trip, not one per version). The entry's own copy
    of the record and the decision's bulky columns stay behind (loaded only if asked for): a page
    names the decision and the action, and shows the version's record."""
    return list(session.scalars(_history_statement(), {"code": code}).unique())


def version_on(versions: list[PV], on_date: dt.date) -> PV | None:
    """From a history (oldest first): the version in force (or abolished) on the date, as latest_version."""
    before = [v for v in versions if v.valid_from <= on_date]
    return max(before, key=lambda v: (v.valid_from, v.revision_id)) if before else None


def current_revision(session: Session) -> int:
    """The catalogue revision number: what every derived artifact records."""
    return session.scalar(select(func.coalesce(func.max(CatalogueRevision.id), 0))) or 0


def revision_on(session: Session, on_date: dt.date) -> int:
    """The latest revision whose changes were in force on the date."""
    return (
        session.scalar(
            select(func.coalesce(func.max(CatalogueRevision.id), 0)).where(CatalogueRevision.effective_date <= on_date)
        )
        or 0
    )


def source_decision_number(version) -> str:
    """The number of the decision a version came from, as a citizen can look it up ("" for the
    baseline: it is no decision to read)."""
    decision = version.entry.decision if version.entry is not None else None
    return decision.number if decision is not None and decision.kind != DecisionKind.BASELINE else ""
