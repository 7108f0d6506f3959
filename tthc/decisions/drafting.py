"""Drafting announcement decisions: drafts, their entries, and submission. No Flask.

A drafter works only on drafts of their own agency and only on procedures their agency handles; an
administrator may do everything. Amended and replaced entries store only the fields that differ from
the version in force (plan_decision carries the others over); every save is persisted at once, so a
closed browser loses nothing.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..audit import record_event
from ..catalogue.agencies import procedure_agencies
from ..models.catalogue import Agency
from ..models.decisions import (
    ACTION_LABELS,
    ENTRY_ACTIONS,
    Decision,
    DecisionEntry,
    DecisionKind,
    DecisionStatus,
    EntryAction,
)
from ..problems import DomainError, Problem
from ..records import normalize_record
from ..text import nfc
from . import policy
from .checks import check_decision
from .starting_point import full_record, starting_record, target_code

EDITABLE_STATES = policy.EDITABLE_STATES


class DraftingError(DomainError, ValueError):
    """The request cannot be done; the message is Vietnamese. `problems` lists check results."""

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message, problems)


# --- which decisions (who may: tthc.decisions.policy) ---------------------------------------------
def decisions_for(session: Session, user) -> list[Decision]:
    """Announcement decisions the user drafts (admin: every one), the most recently changed first."""
    query = (
        select(Decision)
        .where(Decision.kind == DecisionKind.CONG_BO, policy.drafted_by(user))
        .order_by(Decision.updated_at.desc(), Decision.id.desc())
    )
    return list(session.scalars(query))


def get_decision(session: Session, user, decision_id: int) -> Decision:
    return policy.visible_decision(session, user, decision_id, kind=DecisionKind.CONG_BO)


def get_entry(session: Session, decision: Decision, entry_id: int) -> DecisionEntry:
    entry = session.get(DecisionEntry, entry_id)
    if entry is None or entry.decision_id != decision.id:
        raise policy.NotVisible(entry_id)
    return entry


def ensure_editable(decision: Decision, user) -> None:
    if decision.status not in EDITABLE_STATES:
        raise DraftingError(f"Quyết định đang ở trạng thái «{decision.status_label}», không sửa được nữa.")
    if not policy.can(user, policy.Action.EDIT, decision):
        raise DraftingError("Chỉ cán bộ soạn thảo của cơ quan chủ trì mới sửa được quyết định này.")


# --- the decision itself ------------------------------------------------------------------------
def _clean_lines(values) -> list[str]:
    if isinstance(values, str):
        values = values.splitlines()
    return [v.strip() for v in nfc(list(values or [])) if v and v.strip()]


def create_draft(
    session: Session,
    user,
    *,
    title: str,
    legal_acts=(),
    effective_date: dt.date | None = None,
    number: str = "",
    issuer: str = "",
    signer: str = "",
    agency_id: int | None = None,
) -> Decision:
    """A new draft for the drafter's agency (an administrator may name any agency)."""
    title = nfc(title or "").strip()
    if not title:
        raise DraftingError("Quyết định cần có trích yếu (tên quyết định).")
    if not policy.is_admin(user):
        agency_id = user.agency_id
    if agency_id is None and not policy.is_admin(user):
        raise DraftingError("Tài khoản chưa thuộc cơ quan nào nên không soạn được quyết định.")
    decision = Decision(
        kind=DecisionKind.CONG_BO,
        status=DecisionStatus.DRAFT,
        title=title,
        number=nfc(number or "").strip(),
        issuer=nfc(issuer or "").strip(),
        signer=nfc(signer or "").strip(),
        legal_acts=_clean_lines(legal_acts),
        effective_date=effective_date,
        drafting_agency_id=agency_id,
        created_by_id=user.id,
    )
    session.add(decision)
    session.flush()
    record_event(session, "decision.create", "decision", decision.id, user=user, detail={"title": title[:200]})
    return decision


def update_decision(session: Session, decision: Decision, user, **fields) -> Decision:
    """Change the decision's own fields (title, number, issuer, signer, legal_acts, dates)."""
    ensure_editable(decision, user)
    changed = {}
    for key, value in fields.items():
        if key == "legal_acts":
            value = _clean_lines(value)
        elif key in ("title", "number", "issuer", "signer"):
            value = nfc(value or "").strip()
        elif key not in ("effective_date", "signed_date"):
            raise DraftingError(f"Không sửa được trường «{key}».")
        if getattr(decision, key) != value:
            setattr(decision, key, value)
            changed[key] = value if not isinstance(value, dt.date) else value.isoformat()
    if "title" in changed and not decision.title:
        raise DraftingError("Quyết định cần có trích yếu (tên quyết định).")
    if changed:
        session.flush()
        record_event(session, "decision.update", "decision", decision.id, user=user, detail=changed)
    return decision


# --- entries --------------------------------------------------------------------------------------
def partial_of(base: dict[str, Any], record: dict[str, Any]) -> dict[str, Any]:
    """Only the parts of `record` that differ from `base` (agencies per role)."""
    base, record = normalize_record(base), normalize_record(record)
    partial: dict[str, Any] = {}
    for key, value in record.items():
        if key == "code" or value == base[key]:
            continue
        if key == "agencies":
            partial[key] = {role: names for role, names in value.items() if names != base[key].get(role)}
        elif key == "extra":
            partial[key] = {k: v for k, v in value.items() if base[key].get(k) != v}
        else:
            partial[key] = value
    return partial


def _renumber(decision: Decision) -> None:
    for position, entry in enumerate(sorted(decision.entries, key=lambda e: e.position)):
        entry.position = position


def _agency_name(session: Session, decision: Decision) -> str:
    agency = session.get(Agency, decision.drafting_agency_id) if decision.drafting_agency_id else None
    return agency.name if agency else ""


def add_entry(
    session: Session,
    decision: Decision,
    user,
    action: str,
    *,
    code: str | None = None,
    replaces_code: str | None = None,
    basis=(),
    record: dict[str, Any] | None = None,
) -> DecisionEntry:
    """Add one entry at the end. Amended/abolished/replaced entries must name a procedure in force that
    the user's agency handles; a new one starts with the drafting agency as executing agency."""
    ensure_editable(decision, user)
    if action not in ENTRY_ACTIONS:
        raise DraftingError(f"Hình thức «{action}» không hợp lệ.")
    code = nfc(code or "").strip() or None
    replaces_code = nfc(replaces_code or "").strip() or None
    entry = DecisionEntry(
        action=action,
        code=code,
        replaces_code=replaces_code if action == EntryAction.REPLACED else None,
        basis=_clean_lines(basis),
        position=len(decision.entries),
        record={},
    )
    if action == EntryAction.NEW:
        start = normalize_record(record or {})
        if not any(start["agencies"].values()) and _agency_name(session, decision):
            start["agencies"]["executing"] = [_agency_name(session, decision)]
        entry.record = start
    else:
        if not target_code(entry):
            raise DraftingError(f"Mục «{ACTION_LABELS[action]}» cần mã thủ tục đang có hiệu lực.")
        base = starting_record(session, decision, entry)
        if base is None:
            raise DraftingError(f"Mã {target_code(entry)} không có trong danh mục đang có hiệu lực.")
        if not policy.handles(user, base, procedure_agencies(session, base)):
            raise DraftingError(
                f"Thủ tục {target_code(entry)} không thuộc cơ quan của bạn nên bạn không soạn được mục này."
            )
        if action == EntryAction.ABOLISHED:
            entry.record = {k: base[k] for k in ("name", "sector", "level") if base.get(k)}
        else:
            entry.record = partial_of(base, record) if record else {}
    decision.entries.append(entry)
    session.flush()
    record_event(
        session,
        "entry.add",
        "decision",
        decision.id,
        user=user,
        detail={"entry": entry.id, "action": action, "code": code or "", "replaces": replaces_code or ""},
    )
    return entry


def save_entry(
    session: Session,
    decision: Decision,
    entry: DecisionEntry,
    user,
    *,
    record: dict[str, Any] | None = None,
    code: str | None = None,
    replaces_code: str | None = None,
    basis=None,
    note: str | None = None,
) -> DecisionEntry:
    """Persist the form: a new entry keeps its full record, an amended/replaced one only what differs."""
    ensure_editable(decision, user)
    if entry.decision_id != decision.id:
        raise policy.NotVisible(entry.id)
    before = _entry_state(entry)
    if code is not None and entry.action in (EntryAction.NEW, EntryAction.REPLACED):
        entry.code = nfc(code).strip() or None
    if replaces_code is not None and entry.action == EntryAction.REPLACED:
        entry.replaces_code = nfc(replaces_code).strip() or None
    if basis is not None:
        entry.basis = _clean_lines(basis)
    if note is not None:
        entry.note = nfc(note).strip()
    if record is not None and entry.action != EntryAction.ABOLISHED:
        record = normalize_record(record)
        base = starting_record(session, decision, entry)
        if entry.action == EntryAction.NEW or base is None:
            entry.record = record
        else:
            if not policy.handles(user, base, procedure_agencies(session, base)):
                raise DraftingError(f"Thủ tục {target_code(entry)} không thuộc cơ quan của bạn.")
            entry.record = partial_of(base, record)
    if _entry_state(entry) != before:  # autosave sends unchanged forms too: only real changes are events
        session.flush()
        record_event(
            session,
            "entry.update",
            "decision",
            decision.id,
            user=user,
            detail={"entry": entry.id, "fields": sorted((entry.record or {}).keys())},
        )
    return entry


def _entry_state(entry: DecisionEntry) -> tuple:
    return (copy.deepcopy(entry.record), entry.code, entry.replaces_code, list(entry.basis or []), entry.note)


def convert_field(session: Session, decision: Decision, entry: DecisionEntry | None, user, path: str) -> str:
    """Accept the offered TCVN3/VNI → Unicode conversion of one text: a record path of the entry, the
    entry's `basis.N`, or the decision's `title` / `legal_acts.N` when no entry is given."""
    from .legacy_encoding import legacy_offer

    ensure_editable(decision, user)
    if entry is None:
        holder: Any = {"title": decision.title, "legal_acts": list(decision.legal_acts or [])}
    elif path.startswith("basis."):
        holder = {"basis": list(entry.basis or [])}
    else:
        holder = full_record(session, decision, entry)
    document = holder
    keys = path.split(".")
    try:
        for key in keys[:-1]:
            holder = holder[int(key)] if isinstance(holder, list) else holder[key]
        last = int(keys[-1]) if isinstance(holder, list) else keys[-1]
        value = holder[last]
    except (KeyError, IndexError, ValueError, TypeError):
        raise DraftingError("Không tìm thấy trường cần chuyển mã.") from None
    offer = legacy_offer(value) if isinstance(value, str) else None
    if offer is None:
        raise DraftingError("Không có gì để chuyển mã.")
    holder[last] = offer[1]
    if entry is None:
        update_decision(session, decision, user, **{keys[0]: document[keys[0]]})
    elif "basis" in document and len(document) == 1:
        save_entry(session, decision, entry, user, basis=document["basis"])
    else:
        save_entry(session, decision, entry, user, record=document)
    return offer[1]


def remove_entry(session: Session, decision: Decision, entry: DecisionEntry, user) -> None:
    ensure_editable(decision, user)
    if entry.decision_id != decision.id:
        raise policy.NotVisible(entry.id)
    detail = {"entry": entry.id, "action": entry.action, "code": entry.code or ""}
    decision.entries.remove(entry)
    _renumber(decision)
    session.flush()
    record_event(session, "entry.remove", "decision", decision.id, user=user, detail=detail)


def delete_draft(session: Session, decision: Decision, user) -> None:
    """Delete a draft that was never submitted (policy.may_delete_draft); the audit event keeps what it was."""
    if not policy.may_delete_draft(user, decision):
        raise DraftingError(
            "Chỉ xóa được dự thảo chưa từng gửi thẩm định, do cơ quan soạn thảo xóa; quyết định đã gửi chỉ có thể rút."
        )
    from ..models.decisions import Comment, DecisionSnapshot, FormFile

    if session.scalar(select(FormFile.id).where(FormFile.decision_id == decision.id).limit(1)) is not None:
        # Form files are append-only history (database triggers): they, and so their draft, stay.
        raise DraftingError(
            "Dự thảo đã có tệp mẫu đơn, tờ khai tải lên (được lưu lại, không xóa được); hãy rút dự thảo thay vì xóa."
        )
    detail = {
        "title": decision.title,
        "number": decision.number or "",
        "entries": len(decision.entries),
        "codes": [e.code or "" for e in decision.entries],
    }
    decision_id = decision.id
    # replies before the comments they answer (a reply's parent is another comment)
    for comment in session.scalars(
        select(Comment).where(Comment.decision_id == decision_id).order_by(Comment.id.desc())
    ).all():
        session.delete(comment)
        session.flush()
    for snapshot in session.scalars(select(DecisionSnapshot).where(DecisionSnapshot.decision_id == decision_id)):
        session.delete(snapshot)
    session.flush()
    session.delete(decision)
    session.flush()
    record_event(session, "decision.delete", "decision", decision_id, user=user, detail=detail)


def move_entry(session: Session, decision: Decision, entry: DecisionEntry, user, offset: int) -> None:
    """Move an entry up (offset -1) or down (+1) in the annex order."""
    ensure_editable(decision, user)
    ordered = sorted(decision.entries, key=lambda e: e.position)
    index = ordered.index(entry)
    target = max(0, min(len(ordered) - 1, index + offset))
    if target == index:
        return
    ordered.insert(target, ordered.pop(index))
    for position, item in enumerate(ordered):
        item.position = position
    session.flush()
    record_event(
        session,
        "entry.move",
        "decision",
        decision.id,
        user=user,
        detail={"entry": entry.id, "from": index + 1, "to": target + 1},
    )


def submit_draft(session: Session, decision: Decision, user):
    """Run every check; refuse on errors, else hand the draft to review (status `submitted`)."""
    ensure_editable(decision, user)
    report = check_decision(session, decision)
    if report.has_errors:
        raise DraftingError(f"Quyết định còn {len(report.errors)} lỗi phải sửa trước khi nộp thẩm định.", report.errors)
    previous = decision.status
    decision.status = DecisionStatus.SUBMITTED
    decision.submitted_by_id = user.id
    session.flush()
    record_event(
        session,
        "decision.submit",
        "decision",
        decision.id,
        user=user,
        detail={"from": previous, "warnings": len(report.warnings), "entries": len(decision.entries)},
    )
    return report


def agency_names(session: Session) -> list[str]:
    return [a.name for a in session.scalars(select(Agency).order_by(Agency.sort_key))]
