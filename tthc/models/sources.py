"""Sources (a ministry's or the national catalogue's decision, read but never applied), their entries,
national catalogue snapshots and the differences staff mark as intended."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, Date, DateTime, ForeignKey, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base, JSONDoc, one_of


class Source(Base):
    __tablename__ = "source"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(80), default="")
    date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    # The legal text's effective date: the province's announcement deadline counts back from it.
    effective_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    issuer: Mapped[str] = mapped_column(Text, default="")
    title: Mapped[str] = mapped_column(Text, default="")
    file_name: Mapped[str] = mapped_column(Text, default="")
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"), nullable=True)
    heading: Mapped[dict[str, Any]] = mapped_column(JSONDoc, default=dict)  # the rest of the heading, verbatim
    doubts: Mapped[list[str]] = mapped_column(JSONDoc, default=list)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    entries: Mapped[list[SourceEntry]] = relationship(
        back_populates="source", order_by="SourceEntry.position", cascade="all, delete-orphan"
    )
    agency = relationship("Agency")


class SourceEntryState(StrEnum):
    """Staff's choice on a source entry (stored): still to do, or deliberately not applied."""

    PENDING = "pending"
    NOT_APPLIED = "not_applied"


class EntryClass(StrEnum):
    """The class a source entry is shown in (tthc.sources.matching derives it; never stored)."""

    DONE = "done"
    PENDING = "pending"
    NOT_APPLIED = "not_applied"
    NOT_OUR_LEVEL = "not_our_level"


class SourceEntry(Base):
    """One procedure the source announces, as it gives it (`record`: full for new entries, only the given
    parts for amended / replaced ones, as in a decision entry)."""

    __tablename__ = "source_entry"
    __table_args__ = (
        CheckConstraint("action IN ('new', 'amended', 'replaced', 'abolished')", name="action"),
        CheckConstraint(one_of("state", SourceEntryState), name="state"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    action: Mapped[str] = mapped_column(String(16))
    code: Mapped[str | None] = mapped_column(String(80), nullable=True)
    replaces_code: Mapped[str | None] = mapped_column(String(80), nullable=True)
    name: Mapped[str] = mapped_column(Text, default="")
    level: Mapped[str] = mapped_column(String(16), default="")
    sector: Mapped[str] = mapped_column(Text, default="")
    record: Mapped[dict[str, Any]] = mapped_column(JSONDoc, default=dict)
    basis: Mapped[list[str]] = mapped_column(JSONDoc, default=list)
    origin: Mapped[dict[str, Any] | None] = mapped_column(JSONDoc, nullable=True)  # {"table", "row"}
    # Staff's choice: pending, or deliberately not applied (with the reason). Done is derived: the entry
    # is covered by a decision in force, or needs nothing.
    state: Mapped[str] = mapped_column(String(16), default=SourceEntryState.PENDING.value)
    reason: Mapped[str] = mapped_column(Text, default="")
    # Staff confirmed a near-name match (the code of the procedure it is), or "" to leave it unmatched.
    confirmed_code: Mapped[str | None] = mapped_column(String(80), nullable=True)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id", ondelete="SET NULL"), nullable=True)

    source: Mapped[Source] = relationship(back_populates="entries")
    decision = relationship("Decision")


class NationalSnapshot(Base):
    __tablename__ = "national_snapshot"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    snapshot_date: Mapped[dt.date] = mapped_column(Date)
    file_name: Mapped[str] = mapped_column(Text, default="")
    count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class NationalProcedure(Base):
    """One procedure of a national snapshot, in the interchange (flat) format as given."""

    __tablename__ = "national_procedure"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("national_snapshot.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(80))
    base_code: Mapped[str] = mapped_column(String(80), index=True)
    name: Mapped[str] = mapped_column(Text, default="")
    levels: Mapped[list[str]] = mapped_column(JSONDoc, default=list)
    abolished: Mapped[bool] = mapped_column(Boolean, default=False)
    flat: Mapped[dict[str, Any]] = mapped_column(JSONDoc, default=dict)


class IntendedDifference(Base):
    """A difference with the national catalogue that staff keep on purpose (a localised time limit, a
    code of our own), with the reason; audited. `field` is "" for a whole-procedure class."""

    __tablename__ = "intended_difference"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    code: Mapped[str] = mapped_column(String(80), index=True)
    field: Mapped[str] = mapped_column(String(40), default="")
    reason: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
