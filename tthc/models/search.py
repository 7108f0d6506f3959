"""The search log (anonymous public searches), staff's synonym groups and life-event edits, as append-only
versions (tthc.search.gaps and tthc.search.event_edits read and write them)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import Boolean, DateTime, Integer, String, Text, false, func
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, JSONDoc, append_only


class SearchLog(Base):
    """One public search: the query as searched (normalised), the count, whether a hit was opened."""

    __tablename__ = "search_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(), index=True)
    query: Mapped[str] = mapped_column(String(200), index=True)
    results: Mapped[int] = mapped_column(Integer)
    nothing_fits: Mapped[bool] = mapped_column(Boolean, default=False)
    opened: Mapped[bool] = mapped_column(Boolean, default=False)
    # searched again from the same results page within TTHC_SEARCH_REFINE_SECONDS: the answer did
    # not serve (the next search carries this row's number, never who searched)
    refined: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    top_code: Mapped[str] = mapped_column(String(60), default="", server_default="")  # first hit shown


class SynonymVersion(Base):
    """Append-only: each save of a synonym group is a new row; the latest row of a group is in force
    (a row with `active` false retires the group)."""

    __tablename__ = "synonym_version"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(Integer, index=True)
    phrases: Mapped[list[str]] = mapped_column(JSONDoc)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    actor: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


# The database refuses UPDATE and DELETE too (migration 0008_synonym_history triggers); the ORM says it first.
append_only(SynonymVersion)


class EventStatus(StrEnum):
    """What an event version is: a proposal, or the review of one."""

    PROPOSED = "proposed"
    APPROVED = "approved"
    REJECTED = "rejected"


class EventVersion(Base):
    """Append-only: a proposal ("proposed", with the whole event in `data`), or a review of one
    ("approved" / "rejected", `proposal_id` naming it; an approval repeats the data it puts in force)."""

    __tablename__ = "event_version"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), index=True)
    status: Mapped[str] = mapped_column(String(16))
    data: Mapped[dict[str, Any]] = mapped_column(JSONDoc)
    proposal_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


# The database refuses UPDATE and DELETE too (migration 0017_event_edits triggers); the ORM says it first.
append_only(EventVersion)
