"""Values that stand for other values in an annex: "Như trên" ("as above") and its variants.

An annex row whose place or legal-basis cell says "Như trên" means the value of the same column in the
procedure row above — across any group row in between, since group rows are not procedures. Every
import path (Word, Excel, JSON Lines) resolves them with `resolve_as_above` before anything is stored,
so the public never sees the phrase. Pure functions: no database, no Flask.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..text import fold

# "Như trên", "như trên.", "(như trên)", "- Như trên -", "Nt", "N.T", "Như ở trên", "Như dòng trên".
_AS_ABOVE_RE = re.compile(r"^[\s\-–(\"“']*(nhu\s+(o\s+|dong\s+|muc\s+)?tren|n\s*\.?\s*t)[\s.;:)\-–\"”']*$")


def is_as_above(value: Any) -> bool:
    """True for a cell that only says "as above" (a one-item list saying it counts too)."""
    if isinstance(value, (list, tuple)) and len(value) == 1:
        value = value[0]
    return isinstance(value, str) and len(value) < 30 and bool(_AS_ABOVE_RE.match(fold(value)))


@dataclass(frozen=True)
class Reference:
    """Row `row` (index in the rows given), column `key` said "as above": it now holds the value of
    row `source` (None when there was no row above to take it from; the phrase is then left as is)."""

    row: int
    key: str
    source: int | None


def resolve_as_above(rows: Sequence[MutableMapping[str, Any]], keys: Iterable[str] | None = None) -> list[Reference]:
    """Replace, in place, every "as above" value of `rows` (procedure rows in document order; leave
    group and total rows out) by the resolved value of the same key in the nearest row above that has
    one. `keys` limits the columns looked at (default: every key). Returns what was resolved."""
    wanted = set(keys) if keys is not None else None
    last: dict[str, tuple[int, Any]] = {}  # key -> (row index, resolved value)
    references = []
    for index, row in enumerate(rows):
        for key in list(row):
            if wanted is not None and key not in wanted:
                continue
            value = row[key]
            if is_as_above(value):
                found = last.get(key)
                if found is None:
                    references.append(Reference(index, key, None))
                    continue
                row[key] = list(found[1]) if isinstance(found[1], list) else found[1]
                references.append(Reference(index, key, found[0]))
                # the row now carries the value: a third "as above" points at the same origin
                last[key] = found
            elif value not in (None, "", [], {}):
                last[key] = (index, value)
    return references
