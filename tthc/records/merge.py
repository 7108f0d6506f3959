"""Merging an amendment into the version in force: only what the entry gives changes."""

from __future__ import annotations

import copy
import re
from typing import Any

from ..text import fold, nfc
from .flat import apply_general_terms
from .schema import normalize_record


def merge_partial(base: dict[str, Any], partial: dict[str, Any]) -> dict[str, Any]:
    """An amended entry changes only the keys it gives; the others carry over from `base`.

    An empty level or an empty value is "not given" and carries over too, so an annex row that leaves a
    column blank never erases what is in force.
    """
    merged = copy.deepcopy(normalize_record(base))
    for key, value in nfc(partial).items():
        if value in (None, "", [], {}):
            continue
        if key == "agencies":
            for role, names in value.items():
                if names:
                    merged["agencies"][role] = list(names)
        elif key == "extra":
            merged["extra"].update(value)
        elif key in merged:
            merged[key] = value
        else:
            merged["extra"][key] = value
    if not partial.get("methods") and (partial.get("time_limit") or partial.get("fee")):
        apply_general_terms(merged, partial.get("time_limit"), partial.get("fee"))
    return normalize_record(merged)


# --- row patches: an annex that gives some rows of a list part changes only those rows --------------
REMOVE_KEY = "remove"  # a method or document item carrying it is taken out of the version in force
LINE_LISTS = ("steps", "results", "legal_basis", "forms")
_REMOVE_PREFIX = re.compile(r"^\s*(?:Bỏ|Bo|BỎ|BO)\s*:\s*", re.IGNORECASE)


def removed_line(line: str) -> str | None:
    """ "Bỏ: X" names the item X to take out of a list; any other line is None."""
    match = _REMOVE_PREFIX.match(nfc(line))
    return nfc(line)[match.end() :].strip() if match else None


def _given(item: dict[str, Any]) -> dict[str, Any]:
    """The fields a row gives: blank cells carry over from the item in force."""
    return {k: v for k, v in item.items() if k != REMOVE_KEY and v not in (None, "")}


def _same(a: Any, b: Any) -> bool:
    return fold(str(a or "")).strip() == fold(str(b or "")).strip()


def _patch_methods(base: list[dict[str, Any]], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    methods = copy.deepcopy(base)
    for row in rows:
        found = next((m for m in methods if m.get("channel") == row.get("channel")), None)
        if row.get(REMOVE_KEY):
            if found is not None:
                methods.remove(found)
        elif found is not None:
            found.update(_given(row))
        else:
            methods.append({k: v for k, v in row.items() if k != REMOVE_KEY})
    return methods


def _patch_dossier(base: list[dict[str, Any]], cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    dossier = copy.deepcopy(base)
    emptied = []  # a case whose last document a row removed goes with it
    for given_case in cases:
        case = next((c for c in dossier if _same(c.get("case"), given_case.get("case"))), None)
        if case is None:
            case = {"case": given_case.get("case", ""), "documents": []}
            dossier.append(case)
        for row in given_case.get("documents") or []:
            found = next((d for d in case["documents"] if _same(d.get("name"), row.get("name"))), None)
            if row.get(REMOVE_KEY):
                if found is not None:
                    case["documents"].remove(found)
                    if not case["documents"]:
                        emptied.append(case)
            elif found is not None:
                found.update(_given(row))
            else:
                case["documents"].append({k: v for k, v in row.items() if k != REMOVE_KEY})
    return [case for case in dossier if not (case in emptied and not case["documents"])]


def _patch_lines(base: list[str], lines: list[str]) -> list[str]:
    """A list cell with "Bỏ: X" lines is a patch (take X out, add the other lines); without, it is the list."""
    removed = [r for r in (removed_line(line) for line in lines) if r is not None]
    if not removed:
        return list(lines)
    kept = [item for item in base if not any(_same(item, r) for r in removed)]
    added = [line for line in lines if removed_line(line) is None and not any(_same(line, k) for k in kept)]
    return kept + added


def apply_row_patch(base: dict[str, Any] | None, partial: dict[str, Any]) -> dict[str, Any]:
    """The partial record an annex's rows mean for an amendment: each Cách thức row changes its channel,
    each Hồ sơ row its document (by case and name), a row marked "Bỏ" removes it, and a list cell with
    "Bỏ: …" lines changes only those items. The result gives whole parts, as merge_partial expects, so
    nothing of the version in force is dropped unless a row said so."""
    base = normalize_record(base or {})
    out = dict(partial)
    if isinstance(partial.get("methods"), list):
        out["methods"] = _patch_methods(base["methods"], partial["methods"])
    if isinstance(partial.get("dossier"), list):
        out["dossier"] = _patch_dossier(base["dossier"], partial["dossier"])
    for key in LINE_LISTS:
        if isinstance(partial.get(key), list):
            out[key] = _patch_lines(base[key], partial[key])
    return out
