"""Applying a decision: the only way the catalogue changes. All or nothing, one revision per decision."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import problems as codes
from ..audit import record_event
from ..models.catalogue import CatalogueRevision, Procedure, ProcedureVersion, VersionState
from ..models.decisions import Decision, DecisionEntry, DecisionStatus, EntryAction
from ..problems import DomainError, Problem
from ..records import merge_partial, normalize_record
from ..text import sort_key
from .queries import latest_version, latest_versions

PROVISIONAL_PREFIX = "TAM-"


class DecisionConflict(DomainError):
    """The decision cannot be applied; `problems` (Problem objects) name each offending entry."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.message for p in problems), problems)


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
    problems: list[Problem]


def entry_label(entry: DecisionEntry) -> str:
    code = entry.code or "(chưa có mã)"
    name = (entry.record or {}).get("name", "")
    return f"Mục {entry.position + 1} ({entry.action_label.lower()} {code}{' – ' + name[:60] if name else ''})"


def state_before(session: Session, decision: Decision) -> tuple[dt.date, int | None]:
    """The catalogue a decision is compared with: as it stood just before the decision took effect,
    so the answer is the same before and after the decision is applied."""
    effective = decision.effective_date or dt.date.today()
    revision = session.scalar(select(CatalogueRevision.id).where(CatalogueRevision.decision_id == decision.id))
    return effective, (revision - 1 if revision else None)


def plan_decision(session: Session, decision: Decision) -> Plan:
    """What applying `decision` would write, and every conflict that forbids it."""
    effective, at_revision = state_before(session, decision)
    problems: list[Problem] = []
    planned: list[PlannedEntry] = []
    touched: dict[str, str] = {}

    # Every code the entries name, read at once: the baseline decision names 3,065.
    named = {c for e in decision.entries for c in (e.code, e.replaces_code) if c}
    known = latest_versions(session, named, effective, at_revision)

    def in_force(code: str) -> ProcedureVersion | None:
        version = known.get(code) if code in named else latest_version(session, code, effective, at_revision)
        return version if version is not None and version.state == VersionState.IN_FORCE else None

    def conflict(entry: DecisionEntry, field: str, code: str, message: str) -> None:
        problems.append(Problem(field, f"{entry_label(entry)}: {message}", code=code, entry_id=entry.id))

    def claim(entry: DecisionEntry, code: str, field: str) -> None:
        if code in touched:
            conflict(
                entry,
                field,
                codes.DUPLICATE_CODE,
                f"mã {code} đã có ở {touched[code]}; một quyết định chỉ được có một mục cho mỗi thủ tục.",
            )
        else:
            touched[code] = entry_label(entry)

    for entry in sorted(decision.entries, key=lambda e: e.position):
        plan = PlannedEntry(entry)
        planned.append(plan)
        partial = entry.record or {}
        if entry.action == EntryAction.NEW:
            if entry.code:
                claim(entry, entry.code, "code")
                if in_force(entry.code) is not None:
                    conflict(
                        entry,
                        "code",
                        codes.CODE_IN_FORCE,
                        f"mã {entry.code} đã có trong danh mục đang có hiệu lực; "
                        "dùng «sửa đổi, bổ sung» hoặc «thay thế».",
                    )
                    continue
            record = normalize_record({**partial, "code": entry.code or ""})
            plan.versions.append(PlannedVersion(entry.code or "", "in_force", record, None))
            continue

        replacing = entry.action == EntryAction.REPLACED and bool(entry.replaces_code)
        target = entry.replaces_code if replacing else entry.code
        target_field = "replaces_code" if replacing else "code"
        if not target:
            conflict(entry, target_field, codes.CODE_MISSING, f"thiếu mã thủ tục cần {entry.action_label.lower()}.")
            continue
        claim(entry, target, target_field)
        current = in_force(target)
        if current is None:
            conflict(
                entry,
                target_field,
                codes.CODE_NOT_IN_FORCE,
                f"mã {target} không có trong danh mục đang có hiệu lực ngày {effective:%d/%m/%Y}.",
            )
            continue
        if entry.action == EntryAction.AMENDED:
            record = merge_partial(current.record, partial)
            record["code"] = target
            plan.versions.append(PlannedVersion(target, "in_force", record, current))
        elif entry.action == EntryAction.ABOLISHED:
            plan.versions.append(PlannedVersion(target, "abolished", current.record, current))
        else:  # replaced
            new_code = entry.code or target
            record = merge_partial(current.record, partial)
            record["code"] = new_code
            if new_code == target:
                plan.versions.append(PlannedVersion(target, "in_force", record, current))
            else:
                claim(entry, new_code, "code")
                if in_force(new_code) is not None:
                    conflict(
                        entry,
                        "code",
                        codes.NEW_CODE_IN_FORCE,
                        f"mã mới {new_code} đã có trong danh mục đang có hiệu lực.",
                    )
                    continue
                plan.versions.append(PlannedVersion(target, "abolished", current.record, current, new_code))
                plan.versions.append(PlannedVersion(new_code, "in_force", record, None))

    problems.extend(_later_changes(session, planned, effective))
    from .designations import list_problems  # list entries and linked groups the decision carries

    problems.extend(Problem("", message, code=codes.LIST_CONFLICT) for message in list_problems(session, decision))
    return Plan(decision, effective, planned, problems)


def _later_changes(session: Session, planned: list[PlannedEntry], effective: dt.date) -> list[Problem]:
    """A decision may not slip in under a change that already takes effect later. The problem belongs to
    the entry that writes the code, on the field that names it."""
    owners: dict[str, tuple[DecisionEntry, str]] = {}
    for p in planned:
        for v in p.versions:
            if v.code and v.code not in owners:
                named_by_replaces = p.entry.action == EntryAction.REPLACED and v.code == p.entry.replaces_code
                owners[v.code] = (p.entry, "replaces_code" if named_by_replaces else "code")
    if not owners:
        return []
    later = session.execute(
        select(Procedure.code, func.max(ProcedureVersion.valid_from))
        .join(ProcedureVersion)
        .where(Procedure.code.in_(owners), ProcedureVersion.valid_from > effective)
        .group_by(Procedure.code)
    ).all()
    return [
        Problem(
            owners[code][1],
            f"Mã {code}: đã có thay đổi có hiệu lực từ {date:%d/%m/%Y}, sau ngày hiệu lực của quyết định này.",
            code=codes.SLIPS_UNDER_LATER_CHANGE,
            entry_id=owners[code][0].id,
        )
        for code, date in later
    ]


def next_provisional_code(session: Session) -> str:
    """A visibly provisional code (TAM-000001) for a new procedure the decision gave no code."""
    existing = session.scalars(select(Procedure.code).where(Procedure.code.like(f"{PROVISIONAL_PREFIX}%"))).all()
    numbers = [int(c[len(PROVISIONAL_PREFIX) :]) for c in existing if c[len(PROVISIONAL_PREFIX) :].isdigit()]
    return f"{PROVISIONAL_PREFIX}{max(numbers, default=0) + 1:06d}"


def apply_decision(session: Session, decision: Decision, *, user=None, actor: str = "") -> CatalogueRevision:
    """Apply a signed decision: one new revision, the versions its entries describe, nothing else.

    Raises DecisionConflict (and writes nothing) when any entry conflicts with the catalogue.
    The caller owns the transaction; on any exception it must roll back.
    """
    if decision.status != DecisionStatus.SIGNED:
        raise DecisionConflict(
            [
                Problem(
                    "status",
                    f"Quyết định {decision.number or decision.id} chưa được ký ban hành "
                    f"(trạng thái: {decision.status_label}).",
                    code=codes.NOT_SIGNED,
                )
            ]
        )
    if decision.effective_date is None:
        raise DecisionConflict(
            [
                Problem(
                    "effective_date",
                    f"Quyết định {decision.number or decision.id} chưa có ngày hiệu lực.",
                    code=codes.NO_EFFECTIVE_DATE,
                )
            ]
        )
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
    decision.status = DecisionStatus.IN_FORCE
    record_event(
        session,
        "decision.apply",
        "decision",
        decision.id,
        user=user,
        actor=actor,
        detail={
            "revision": revision.id,
            "number": decision.number,
            "effective_date": plan.effective_date.isoformat(),
            "versions": sum(len(p.versions) for p in plan.entries),
        },
    )
    session.flush()
    return revision


def _write_version(
    session: Session, revision: CatalogueRevision, entry: DecisionEntry, planned: PlannedVersion, code: str
) -> ProcedureVersion:
    procedure = session.scalar(select(Procedure).where(Procedure.code == code))
    if procedure is None:
        procedure = Procedure(code=code, provisional=code.startswith(PROVISIONAL_PREFIX))
        session.add(procedure)
        session.flush()
    record = dict(planned.record, code=code)
    executing = record.get("agencies", {}).get("executing") or [""]
    version = ProcedureVersion(
        procedure=procedure,
        revision_id=revision.id,
        entry_id=entry.id,
        valid_from=revision.effective_date,
        state=planned.state,
        code=code,
        name=record.get("name", ""),
        sort_key=sort_key(record.get("name", "")),
        level=record.get("level", ""),
        sector=record.get("sector", ""),
        agency=executing[0],
        replaced_by_code=planned.replaced_by_code,
        record=record,
    )
    session.add(version)
    return version
