"""One procedure on a date as plain data: what the public page (`/thu-tuc/<code>`) and the JSON API
(`/api/v1/procedures/<code>`) both show, assembled once so that both doors say the same facts.

`procedure_view(session, code, on_date)` reads the procedure's history, the version in force (or
abolished) on the date, a procedure a signed decision will bring into force, the changes already
announced, where and how it is received (designations), the linked groups it belongs to, its form
files, the life events it is a step of, and what its record gives, says "none" of or leaves not
recorded. Everything in the answer is frozen dataclasses, tuples, dicts and dates: nothing refers to
the session that read it. What the whole catalogue shares (the agency register, designations and
linked groups on a date, the entries with form files) is read through `memo`, which a door keys on
the catalogue state (`tthc.web.caching.per_state`); without one, each is read from the session."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from .catalogue.agencies import UnmappedText, agencies_by_role, load_register
from .catalogue.designations import designation_state, groups_of, linked_groups_on, procedure_designations
from .catalogue.queries import catalogue_rows, history, source_decision_number, version_on
from .decisions.effect import announced_version
from .decisions.form_files import entries_with_forms, version_forms
from .diff.catalogue import pending_entries
from .models.catalogue import VersionState
from .records.presence import OnlineAvailability, online_availability, presence_summary
from .search.events import Event, base_code

# memo(name, compute, *key) → compute()'s answer, kept by the caller per catalogue state and key.
Memo = Callable[..., Any]


def read_now(name: str, compute: Callable[[], Any], *key: Any) -> Any:  # noqa: ARG001  (a Memo that keeps nothing)
    return compute()


@dataclass(frozen=True)
class DecisionRef:
    """A decision as a procedure's page names it."""

    id: int
    number: str
    title: str
    issuer: str
    kind: str
    effective_date: dt.date | None


@dataclass(frozen=True)
class EntryRef:
    """The decision entry a version came from: its action and its decision (named as on the ORM entry,
    so templates shared with the history pages read both)."""

    action: str
    decision: DecisionRef


@dataclass(frozen=True)
class VersionView:
    id: int
    code: str
    valid_from: dt.date
    state: str
    revision_id: int
    replaced_by_code: str | None
    entry: EntryRef


@dataclass(frozen=True)
class AgencyRole:
    """A register agency with the role the record gives it (tthc.catalogue.agencies.agencies_by_role)."""

    id: int
    name: str
    short_name: str
    level: str
    role: str


@dataclass(frozen=True)
class RecordFacts:
    """What is said of a record beside its data: which parts are given, "none" or not recorded
    (records.presence), its online availability (designations included), its agencies by role."""

    presence: dict[str, Any]
    online: OnlineAvailability
    agencies: tuple[AgencyRole, ...]
    agencies_unmapped: tuple[UnmappedText, ...]

    @property
    def not_recorded_text(self) -> str:
        return self.presence["not_recorded_text"]


@dataclass(frozen=True)
class Announced:
    """The version a signed decision, not yet in force, will bring (a new procedure or a new content)."""

    decision: DecisionRef
    record: dict[str, Any]
    facts: RecordFacts


@dataclass(frozen=True)
class PendingChange:
    """A signed decision not yet in force that will change the procedure (amend, replace, abolish)."""

    action: str
    decision: DecisionRef


@dataclass(frozen=True)
class FormFileRef:
    """A form file (mẫu đơn, tờ khai) of the version shown, as the page links it (/mau-don/<id>/<filename>)."""

    id: int
    filename: str
    title: str
    extension: str
    size: int
    size_label: str  # "35 KB", "1.2 MB" (tthc.models.decisions.FormFile.size_label)


@dataclass(frozen=True)
class ProcedureView:
    code: str
    on_date: dt.date | None  # the date asked for; None: today
    day: dt.date  # the date the answer is about
    versions: tuple[VersionView, ...]  # oldest first
    version: VersionView | None  # in force or abolished on the day; None: not yet in the catalogue
    record: dict[str, Any] | None  # the version's record, else the announced one
    facts: RecordFacts | None  # of `record`
    announced: Announced | None  # only when asked about today
    pending: tuple[PendingChange, ...]
    designations: tuple[dict[str, Any], ...]  # {"designation", "label", "where"[, "not_received"]}
    linked_groups: tuple[Any, ...]  # tthc.catalogue.designations.LinkedGroup
    member_names: dict[str, str]  # code → name of the groups' members in force
    form_files: tuple[FormFileRef, ...]
    life_events: tuple[Event, ...]

    @property
    def version_record(self) -> dict[str, Any] | None:
        """The record of the version on the day (None for a procedure only announced)."""
        return self.record if self.version is not None else None


def _decision(decision) -> DecisionRef:
    return DecisionRef(
        decision.id, decision.number, decision.title, decision.issuer, decision.kind, decision.effective_date
    )


def _version(version) -> VersionView:
    entry = version.entry
    return VersionView(
        version.id,
        version.code,
        version.valid_from,
        version.state,
        version.revision_id,
        version.replaced_by_code,
        EntryRef(entry.action, _decision(entry.decision)),
    )


def record_facts(register, record: dict[str, Any], decision_number: str, listed: set[str]) -> RecordFacts:
    """The facts of one record; `listed`: the designation names listed for the procedure on the day."""
    named, unmapped = agencies_by_role(register, record)
    return RecordFacts(
        presence=presence_summary(record, decision_number),
        online=online_availability(record, listed),
        agencies=tuple(
            AgencyRole(a.agency.id, a.agency.name, a.agency.short_name, a.agency.level, a.role) for a in named
        ),
        agencies_unmapped=tuple(unmapped),
    )


def procedure_view(
    session: Session,
    code: str,
    on_date: dt.date | None = None,
    *,
    today: dt.date | None = None,
    announced_possible: bool = True,
    events: Sequence[Event] = (),
    memo: Memo = read_now,
) -> ProcedureView | None:
    """The procedure `code` on `on_date` (today when None), or None when there is no such procedure
    (no version, nothing announced). `announced_possible=False` skips looking for announced decisions
    (a door that knows none is signed); `events`: the life events in force (those the procedure is a
    step of are kept)."""
    today = today or dt.date.today()
    day = on_date or today
    rows = history(session, code)
    current = version_on(rows, day)
    found = announced_version(session, code, today) if on_date is None and announced_possible else None
    if not rows and found is None:
        return None
    in_force = current if current is not None and current.state == VersionState.IN_FORCE else None
    listed_state = memo("designations", lambda: designation_state(session, day), day)
    designations = procedure_designations(session, code, day, listed_state, version=in_force)
    listed = {d["designation"] for d in designations}
    register = memo("agency register", lambda: load_register(session))
    announced = None
    if found is not None:
        decision, planned = found
        announced = Announced(
            _decision(decision), planned.record, record_facts(register, planned.record, decision.number, listed)
        )
    record: dict[str, Any] | None
    facts: RecordFacts | None
    if current is not None:
        record = current.record
        facts = record_facts(register, current.record, source_decision_number(current), listed)
    else:
        record = announced.record if announced else None
        facts = announced.facts if announced else None
    groups = groups_of(session, code, day, memo("groups", lambda: linked_groups_on(session, day), day))
    members = {m["code"] for g in groups for m in g.record["members"]}
    member_names = {v.code: v.name for v in catalogue_rows(session, day, codes=members)} if members else {}
    forms = version_forms(session, rows, in_force, memo("form_entries", lambda: entries_with_forms(session)))
    pending = pending_entries(session, code) if announced_possible else []
    national = base_code(code)
    return ProcedureView(
        code=code,
        on_date=on_date,
        day=day,
        versions=tuple(_version(v) for v in rows),
        version=_version(current) if current is not None else None,
        record=record,
        facts=facts,
        announced=announced,
        pending=tuple(PendingChange(e.action, _decision(e.decision)) for e in pending),
        designations=tuple(designations),
        linked_groups=tuple(groups),
        member_names=member_names,
        form_files=tuple(FormFileRef(f.id, f.filename, f.title, f.extension, f.size, f.size_label) for f in forms),
        life_events=tuple(e for e in events if national in e.codes),
    )
