"""Designations per service point, changed by list-type decisions (danh mục), and linked groups
(liên thông), changed by any decision. Never imports Flask.

A list-type decision (`kind: "danh_muc"` in the JSON Lines format) carries entries
`{"action": "listed"|"delisted", "code", "designation" (or "designations": [...]), "service_point"
(a point's name or id) or "point_kind" ("tinh", "xa": every centre of that level)}`; it changes no record.
Its entries are kept on the decision (`extra["designations"]`) until it takes effect; applying it
writes one append-only `designation` row per (entry, designation), valid from its effective date.
The state on a date (or at a revision) is, per (scope, code, designation), the latest row: a query,
like the catalogue. A point-specific row wins over a level-wide one.

Linked groups come in a decision's `linked_groups` list: `{"action": "new"|"amended"|"abolished",
"key": "LT.01", "name", "members": [{"code", "order", "agency"}], "agencies": [...], "time_limit",
"note"}`; applying writes one append-only `linked_group_version` per group.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models.catalogue import (
    DESIGNATION_ACTIONS,
    DESIGNATIONS,
    CatalogueRevision,
    Designation,
    DesignationAction,
    LinkedGroupVersion,
    ProcedureVersion,
    ServicePoint,
    VersionState,
)
from ..models.decisions import EntryAction
from ..records.flat import parse_time_limit
from ..text import nfc, sort_key
from .queries import VersionRow, catalogue_on, catalogue_query, version_rows
from .service_points import normalize_rules, receives, rule_record

LIST_KIND = "danh_muc"
POINT_KINDS = ("tinh", "xa")
GROUP_ACTIONS = ("new", "amended", "abolished")


def is_list_decision(decision) -> bool:
    return (decision.extra or {}).get("list_kind") == LIST_KIND


# --- entries of a list-type decision ------------------------------------------------------------
def entry_designations(entry: dict[str, Any]) -> list[str]:
    given = entry.get("designations") or entry.get("designation") or []
    return [given] if isinstance(given, str) else list(given)


def check_list_entry(entry: Any, where: str) -> str | None:
    """The Vietnamese problem of one list entry's shape, or None."""
    if not isinstance(entry, dict):
        return f"{where}: mục phải là một đối tượng JSON."
    if entry.get("action") not in DESIGNATION_ACTIONS:
        return f"{where}: hình thức «{entry.get('action')}» không hợp lệ (listed, delisted)."
    if not isinstance(entry.get("code"), str) or not entry["code"].strip():
        return f"{where}: thiếu mã thủ tục («code»)."
    names = entry_designations(entry)
    unknown = [d for d in names if d not in DESIGNATIONS]
    if not names or unknown:
        return f"{where}: danh mục «{(unknown or [''])[0]}» không hợp lệ (dùng: {', '.join(DESIGNATIONS)})."
    if not entry.get("service_point") and entry.get("point_kind") not in POINT_KINDS:
        return f"{where}: cần «service_point» (tên nơi tiếp nhận) hoặc «point_kind» (tinh, xa)."
    return None


def _point(session: Session, ref: Any) -> ServicePoint | None:
    if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
        return session.get(ServicePoint, int(ref))
    return session.scalar(select(ServicePoint).where(ServicePoint.name == nfc(str(ref)).strip()))


def list_problems(session: Session, decision) -> list[str]:
    """Conflicts that forbid applying the decision's list entries and linked groups."""
    problems = []
    for i, entry in enumerate((decision.extra or {}).get("designations") or []):
        where = f"Mục danh mục {i + 1} ({entry.get('code', '') if isinstance(entry, dict) else ''})"
        problem = check_list_entry(entry, where)
        if problem is None and entry.get("service_point") and _point(session, entry["service_point"]) is None:
            problem = f"{where}: không có nơi tiếp nhận «{entry['service_point']}»."
        if problem:
            problems.append(problem)
    effective = decision.effective_date or dt.date.today()
    for i, group in enumerate((decision.extra or {}).get("linked_groups") or []):
        where = f"Nhóm liên thông {i + 1} ({group.get('key', '') if isinstance(group, dict) else ''})"
        if not isinstance(group, dict) or not str(group.get("key") or "").strip():
            problems.append(f"{where}: thiếu ký hiệu nhóm («key»).")
            continue
        if group.get("action", "new") not in GROUP_ACTIONS:
            problems.append(f"{where}: hình thức «{group.get('action')}» không hợp lệ (new, amended, abolished).")
            continue
        current = group_version(session, group["key"], effective)
        in_force = current is not None and current.state == VersionState.IN_FORCE
        if group.get("action", "new") == EntryAction.NEW and in_force:
            problems.append(f"{where}: nhóm {group['key']} đã có; dùng «amended».")
        elif group.get("action") in (EntryAction.AMENDED, EntryAction.ABOLISHED) and not in_force:
            problems.append(f"{where}: nhóm {group['key']} chưa có hoặc đã bãi bỏ.")
        elif not isinstance(group.get("members") or [], list) or not all(
            isinstance(m, (str, dict)) for m in group.get("members") or []
        ):
            problems.append(f"{where}: «members» phải là danh sách thủ tục (mã hoặc đối tượng có «code»).")
        elif group.get("action", "new") != EntryAction.ABOLISHED and len(group.get("members") or []) < 2:
            problems.append(f"{where}: nhóm liên thông cần ít nhất hai thủ tục.")
    return problems


def apply_lists(session: Session, revision: CatalogueRevision, decision) -> int:
    """Write the designations and linked-group versions a decision carries; how many rows."""
    written = 0
    for entry in (decision.extra or {}).get("designations") or []:
        point = _point(session, entry["service_point"]) if entry.get("service_point") else None
        for name in entry_designations(entry):
            session.add(
                Designation(
                    decision_id=decision.id,
                    revision_id=revision.id,
                    valid_from=revision.effective_date,
                    service_point_id=point.id if point else None,
                    point_kind="" if point else entry["point_kind"],
                    code=nfc(entry["code"]).strip(),
                    designation=name,
                    action=entry["action"],
                )
            )
            written += 1
    for group in (decision.extra or {}).get("linked_groups") or []:
        action = group.get("action", "new")
        current = group_version(session, group["key"], revision.effective_date)
        record = normalize_group(group if action != EntryAction.ABOLISHED else (current.record if current else group))
        session.add(
            LinkedGroupVersion(
                group_key=str(group["key"]).strip(),
                decision_id=decision.id,
                revision_id=revision.id,
                valid_from=revision.effective_date,
                state=VersionState.ABOLISHED if action == EntryAction.ABOLISHED else VersionState.IN_FORCE,
                name=record["name"],
                record=record,
            )
        )
        written += 1
    session.flush()
    return written


# --- designation state --------------------------------------------------------------------------
def designation_state(
    session: Session, on_date: dt.date | None = None, at_revision: int | None = None, code: str | None = None
) -> dict[tuple[Any, str, str], bool]:
    """{(scope, code, designation): listed?} on the date / at the revision (of one procedure when `code`
    is given); scope is ("point", id) or ("kind", "tinh"|"xa")."""
    rank = func.row_number().over(
        partition_by=(Designation.service_point_id, Designation.point_kind, Designation.code, Designation.designation),
        order_by=(Designation.valid_from.desc(), Designation.id.desc()),
    )
    query = select(
        Designation.service_point_id,
        Designation.point_kind,
        Designation.code,
        Designation.designation,
        Designation.action,
        rank.label("rank"),
    )
    if on_date is not None:
        query = query.where(Designation.valid_from <= on_date)
    if at_revision is not None:
        query = query.where(Designation.revision_id <= at_revision)
    if code is not None:
        query = query.where(Designation.code == code)
    latest = query.subquery()
    rows = session.execute(select(latest).where(latest.c.rank == 1)).all()
    return {
        (
            ("point", r.service_point_id) if r.service_point_id else ("kind", r.point_kind),
            r.code,
            r.designation,
        ): r.action == DesignationAction.LISTED
        for r in rows
    }


class PointDesignations:
    """What list decisions say of one point: listed[designation] and delisted[designation] code sets."""

    def __init__(self, state: dict[tuple[Any, str, str], bool], point: ServicePoint):
        self.point_id = point.id
        self.rules = normalize_rules(point.rules)  # once, not once per version asked
        self.listed: dict[str, set[str]] = defaultdict(set)
        self.delisted: dict[str, set[str]] = defaultdict(set)
        own = {}
        for (scope, code, name), listed in state.items():
            if scope == ("kind", point.kind):
                (self.listed if listed else self.delisted)[name].add(code)
            elif scope == ("point", point.id):
                own[(code, name)] = listed
        for (code, name), listed in own.items():  # the point's own rows win
            (self.listed if listed else self.delisted)[name].add(code)
            (self.delisted if listed else self.listed)[name].discard(code)

    def has(self, name: str, code: str) -> bool:
        return code in self.listed[name]


def point_designations(
    session: Session, point: ServicePoint, on_date: dt.date | None = None, at_revision: int | None = None, state=None
) -> PointDesignations:
    return PointDesignations(state if state is not None else designation_state(session, on_date, at_revision), point)


def point_receives(point: ServicePoint, version, designations: PointDesignations) -> bool:
    """The point's rules, adjusted by the list decisions: listed "received" adds, delisted removes."""
    if version.code in designations.delisted["received"]:
        return False
    if version.code in designations.listed["received"]:
        return True
    if designations.point_id == point.id:
        return receives(designations.rules, version, normalized=True)
    return receives(point.rules, version)


def procedure_designations(
    session: Session,
    code: str,
    on_date: dt.date | None = None,
    state: dict[tuple[Any, str, str], bool] | None = None,
    version=None,
) -> list[dict[str, Any]]:
    """Where and how a procedure is listed on the date: [{"designation", "label", "where"}]. `state`: the
    designation state on the date, when the caller has it already. With the `version` in force, a
    designation at points that do not receive it says so ("not_received": a sentence), as the statistics
    do: such a listing counts nowhere."""
    state = designation_state(session, on_date, code=code) if state is None else state
    if not any(row_code == code and listed for (_, row_code, _), listed in state.items()):
        return []
    points = list(session.scalars(select(ServicePoint)))
    names = {p.id: p.name for p in points}
    out = []
    for (scope, row_code, name), listed in sorted(state.items(), key=lambda i: (i[0][2], str(i[0][0]))):
        if row_code == code and listed:
            where = names.get(scope[1], "") if scope[0] == "point" else KIND_PLACES.get(scope[1], scope[1])
            item = {"designation": name, "label": DESIGNATIONS[name], "where": where}
            if version is not None and name in POINT_BOUND:
                item["not_received"] = _not_received_here(state, points, scope, version)
            out.append(item)
    return out


def _not_received_here(state: dict, points: list[ServicePoint], scope: tuple[str, Any], version) -> str:
    """ "" when the points of the scope receive the version; else the sentence the page shows."""
    if scope[0] == "point":
        scoped = [p for p in points if p.id == scope[1]]
    else:
        scoped = [p for p in points if p.active and p.kind == scope[1]]
    own = {key: listed for key, listed in state.items() if key[1] == version.code}  # the state may be everyone's
    missing = [p for p in scoped if not point_receives(p, version, PointDesignations(own, p))]
    if not missing:
        return ""
    if len(missing) == len(scoped):
        return (
            "nơi này không tiếp nhận thủ tục này" if scope[0] == "point" else "các nơi này không tiếp nhận thủ tục này"
        )
    return f"{len(missing)}/{len(scoped)} trung tâm không tiếp nhận thủ tục này"


POINT_BOUND = tuple(d for d in DESIGNATIONS if d != "received")  # what a point does with what it receives
KIND_PLACES = {
    "tinh": "các Trung tâm Phục vụ hành chính công cấp tỉnh",
    "xa": "các Trung tâm Phục vụ hành chính công cấp xã",
}


def state_after(
    state: dict[tuple[Any, str, str], bool], entries: list[dict[str, Any]], points_by_name: dict[str, ServicePoint]
) -> dict[tuple[Any, str, str], bool]:
    """The designation state once a list decision's entries apply over `state`."""
    after = dict(state)
    for entry in entries:
        point = points_by_name.get(entry.get("service_point") or "")
        scope = ("point", point.id) if point is not None else ("kind", entry.get("point_kind") or "")
        for name in entry_designations(entry):
            after[(scope, nfc(entry.get("code") or "").strip(), name)] = entry.get("action") == DesignationAction.LISTED
    return after


def listed_where_not_received(session: Session, decision, effective_date: dt.date | None = None) -> list[dict]:
    """The list entries that designate a procedure (on the spot, online, …) at a point that will not
    receive it once the decision applies (its rules, adjusted by the received listings in force and by
    this decision's own): [{"index", "code", "designations", "points": [names not receiving],
    "scope": [names of every point the entry names], "message"}]. Such a designation counts nowhere (a
    centre's share resolved on the spot is of what it receives), so drafting and review say so."""
    effective = effective_date or decision.effective_date or dt.date.today()
    entries = [e if isinstance(e, dict) else {} for e in (decision.extra or {}).get("designations") or []]
    wanted = {
        i: e
        for i, e in enumerate(entries)
        if e.get("action") == DesignationAction.LISTED
        and set(entry_designations(e)) & set(POINT_BOUND)
        and e.get("code")
    }
    if not wanted:
        return []
    points = list(session.scalars(select(ServicePoint).where(ServicePoint.active.is_(True))))
    by_name = {p.name: p for p in points}
    after = state_after(designation_state(session, effective - dt.timedelta(days=1)), entries, by_name)
    codes = {nfc(e["code"]).strip() for e in wanted.values()}
    versions = {
        v.code: v for v in session.scalars(catalogue_query(effective).where(ProcedureVersion.code.in_(sorted(codes))))
    }
    listed = {p.id: PointDesignations(after, p) for p in points}
    found = []
    for i, entry in wanted.items():
        code = nfc(entry["code"]).strip()
        version = versions.get(code)
        point = by_name.get(entry.get("service_point") or "")
        scope = [point] if point is not None else [p for p in points if p.kind == entry.get("point_kind")]
        if version is None or not scope:  # not in force, or an unknown point: said by other checks
            continue
        missing = [p for p in scope if not point_receives(p, version, listed[p.id])]
        if not missing:
            continue
        named = [DESIGNATIONS[d] for d in entry_designations(entry) if d in POINT_BOUND]
        where = ", ".join(sorted((p.name for p in missing), key=sort_key))
        if point is None and len(missing) < len(scope):
            where = f"{len(missing)}/{len(scope)} {KIND_PLACES.get(entry.get('point_kind') or '', '')} ({where})"
        found.append(
            {
                "index": i,
                "code": code,
                "designations": named,
                "points": [p.name for p in missing],
                "scope": [p.name for p in scope],
                "message": (
                    f"{'; '.join(named)} tại {where}, nhưng {'nơi này' if len(missing) == 1 else 'các nơi này'} "
                    "không tiếp nhận thủ tục này, nên mục không được tính vào thống kê của nơi đó. Hãy đưa thủ tục "
                    "vào danh mục «Tiếp nhận tại đây» của nơi đó (hoặc sửa quy tắc tiếp nhận), hoặc bỏ mục này."
                ),
                "everywhere": len(missing) == len(scope),
            }
        )
    return found


# --- linked groups --------------------------------------------------------------------------------
def normalize_group(group: dict[str, Any]) -> dict[str, Any]:
    group = nfc(group)
    members = []
    for i, member in enumerate(group.get("members") or [], start=1):
        member = {"code": member} if isinstance(member, str) else dict(member)
        members.append(
            {
                "code": str(member.get("code") or "").strip(),
                "order": int(member.get("order") or i),
                "agency": str(member.get("agency") or ""),
            }
        )
    members.sort(key=lambda m: int(str(m["order"])))
    value, unit = parse_time_limit(group.get("time_limit") or "")
    return {
        "name": str(group.get("name") or "").strip(),
        "members": members,
        "agencies": list(group.get("agencies") or []),
        "time_limit": str(group.get("time_limit") or ""),
        "time_limit_value": value,
        "time_limit_unit": unit,
        "note": str(group.get("note") or ""),
    }


def group_version(session: Session, key: str, on_date: dt.date | None = None) -> LinkedGroupVersion | None:
    query = (
        select(LinkedGroupVersion)
        .where(LinkedGroupVersion.group_key == key)
        .order_by(LinkedGroupVersion.valid_from.desc(), LinkedGroupVersion.revision_id.desc())
        .limit(1)
    )
    if on_date is not None:
        query = query.where(LinkedGroupVersion.valid_from <= on_date)
    return session.scalars(query).first()


def groups_on(session: Session, on_date: dt.date | None = None) -> list[LinkedGroupVersion]:
    """Every linked group in force on the date (latest version per key)."""
    rank = func.row_number().over(
        partition_by=LinkedGroupVersion.group_key,
        order_by=(LinkedGroupVersion.valid_from.desc(), LinkedGroupVersion.revision_id.desc()),
    )
    query = select(LinkedGroupVersion.id, rank.label("rank"))
    if on_date is not None:
        query = query.where(LinkedGroupVersion.valid_from <= on_date)
    latest = query.subquery()
    return list(
        session.scalars(
            select(LinkedGroupVersion)
            .join(latest, (latest.c.id == LinkedGroupVersion.id) & (latest.c.rank == 1))
            .where(LinkedGroupVersion.state == VersionState.IN_FORCE)
            .order_by(LinkedGroupVersion.group_key)
        )
    )


@dataclass(frozen=True)
class LinkedGroup:
    """A linked group as a page shows it (plain data, kept per catalogue state: `linked_groups`)."""

    group_key: str
    name: str
    valid_from: dt.date
    record: dict[str, Any]


def linked_groups_on(session: Session, on_date: dt.date | None = None) -> tuple[LinkedGroup, ...]:
    """groups_on as plain data (the record copied: nothing refers to the session that read it)."""
    return tuple(
        LinkedGroup(g.group_key, g.name, g.valid_from, copy.deepcopy(g.record)) for g in groups_on(session, on_date)
    )


def groups_of(
    session: Session,
    code: str,
    on_date: dt.date | None = None,
    groups: Sequence[LinkedGroupVersion | LinkedGroup] | None = None,
) -> list[Any]:
    """The linked groups `code` is a member of on the date (of `groups`, when the caller has them)."""
    groups = groups_on(session, on_date) if groups is None else groups
    return [g for g in groups if any(m["code"] == code for m in g.record["members"])]


def filter_by_designation(
    session: Session, versions: list, on_date: dt.date | None, point: ServicePoint | None, designation: str = ""
) -> list:
    """The versions a point receives (when given) that carry the designation (when given) on the date;
    without a point, a designation listed anywhere (or, for online and non-territorial, in the record)."""
    state = designation_state(session, on_date)
    if point is not None:
        listed = point_designations(session, point, state=state)
        versions = [v for v in versions if point_receives(point, v, listed)]
        return [v for v in versions if listed.has(designation, v.code)] if designation else versions
    if not designation:
        return versions
    codes = designated_anywhere(state, designation)
    return [v for v in versions if v.code in codes or record_says(rule_record(v), designation)]


def designated_anywhere(state: dict[tuple[Any, str, str], bool], designation: str) -> set[str]:
    return {code for (_, code, name), listed in state.items() if listed and name == designation}


def record_says(record: dict[str, Any], designation: str) -> bool:
    """What the procedure's own record says of the designations that are properties of the procedure."""
    record = record or {}
    return {
        "online_full": record.get("online_level") == "toan_trinh",
        "online_partial": record.get("online_level") == "mot_phan",
        "postal": bool(record.get("postal")),
        "non_territorial": bool(record.get("non_territorial")),
    }.get(designation, False)


def procedures_received(
    session: Session, point: ServicePoint, on_date: dt.date | None = None, at_revision: int | None = None
) -> list[ProcedureVersion]:
    """The versions in force that the point receives on the date (or at the revision), by name."""
    if on_date is None and at_revision is None:
        on_date = dt.date.today()
    versions = catalogue_on(session, on_date, at_revision)
    listed = point_designations(session, point, on_date, at_revision)
    return [v for v in versions if point_receives(point, v, listed)]


def rows_received(
    session: Session, point: ServicePoint, on_date: dt.date | None = None, at_revision: int | None = None
) -> list[VersionRow]:
    """procedures_received as light rows (no record read): for lists and counts."""
    if on_date is None and at_revision is None:
        on_date = dt.date.today()
    listed = point_designations(session, point, on_date, at_revision)
    return [v for v in version_rows(session, on_date, at_revision) if point_receives(point, v, listed)]
