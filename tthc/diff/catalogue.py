"""Catalogue-level history: what changed between two dates, two versions of one procedure, the change log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..catalogue.queries import catalogue_on
from ..decisions.policy import visible_to
from ..models.catalogue import CatalogueRevision, ProcedureVersion
from ..models.decisions import Decision, DecisionEntry, DecisionKind, DecisionStatus
from ..records.diff import diff_records
from ..text import sort_key


def diff_between_dates(session: Session, start: dt.date, end: dt.date) -> dict[str, Any]:
    """Every procedure whose content on `end` differs from `start`: added, abolished, changed (with the
    changed parts). Abolished procedures count as gone."""
    before = {v.procedure_id: v for v in catalogue_on(session, start)}
    after = {v.procedure_id: v for v in catalogue_on(session, end)}
    added = [after[p] for p in after if p not in before]
    removed = [before[p] for p in before if p not in after]
    changed = []
    for pid in after.keys() & before.keys():
        if after[pid].id != before[pid].id:
            changes = diff_records(before[pid].record, after[pid].record)
            if changes:
                changed.append({"before": before[pid], "after": after[pid], "changes": changes})

    def by_name(version):
        return sort_key(version.name)

    return {
        "start": start,
        "end": end,
        "added": sorted(added, key=by_name),
        "removed": sorted(removed, key=by_name),
        "changed": sorted(changed, key=lambda c: by_name(c["after"])),
        "revisions": applied_revisions(session, start, end),
    }


def applied_revisions(
    session: Session, start: dt.date | None = None, end: dt.date | None = None, limit: int | None = None
) -> list[CatalogueRevision]:
    """Applied decisions (the change log), newest effective date first; (start, end] when given."""
    query = select(CatalogueRevision).join(Decision, Decision.id == CatalogueRevision.decision_id)
    if start is not None:
        query = query.where(CatalogueRevision.effective_date > start)
    if end is not None:
        query = query.where(CatalogueRevision.effective_date <= end)
    query = query.order_by(CatalogueRevision.effective_date.desc(), CatalogueRevision.id.desc())
    if limit:
        query = query.limit(limit)
    return list(session.scalars(query))


def public_decisions(session: Session) -> list[Decision]:
    """Decisions the public may see (tthc.decisions.policy): the baseline, signed (waiting for their date),
    in force, withdrawn after signing; the latest effective date first."""
    query = (
        select(Decision)
        .where(visible_to(None))
        .order_by(Decision.effective_date.desc().nulls_last(), Decision.id.desc())
    )
    return list(session.scalars(query))


def diff_versions(session: Session, code: str, from_id: int, to_id: int) -> dict[str, Any] | None:
    """Two versions of one procedure (ids from its history), older first; None if not both of `code`."""
    versions = session.scalars(select(ProcedureVersion).where(ProcedureVersion.id.in_((from_id, to_id)))).all()
    by_id = {v.id: v for v in versions}
    if from_id not in by_id or to_id not in by_id:
        return None
    first, second = by_id[from_id], by_id[to_id]
    if first.procedure_id != second.procedure_id or code not in (first.code, second.code):
        return None
    if (second.valid_from, second.revision_id) < (first.valid_from, first.revision_id):
        first, second = second, first
    return {"before": first, "after": second, "changes": diff_records(first.record, second.record)}


def pending_entries(session: Session, code: str) -> list[DecisionEntry]:
    """Entries of signed decisions not yet in force that will change this procedure (public notice)."""
    query = (
        select(DecisionEntry)
        .join(Decision)
        .where(
            Decision.status == DecisionStatus.SIGNED,
            Decision.kind == DecisionKind.CONG_BO,
            (DecisionEntry.code == code) | (DecisionEntry.replaces_code == code),
        )
        .order_by(Decision.effective_date, Decision.id)
    )
    return list(session.scalars(query))
