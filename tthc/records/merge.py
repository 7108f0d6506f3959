"""Merging an amendment into the version in force: only what the entry gives changes."""
from __future__ import annotations

import copy
from typing import Any

from ..text import nfc
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
