"""Print jobs: a bundle produced outside the request, its progress polled by the staff page."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base, one_of


class PrintJobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class PrintJobKind(StrEnum):
    BUNDLE = "bundle"  # every sheet of a service point
    REPOST = "repost"  # only the sheets changed since a revision


JOB_STATE_LABELS: dict[str, str] = {
    PrintJobStatus.QUEUED: "Đang chờ",
    PrintJobStatus.RUNNING: "Đang in",
    PrintJobStatus.DONE: "Đã xong",
    PrintJobStatus.FAILED: "Bị lỗi",
}


class PrintJob(Base):
    """One bundle request. State lives in the database, so any web worker can report progress."""

    __tablename__ = "print_job"
    __table_args__ = (
        CheckConstraint(one_of("status", PrintJobStatus), name="status"),
        CheckConstraint(one_of("kind", PrintJobKind), name="kind"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), default=PrintJobKind.BUNDLE.value)
    service_point_id: Mapped[int] = mapped_column(ForeignKey("service_point.id"), index=True)
    since_revision: Mapped[int | None] = mapped_column(Integer, nullable=True)
    status: Mapped[str] = mapped_column(String(16), default=PrintJobStatus.QUEUED.value)
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    revision: Mapped[int | None] = mapped_column(Integer, nullable=True)
    path: Mapped[str] = mapped_column(Text, default="")
    message: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    service_point = relationship("ServicePoint")

    @property
    def status_label(self) -> str:
        return JOB_STATE_LABELS.get(self.status, self.status)
