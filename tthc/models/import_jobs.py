"""Uploaded annexes read outside the request (tthc.decisions.import_jobs runs them): one row per job,
its progress and outcome, so any web worker answers the drafter's polls."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, LargeBinary, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, JSONDoc, one_of
from ..problems import more_problems_text


class ImportJobStatus(StrEnum):
    """Where an import job is: kept (an Excel annex previewed, a Word or PDF decision or a process annex
    read, waiting for the drafter's confirmation), queued, running, ended (a Word decision: confirmed)."""

    KEPT = "kept"
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class ImportJobKind(StrEnum):
    EXCEL = "excel"  # an annex workbook, read row by row
    WORD = "word"  # a Word or PDF decision, read page by page
    PROCESSES = "processes"  # a process annex (Word or PDF) to attach to the draft `decision_id`


STATE_LABELS: dict[str, str] = {
    ImportJobStatus.KEPT: "Chờ xác nhận nạp",
    ImportJobStatus.QUEUED: "Đang chờ",
    ImportJobStatus.RUNNING: "Đang đọc tệp",
    ImportJobStatus.DONE: "Đã xong",
    ImportJobStatus.FAILED: "Không nạp được",
}


class ImportJob(Base):
    """One uploaded annex being read. State lives in the database, so any web worker can report it."""

    __tablename__ = "import_job"
    __table_args__ = (
        CheckConstraint(one_of("status", ImportJobStatus), name="status"),
        CheckConstraint(one_of("kind", ImportJobKind), name="kind"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default=ImportJobStatus.QUEUED.value)
    filename: Mapped[str] = mapped_column(Text, default="")
    size: Mapped[int] = mapped_column(Integer, default=0)
    content: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)  # dropped when the job ends
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str] = mapped_column(Text, default="")
    problems: Mapped[list[dict[str, Any]]] = mapped_column(JSONDoc, default=list)  # the first MAX_PROBLEMS
    more_problems: Mapped[int] = mapped_column(Integer, default=0)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSONDoc, nullable=True)  # a Word decision, read
    # a kept Word decision: the drafter's fixes on its preview, saved page by page (form field → value,
    # tthc.decisions.word_preview); dropped with the read once confirmed or expired
    fixes: Mapped[dict[str, str] | None] = mapped_column(JSONDoc, nullable=True)
    # the draft an Excel job created; for a process annex, the draft its processes are attached to
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id", ondelete="SET NULL"), nullable=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    @property
    def status_label(self) -> str:
        if self.status == ImportJobStatus.KEPT and self.kind == ImportJobKind.PROCESSES:
            return "Chờ xác nhận gắn"
        return STATE_LABELS.get(self.status, self.status)

    @property
    def unit(self) -> str:
        """What the progress counts: an annex's rows, a PDF's pages."""
        return "dòng" if self.kind == ImportJobKind.EXCEL else "trang"

    @property
    def more_text(self) -> str:
        return more_problems_text(self.more_problems)
