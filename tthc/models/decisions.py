"""Announcement decisions (Quyết định công bố), their entries, comments and attachments."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base, JSONDoc, one_of


class DecisionStatus(StrEnum):
    """Where a decision is in its life (docs/review.md). The values are what the database stores."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"
    SIGNED = "signed"
    IN_FORCE = "in_force"
    WITHDRAWN = "withdrawn"


class DecisionKind(StrEnum):
    CONG_BO = "cong_bo"  # an announcement decision, drafted and reviewed here
    BASELINE = "baseline"  # the catalogue as first loaded: in force, never drafted or signed here


class EntryAction(StrEnum):
    """What a decision's (or a source's) entry does to its procedure. The values are what the database stores."""

    NEW = "new"
    AMENDED = "amended"
    REPLACED = "replaced"
    ABOLISHED = "abolished"


ENTRY_ACTIONS = tuple(EntryAction)
STATE_LABELS: dict[str, str] = {
    DecisionStatus.DRAFT: "Dự thảo",
    DecisionStatus.SUBMITTED: "Chờ thẩm định",
    DecisionStatus.CHANGES_REQUESTED: "Yêu cầu chỉnh sửa",
    DecisionStatus.APPROVED: "Đã thông qua",
    DecisionStatus.SIGNED: "Đã công bố, chưa có hiệu lực",
    DecisionStatus.IN_FORCE: "Đang có hiệu lực",
    DecisionStatus.WITHDRAWN: "Đã rút",
}
ACTION_LABELS: dict[str, str] = {
    EntryAction.NEW: "Mới ban hành",
    EntryAction.AMENDED: "Sửa đổi, bổ sung",
    EntryAction.REPLACED: "Thay thế",
    EntryAction.ABOLISHED: "Bãi bỏ",
}


class Decision(Base):
    __tablename__ = "decision"
    __table_args__ = (
        CheckConstraint(one_of("status", DecisionStatus), name="status"),
        CheckConstraint(one_of("kind", DecisionKind), name="kind"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), default=DecisionKind.CONG_BO.value)
    number: Mapped[str] = mapped_column(String(80), default="")
    title: Mapped[str] = mapped_column(Text, default="")
    issuer: Mapped[str] = mapped_column(Text, default="")
    signer: Mapped[str] = mapped_column(Text, default="")
    signed_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    effective_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    legal_acts: Mapped[list[str]] = mapped_column(JSONDoc, default=list)
    drafting_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"), nullable=True)
    status: Mapped[str] = mapped_column(String(24), default=DecisionStatus.DRAFT.value, index=True)
    source: Mapped[str] = mapped_column(Text, default="")
    extra: Mapped[dict[str, Any]] = mapped_column(JSONDoc, default=dict)
    # As the document prints them: "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"; "có hiệu lực thi hành kể từ ngày ký".
    signing_title: Mapped[str] = mapped_column(Text, default="", server_default="")
    effective_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    # Who approved: never the one who signs (tthc.decisions.policy), unless the authority says it has one person.
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
    lock_version: Mapped[int] = mapped_column(Integer, default=1)

    entries: Mapped[list[DecisionEntry]] = relationship(
        back_populates="decision", order_by="DecisionEntry.position", cascade="all, delete-orphan"
    )
    drafting_agency = relationship("Agency")
    revision = relationship(
        "CatalogueRevision", uselist=False, viewonly=True, primaryjoin="Decision.id == CatalogueRevision.decision_id"
    )

    # Optimistic locking: two people acting on one decision at once never both succeed.
    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def status_label(self) -> str:
        return STATE_LABELS.get(self.status, self.status)


class DecisionEntry(Base):
    """One line of a decision. `record` is the full record for new entries and only the given fields
    for amended/replaced ones (the rest carries over from the version in force)."""

    __tablename__ = "decision_entry"
    __table_args__ = (CheckConstraint(one_of("action", EntryAction), name="action"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decision.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    action: Mapped[str] = mapped_column(String(16))
    code: Mapped[str | None] = mapped_column(String(80), nullable=True)
    replaces_code: Mapped[str | None] = mapped_column(String(80), nullable=True)
    record: Mapped[dict[str, Any]] = mapped_column(JSONDoc, default=dict)
    basis: Mapped[list[str]] = mapped_column(JSONDoc, default=list)
    note: Mapped[str] = mapped_column(Text, default="")
    # The code as the annex printed it ("1.014466. H05") when it differs from the national code.
    localised_code: Mapped[str | None] = mapped_column(String(80), nullable=True)
    # Where a Word annex gave this entry: {"table": 3, "row": 5}; None for entries typed or from files.
    source: Mapped[dict[str, Any] | None] = mapped_column(JSONDoc, nullable=True)

    decision: Mapped[Decision] = relationship(back_populates="entries")

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    @property
    def display_name(self) -> str:
        return (self.record or {}).get("name") or ""


class Comment(Base):
    """A reviewer's or drafter's comment on a decision, one entry, or one field of an entry."""

    __tablename__ = "comment"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decision.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("decision_entry.id", ondelete="CASCADE"), nullable=True)
    field: Mapped[str] = mapped_column(String(120), default="")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comment.id"), nullable=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    # The drafter's «đã sửa»: says the point is fixed; only its author or a reviewer closes it (resolved_at).
    fixed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    fixed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    # Why it was closed without being fixed (an approval that overrode it), shown in the thread.
    resolution_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    author = relationship("User", foreign_keys=[author_id])


class DecisionSnapshot(Base):
    """The entries as submitted (full records), one per submission: what "changes since the last review"
    compares."""

    __tablename__ = "decision_snapshot"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decision.id", ondelete="CASCADE"), index=True)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    entries: Mapped[list[dict[str, Any]]] = mapped_column(JSONDoc, default=list)


class Attachment(Base):
    """A file attached to a decision (the signed PDF)."""

    __tablename__ = "attachment"
    __table_args__ = (UniqueConstraint("decision_id", "sha256", name="decision_sha"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decision.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32), default="signed_pdf")
    filename: Mapped[str] = mapped_column(Text)
    content_type: Mapped[str] = mapped_column(String(100))
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class FormFile(Base):
    """A form (mẫu đơn, tờ khai) a decision attached to one of its entries, as a file to download.

    Append-only (database triggers): a file is never changed; taking one off a draft entry adds a row
    that `removes_id` it. `entry_id` is not a foreign key so a draft entry can still be deleted: the
    files of an entry that never became a procedure version are never served."""

    __tablename__ = "form_file"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decision.id"), index=True)
    entry_id: Mapped[int] = mapped_column(Integer, index=True)
    title: Mapped[str] = mapped_column(Text, default="")
    filename: Mapped[str] = mapped_column(Text, default="")
    extension: Mapped[str] = mapped_column(String(8), default="")
    content_type: Mapped[str] = mapped_column(String(100), default="")
    size: Mapped[int] = mapped_column(Integer, default=0)
    sha256: Mapped[str] = mapped_column(String(64), default="")
    content: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    removes_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    @property
    def size_label(self) -> str:
        return f"{self.size / 1024:.0f} KB" if self.size < 1024 * 1024 else f"{self.size / 1024 / 1024:.1f} MB"
