"""The catalogue tables: procedures, immutable versions, revisions, agencies, sectors, service points."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
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
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base, JSONDoc, append_only, one_of


class VersionState(StrEnum):
    """The state a procedure version (or a linked group version) puts its procedure in, from its date."""

    IN_FORCE = "in_force"
    ABOLISHED = "abolished"


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
        back_populates="procedure", order_by="(ProcedureVersion.valid_from, ProcedureVersion.revision_id)"
    )


class ProcedureVersion(Base):
    """An immutable snapshot of one procedure's record, in force from `valid_from` until the next
    version of the same procedure (by valid_from, then revision). Never updated, never deleted:
    the database refuses it (triggers in the initial migration) and so does the ORM (below)."""

    __tablename__ = "procedure_version"
    __table_args__ = (
        CheckConstraint(one_of("state", VersionState), name="state"),
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


append_only(ProcedureVersion, "Phiên bản đã công bố")


class Agency(Base):
    """An agency of the register (sở, ngành, UBND xã...): the unit drafters belong to and what the free
    text of records is mapped onto (tthc/catalogue/agencies.py). `folded` is the name folded (no marks,
    lower case, single spaces): two spellings of one name are one agency."""

    __tablename__ = "agency"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    sort_key: Mapped[bytes] = mapped_column(LargeBinary)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"), nullable=True)
    short_name: Mapped[str] = mapped_column(Text, default="", server_default="")
    level: Mapped[str] = mapped_column(String(16), default="", server_default="")
    aliases: Mapped[list[str]] = mapped_column(JSONDoc, default=list)
    folded: Mapped[str] = mapped_column(Text, default="", server_default="", index=True)
    # Where citizens send phản ánh, kiến nghị about the procedures it executes (when none is configured).
    address: Mapped[str] = mapped_column(Text, default="", server_default="")


class AgencyMapping(Base):
    """An administrator's reading of an agency text the register could not map by itself: the folded
    text names this agency (a text naming several agencies has several rows). Read when the text is
    met, so it applies to every version already recorded without rewriting any."""

    __tablename__ = "agency_mapping"
    __table_args__ = (UniqueConstraint("folded", "agency_id", name="folded_agency"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    folded: Mapped[str] = mapped_column(Text, index=True)
    text: Mapped[str] = mapped_column(Text)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    created_by: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


GRANT_KINDS = {"code": "Thủ tục (mã)", "sector": "Lĩnh vực"}


class AgencyGrant(Base):
    """An administrator lets an agency's drafters draft for procedures beyond those naming it: one
    procedure (`kind` "code") or a whole sector (`kind` "sector", e.g. every electricity procedure)."""

    __tablename__ = "agency_grant"
    __table_args__ = (UniqueConstraint("agency_id", "kind", "value", name="agency_kind_value"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


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


# --- designations and linked groups (list-type decisions, liên thông) -------------------------------
DESIGNATIONS = {
    "received": "Tiếp nhận tại đây",
    "on_the_spot": "Giải quyết tại chỗ",
    "online_full": "Trực tuyến toàn trình",
    "online_partial": "Trực tuyến một phần",
    "postal": "Bưu chính công ích",
    "non_territorial": "Phi địa giới hành chính",
}


class DesignationAction(StrEnum):
    """What a list-type decision does to a designation: lists it at a point, or delists it."""

    LISTED = "listed"
    DELISTED = "delisted"


DESIGNATION_ACTIONS = tuple(DesignationAction)


class Designation(Base):
    """One listing or delisting a list-type decision (danh mục) made: procedure `code` has (or no
    longer has) `designation` at one service point, or at every point of a kind (`point_kind` "tinh",
    "xa"), from `valid_from`. Append-only like versions: the state on a date is the latest row."""

    __tablename__ = "designation"
    __table_args__ = (
        CheckConstraint(one_of("action", DesignationAction), name="action"),
        Index("ix_designation_timeline", "code", "designation", "valid_from", "id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decision.id"), index=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("catalogue_revision.id"), index=True)
    valid_from: Mapped[dt.date] = mapped_column(Date)
    service_point_id: Mapped[int | None] = mapped_column(ForeignKey("service_point.id"), nullable=True)
    point_kind: Mapped[str] = mapped_column(String(32), default="")
    code: Mapped[str] = mapped_column(String(80))
    designation: Mapped[str] = mapped_column(String(24))
    action: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class LinkedGroupVersion(Base):
    """One version of a linked procedure group (liên thông): procedures done with one dossier.
    `record` = {"name", "members": [{"code", "order", "agency"}], "agencies": [...], "time_limit",
    "time_limit_value", "time_limit_unit", "note"}. Append-only; the group on a date is its latest version."""

    __tablename__ = "linked_group_version"
    __table_args__ = (
        CheckConstraint(one_of("state", VersionState), name="state"),
        Index("ix_linked_group_version_timeline", "group_key", "valid_from", "revision_id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_key: Mapped[str] = mapped_column(String(80))
    decision_id: Mapped[int] = mapped_column(ForeignKey("decision.id"), index=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("catalogue_revision.id"), index=True)
    valid_from: Mapped[dt.date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(Text)
    record: Mapped[dict[str, Any]] = mapped_column(JSONDoc)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


append_only(Designation)
append_only(LinkedGroupVersion)
