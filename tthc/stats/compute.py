"""The figures of the quarterly report on TTHC control, computed with pandas. Never imports Flask.

Every figure carries the key of the list of procedures behind it (`procedures_behind(stats, key)`),
so each number on the page, in the CLI's JSON and in the Excel report can be opened as a list.
The figures on a date use only what was in force then: the catalogue's versions, the designations of
list-type decisions and the decisions applied up to that date.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..catalogue.agencies import Register, load_register
from ..catalogue.designations import PointDesignations, designated_anywhere
from ..catalogue.queries import catalogue_on
from ..catalogue.service_points import normalize_rules, receives
from ..models.catalogue import CatalogueRevision, Designation, DesignationAction, ServicePoint, VersionState
from ..models.catalogue import ProcedureVersion as PV
from ..models.decisions import Decision, DecisionEntry, DecisionKind, EntryAction
from ..records import LEVELS
from ..records.presence import (
    ONLINE_CHANNEL,
    ONLINE_FULL,
    ONLINE_NONE,
    ONLINE_PARTIAL,
    has_online_channel,
    online_key,
)
from ..records.process import exceeds_time_limit
from ..text import fold, sort_key

# The plan's targets: share of the procedures received at a centre that are resolved on the spot.
TARGETS = {"tinh": 0.20, "xa": 0.50}
CENTRE_KINDS = tuple(TARGETS)
ACTIONS = tuple(action.value for action in EntryAction)
HISTORY_QUARTERS = 8


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _quarter(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _quarter_end(year: int, quarter: int) -> dt.date:
    return dt.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1) - dt.timedelta(days=1)


ONLINE_FIGURE = {ONLINE_FULL: "full", ONLINE_PARTIAL: "partial", ONLINE_CHANNEL: "channel", ONLINE_NONE: ""}
PARTS = ("online_level", "non_territorial", "time_limit", "methods", "process", "agencies")


def load_versions(session: Session, with_agencies: bool = True) -> pd.DataFrame:
    """Every version with only the record parts the figures need, extracted by the database (decoding
    whole records costs seconds at a province's size). One query serves every date."""
    parts = PARTS if with_agencies else PARTS[:-1]
    columns = [
        PV.procedure_id,
        PV.code,
        PV.name,
        PV.sort_key,
        PV.valid_from,
        PV.revision_id,
        PV.state,
        PV.level,
        PV.sector,
        PV.agency,
    ]
    if session.get_bind().dialect.name == "sqlite":
        # One json_extract with several paths parses each record once and answers a JSON array.
        extract = func.json_extract(PV.record, *(f"$.{part}" for part in parts))
        rows: list[Any] = [
            (*row[:-1], *json.loads(str(row[-1]))) for row in session.execute(select(*columns, extract)).all()
        ]
    else:
        rows = list(session.execute(select(*columns, *(PV.record[part] for part in parts))).all())
    frame = pd.DataFrame(
        rows,
        columns=[
            "procedure_id",
            "code",
            "name",
            "sort_key",
            "valid_from",
            "revision_id",
            "state",
            "level",
            "sector",
            "agency",
            *parts,
        ],
    )
    if not with_agencies:
        frame["agencies"] = None
    frame = frame.sort_values(["procedure_id", "valid_from", "revision_id"], kind="stable")
    # Each version is in force from its date until the next version of the same procedure.
    frame["from_ts"] = pd.to_datetime(frame["valid_from"])
    frame["until_ts"] = frame.groupby("procedure_id", sort=False)["from_ts"].shift(-1)
    return frame


def load_designations(session: Session) -> pd.DataFrame:
    rows = session.execute(
        select(
            Designation.id,
            Designation.service_point_id,
            Designation.point_kind,
            Designation.code,
            Designation.designation,
            Designation.action,
            Designation.valid_from,
        )
    ).all()
    frame = pd.DataFrame(
        [tuple(row) for row in rows],
        columns=["id", "service_point_id", "point_kind", "code", "designation", "action", "valid_from"],
    )
    return frame.sort_values(["valid_from", "id"], kind="stable")


def _latest(designations: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    rows = designations[designations["valid_from"] <= day]
    return rows.drop_duplicates(["service_point_id", "point_kind", "code", "designation"], keep="last")


def state_on(designations: pd.DataFrame, day: dt.date) -> dict[tuple[Any, str, str], bool]:
    """tthc.catalogue.designations.designation_state, from rows loaded once (statistics ask many dates)."""
    latest = _latest(designations, day)
    points = [None if pd.isna(p) else int(p) for p in latest["service_point_id"].tolist()]
    return {
        (("point", p) if p is not None else ("kind", k), c, d): a == DesignationAction.LISTED
        for p, k, c, d, a in zip(
            points,
            latest["point_kind"].tolist(),
            latest["code"].tolist(),
            latest["designation"].tolist(),
            latest["action"].tolist(),
            strict=True,
        )
    }


def listed_anywhere(designations: pd.DataFrame, day: dt.date, designation: str) -> set[str]:
    """designated_anywhere(state_on(designations, day), designation), without building the state."""
    latest = _latest(designations, day)
    return set(
        latest.loc[
            (latest["designation"] == designation) & (latest["action"] == DesignationAction.LISTED), "code"
        ].tolist()
    )


def in_force_on(versions: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """The versions in force on the day: the latest per procedure, if not abolished."""
    stamp = pd.Timestamp(day)
    current = (
        (versions["from_ts"] <= stamp) & ~(versions["until_ts"] <= stamp) & (versions["state"] == VersionState.IN_FORCE)
    )
    return versions[current]


class _Version:
    """What tthc.catalogue.service_points.receives reads of a version."""

    __slots__ = ("code", "level", "sector", "agency", "record")

    def __init__(self, row: dict[str, Any]):
        self.code, self.level = row["code"], row["level"] or ""
        self.sector, self.agency = row["sector"] or "", row["agency"] or ""
        self.record = {"agencies": row["agencies"] or {}, "non_territorial": bool(row["non_territorial"])}


def _versions(current: pd.DataFrame) -> list[_Version]:
    """The rows as version-like objects for the centres' rules (columns as lists: iterating rows of a
    frame costs more than the rules do)."""
    columns = ("code", "level", "sector", "agency", "agencies", "non_territorial")
    return [
        _Version(dict(zip(columns, values, strict=True)))
        for values in zip(*(current[c].tolist() for c in columns), strict=True)
    ]


def procedure_frame(current: pd.DataFrame, state: dict) -> pd.DataFrame:
    """One row per procedure in force: the columns every figure is counted from."""
    full = designated_anywhere(state, "online_full")
    partial = designated_anywhere(state, "online_partial")
    territorial = designated_anywhere(state, "non_territorial")
    frame = current[["code", "name", "level", "sector", "agency"]].copy()
    for column in ("level", "sector", "agency"):
        frame[column] = frame[column].fillna("")
    # The one rule of records.presence.online_key (as on the page, the sheet, search and the API).
    frame["online"] = [
        ONLINE_FIGURE[online_key(level or "", has_online_channel({"methods": methods}), code in full, code in partial)]
        for code, level, methods in zip(current["code"], current["online_level"], current["methods"], strict=True)
    ]
    frame["non_territorial"] = current["code"].isin(territorial) | current["non_territorial"].fillna(False).astype(bool)
    frame["has_process"] = current["process"].notna()
    frame["process_over"] = [
        process is not None
        and exceeds_time_limit(
            {"process": process, "methods": methods or [], "time_limit": limit or ""}, normalized=True
        )
        for process, methods, limit in zip(
            current["process"].tolist(), current["methods"].tolist(), current["time_limit"].tolist(), strict=True
        )
    ]
    # Vietnamese alphabetical order, as everywhere (the stored sort key of each version).
    keys = [bytes(k) for k in current["sort_key"].tolist()]
    order = sorted(range(len(frame)), key=keys.__getitem__)
    return frame.iloc[order].reset_index(drop=True)


def _groups(frame: pd.DataFrame, column: str) -> dict[str, list[str]]:
    """{value: codes} in the frame's order (a groupby collecting lists costs a Python call per group)."""
    groups: dict[str, list[str]] = {}
    for value, code in zip(frame[column].tolist(), frame["code"].tolist(), strict=True):
        groups.setdefault(value, []).append(code)
    return groups


UNMAPPED_LABEL = "{text} (chưa có trong danh sách cơ quan)"


def _agency_groups(current: pd.DataFrame, register: Register) -> tuple[dict[str, list[str]], dict[str, int | None]]:
    """({value: codes}, {value: register id or None}) by the executing agencies of each procedure as the
    register reads them: a text naming two agencies counts for each, a part naming none counts under its own
    text (marked unmapped), a procedure naming no agency under "" (not recorded)."""
    groups: dict[str, list[str]] = {}
    ids: dict[str, int | None] = {"": None}
    read: dict[str, tuple[set[int], list[str]]] = {}
    for code, agencies in zip(current["code"].tolist(), current["agencies"].tolist(), strict=True):
        values: list[str] = []
        for text in ((agencies or {}).get("executing") or []) if isinstance(agencies, dict) else []:
            if text not in read:
                read[text] = register.resolve(text)
            found, missing = read[text]
            for agency_id in found:
                ids[register.agencies[agency_id].name] = agency_id
                values.append(register.agencies[agency_id].name)
            for part in missing:
                ids.setdefault(part, None)
                values.append(part)
        for value in dict.fromkeys(values or [""]):
            groups.setdefault(value, []).append(code)
    return groups, ids


def _agency_breakdown(groups: dict[str, list[str]], ids: dict[str, int | None]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for value, codes in groups.items():
        agency_id = ids.get(value)
        unmapped = bool(value) and agency_id is None
        label = UNMAPPED_LABEL.format(text=value) if unmapped else (value or "Chưa xác định")
        items.append(
            {
                "key": f"agency:{value}",
                "value": value,
                "label": label,
                "count": len(codes),
                "agency_id": agency_id,
                "unmapped": unmapped,
            }
        )
    items.sort(key=lambda i: (-i["count"], fold(i["label"]), i["label"]))
    return items


def _breakdown(frame: pd.DataFrame, column: str, prefix: str, labels: dict[str, str] | None = None) -> list[dict]:
    groups = _groups(frame, column)
    items: list[dict[str, Any]] = [
        {
            "key": f"{prefix}:{value}",
            "value": value,
            "label": (labels or {}).get(value, value) or "Chưa xác định",
            "count": len(codes),
        }
        for value, codes in groups.items()
    ]
    order = list(labels) if labels else None
    items.sort(
        key=lambda i: (
            order.index(i["value"]) if order and i["value"] in order else 99,
            -i["count"],
            fold(i["label"]),
            i["label"],
        )
    )
    return items


def _centres(session: Session, versions: list[_Version], state: dict, lists: dict[str, list[str]]) -> list[dict]:
    points = session.scalars(
        select(ServicePoint).where(ServicePoint.active.is_(True), ServicePoint.kind.in_(CENTRE_KINDS))
    ).all()
    centres = []
    for point in sorted(points, key=lambda p: (CENTRE_KINDS.index(p.kind), sort_key(p.name))):
        listed = PointDesignations(state, point)
        rules = normalize_rules(point.rules)
        received = [
            v.code
            for v in versions
            if v.code not in listed.delisted["received"]
            and (v.code in listed.listed["received"] or receives(rules, v, normalized=True))  # type: ignore[arg-type]  # a version-like row
        ]
        on_the_spot = [c for c in received if listed.has("on_the_spot", c)]
        # Listed on the spot here (or at every centre of its level) but not received here: counts nowhere.
        taken = set(received)
        not_received = [v.code for v in versions if listed.has("on_the_spot", v.code) and v.code not in taken]
        share, target = _share(len(on_the_spot), len(received)), TARGETS[point.kind]
        lists[f"centre:{point.id}:received"] = received
        lists[f"centre:{point.id}:on_the_spot"] = on_the_spot
        lists[f"centre:{point.id}:not_received"] = not_received
        centre = {
            "id": point.id,
            "name": point.name,
            "kind": point.kind,
            "received": len(received),
            "on_the_spot": len(on_the_spot),
            "share": share,
            "target": target,
            "met": share is not None and share >= target,
            "received_key": f"centre:{point.id}:received",
            "on_the_spot_key": f"centre:{point.id}:on_the_spot",
            "on_the_spot_not_received": len(not_received),
            "not_received_key": f"centre:{point.id}:not_received",
        }
        centre["note"] = centre_note(centre)
        centres.append(centre)
    return centres


def centre_note(centre: dict[str, Any]) -> str | None:
    """Why a centre counts nothing (or leaves designations out), in words: a zero is never left unexplained."""
    unreceived = centre["on_the_spot_not_received"]
    left_out = (
        f"{unreceived} thủ tục được công bố giải quyết tại chỗ tại trung tâm này (hoặc tại mọi trung tâm cùng cấp) "
        "nhưng trung tâm không tiếp nhận, nên không được tính; cần công bố tiếp nhận các thủ tục đó tại trung tâm "
        "(danh mục «Tiếp nhận tại đây») hoặc sửa quy tắc tiếp nhận."
    )
    if centre["received"] == 0:
        return (
            "Trung tâm không tiếp nhận thủ tục nào đang có hiệu lực (quy tắc tiếp nhận chưa chọn thủ tục nào), "
            "nên chưa có tỷ lệ giải quyết tại chỗ." + (" " + left_out if unreceived else "")
        )
    if centre["on_the_spot"] == 0:
        return (
            left_out
            if unreceived
            else (
                "Chưa có quyết định danh mục nào đang có hiệu lực công bố thủ tục giải quyết tại chỗ tại trung tâm này."
            )
        )
    return left_out if unreceived else None


def _decisions(session: Session, day: dt.date) -> tuple[list[dict], list[dict], list[dict]]:
    """Announcement decisions applied by the date: per decision, per list decision and per quarter (days
    signing → effect). A quarter with list decisions only is a row of its own."""
    rows = session.execute(
        select(
            Decision.id,
            Decision.number,
            Decision.title,
            Decision.signed_date,
            Decision.extra,
            CatalogueRevision.effective_date,
        )
        .join(CatalogueRevision, CatalogueRevision.decision_id == Decision.id)
        .where(Decision.kind == DecisionKind.CONG_BO, CatalogueRevision.effective_date <= day)
        .order_by(CatalogueRevision.effective_date, Decision.id)
    ).all()
    # List-type decisions (danh mục) change designations, not records: counted apart.
    list_decisions = [_list_decision(r) for r in rows if (r.extra or {}).get("list_kind")]
    rows = [r for r in rows if not (r.extra or {}).get("list_kind")]
    ids = [r.id for r in rows]
    counts = (
        pd.DataFrame(
            session.execute(
                select(DecisionEntry.decision_id, DecisionEntry.action).where(DecisionEntry.decision_id.in_(ids))
            ).all(),
            columns=["decision_id", "action"],
        )
        if ids
        else pd.DataFrame(columns=["decision_id", "action"])
    )
    table = counts.groupby(["decision_id", "action"]).size().unstack(fill_value=0) if len(counts) else pd.DataFrame()
    decisions = []
    for r in rows:
        entry_counts = {a: int(table.at[r.id, a]) if r.id in table.index and a in table.columns else 0 for a in ACTIONS}
        decisions.append({**_dates(r), "id": r.id, "number": r.number, "title": r.title, **entry_counts})
    frame = pd.DataFrame(decisions, columns=["id", "quarter", "days_to_effect", *ACTIONS])
    groups = dict(iter(frame.groupby("quarter", sort=True)))
    lists_by_quarter: dict[str, list[dict]] = {}
    for item in list_decisions:
        lists_by_quarter.setdefault(item["quarter"], []).append(item)
    quarters = []
    for quarter in sorted(set(groups) | set(lists_by_quarter)):
        group = groups.get(quarter, frame.iloc[0:0])
        listed = lists_by_quarter.get(quarter, [])
        days = group["days_to_effect"]
        quarters.append(
            {
                "quarter": quarter,
                "decisions": int(len(group)),
                "list_decisions": len(listed),
                "list_entries": sum(item["entries"] for item in listed),
                **{a: int(group[a].sum()) for a in ACTIONS},
                # None when the quarter had list decisions only: no announcement to time.
                "days_mean": round(float(days.mean()), 1) if len(days) else None,
                "days_min": int(days.min()) if len(days) else None,
                "days_max": int(days.max()) if len(days) else None,
                "key": f"quarter:{quarter}",
                "list_key": f"quarter-lists:{quarter}",
            }
        )
    return decisions, list_decisions, quarters


def _dates(row: Any) -> dict[str, Any]:
    signed = row.signed_date or row.effective_date
    return {
        "signed_date": signed.isoformat(),
        "effective_date": row.effective_date.isoformat(),
        "quarter": _quarter(row.effective_date),
        "days_to_effect": (row.effective_date - signed).days,
    }


def _list_decision(row: Any) -> dict[str, Any]:
    entries = [e for e in (row.extra or {}).get("designations") or [] if isinstance(e, dict)]
    return {
        **_dates(row),
        "id": row.id,
        "number": row.number,
        "title": row.title,
        "entries": len(entries),
        "codes": sorted({str(e.get("code") or "").strip() for e in entries} - {""}),
    }


def _online_history(session: Session, versions: pd.DataFrame, designations: pd.DataFrame, day: dt.date) -> list[dict]:
    """Online shares at the end of each of the last quarters (and on the date itself)."""
    first = session.scalar(select(CatalogueRevision.effective_date).order_by(CatalogueRevision.effective_date).limit(1))
    if first is None:
        return []
    dates, year, quarter = [], day.year, (day.month - 1) // 3 + 1
    for _ in range(HISTORY_QUARTERS):
        quarter -= 1
        if quarter == 0:
            year, quarter = year - 1, 4
        end = _quarter_end(year, quarter)
        if end < first:
            break
        dates.append(end)
    history = []
    # only the online rows matter here; the latest row per (scope, code, designation) is unchanged by the filter
    online = designations[designations["designation"].isin(("online_full", "online_partial"))]
    for point_day in sorted(dates) + [day]:
        current = in_force_on(versions, point_day)
        full = listed_anywhere(online, point_day, "online_full")
        partial = listed_anywhere(online, point_day, "online_partial")
        is_full = current["code"].isin(full) | (current["online_level"] == "toan_trinh")
        is_partial = ~is_full & (current["code"].isin(partial) | (current["online_level"] == "mot_phan"))
        total = int(len(current))
        history.append(
            {
                "date": point_day.isoformat(),
                "total": total,
                "full": int(is_full.sum()),
                "partial": int(is_partial.sum()),
                "full_share": _share(int(is_full.sum()), total),
                "partial_share": _share(int(is_partial.sum()), total),
            }
        )
    return history


def compute_stats(session: Session, on_date: dt.date | None = None, *, with_lists: bool = True) -> dict[str, Any]:
    """Every figure on the date (today by default); see docs/statistics.md for the JSON shape."""
    day = on_date or dt.date.today()
    all_versions = load_versions(session)  # the agencies part: counted by the register, and service points' rules
    current = in_force_on(all_versions, day)
    designations = load_designations(session)
    state = state_on(designations, day)
    frame = procedure_frame(current, state)
    versions = _versions(current)
    lists: dict[str, list[str]] = {"total": frame["code"].tolist()}
    for column, prefix in (("level", "level"), ("sector", "sector")):
        for value, codes in _groups(frame, column).items():
            lists[f"{prefix}:{value}"] = codes
    agency_groups, agency_ids = _agency_groups(current, load_register(session))
    lists.update({f"agency:{value}": codes for value, codes in agency_groups.items()})
    total = int(len(frame))
    online = {name: frame.loc[frame["online"] == name, "code"].tolist() for name in ("full", "partial", "channel")}
    lists.update(
        {
            "online:full": online["full"],
            "online:partial": online["partial"],
            "online:channel": online["channel"],
            "non_territorial": frame.loc[frame["non_territorial"], "code"].tolist(),
            "process:missing": frame.loc[~frame["has_process"], "code"].tolist(),
            "process:over": frame.loc[frame["process_over"], "code"].tolist(),
        }
    )
    decisions, list_decisions, quarters = _decisions(session, day)
    stats = {
        "date": day.isoformat(),
        "total": total,
        "by_level": _breakdown(frame, "level", "level", {k: v for k, v in LEVELS.items()}),
        "by_sector": _breakdown(frame, "sector", "sector"),
        "by_agency": _agency_breakdown(agency_groups, agency_ids),
        "online": {
            "eligible": total,
            "full": len(online["full"]),
            "partial": len(online["partial"]),
            "full_share": _share(len(online["full"]), total),
            "partial_share": _share(len(online["partial"]), total),
            "full_key": "online:full",
            "partial_key": "online:partial",
            "channel_only": len(online["channel"]),  # an online channel, no level designated or recorded
            "channel_key": "online:channel",
        },
        "on_the_spot": {"targets": TARGETS, "centres": _centres(session, versions, state, lists)},
        "non_territorial": {
            "count": len(lists["non_territorial"]),
            "share": _share(len(lists["non_territorial"]), total),
            "key": "non_territorial",
        },
        "processes": {
            "missing": len(lists["process:missing"]),
            "over_time_limit": len(lists["process:over"]),
            "with_process": total - len(lists["process:missing"]),
            "missing_key": "process:missing",
            "over_key": "process:over",
        },
        "decisions": {
            "quarters": quarters,
            "decisions": decisions,
            "list_decisions": [{k: v for k, v in d.items() if k != "codes"} for d in list_decisions],
        },
        "online_history": _online_history(session, all_versions, designations, day),
    }
    for quarter in quarters:
        lists[quarter["key"]] = _quarter_codes(
            session, [d["id"] for d in decisions if d["quarter"] == quarter["quarter"]]
        )
        lists[quarter["list_key"]] = sorted(
            {c for d in list_decisions if d["quarter"] == quarter["quarter"] for c in d["codes"]}
        )
    if with_lists:
        stats["lists"] = lists
    return stats


def _quarter_codes(session: Session, decision_ids: list[int]) -> list[str]:
    if not decision_ids:
        return []
    codes = session.scalars(select(DecisionEntry.code).where(DecisionEntry.decision_id.in_(decision_ids))).all()
    return sorted({c for c in codes if c})


def procedures_behind(session: Session, stats: dict[str, Any], key: str, on_date: dt.date | None = None) -> list[PV]:
    """The versions (on the stats' date) a figure counts; unknown keys give an empty list."""
    codes = set((stats.get("lists") or {}).get(key) or [])
    day = dt.date.fromisoformat(stats["date"]) if on_date is None else on_date
    return [v for v in catalogue_on(session, day) if v.code in codes] if codes else []
