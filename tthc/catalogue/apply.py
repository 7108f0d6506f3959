"""Applying a decision: the only way the catalogue changes. All or nothing, one revision per decision."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..audit import record_event
from ..decisions.models import Decision, DecisionEntry
from ..records import merge_partial, normalize_record
from ..text import sort_key
from .models import CatalogueRevision, Procedure, ProcedureVersion
from .queries import latest_version

PROVISIONAL_PREFIX = "TAM-"


class DecisionConflict(Exception):
    """The decision cannot be applied; `problems` name each offending entry, in Vietnamese."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class PlannedVersion:
    """One version that applying an entry will write."""
    code: str
    state: str  # "in_force" or "abolished"
    record: dict[str, Any]
    before: ProcedureVersion | None  # the version in force that this one follows, if any
    replaced_by_code: str | None = None


@dataclass
class PlannedEntry:
    entry: DecisionEntry
    versions: list[PlannedVersion] = field(default_factory=list)


@dataclass
class Plan:
    decision: Decision
    effective_date: dt.date
    entries: list[PlannedEntry]
    problems: list[str]


def entry_label(entry: DecisionEntry) -> str:
    code = entry.code or "(chưa có mã)"
    name = (entry.record or {}).get("name", "")
    return f"Mục {entry.position + 1} ({entry.action_label.lower()} {code}{' – ' + name[:60] if name else ''})"


def _baseline_state(session: Session, decision: Decision) -> tuple[dt.date, int | None]:
    """The catalogue a decision is compared with: as it stood just before the decision took effect,
    so the answer is the same before and after the decision is applied."""
    effective = decision.effective_date or dt.date.today()
    revision = session.scalar(select(CatalogueRevision.id).where(CatalogueRevision.decision_id == decision.id))
    return effective, (revision - 1 if revision else None)


def plan_decision(session: Session, decision: Decision) -> Plan:
    """What applying `decision` would write, and every conflict that forbids it."""
    effective, at_revision = _baseline_state(session, decision)
    problems: list[str] = []
    planned: list[PlannedEntry] = []
    touched: dict[str, str] = {}

    def in_force(code: str) -> ProcedureVersion | None:
        version = latest_version(session, code, effective, at_revision)
        return version if version is not None and version.state == "in_force" else None

    def claim(code: str, label: str) -> None:
        if code in touched:
            problems.append(f"{label}: mã {code} đã có ở {touched[code]}; một quyết định chỉ được có một mục cho mỗi thủ tục.")
        else:
            touched[code] = label

    for entry in sorted(decision.entries, key=lambda e: e.position):
        label = entry_label(entry)
        plan = PlannedEntry(entry)
        planned.append(plan)
        partial = entry.record or {}
        if entry.action == "new":
            if entry.code:
                claim(entry.code, label)
                if in_force(entry.code) is not None:
                    problems.append(f"{label}: mã {entry.code} đã có trong danh mục đang có hiệu lực; dùng «sửa đổi, bổ sung» hoặc «thay thế».")
                    continue
            record = normalize_record({**partial, "code": entry.code or ""})
            plan.versions.append(PlannedVersion(entry.code or "", "in_force", record, None))
            continue

        target = entry.replaces_code if entry.action == "replaced" and entry.replaces_code else entry.code
        if not target:
            problems.append(f"{label}: thiếu mã thủ tục cần {entry.action_label.lower()}.")
            continue
        claim(target, label)
        current = in_force(target)
        if current is None:
            problems.append(f"{label}: mã {target} không có trong danh mục đang có hiệu lực ngày {effective:%d/%m/%Y}.")
            continue
        if entry.action == "amended":
            record = merge_partial(current.record, partial)
            record["code"] = target
            plan.versions.append(PlannedVersion(target, "in_force", record, current))
        elif entry.action == "abolished":
            plan.versions.append(PlannedVersion(target, "abolished", current.record, current))
        else:  # replaced
            new_code = entry.code or target
            record = merge_partial(current.record, partial)
            record["code"] = new_code
            if new_code == target:
                plan.versions.append(PlannedVersion(target, "in_force", record, current))
            else:
                claim(new_code, label)
                if in_force(new_code) is not None:
                    problems.append(f"{label}: mã mới {new_code} đã có trong danh mục đang có hiệu lực.")
                    continue
                plan.versions.append(PlannedVersion(target, "abolished", current.record, current, new_code))
                plan.versions.append(PlannedVersion(new_code, "in_force", record, None))

    problems.extend(_later_changes(session, planned, effective))
    from .designations import list_problems  # list entries and linked groups the decision carries
    problems.extend(list_problems(session, decision))
    return Plan(decision, effective, planned, problems)


def _later_changes(session: Session, planned: list[PlannedEntry], effective: dt.date) -> list[str]:
    """A decision may not slip in under a change that already takes effect later."""
    codes = {v.code for p in planned for v in p.versions if v.code}
    if not codes:
        return []
    later = session.execute(
        select(Procedure.code, func.max(ProcedureVersion.valid_from)).join(ProcedureVersion)
        .where(Procedure.code.in_(codes), ProcedureVersion.valid_from > effective)
        .group_by(Procedure.code)).all()
    return [f"Mã {code}: đã có thay đổi có hiệu lực từ {date:%d/%m/%Y}, sau ngày hiệu lực của quyết định này."
            for code, date in later]


def next_provisional_code(session: Session) -> str:
    """A visibly provisional code (TAM-000001) for a new procedure the decision gave no code."""
    existing = session.scalars(select(Procedure.code).where(Procedure.code.like(f"{PROVISIONAL_PREFIX}%"))).all()
    numbers = [int(c[len(PROVISIONAL_PREFIX):]) for c in existing if c[len(PROVISIONAL_PREFIX):].isdigit()]
    return f"{PROVISIONAL_PREFIX}{max(numbers, default=0) + 1:06d}"


def apply_decision(session: Session, decision: Decision, *, user=None, actor: str = "") -> CatalogueRevision:
    """Apply a signed decision: one new revision, the versions its entries describe, nothing else.

    Raises DecisionConflict (and writes nothing) when any entry conflicts with the catalogue.
    The caller owns the transaction; on any exception it must roll back.
    """
    if decision.status != "signed":
        raise DecisionConflict([f"Quyết định {decision.number or decision.id} chưa được ký ban hành (trạng thái: {decision.status_label})."])
    if decision.effective_date is None:
        raise DecisionConflict([f"Quyết định {decision.number or decision.id} chưa có ngày hiệu lực."])
    plan = plan_decision(session, decision)
    if plan.problems:
        raise DecisionConflict(plan.problems)

    revision = CatalogueRevision(decision=decision, effective_date=plan.effective_date)
    session.add(revision)
    session.flush()
    for planned in plan.entries:
        for version in planned.versions:
            code = version.code
            if not code:
                code = next_provisional_code(session)
                planned.entry.code = code
            _write_version(session, revision, planned.entry, version, code)
    from .designations import apply_lists
    apply_lists(session, revision, decision)
    decision.status = "in_force"
    record_event(session, "decision.apply", "decision", decision.id, user=user, actor=actor,
                 detail={"revision": revision.id, "number": decision.number,
                         "effective_date": plan.effective_date.isoformat(),
                         "versions": sum(len(p.versions) for p in plan.entries)})
    session.flush()
    return revision


def _write_version(session: Session, revision: CatalogueRevision, entry: DecisionEntry,
                   planned: PlannedVersion, code: str) -> ProcedureVersion:
    procedure = session.scalar(select(Procedure).where(Procedure.code == code))
    if procedure is None:
        procedure = Procedure(code=code, provisional=code.startswith(PROVISIONAL_PREFIX))
        session.add(procedure)
        session.flush()
    record = dict(planned.record, code=code)
    executing = record.get("agencies", {}).get("executing") or [""]
    version = ProcedureVersion(
        procedure=procedure, revision_id=revision.id, entry_id=entry.id,
        valid_from=revision.effective_date, state=planned.state, code=code,
        name=record.get("name", ""), sort_key=sort_key(record.get("name", "")),
        level=record.get("level", ""), sector=record.get("sector", ""), agency=executing[0],
        replaced_by_code=planned.replaced_by_code, record=record)
    session.add(version)
    return version
