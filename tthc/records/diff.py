"""Record-to-record diff, labelled by the Vietnamese field names of tthc.records.FIELD_LABELS.

Texts are compared word by word; lists (steps, dossier documents, legal bases, methods, results...)
item by item: each item is `same`, `added`, `removed`, `changed` (paired with a similar or same-key
item, with its own word diff) or `moved` (the same item at another place). Everything returned is
plain JSON-able data; tthc.diff.html renders it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from . import (
    AGENCY_ROLE_LABELS,
    CHANNELS,
    FIELD_LABELS,
    LEVELS,
    ONLINE_LEVELS,
    RECORD_KEYS,
    TIME_UNITS,
    normalize_record,
)
from .word_diff import similarity, word_ops

TEXT_FIELDS = (
    "code",
    "name",
    "sector",
    "applicants",
    "requirements",
    "fee",
    "time_limit",
    "place",
    "procedure_type",
    "legacy_online_level",
    "notes",
    "source",
)
CHOICE_FIELDS = {"level": LEVELS, "online_level": {**ONLINE_LEVELS, "": "Chưa xác định mức độ"}}  # "" is not "Không"
FLAG_FIELDS = ("postal", "non_territorial")
TEXT_LIST_FIELDS = ("results", "legal_basis", "forms")
# Display order of the parts, as a procedure is published.
FIELD_ORDER = (
    "code",
    "name",
    "level",
    "levels",
    "sector",
    *(f"agencies.{r}" for r in AGENCY_ROLE_LABELS),
    "applicants",
    "steps",
    "methods",
    "time_limit",
    "fee",
    "dossier",
    "requirements",
    "results",
    "forms",
    "legal_basis",
    "online_level",
    "legacy_online_level",
    "postal",
    "non_territorial",
    "procedure_type",
    "place",
    "notes",
    "source",
    "process",
    "extra",
)
SIMILAR_ENOUGH = 0.5  # two list items at least this similar are "the same item, changed"
MAX_PAIRING = 4000  # beyond this many candidate pairs, unmatched items stay added/removed


def label(field: str) -> str:
    return FIELD_LABELS.get(field, field)


# --- items of structured lists as readable text --------------------------------------------------
def method_text(method: dict[str, Any]) -> str:
    channel = (
        CHANNELS.get(method.get("channel") or "", "")
        if method.get("channel")
        else (method.get("note") or "Chưa rõ cách thức")
    )
    limit = method.get("time_limit") or ""
    if not limit and method.get("time_limit_value") is not None:
        limit = f"{method['time_limit_value']} {TIME_UNITS.get(method.get('time_limit_unit') or '', '')}".strip()
    parts = [f"thời hạn: {limit}" if limit else "", f"phí, lệ phí: {method['fee']}" if method.get("fee") else ""]
    return f"{channel}: " + "; ".join(p for p in parts if p) if any(parts) else channel


def method_key(method: dict[str, Any]) -> str:
    return method.get("channel") or method.get("note") or ""


def document_text(document: dict[str, Any], case: str = "") -> str:
    counts = []
    if document.get("originals") is not None:
        counts.append(f"bản chính: {document['originals']}")
    if document.get("copies") is not None:
        counts.append(f"bản sao: {document['copies']}")
    if document.get("form"):
        counts.append(f"mẫu: {document['form']}")
    text = (f"[{case}] " if case else "") + (document.get("name") or "")
    return text + (f" ({'; '.join(counts)})" if counts else "")


def process_step_text(step: dict[str, Any], case: str = "") -> str:
    """One step of the internal process as a line: "[case] B1. work – unit – time – product"."""
    from .process import step_time_text

    parts = [step.get("unit") or "", step_time_text(step), step.get("product") or ""]
    # A plain step number (B1, Bước 2, 3) is the step's place, not its content: left out, so a step
    # that only moved shows as moved, not as changed.
    order = step.get("order") or ""
    numbered = re.fullmatch(r"(?i)\s*(b|bước)?\s*\d+[.:]?\s*", order)
    text = (f"[{case}] " if case else "") + (f"{order}. " if order and not numbered else "")
    text += (step.get("work") or "") + "".join(f" – {p}" for p in parts if p)
    return text + (" (liên thông)" if step.get("linked") else "")


def process_items(process: dict[str, Any] | None) -> tuple[list[str], list[str]]:
    """(lines, keys) of a process for diff_list: the code first, then every step of every case.
    A step's key is its case and its work, so a step whose time changed pairs with itself."""
    if not process:
        return [], []
    lines, keys = [f"Ký hiệu quy trình: {process.get('code') or ''}"], ["code"]
    for case in process.get("cases") or []:
        for step in case.get("steps") or []:
            lines.append(process_step_text(step, case.get("case") or ""))
            keys.append(f"{case.get('case') or ''}|{step.get('work') or ''}")
    return lines, keys


def dossier_items(dossier: list[dict[str, Any]]) -> list[str]:
    return [document_text(d, case.get("case", "")) for case in dossier for d in case.get("documents", [])]


# --- list diff ------------------------------------------------------------------------------------
def diff_list(
    before: list[str], after: list[str], before_keys: list[str] | None = None, after_keys: list[str] | None = None
) -> list[dict[str, Any]]:
    """Items of both lists in reading order, each with its status (see the module docstring).

    Keys (e.g. a method's channel) pair items that must be the same item even when their text differs.
    """
    from difflib import SequenceMatcher

    pairs: dict[int, tuple[int, str]] = {}  # before index -> (after index, status)
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            pairs[block.a + k] = (block.b + k, "same")
    free_b = [i for i in range(len(before)) if i not in pairs]
    used_a = {j for j, _ in pairs.values()}
    free_a = [j for j in range(len(after)) if j not in used_a]

    def pair(i: int, j: int, status: str) -> None:
        pairs[i] = (j, status)
        free_b.remove(i)
        free_a.remove(j)

    for i in list(free_b):  # the very same item elsewhere: moved
        j = next((j for j in free_a if after[j] == before[i]), None)
        if j is not None:
            pair(i, j, "moved")
    if before_keys is not None and after_keys is not None:
        for i in list(free_b):
            j = next((j for j in free_a if before_keys[i] and after_keys[j] == before_keys[i]), None)
            if j is not None:
                pair(i, j, "changed")
    if free_b and free_a and len(free_b) * len(free_a) <= MAX_PAIRING:
        scored = sorted(((similarity(before[i], after[j]), i, j) for i in free_b for j in free_a), reverse=True)
        for score, i, j in scored:
            if score >= SIMILAR_ENOUGH and i in free_b and j in free_a:
                pair(i, j, "changed")
    return _in_reading_order(before, after, pairs, free_b, free_a)


def _in_reading_order(before, after, pairs, removed, added) -> list[dict[str, Any]]:
    """After-list order; a removed item follows the item that followed its predecessor."""
    rows = []
    for i, (j, status) in pairs.items():
        item = {"status": status, "before": before[i], "after": after[j], "before_index": i, "after_index": j}
        if status == "changed":
            item["ops"] = word_ops(before[i], after[j])
        rows.append(((j, 0, 0), item))
    for j in added:
        rows.append(
            ((j, 0, 0), {"status": "added", "before": None, "after": after[j], "before_index": None, "after_index": j})
        )
    for i in removed:
        anchor = max((pairs[k][0] for k in pairs if k < i), default=-1)
        rows.append(
            (
                (anchor, 1, i),
                {"status": "removed", "before": before[i], "after": None, "before_index": i, "after_index": None},
            )
        )
    return [item for _, item in sorted(rows, key=lambda row: row[0])]


def list_counts(items: list[dict[str, Any]]) -> dict[str, int]:
    counts = {"added": 0, "removed": 0, "changed": 0, "moved": 0}
    for item in items:
        if item["status"] in counts:
            counts[item["status"]] += 1
    return counts


# --- record diff ----------------------------------------------------------------------------------
def _text_change(field: str, before: str, after: str) -> dict[str, Any] | None:
    if (before or "") == (after or ""):
        return None
    return {
        "field": field,
        "label": label(field),
        "kind": "text",
        "before": before,
        "after": after,
        "ops": word_ops(before or "", after or ""),
    }


def _value_change(field: str, before: Any, after: Any, shown: Callable[[Any], str]) -> dict[str, Any] | None:
    if before == after:
        return None
    return {
        "field": field,
        "label": label(field),
        "kind": "value",
        "before": before,
        "after": after,
        "before_text": shown(before),
        "after_text": shown(after),
    }


def _list_change(
    field: str, before: list | dict, after: list | dict, items: list[dict[str, Any]]
) -> dict[str, Any] | None:
    counts = list_counts(items)
    if not any(counts.values()):
        return None
    return {
        "field": field,
        "label": label(field),
        "kind": "list",
        "before": before,
        "after": after,
        "items": items,
        "counts": counts,
    }


def _flag(value: Any) -> str:
    return "Có" if value else "Không"


def diff_records(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The changed parts from `before` to `after`, in publication order. None on one side stands for an
    empty record: a new procedure shows whole, an abolished one shows everything that disappears."""
    a, b = _full(before), _full(after)
    changes: list[dict[str, Any]] = []
    for field in FIELD_ORDER:
        change = _field_change(field, a, b)
        if change is not None:
            changes.append(change)
    return changes


def _full(record: dict[str, Any] | None) -> dict[str, Any]:
    # Versions and planned records are already normalised (NFC, every key); normalising again costs a
    # third of a large decision's diff time.
    if record and all(key in record for key in RECORD_KEYS):
        return record
    return normalize_record(record or {})


def _field_change(field: str, a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any] | None:
    if field in TEXT_FIELDS:
        return _text_change(field, a[field], b[field])
    if field in CHOICE_FIELDS:
        choices = CHOICE_FIELDS[field]
        return _value_change(field, a[field], b[field], lambda v: choices.get(v, v) if v else "")
    if field in FLAG_FIELDS:
        return _value_change(field, a[field], b[field], _flag)
    if field == "levels":
        before = [LEVELS.get(v, v) for v in a["levels"]]
        after = [LEVELS.get(v, v) for v in b["levels"]]
        return _list_change(field, a["levels"], b["levels"], diff_list(before, after))
    if field.startswith("agencies."):
        role = field.split(".", 1)[1]
        before, after = a["agencies"].get(role, []), b["agencies"].get(role, [])
        return _list_change(field, before, after, diff_list(before, after))
    if field == "steps" or field in TEXT_LIST_FIELDS:
        before = [s for s in a[field] if str(s).strip()]
        after = [s for s in b[field] if str(s).strip()]
        return _list_change(field, a[field], b[field], diff_list(before, after))
    if field == "methods":
        items = diff_list(
            [method_text(m) for m in a["methods"]],
            [method_text(m) for m in b["methods"]],
            [method_key(m) for m in a["methods"]],
            [method_key(m) for m in b["methods"]],
        )
        return _list_change(field, a["methods"], b["methods"], items)
    if field == "dossier":
        return _list_change(
            field, a["dossier"], b["dossier"], diff_list(dossier_items(a["dossier"]), dossier_items(b["dossier"]))
        )
    if field == "process":
        (before, before_keys), (after, after_keys) = process_items(a["process"]), process_items(b["process"])
        return _list_change(field, a["process"], b["process"], diff_list(before, after, before_keys, after_keys))
    if field == "extra":
        return _extra_change(a["extra"], b["extra"])
    return None


def _extra_change(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any] | None:
    """Fields an import kept verbatim: one line per key, "key: value"."""

    def lines(extra):
        return [f"{k}: {v if isinstance(v, str) else _compact(v)}" for k, v in sorted(extra.items())]

    keys_a, keys_b = sorted(before), sorted(after)
    return _list_change("extra", before, after, diff_list(lines(before), lines(after), keys_a, keys_b))


def _compact(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False, sort_keys=True)
