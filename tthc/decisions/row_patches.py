"""An annex's rows applied to the version in force: an entry read row by row (an Excel annex) becomes whole
parts before anything is committed, so the import report (tthc.decisions.import_report) compares whole
records."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ..models.decisions import Decision, EntryAction
from ..records.merge import apply_row_patch
from .starting_point import starting_record


def apply_row_patches(session: Session, decision: Decision, raw_entries: list[Any]) -> None:
    """Each amended/replaced entry read row by row (an Excel annex marks them `row_patch`) gets whole parts:
    the version in force with exactly the given rows changed, added or removed ("Bỏ")."""
    for entry, raw in zip(sorted(decision.entries, key=lambda e: e.position), raw_entries, strict=False):
        if (
            isinstance(raw, dict)
            and raw.get("row_patch")
            and entry.action in (EntryAction.AMENDED, EntryAction.REPLACED)
        ):
            base = starting_record(session, decision, entry)
            entry.record = _without_repeated_part_one(apply_row_patch(base, entry.record or {}), base, raw)


def _without_repeated_part_one(record: dict[str, Any], base: dict[str, Any] | None, raw: dict[str, Any]) -> dict:
    """Phần I names the procedure it amends: a value there that only repeats the version in force (as an
    exported annex writes it) is not a change, so the entry stores what it changes, as before the round
    trip. A value that differs is kept: it is the amendment (tthc.annex.read._part_one_into_record)."""
    if not base:
        return record
    record = dict(record)
    for key in raw.get("part_one") or []:
        if key == "agencies":
            executing = (record.get("agencies") or {}).get("executing")
            if executing == (base.get("agencies") or {}).get("executing"):
                rest = {role: names for role, names in record["agencies"].items() if role != "executing"}
                record = {k: v for k, v in record.items() if k != "agencies"} | ({"agencies": rest} if rest else {})
        elif record.get(key) == base.get(key):
            record.pop(key, None)
    return record
