"""The decision workflow (docs/architecture.md, life cycle), with roles, optimistic locking and the audit log. No Flask.

draft → submitted → (changes_requested → submitted)* → approved → signed → in_force (apply-due);
withdrawn ends a decision that never took effect. Each function takes the lock version the actor saw;
a stale one (someone else acted meanwhile) raises StaleDecision, and so does a concurrent update that
the database catches (Decision.lock_version is SQLAlchemy's version_id_col). The caller commits.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ..audit import record_event
from ..models.accounts import SIGNING_TITLES, Role
from ..models.decisions import Attachment, Comment, Decision, DecisionEntry, DecisionKind, DecisionStatus
from ..problems import DomainError
from ..security import UploadRejected, check_pdf_upload
from ..text import nfc
from . import policy
from .policy import Action, NotPermitted
from .snapshots import latest_snapshot_id, take_snapshot

STALE_MESSAGE = (
    "Quyết định này vừa được người khác thay đổi (ví dụ đã thẩm định hoặc chỉnh sửa). "
    "Hãy tải lại trang để xem trạng thái mới rồi thao tác lại."
)
S = DecisionStatus
REVIEW_QUEUE_STATES = (S.SUBMITTED,)
SIGNING_QUEUE_STATES = (S.APPROVED,)
WITHDRAWABLE_STATES = policy.WITHDRAWABLE_STATES
REQUEST_CHANGES_FIELD = "yeu_cau_chinh_sua"  # Comment.field of the note that sent a draft back


class WorkflowError(DomainError, ValueError):
    """A Vietnamese message for the person who tried the transition."""


class StaleDecision(WorkflowError):
    def __init__(self, message: str = STALE_MESSAGE):
        super().__init__(message)


# --- who may do what: tthc.decisions.policy -------------------------------------------------------------
def _require(user, action: Action, decision: Decision, refusal: str, self_refusal: str = "") -> None:
    """NotPermitted with the action's message unless the policy allows it (the state was checked before)."""
    if policy.can(user, action, decision):
        return
    own = policy.took_part(user, decision) or (action is Action.SIGN and policy.approved_it(user, decision))
    if self_refusal and own and getattr(user, "role", None) in policy.ACTING_ROLES[action]:
        raise NotPermitted(self_refusal)
    raise NotPermitted(refusal)


# --- transitions ------------------------------------------------------------------------------------
def _check(decision: Decision, lock_version: Any, states: tuple[str, ...], action_label: str) -> None:
    if lock_version not in (None, "") and str(lock_version) != str(decision.lock_version):
        raise StaleDecision()
    if decision.status not in states:
        raise WorkflowError(f"Không thể {action_label}: quyết định đang ở trạng thái «{decision.status_label}».")


def _save(session: Session, decision: Decision, action: str, user, detail: dict[str, Any] | None = None) -> None:
    """Flush the new state (a concurrent change is caught here) and write the audit event."""
    try:
        session.flush()
    except StaleDataError:
        raise StaleDecision() from None
    record_event(
        session,
        f"decision.{action}",
        "decision",
        decision.id,
        user=user,
        detail={"status": decision.status, "number": decision.number, **(detail or {})},
    )
    session.flush()


def _conflicts(session: Session, decision: Decision) -> list[str]:
    from ..catalogue.apply import plan_decision

    return [p.message for p in plan_decision(session, decision).problems]


def submit(session: Session, decision: Decision, user, lock_version: Any = None) -> Decision:
    """Drafter sends a draft (or a draft sent back for changes) for review, with the lock version the
    page showed. The drafting checks run (tthc.decisions.drafting.submit_draft, which records the
    `decision.submit` event); errors block, listed in the message."""
    from .drafting import DraftingError, submit_draft

    _check(decision, lock_version, policy.EDITABLE_STATES, "gửi thẩm định")
    _require(user, Action.SUBMIT, decision, "Chỉ cán bộ soạn thảo của cơ quan chủ trì mới gửi được dự thảo này.")
    if not decision.entries and not (decision.extra or {}).get("designations"):
        raise WorkflowError("Dự thảo chưa có thủ tục nào; không thể gửi thẩm định.")
    try:
        submit_draft(session, decision, user)
        take_snapshot(session, decision, user)
    except DraftingError as error:
        details = "; ".join(p.message for p in error.problems[:5])
        raise WorkflowError(f"{error} {details}".strip()) from None
    except StaleDataError:
        raise StaleDecision() from None
    return decision


def request_changes(session: Session, decision: Decision, user, note: str, lock_version: Any = None) -> Decision:
    """Reviewer sends the draft back; the note is required and is kept as a comment for the drafter."""
    _check(decision, lock_version, (S.SUBMITTED,), "yêu cầu chỉnh sửa")
    _require(user, Action.REQUEST_CHANGES, decision, "Chỉ cán bộ kiểm soát TTHC mới yêu cầu chỉnh sửa được.")
    note = nfc(note or "").strip()
    if not note:
        raise WorkflowError("Hãy ghi rõ nội dung cần chỉnh sửa (bắt buộc).")
    decision.status = S.CHANGES_REQUESTED
    session.add(Comment(decision_id=decision.id, author_id=user.id, body=note, field=REQUEST_CHANGES_FIELD))
    # the submission reviewed: "changes since the last review" starts from it
    _save(session, decision, "request_changes", user, {"note": note, "snapshot": latest_snapshot_id(session, decision)})
    return decision


def approve(
    session: Session, decision: Decision, user, lock_version: Any = None, override_reason: str = ""
) -> Decision:
    """Reviewer approves; nobody approves a decision they created or submitted; conflicts block it, and so
    do unresolved comments unless the reviewer overrides them with a reason (each closed with it, audited)."""
    _check(decision, lock_version, (S.SUBMITTED,), "thông qua")
    _require(
        user,
        Action.APPROVE,
        decision,
        "Chỉ cán bộ kiểm soát TTHC mới thông qua được dự thảo.",
        "Bạn không thể tự thông qua dự thảo do chính mình soạn hoặc gửi.",
    )
    problems = _conflicts(session, decision)
    if problems:
        raise WorkflowError("Chưa thể thông qua vì dự thảo xung đột với danh mục: " + "; ".join(problems))
    still_open = open_comments(session, decision)
    override_reason = nfc(override_reason or "").strip()
    if still_open and not override_reason:
        raise WorkflowError(
            f"Chưa thể thông qua: còn {len(still_open)} góp ý chưa giải quyết. Hãy đánh dấu "
            "«đã giải quyết» từng góp ý, hoặc thông qua kèm lý do bỏ qua các góp ý đó."
        )
    if still_open and not policy.may_override_comments(user, decision):
        raise NotPermitted("Bạn không có quyền bỏ qua góp ý chưa giải quyết.")
    for comment in still_open:
        _close(session, decision, comment, user, override_reason, "comment.override")
    decision.status = S.APPROVED
    decision.approved_by_id = getattr(user, "id", None)
    _save(
        session,
        decision,
        "approve",
        user,
        {"override_reason": override_reason, "overridden_comments": [c.id for c in still_open]} if still_open else None,
    )
    return decision


def _as_date(value: dt.date | str | None, label: str) -> dt.date | None:
    """A date, or a form's YYYY-MM-DD text (blank → None); malformed text → WorkflowError."""
    if value is None or isinstance(value, dt.date):
        return value
    if not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise WorkflowError(f"{label} «{value[:20]}» không đúng dạng NĂM-THÁNG-NGÀY.") from None


def sign(
    session: Session,
    decision: Decision,
    user,
    *,
    number: str,
    signed_date: dt.date | str | None,
    signer: str,
    effective_date: dt.date | str | None,
    pdf: tuple[str, bytes] | None = None,
    lock_version: Any = None,
    today: dt.date | None = None,
    signing_title: str | None = None,
    take_effect: bool = True,
) -> Decision:
    """Record the signature: number, signed date, signer, effective date, optional signed PDF, and the
    title signed under (one of SIGNING_TITLES; none given: the account's, else the one already read from
    the signed Word document).

    A decision whose effective date has come (today or earlier) takes effect in the same transaction
    (status in_force, one catalogue revision: tthc.catalogue.apply), whatever door signed it, unless an
    earlier signed decision is still waiting to apply: then the scheduled apply-due applies both, oldest
    first (tthc.decisions.effect). `take_effect=False` leaves it signed for apply-due."""
    today = today or dt.date.today()
    signed_date = _as_date(signed_date, "Ngày ký")
    effective_date = _as_date(effective_date, "Ngày có hiệu lực")
    _check(decision, lock_version, (S.APPROVED,), "ghi nhận ký ban hành")
    _require(
        user,
        Action.SIGN,
        decision,
        "Chỉ lãnh đạo có thẩm quyền mới ghi nhận ký ban hành được.",
        "Bạn không thể tự ký ban hành quyết định do chính mình soạn, gửi hoặc thông qua "
        "(người thông qua và người ký phải là hai người).",
    )
    number, signer = nfc(number or "").strip(), nfc(signer or "").strip()
    problems = []
    if not number:
        problems.append("Thiếu số quyết định (ví dụ 123/QĐ-UBND).")
    if not signer:
        problems.append("Thiếu họ tên người ký.")
    if signed_date is None:
        problems.append("Thiếu ngày ký.")
    if effective_date is None:
        problems.append("Thiếu ngày có hiệu lực.")
    if signed_date and signed_date > today:
        problems.append("Ngày ký không được sau ngày hôm nay: chỉ ghi nhận quyết định đã ký.")
    if signed_date and effective_date and effective_date < signed_date:
        problems.append("Ngày có hiệu lực không được trước ngày ký.")
    signing_title = nfc(signing_title or "").replace("\r\n", "\n").strip()
    if signing_title and signing_title not in SIGNING_TITLES:
        problems.append(
            "Chức danh ký không hợp lệ (chấp nhận: " + "; ".join(t.replace("\n", " / ") for t in SIGNING_TITLES) + ")."
        )
    if number and session.scalar(
        select(Decision.id).where(
            Decision.number == number, Decision.issuer == decision.issuer, Decision.id != decision.id
        )
    ):
        problems.append(f"Số quyết định {number} đã được dùng cho một quyết định khác.")
    if pdf is not None:
        problems.extend(pdf_problems(*pdf))
    if problems:
        raise WorkflowError(" ".join(problems))
    decision.number, decision.signer = number, signer
    decision.signed_date, decision.effective_date = signed_date, effective_date
    conflicts = _conflicts(session, decision)
    if conflicts:
        raise WorkflowError("Không thể ký ban hành vì quyết định xung đột với danh mục: " + "; ".join(conflicts))
    decision.status = S.SIGNED
    # The signature block's title: chosen when signing (a vice chairman signs "KT. CHỦ TỊCH\nPHÓ CHỦ
    # TỊCH"), else the signing account's, else one read from the signed Word document.
    account_title = (getattr(user, "signing_title", "") or "").strip()
    decision.signing_title = signing_title or account_title or decision.signing_title or ""
    assert signed_date is not None and effective_date is not None  # refused above when missing
    detail: dict[str, Any] = {
        "signed_date": signed_date.isoformat(),
        "effective_date": effective_date.isoformat(),
        "signer": signer,
        "signing_title": decision.signing_title,
    }
    if policy.signed_by_approver(user, decision):  # allowed only by the authority's explicit setting
        detail["signed_by_approver"] = True
        decision.extra = {**(decision.extra or {}), "signed_by_approver": True}
    if pdf is not None:
        attachment = attach_pdf(session, decision, user, *pdf)
        detail["attachment_sha256"] = attachment.sha256
    _save(session, decision, "sign", user, detail)
    if take_effect and effective_date <= today and not _earlier_due(session, decision, today):
        from ..catalogue.apply import apply_decision

        apply_decision(session, decision, user=user)
    return decision


def _earlier_due(session: Session, decision: Decision, today: dt.date) -> bool:
    """Another signed decision is due and waits (apply-due applies in the order of due_decisions)."""
    from .effect import due_decisions

    return any(other.id != decision.id for other in due_decisions(session, today))


def pdf_problems(filename: str, content: bytes) -> list[str]:
    """The upload gate every PDF passes (size, magic number, end marker), in the signing form's words."""
    try:
        check_pdf_upload(content)
    except UploadRejected as error:
        return [f"Tệp quyết định đã ký «{filename}» bị từ chối: {error}"]
    return []


def attach_pdf(session: Session, decision: Decision, user, filename: str, content: bytes) -> Attachment:
    sha = hashlib.sha256(content).hexdigest()
    existing = session.scalar(select(Attachment).where(Attachment.decision_id == decision.id, Attachment.sha256 == sha))
    if existing is not None:
        return existing
    attachment = Attachment(
        decision_id=decision.id,
        kind="signed_pdf",
        filename=nfc(filename or "quyet-dinh.pdf"),
        content_type="application/pdf",
        sha256=sha,
        content=content,
        uploaded_by_id=getattr(user, "id", None),
    )
    session.add(attachment)
    return attachment


def withdraw(session: Session, decision: Decision, user, note: str, lock_version: Any = None) -> Decision:
    """End a decision that never took effect; the reason is required (it is shown publicly if signed)."""
    _check(decision, lock_version, WITHDRAWABLE_STATES, "rút quyết định")
    _require(user, Action.WITHDRAW, decision, "Bạn không có quyền rút quyết định này.")
    note = nfc(note or "").strip()
    if not note:
        raise WorkflowError("Hãy ghi lý do rút quyết định (bắt buộc).")
    was = decision.status
    decision.status = S.WITHDRAWN
    decision.extra = {**(decision.extra or {}), "withdrawal_note": note, "withdrawn_from": was}
    _save(session, decision, "withdraw", user, {"note": note, "from": was})
    return decision


# --- comments ---------------------------------------------------------------------------------------
def add_comment(
    session: Session,
    decision: Decision,
    user,
    body: str,
    *,
    entry_id: int | None = None,
    field: str = "",
    parent_id: int | None = None,
) -> Comment:
    """A comment on the decision, on one entry, or on one field of an entry; or a reply to one."""
    _require(user, Action.COMMENT, decision, "Bạn không có quyền góp ý cho quyết định này.")
    body = nfc(body or "").strip()
    if not body:
        raise WorkflowError("Nội dung góp ý đang trống.")
    if parent_id is not None:
        parent = session.get(Comment, parent_id)
        if parent is None or parent.decision_id != decision.id:
            raise WorkflowError("Góp ý được trả lời không tồn tại.")
        entry_id, field = parent.entry_id, parent.field
    if entry_id is not None:
        entry = session.get(DecisionEntry, entry_id)
        if entry is None or entry.decision_id != decision.id:
            raise WorkflowError("Mục được góp ý không thuộc quyết định này.")
    comment = Comment(
        decision_id=decision.id,
        entry_id=entry_id,
        field=nfc(field or ""),
        parent_id=parent_id,
        author_id=user.id,
        body=body,
    )
    session.add(comment)
    session.flush()
    record_event(
        session,
        "comment.add",
        "decision",
        decision.id,
        user=user,
        detail={"comment": comment.id, "entry_id": entry_id, "field": field, "reply_to": parent_id},
    )
    return comment


def resolve_comment(session: Session, decision: Decision, comment: Comment, user, note: str = "") -> Comment:
    """Close a comment: only its author or a reviewer (policy.may_resolve_comment)."""
    if comment.decision_id != decision.id or comment.parent_id is not None:
        raise WorkflowError("Chỉ đánh dấu «đã giải quyết» được cho góp ý gốc của quyết định này.")
    _require(user, Action.RESOLVE_COMMENT, decision, "Bạn không có quyền với góp ý này.")
    if not policy.may_resolve_comment(user, comment, decision):
        raise NotPermitted(
            "Chỉ người viết góp ý hoặc cán bộ kiểm soát TTHC mới đánh dấu «đã giải quyết» được; "
            "bạn có thể trả lời và đánh dấu «đã sửa»."
        )
    if comment.resolved_at is None:
        _close(session, decision, comment, user, nfc(note or "").strip(), "comment.resolve")
    return comment


def _close(session: Session, decision: Decision, comment: Comment, user, note: str, event: str) -> None:
    comment.resolved_at = dt.datetime.now(dt.UTC)
    comment.resolved_by_id = user.id
    comment.resolution_note = note
    record_event(
        session,
        event,
        "decision",
        decision.id,
        user=user,
        detail={"comment": comment.id, **({"reason": note} if note else {})},
    )
    session.flush()


def mark_fixed(session: Session, decision: Decision, comment: Comment, user, reply: str = "") -> Comment:
    """The drafter says «đã sửa» (with an optional reply); the comment stays open until its author or a
    reviewer resolves it."""
    if comment.decision_id != decision.id or comment.parent_id is not None:
        raise WorkflowError("Chỉ đánh dấu «đã sửa» được cho góp ý gốc của quyết định này.")
    if not policy.may_mark_fixed(user, comment, decision):
        raise NotPermitted("Chỉ cán bộ soạn thảo của cơ quan chủ trì mới đánh dấu «đã sửa» được.")
    if reply.strip():
        add_comment(session, decision, user, reply, parent_id=comment.id)
    if comment.fixed_at is None:
        comment.fixed_at = dt.datetime.now(dt.UTC)
        comment.fixed_by_id = user.id
        record_event(session, "comment.fixed", "decision", decision.id, user=user, detail={"comment": comment.id})
        session.flush()
    return comment


def comment_threads(session: Session, decision: Decision) -> list[dict[str, Any]]:
    """Top-level comments oldest first, each {"comment", "replies", "entry", "field"}; for templates."""
    comments = list(
        session.scalars(
            select(Comment).where(Comment.decision_id == decision.id).order_by(Comment.created_at, Comment.id)
        )
    )
    entries: dict[int | None, DecisionEntry] = {e.id: e for e in decision.entries}
    threads: list[dict[str, Any]] = [
        {"comment": c, "replies": [], "entry": entries.get(c.entry_id), "field": c.field}
        for c in comments
        if c.parent_id is None
    ]
    by_id = {t["comment"].id: t for t in threads}
    for c in comments:
        if c.parent_id is not None and c.parent_id in by_id:
            by_id[c.parent_id]["replies"].append(c)
    return threads


def open_comments(session: Session, decision: Decision) -> list[Comment]:
    """Top-level comments not yet resolved: approval waits for them. The note of a request for changes is
    not one of them: the resubmission answers it (its points, as comments, are)."""
    return list(
        session.scalars(
            select(Comment)
            .where(
                Comment.decision_id == decision.id,
                Comment.parent_id.is_(None),
                Comment.resolved_at.is_(None),
                Comment.field != REQUEST_CHANGES_FIELD,
            )
            .order_by(Comment.id)
        )
    )


def open_comment_count(session: Session, decision: Decision) -> int:
    return len(open_comments(session, decision))


def review_queue(session: Session, user) -> dict[str, list[Decision]]:
    """What awaits this user: reviewers see submitted drafts, signers approved ones, drafters their own
    drafts (and those sent back); everyone sees signed decisions waiting for their date."""

    def of(states):
        return list(
            session.scalars(
                select(Decision)
                .where(Decision.status.in_(states), Decision.kind == DecisionKind.CONG_BO, policy.visible_to(user))
                .order_by(Decision.updated_at.desc(), Decision.id.desc())
            )
        )

    role = getattr(user, "role", "")
    queue: dict[str, list[Decision]] = {}
    if role in (Role.REVIEWER, Role.ADMIN):
        queue["to_review"] = [d for d in of(REVIEW_QUEUE_STATES) if policy.can(user, Action.REQUEST_CHANGES, d)]
    if role in (Role.SIGNER, Role.ADMIN):
        queue["to_sign"] = [d for d in of(SIGNING_QUEUE_STATES) if policy.can(user, Action.SIGN, d)]
    if role in (Role.DRAFTER, Role.ADMIN):
        queue["mine"] = [
            d for d in of((S.DRAFT, S.CHANGES_REQUESTED, S.SUBMITTED, S.APPROVED)) if policy.drafts(user, d)
        ]
    queue["waiting"] = of((S.SIGNED,))
    return queue
