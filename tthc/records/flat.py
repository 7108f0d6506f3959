"""The flat interchange format (catalogue_data/README.md) to and from the structured record, and its
JSON Lines files (`read_jsonl`)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..problems import ImportProblem
from ..text import fold, nfc
from .schema import CHANNELS, normalize_record
from .vocabulary import parse_time_limit  # noqa: F401  (re-exported for the importers)

_CHANNEL_BY_FOLDED = {fold(label): key for key, label in CHANNELS.items() if key}
_CHANNEL_BY_FOLDED.update(
    {
        "truc tuyen toan trinh": "truc_tuyen",
        "truc tuyen mot phan": "truc_tuyen",
        "buu chinh": "buu_chinh",
        "qua buu chinh": "buu_chinh",
        "buu chinh cong ich": "buu_chinh",
    }
)
_CHANNEL_LABELS = "|".join(re.escape(label) for key, label in CHANNELS.items() if key)
_FEE_SPLIT_RE = re.compile(r"(?:^|;\s*)(" + _CHANNEL_LABELS + r")\s*:\s*")

# Flat keys that have a home in the structured record.
_DIRECT = {
    "code": "code",
    "name": "name",
    "level": "level",
    "levels": "levels",
    "field": "sector",
    "applicants": "applicants",
    "results": "results",
    "legal_basis": "legal_basis",
    "conditions": "requirements",
    "channel_notes": "notes",
    "online_level": "online_level",
    "procedure_type": "procedure_type",
    "place": "place",
    "source": "source",
    "forms": "forms",
    "time_limit": "time_limit",
    "fee": "fee",
    "process": "process",
}


def channel_key(label: str) -> str:
    """ "Trực tiếp" → "truc_tiep"; unknown labels → "" (kept verbatim in the method's note)."""
    return _CHANNEL_BY_FOLDED.get(fold(label).strip(" .;"), "")


def split_fee(fee: str) -> dict[str, str]:
    """ "Trực tiếp: 35.000 đ; Trực tuyến: 0 đ" → {"truc_tiep": "35.000 đ", ...}; {} when not split."""
    parts = _FEE_SPLIT_RE.split(fee or "")
    if len(parts) < 3 or parts[0].strip():
        return {}
    return {channel_key(parts[i]): parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}


def _methods(channels: list[str], time_limit: str, fee: str) -> list[dict[str, Any]]:
    value, unit = parse_time_limit(time_limit)
    fees = split_fee(fee)
    labels = channels or ([""] if (time_limit or fee) else [])
    methods = []
    for label in labels:
        key = channel_key(label)
        methods.append(
            {
                "channel": key,
                "time_limit": time_limit or "",
                "time_limit_value": value,
                "time_limit_unit": unit,
                "fee": fees.get(key, fee or ""),
                "note": "" if key or not label else label,
            }
        )
    return methods


def apply_general_terms(record: dict[str, Any], time_limit: str | None, fee: str | None) -> None:
    """A new general time limit or fee reaches every method (per channel when the fee is split)."""
    fees = split_fee(fee or "")
    value, unit = parse_time_limit(time_limit or "")
    for method in record["methods"]:
        if fee:
            method["fee"] = fees.get(method["channel"], fee)
        if time_limit:
            method.update(time_limit=time_limit, time_limit_value=value, time_limit_unit=unit)


def from_flat(flat: dict[str, Any], partial: bool = False) -> dict[str, Any]:
    """A flat record → a structured one, keeping every value (unknown keys go to `extra`).

    With partial=True (an annex entry that gives only some fields) the result holds only the keys the
    source gave, so merge_partial can carry the rest over from the version in force.
    """
    flat = nfc(flat)
    out: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in flat.items():
        if key in _DIRECT:
            out[_DIRECT[key]] = value
        elif key == "agency":
            out["agencies"] = {"executing": [value] if value else []}
        elif key == "documents":
            out["dossier"] = [{"case": "", "documents": [{"name": d} for d in value or []]}]
        elif key == "steps":
            out["steps"] = value.split("\n") if isinstance(value, str) and value else list(value or [])
        elif key == "extra" and isinstance(value, dict):
            extra.update(value)  # columns an annex has and the record has no place for
        elif key in ("channels", "action", "abolition_basis", "replaces"):
            continue  # channels become methods; the others belong to the decision entry
        else:
            extra[key] = value
    # A partial entry (an annex row) without channels changes the terms of the methods in force
    # (merge_partial → apply_general_terms) rather than replacing them with one channel-less method.
    if flat.get("channels") or (not partial and ("time_limit" in flat or "fee" in flat)):
        out["methods"] = _methods(flat.get("channels") or [], flat.get("time_limit") or "", flat.get("fee") or "")
    if any(c and channel_key(c) == "buu_chinh" for c in flat.get("channels") or []):
        out["postal"] = True
    if extra:
        out["extra"] = extra
    if out.get("level") is None:
        out.pop("level", None)
    if partial:
        return {k: v for k, v in out.items() if v not in (None, "", [], {})}
    return normalize_record(out)


def to_flat(record: dict[str, Any]) -> dict[str, Any]:
    """A structured record → the flat format (lossy where the flat format has no place)."""
    record = normalize_record(record)
    flat: dict[str, Any] = {
        "code": record["code"],
        "name": record["name"],
        "level": record["level"],
        "levels": record["levels"],
        "field": record["sector"],
        "agency": "; ".join(record["agencies"]["executing"]),
        "time_limit": record["time_limit"]
        or "; ".join(dict.fromkeys(m["time_limit"] for m in record["methods"] if m["time_limit"])),
        "fee": record["fee"]
        or "; ".join(
            f"{CHANNELS[m['channel']]}: {m['fee']}" if m["channel"] else m["fee"] for m in record["methods"] if m["fee"]
        ),
        "documents": [d["name"] for case in record["dossier"] for d in case["documents"]],
        "steps": "\n".join(record["steps"]),
        "legal_basis": record["legal_basis"],
        "channels": [CHANNELS[m["channel"]] if m["channel"] else m["note"] for m in record["methods"]],
        "applicants": record["applicants"],
        "results": record["results"],
        "conditions": record["requirements"],
        "channel_notes": record["notes"],
        "online_level": record["online_level"],
        "procedure_type": record["procedure_type"],
        "place": record["place"],
        "source": record["source"],
    }
    flat.update(record["extra"])
    return flat


def read_jsonl(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """(line number, object) for each non-blank line; a bad line raises ImportProblem naming it."""
    rows = []
    with open(path, "rb") as handle:
        for number, raw_line in enumerate(handle, start=1):
            try:
                line = raw_line.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                raise ImportProblem(f"Dòng {number}: không phải văn bản UTF-8 (tệp cần lưu dạng UTF-8).") from None
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as error:
                raise ImportProblem(f"Dòng {number}: JSON không hợp lệ ({error.msg}, cột {error.colno}).") from None
            except RecursionError:
                raise ImportProblem(f"Dòng {number}: JSON lồng nhau quá sâu.") from None
            if not isinstance(value, dict):
                raise ImportProblem(f"Dòng {number}: mỗi dòng phải là một đối tượng JSON.")
            rows.append((number, nfc(value)))
    return rows
