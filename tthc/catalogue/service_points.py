"""Service points (nơi tiếp nhận): the counters and centres, and which procedures each receives.

Where a procedure is received is kept apart from who decides it: a point's `rules` select procedures
by level, sector and agency, and explicit `include`/`exclude` codes adjust the selection, so a commune
centre can also receive provincial procedures. Never imports Flask.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..audit import record_event
from ..models.catalogue import ProcedureVersion, ServicePoint
from ..problems import DomainError
from ..records import LEVELS
from ..text import nfc, sort_key

RULE_LISTS = ("levels", "sectors", "agencies", "include", "exclude")
KINDS = {
    "tinh": "Trung tâm Phục vụ hành chính công cấp tỉnh",
    "xa": "Trung tâm Phục vụ hành chính công cấp xã",
    "quay": "Quầy, bộ phận tiếp nhận của cơ quan",
    "khac": "Nơi tiếp nhận khác",
}
CONTACT_KEYS = {
    "agency": "Cơ quan tiếp nhận phản ánh, kiến nghị",
    "address": "Địa chỉ",
    "phone": "Số điện thoại",
    "email": "Thư điện tử",
    "website": "Cổng thông tin",
}


class ServicePointError(DomainError, ValueError):
    """Bad input for a service point; the message is Vietnamese and says what to fix."""


def _clean_list(value: Any) -> list[str]:
    """A list of non-empty NFC strings, without duplicates; text may give one item per line or comma."""
    if isinstance(value, str):
        several = "\n" in value or "," in value
        value = [part for line in value.splitlines() for part in line.split(",")] if several else [value]
    items: list[str] = []
    for item in value or []:
        item = nfc(str(item)).strip()
        if item and item not in items:
            items.append(item)
    return items


def normalize_rules(rules: dict[str, Any] | None) -> dict[str, Any]:
    rules = dict(rules or {})
    out: dict[str, Any] = {key: _clean_list(rules.get(key)) for key in RULE_LISTS}
    out["non_territorial"] = bool(rules.get("non_territorial"))
    unknown = [level for level in out["levels"] if level not in LEVELS]
    if unknown:
        raise ServicePointError(f"Cấp «{unknown[0]}» không hợp lệ (dùng: {', '.join(k for k in LEVELS if k)}).")
    both = set(out["include"]) & set(out["exclude"])
    if both:
        raise ServicePointError(f"Mã {sorted(both)[0]} vừa được thêm vừa bị loại; chỉ chọn một.")
    return out


def normalize_contact(contact: dict[str, Any] | None) -> dict[str, str]:
    contact = contact or {}
    return {key: nfc(str(contact.get(key) or "")).strip() for key in CONTACT_KEYS}


def _fields(name: str, kind: str, address: str, feedback_contact, rules) -> dict[str, Any]:
    name = nfc(name or "").strip()
    if not name:
        raise ServicePointError("Tên nơi tiếp nhận không được để trống.")
    if kind and kind not in KINDS:
        raise ServicePointError(f"Loại nơi tiếp nhận «{kind}» không hợp lệ ({', '.join(KINDS)}).")
    return {
        "name": name,
        "kind": kind or "",
        "address": nfc(address or "").strip(),
        "feedback_contact": normalize_contact(feedback_contact),
        "rules": normalize_rules(rules),
    }


def _check_unique_name(session: Session, name: str, point_id: int | None) -> None:
    clash = session.scalar(select(ServicePoint.id).where(ServicePoint.name == name))
    if clash is not None and clash != point_id:
        raise ServicePointError(f"Đã có nơi tiếp nhận tên «{name}».")


def create_service_point(
    session: Session,
    name: str,
    *,
    kind: str = "",
    address: str = "",
    feedback_contact: dict | None = None,
    rules: dict | None = None,
    user=None,
    actor: str = "",
) -> ServicePoint:
    fields = _fields(name, kind, address, feedback_contact, rules)
    _check_unique_name(session, fields["name"], None)
    point = ServicePoint(**fields, active=True)
    session.add(point)
    session.flush()
    record_event(
        session,
        "service_point.create",
        "service_point",
        point.id,
        user=user,
        actor=actor,
        detail={"name": point.name, "rules": point.rules},
    )
    return point


def update_service_point(
    session: Session,
    point: ServicePoint,
    *,
    name: str,
    kind: str = "",
    address: str = "",
    feedback_contact: dict | None = None,
    rules: dict | None = None,
    active: bool = True,
    user=None,
    actor: str = "",
) -> ServicePoint:
    fields = _fields(name, kind, address, feedback_contact, rules)
    _check_unique_name(session, fields["name"], point.id)
    before = describe(point)
    for key, value in fields.items():
        setattr(point, key, value)
    point.active = bool(active)
    session.flush()
    record_event(
        session,
        "service_point.update",
        "service_point",
        point.id,
        user=user,
        actor=actor,
        detail={"before": before, "after": describe(point)},
    )
    return point


def list_service_points(session: Session, *, include_inactive: bool = False) -> list[ServicePoint]:
    query = select(ServicePoint)
    if not include_inactive:
        query = query.where(ServicePoint.active.is_(True))
    return sorted(session.scalars(query), key=lambda p: sort_key(p.name))


def describe(point: ServicePoint) -> dict[str, Any]:
    """The point as plain JSON (the CLI's --json and the audit log)."""
    return {
        "id": point.id,
        "name": point.name,
        "kind": point.kind,
        "address": point.address,
        "feedback_contact": normalize_contact(point.feedback_contact),
        "rules": normalize_rules(point.rules),
        "active": point.active,
    }


def fingerprint(point: ServicePoint | None) -> str:
    """Changes whenever anything printed from the point (name, address, contact, rules) changes."""
    if point is None:
        return "0"
    payload = {k: v for k, v in describe(point).items() if k != "active"}
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:12]


def service_points_key(session: Session) -> str:
    """Changes whenever any point's name, kind, rules or active flag changes (what the statistics count
    by): points are not part of the catalogue state, so answers about them carry this too."""
    rows = session.execute(
        select(ServicePoint.id, ServicePoint.name, ServicePoint.kind, ServicePoint.active, ServicePoint.rules).order_by(
            ServicePoint.id
        )
    ).all()
    payload = json.dumps([list(row) for row in rows], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()[:12]


def rule_record(version) -> dict[str, Any]:
    """What the rules read of a version's record: a version's whole record, or the parts a light row
    (tthc.catalogue.queries.VersionRow) carries, which are all the rules read."""
    parts = getattr(version, "parts", None)
    return parts if parts is not None else (version.record or {})


def _agencies_of(version: ProcedureVersion) -> set[str]:
    agencies = rule_record(version).get("agencies") or {}
    names = {version.agency} | {n for role in ("executing", "competent") for n in agencies.get(role) or []}
    return {n.casefold() for n in names if n}


def receives(rules: dict[str, Any], version: ProcedureVersion, *, normalized: bool = False) -> bool:
    """Whether a point with these rules receives this procedure version.

    A procedure matches when it meets every criterion given (level, sector, agency; at least one must be
    given), or is non-territorial and the point takes those, or is listed in `include`; `exclude` wins.
    """
    rules = rules if normalized else normalize_rules(rules)
    if version.code in rules["exclude"]:
        return False
    if version.code in rules["include"]:
        return True
    if rules["non_territorial"] and rule_record(version).get("non_territorial"):
        return True
    criteria = [rules["levels"], rules["sectors"], rules["agencies"]]
    if not any(criteria):
        return False
    if rules["levels"] and version.level not in rules["levels"]:
        return False
    if rules["sectors"] and version.sector not in rules["sectors"]:
        return False
    return not (rules["agencies"] and not _agencies_of(version) & {a.casefold() for a in rules["agencies"]})
