"""What a list-type decision (danh mục) changes at each service point: the designations each point gains
and loses, against the designations in force the day before the decision takes effect (so the diff is
the same before and after it applies). Never imports Flask."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..catalogue.designations import (
    PointDesignations,
    designation_state,
    is_list_decision,
    listed_where_not_received,
    state_after,
)
from ..catalogue.queries import catalogue_on
from ..models.catalogue import DESIGNATIONS, ServicePoint
from ..text import sort_key

KIND_LABELS = {
    "tinh": "Các Trung tâm Phục vụ hành chính công cấp tỉnh",
    "xa": "Các Trung tâm Phục vụ hành chính công cấp xã",
}


def _after(state: dict, entries: list[dict[str, Any]], points_by_name: dict[str, ServicePoint]) -> dict:
    return state_after(state, entries, points_by_name)


def _changes(before: PointDesignations, after: PointDesignations, names: dict[str, str]) -> dict[str, list]:
    out: dict[str, list] = {"gains": [], "losses": []}
    for designation, label in DESIGNATIONS.items():
        gained = after.listed[designation] - before.listed[designation]
        lost = before.listed[designation] - after.listed[designation]
        for key, codes in (("gains", gained), ("losses", lost)):
            out[key].extend(
                {"code": code, "name": names.get(code, ""), "designation": designation, "label": label}
                for code in sorted(codes)
            )
    return out


def diff_listings(session: Session, decision, effective_date: dt.date) -> list[dict[str, Any]]:
    """[{"point", "kind", "gains": [...], "losses": [...]}] per service point the decision touches (and per
    centre level with no point yet); [] for a decision that is not a list decision."""
    if not is_list_decision(decision):
        return []
    entries = [e for e in (decision.extra or {}).get("designations") or [] if isinstance(e, dict)]
    state = designation_state(session, effective_date - dt.timedelta(days=1))
    points = list(session.scalars(select(ServicePoint).where(ServicePoint.active.is_(True))))
    after = _after(state, entries, {p.name: p for p in points})
    names = {v.code: v.name for v in catalogue_on(session, effective_date)}
    # A designation at a point that will not receive the procedure: said beside the gain (it counts nowhere).
    unreceived = {
        (point, found["code"]): found["message"]
        for found in listed_where_not_received(session, decision, effective_date)
        for point in found["points"]
    }
    result = []
    for point in sorted(points, key=lambda p: sort_key(p.name)):
        changes = _changes(PointDesignations(state, point), PointDesignations(after, point), names)
        for gain in changes["gains"]:
            if gain["designation"] != "received" and (point.name, gain["code"]) in unreceived:
                gain["not_received"] = f"{point.name} không tiếp nhận thủ tục này: mục không được tính."
        if changes["gains"] or changes["losses"]:
            result.append({"point": point.name, "kind": point.kind, **changes})
    for kind, label in KIND_LABELS.items():
        if any(p.kind == kind for p in points):
            continue
        pseudo = ServicePoint(id=-1, name=label, kind=kind)
        changes = _changes(PointDesignations(state, pseudo), PointDesignations(after, pseudo), names)
        if changes["gains"] or changes["losses"]:
            result.append({"point": label, "kind": kind, **changes})
    return result
