"""The catalogue tables: procedures, immutable versions, revisions, agencies, sectors, service points."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    event,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base, JSONDoc

VERSION_STATES = ("in_force", "abolished")


class CatalogueRevision(Base):
    """One applied decision = one revision. Monotonic; the number every derived artifact records."""
    __tablename__ = "catalogue_revision"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decision.id"), unique=True)
    effective_date: Mapped[dt.date] = mapped_column(Date)
    applied_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    decision = relationship("Decision", foreign_keys=[decision_id])


class Procedure(Base):
    """Identity of one procedure. `code` is the current code; versions keep the code they had."""
    __tablename__ = "procedure"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(80), unique=True)
    provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    versions: Mapped[list[ProcedureVersion]] = relationship(
        back_populates="procedure", order_by="(ProcedureVersion.valid_from, ProcedureVersion.revision_id)")


class ProcedureVersion(Base):
    """An immutable snapshot of one procedure's record, in force from `valid_from` until the next
    version of the same procedure (by valid_from, then revision). Never updated, never deleted:
    the database refuses it (triggers in the initial migration) and so does the ORM (below)."""
    __tablename__ = "procedure_version"
    __table_args__ = (
        CheckConstraint("state IN ('in_force', 'abolished')", name="state"),
        Index("ix_procedure_version_timeline", "procedure_id", "valid_from", "revision_id"),
        Index("ix_procedure_version_sort", "sort_key", "id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id"))
    revision_id: Mapped[int] = mapped_column(ForeignKey("catalogue_revision.id"), index=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("decision_entry.id"), index=True)
    valid_from: Mapped[dt.date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(16))
    code: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(Text)
    sort_key: Mapped[bytes] = mapped_column(LargeBinary)
    level: Mapped[str] = mapped_column(String(16), default="")
    sector: Mapped[str] = mapped_column(Text, default="")
    agency: Mapped[str] = mapped_column(Text, default="")
    replaced_by_code: Mapped[str | None] = mapped_column(String(80), nullable=True)
    record: Mapped[dict[str, Any]] = mapped_column(JSONDoc)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    procedure: Mapped[Procedure] = relationship(back_populates="versions")
    revision: Mapped[CatalogueRevision] = relationship()
    entry = relationship("DecisionEntry")


@event.listens_for(ProcedureVersion, "before_update")
def _refuse_version_update(_mapper, _connection, target):
    raise ValueError(f"Phiên bản đã công bố {target.id} không được sửa (lịch sử chỉ được ghi thêm).")


@event.listens_for(ProcedureVersion, "before_delete")
def _refuse_version_delete(_mapper, _connection, target):
    raise ValueError(f"Phiên bản đã công bố {target.id} không được xóa (lịch sử chỉ được ghi thêm).")


class Agency(Base):
    """An agency (sở, ngành, UBND xã...), the unit drafters belong to."""
    __tablename__ = "agency"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    sort_key: Mapped[bytes] = mapped_column(LargeBinary)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"), nullable=True)


class Sector(Base):
    __tablename__ = "sector"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    sort_key: Mapped[bytes] = mapped_column(LargeBinary)


class ServicePoint(Base):
    """A counter or centre that receives dossiers. What it receives is kept apart from who decides:
    `rules` = {"levels": [...], "sectors": [...], "agencies": [...], "include": [codes], "exclude": [codes]}."""
    __tablename__ = "service_point"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    kind: Mapped[str] = mapped_column(String(32), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    feedback_contact: Mapped[dict[str, Any]] = mapped_column(JSONDoc, default=dict)
    rules: Mapped[dict[str, Any]] = mapped_column(JSONDoc, default=dict)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class DerivedArtifact(Base):
    """A derived file (posting PDF, bundle, export) and the catalogue revision/version it reflects."""
    __tablename__ = "derived_artifact"
    __table_args__ = (UniqueConstraint("kind", "key", name="kind_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(200))
    revision_id: Mapped[int | None] = mapped_column(ForeignKey("catalogue_revision.id"), nullable=True)
    path: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
