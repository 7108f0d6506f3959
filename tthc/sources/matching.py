"""What a source means for this authority: each entry matched to the catalogue in force and classified
(`for_us`: new, amend, abolish, in_step, not_our_level). No Flask.

Matching: by national code (province suffixes such as ".000.00.00.H29" stripped on both sides), else by
folded names equal. A near name (similar, not equal) is a doubt shown to staff, never a match, until a
person confirms it (`SourceEntry.confirmed_code`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..catalogue.queries import catalogue_query
from ..models.catalogue import ProcedureVersion as PV
from ..models.decisions import DecisionStatus, EntryAction
from ..models.sources import EntryClass, Source, SourceEntry, SourceEntryState
from ..records import normalize_record
from ..records.diff import diff_records
from ..records.merge import merge_partial
from ..records.word_diff import similarity
from ..text import fold, words
from .deadline import announce_by, days_left

FOR_US_LABELS = {
    "new": "Mới đối với tỉnh",
    "amend": "Đã có: cần sửa đổi",
    "abolish": "Đã có: cần bãi bỏ",
    "in_step": "Đã khớp",
    "not_our_level": "Không thuộc cấp của tỉnh",
}
# The parts a source's content is compared on. Agencies, place and service points are the province's own
# (it adapts them); level and sector decide the class, not a difference.
CONTENT_FIELDS = (
    "steps",
    "methods",
    "dossier",
    "applicants",
    "requirements",
    "results",
    "legal_basis",
    "forms",
    "fee",
    "time_limit",
)
COMPARED_FIELDS = ("name", *CONTENT_FIELDS)
ANNOUNCED = (DecisionStatus.SIGNED, DecisionStatus.IN_FORCE)  # the province's decision is issued
NEAR_NAME = 0.8  # word similarity from which a name is a doubt to confirm
_BASE_CODE_RE = re.compile(r"^\s*(\d{1,2}\.\d{6})(?![\d])")


def is_national(code: str | None) -> bool:
    """A code of the national database's shape ("1.000494", localised or not); a provisional
    ("TAM-000001") or mistyped code is not one."""
    return bool(_BASE_CODE_RE.match(code or ""))


def base_code(code: str | None) -> str:
    """The national code inside a localised one ("1.000494.000.00.00.H29" → "1.000494"); any other code
    as written (a provisional or mistyped code reduces to nothing national)."""
    code = (code or "").strip()
    match = _BASE_CODE_RE.match(code)
    return match.group(1) if match else code


def parse_levels(setting: str | list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    if isinstance(setting, list | tuple):
        return tuple(setting)
    return tuple(part.strip() for part in (setting or "tinh,xa").split(",") if part.strip())


@dataclass
class Held:
    code: str
    name: str
    level: str
    record: dict[str, Any]
    version_id: int = 0


def held_versions(session: Session, on_date: dt.date | None = None, *, records: bool = True) -> list[Held]:
    """The catalogue in force as plain rows (no ORM objects: a 3,000-procedure catalogue is read often);
    without `records`, the records are left to `load_records` for the few that need them."""
    if records:
        query = catalogue_query(on_date).with_only_columns(PV.code, PV.name, PV.level, PV.record, PV.id)
        return [Held(code, name, level, record, id_) for code, name, level, record, id_ in session.execute(query)]
    light = catalogue_query(on_date).with_only_columns(PV.code, PV.name, PV.level, PV.id)
    return [Held(code, name, level, {}, id_) for code, name, level, id_ in session.execute(light)]


def load_records(session: Session, held: list[Held]) -> dict[int, dict[str, Any]]:
    """{version id: record} of these versions (those a source's content is compared with)."""
    ids = sorted({h.version_id for h in held})
    records: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), 900):  # SQLite's bound-parameter limit
        records.update(
            {i: r for i, r in session.execute(select(PV.id, PV.record).where(PV.id.in_(ids[start : start + 900])))}
        )
    return records


NEAR_KEPT = 4096  # near-name answers a catalogue keeps (names of sources' entries); then forgotten at once


@dataclass
class Catalogue:
    """The catalogue in force, indexed for matching: plain data, never changed once loaded (the records
    of the procedures an entry matches are read apart, `load_records`), so one catalogue state's index
    may be shared by every request (tthc.web.caching.per_state) with the near-name answers it found."""

    by_code: dict[str, Held]
    by_name: dict[str, list[Held]]  # a name may be held several times (at two levels, or twice)
    word_sets: list[tuple[frozenset[str], Held]]
    postings: dict[str, list[int]]  # word → positions in word_sets
    folded: list[str] = field(default_factory=list)  # fold(name) by position in word_sets
    _near: dict[tuple[str, int], list[tuple[Held, float]]] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def load(cls, session: Session, on_date: dt.date | None = None) -> Catalogue:
        held = held_versions(session, on_date, records=False)
        word_sets = [(frozenset(words(h.name)), h) for h in held]
        postings: dict[str, list[int]] = {}
        for position, (names, _) in enumerate(word_sets):
            for word in names:
                postings.setdefault(word, []).append(position)
        folded = [fold(h.name) for h in held]
        by_name: dict[str, list[Held]] = {}
        for h, name in zip(held, folded, strict=True):
            by_name.setdefault(name, []).append(h)
        return cls(
            by_code={base_code(h.code): h for h in held},
            by_name=by_name,
            word_sets=word_sets,
            postings=postings,
            folded=folded,
        )

    def _candidates(self, mine: frozenset[str]) -> dict[int, int]:
        """{position: how many words it shares with `mine`} of the names that may share at least half of
        `mine`'s words: those must hold one of its len - half + 1 rarest words (pigeonhole)."""
        rarest = sorted(mine, key=lambda w: len(self.postings.get(w, ())))
        needed = len(mine) - (len(mine) + 1) // 2 + 1
        possible = {p for word in rarest[:needed] for p in self.postings.get(word, ())}
        shared: Counter[int] = Counter()
        for word in mine:
            shared.update(self.postings.get(word, ()))
        return {p: shared[p] for p in possible}  # the set's order: ties keep the order they always had

    def same_name(self, name: str, level: str = "") -> list[Held]:
        """The procedures held under this folded name, at the entry's level (or of no recorded level)
        when it gives one."""
        held = self.by_name.get(fold(name), []) if name else []
        return [h for h in held if h.level in (level, "")] if level else held

    def find(self, code: str | None, name: str, level: str = "") -> Held | None:
        """By national code; an entry without one (or with a code that is not national) by its folded
        name, only when exactly one procedure of its level holds that name. A national code we do not
        hold is no match, whatever the name: names repeat under distinct codes."""
        if code and base_code(code) in self.by_code:
            return self.by_code[base_code(code)]
        if is_national(code):
            return None
        alike = self.same_name(name, level)
        return alike[0] if len(alike) == 1 else None

    def near(self, name: str, limit: int = 3) -> list[tuple[Held, float]]:
        """Procedures whose names are equal (held under another code, or several times) or similar:
        candidates for staff, never matches. Kept per name: the catalogue never changes."""
        kept = self._near.get((name, limit))
        if kept is None:
            if len(self._near) >= NEAR_KEPT:
                self._near.clear()
            kept = self._near[(name, limit)] = self._find_near(name, limit)
        return list(kept)

    def _find_near(self, name: str, limit: int) -> list[tuple[Held, float]]:
        mine = frozenset(words(name))
        if not mine:
            return []
        folded = fold(name)
        equal = [(h, 1.0) for h in self.by_name.get(folded, [])]
        found = []
        for position, shared in self._candidates(mine).items():
            theirs, held = self.word_sets[position]
            if shared * 2 < len(mine) or shared / (len(mine) + len(theirs) - shared) < 0.5:
                continue  # cheap filter before the word-order similarity
            their_name = self.folded[position]
            if their_name == folded:
                continue
            score = similarity(folded, their_name)
            if score >= NEAR_NAME:
                found.append((held, score))
        return equal + sorted(found, key=lambda pair: -pair[1])[:limit]


@dataclass
class EntryMeaning:
    entry: SourceEntry
    for_us: str
    procedure: Held | None
    changes: list[dict[str, Any]] = field(default_factory=list)
    near: list[tuple[Held, float]] = field(default_factory=list)
    replaced: dict[str, Any] | None = None  # {"code", "for_us", "procedure"} for a replaced entry
    level: str = ""
    state: str = EntryClass.PENDING

    @property
    def label(self) -> str:
        return FOR_US_LABELS[self.for_us]

    def as_dict(self) -> dict[str, Any]:
        e = self.entry
        return {
            "id": e.id,
            "action": e.action,
            "code": e.code,
            "name": e.name,
            "level": self.level or e.level,
            "sector": e.sector,
            "for_us": self.for_us,
            "procedure": self.procedure.code if self.procedure else None,
            "state": self.state,
            "reason": e.reason,
            "decision": e.decision_id,
            "replaced": self.replaced,
            "changes": [{"field": c["field"], "label": c.get("label", c["field"])} for c in self.changes],
            "doubts": [{"code": h.code, "name": h.name, "similarity": round(s, 2)} for h, s in self.near],
        }


def given_content(record: dict[str, Any]) -> dict[str, Any]:
    """The content parts a source entry gives (an empty part is "not given", never "none")."""
    return {k: record[k] for k in CONTENT_FIELDS if record.get(k) not in (None, "", [], {})}


def content_changes(held: dict[str, Any], source_record: dict[str, Any]) -> list[dict[str, Any]] | None:
    """The field-level differences (tthc.records.diff, word by word) between what we hold and what the source gives;
    None when the source gives no content to compare."""
    given = given_content(normalize_record(source_record))
    if not given:
        return None
    if source_record.get("name"):
        given["name"] = source_record["name"]
    merged = merge_partial(held, given)
    return [c for c in diff_records(held, merged) if c["field"] in COMPARED_FIELDS]


def _held(entry: SourceEntry, catalogue: Catalogue) -> Held | None:
    confirmed = catalogue.by_code.get(base_code(entry.confirmed_code)) if entry.confirmed_code else None
    return confirmed or catalogue.find(entry.code, entry.name, entry.level)


def classify(
    entry: SourceEntry,
    catalogue: Catalogue,
    levels: tuple[str, ...],
    records: Mapping[int, dict[str, Any]] | None = None,
) -> EntryMeaning:
    """The entry's class; `records`: the records of the procedures it may match (load_records), by version
    id. The meaning's procedure is a copy of the catalogue's row with its record: the catalogue stays as
    loaded."""
    held = _held(entry, catalogue)
    if held is not None and records is not None and held.version_id in records:
        held = replace(held, record=records[held.version_id])
    level = entry.level or (held.level if held else "")
    replaced = base_code(entry.replaces_code) if entry.action == EntryAction.REPLACED and entry.replaces_code else ""
    if held is not None and replaced and base_code(held.code) == replaced and base_code(entry.code) != replaced:
        held = None  # named as the procedure it replaces: that one is abolished, the replacement is another
    if level and level not in levels:
        return EntryMeaning(entry, "not_our_level", held, level=level, state=EntryClass.NOT_OUR_LEVEL)
    meaning = EntryMeaning(entry, "new", held, level=level)
    if held is None and entry.confirmed_code is None:
        meaning.near = [(h, score) for h, score in catalogue.near(entry.name) if base_code(h.code) != replaced]
    if entry.action == EntryAction.ABOLISHED:
        meaning.for_us = "abolish" if held else "in_step"
    elif held is not None:
        changes = content_changes(held.record, entry.record or {})
        meaning.for_us = "amend" if changes else "in_step"
        meaning.changes = changes or []
    if entry.action == EntryAction.REPLACED and entry.replaces_code:
        old = catalogue.find(entry.replaces_code, "")
        meaning.replaced = {
            "code": entry.replaces_code,
            "for_us": "abolish" if old else "in_step",
            "procedure": old.code if old else None,
        }
    meaning.state = _state(meaning)
    return meaning


def _state(meaning: EntryMeaning) -> str:
    entry = meaning.entry
    replaced_pending = bool(meaning.replaced and meaning.replaced["for_us"] == "abolish")
    if meaning.for_us == "in_step" and not replaced_pending:
        return EntryClass.DONE
    if entry.decision is not None and entry.decision.status == DecisionStatus.IN_FORCE:
        return EntryClass.DONE
    return EntryClass.NOT_APPLIED if entry.state == SourceEntryState.NOT_APPLIED else EntryClass.PENDING


@dataclass
class SourceMeaning:
    source: Source
    entries: list[EntryMeaning]
    levels: tuple[str, ...]
    deadline: dt.date | None
    days_left: int | None

    @property
    def ours(self) -> list[EntryMeaning]:
        return [m for m in self.entries if m.for_us != "not_our_level"]

    @property
    def others(self) -> list[EntryMeaning]:
        return [m for m in self.entries if m.for_us == "not_our_level"]

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {state: 0 for state in (EntryClass.DONE, EntryClass.PENDING, EntryClass.NOT_APPLIED)}
        for m in self.ours:
            counts[m.state] += 1
        return counts

    def unannounced(self) -> list[EntryMeaning]:
        """Pending entries no signed decision of the province covers yet (once signed, an entry is
        announced; it shows done when the decision takes effect)."""
        return [
            m
            for m in self.ours
            if m.state == EntryClass.PENDING
            and (
                m.entry.decision is None or m.entry.decision.status not in ANNOUNCED or not m.entry.decision.signed_date
            )
        ]

    @property
    def announced(self) -> dt.date | None:
        """When the province announced what the source asks of it: the latest signature of the decisions
        covering its entries, once none is left unannounced (None before, or when nothing was drafted)."""
        dates = [
            m.entry.decision.signed_date
            for m in self.ours
            if m.entry.decision is not None
            and m.entry.decision.status in ANNOUNCED
            and m.entry.decision.signed_date is not None
        ]
        return max(dates) if dates and not self.unannounced() else None

    @property
    def announced_days_late(self) -> int | None:
        """Calendar days between the deadline and the announcement: negative when announced early."""
        announced = self.announced
        return (announced - self.deadline).days if announced and self.deadline else None

    @property
    def late(self) -> bool:
        """Past the deadline with entries still to announce."""
        return self.days_left is not None and self.days_left < 0 and bool(self.unannounced())

    def as_dict(self) -> dict[str, Any]:
        s = self.source
        return {
            "source": {
                "id": s.id,
                "number": s.number,
                "date": s.date.isoformat() if s.date else None,
                "issuer": s.issuer,
                "title": s.title,
                "effective_date": s.effective_date.isoformat() if s.effective_date else None,
                "deadline": self.deadline.isoformat() if self.deadline else None,
                "days_left": self.days_left,
                "agency": s.agency.name if s.agency else None,
                "counts": self.counts(),
                "late": self.late,
                "announced": self.announced.isoformat() if self.announced else None,
                "announced_days_late": self.announced_days_late,
            },
            "levels": list(self.levels),
            "entries": [m.as_dict() for m in self.entries],
        }


def source_meaning(
    session: Session,
    source: Source,
    levels: tuple[str, ...],
    *,
    today: dt.date | None = None,
    deadline_days: int = 5,
    catalogue: Catalogue | None = None,
) -> SourceMeaning:
    catalogue = catalogue or Catalogue.load(session)
    records = load_records(
        session, [h for e in source.entries if e.action != EntryAction.ABOLISHED and (h := _held(e, catalogue))]
    )
    today = today or dt.date.today()
    deadline = announce_by(source.effective_date, deadline_days) if source.effective_date else None
    return SourceMeaning(
        source,
        [classify(entry, catalogue, levels, records) for entry in source.entries],
        levels,
        deadline,
        days_left(deadline, today) if deadline else None,
    )
