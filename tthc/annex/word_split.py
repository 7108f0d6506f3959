"""Tables split at page breaks put back together (issue 22, item 1): in a PDF, and in a Word file converted
back from a signed PDF (one table per page, the header repeated, a row cut in two). Shared by
tthc.annex.word and tthc.annex.pdf; no Flask."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any


@dataclass
class _Cell:
    """A cell of a table as read (Word or PDF): one per grid column, a spanning cell repeated."""

    text: str
    ident: int  # one id per <w:tc>: a cell spanning columns repeats it
    merged_from: int | None = None  # row index (0-based) the vertically merged value starts at
    doubt: str = ""  # a guess the reader made on this cell (a PDF row joined across a page): shown on its entry


_BULLET_RE = re.compile(r"^(?:[-–—+•*]\s|\(?\d{1,2}[.)]\s|[a-zđ]\)\s)")


def continues(previous: list[list[Any]], grid: list[list[Any]]) -> bool:
    """A table goes on with the one before it: the same columns."""
    return bool(previous and grid) and len(previous[-1]) == len(grid[0]) and len(previous[0]) == len(grid[0])


def join_tables(previous: list[list[Any]], grid: list[list[Any]]) -> None:
    """The continuation's rows after the previous ones (in place): a repeated header row is dropped; a
    first row with no number whose other cells go on is the last row cut by the page break."""
    base = len(previous) * 4096
    rows = [[_Cell(c.text, c.ident + base, c.merged_from) for c in row] for row in grid]
    if rows and header_repeated(previous[0], rows[0]):
        rows.pop(0)  # the header printed again on the new page
    if rows and not rows[0][0].text.strip() and any(c.text.strip() for c in rows[0][1:]):
        last = previous[-1]
        if re.match(r"^\d", last[0].text.strip()):
            joined = []
            for above, below in zip(last, rows.pop(0), strict=False):
                joined.append(_Cell(continued(above.text, below.text), above.ident, above.merged_from))
            previous[-1] = joined
    previous.extend(rows)


def continued(above: str, below: str) -> str:
    """A cell cut by the page break, put back together."""
    if not below.strip():
        return above
    if not above.strip():
        return below
    if above.endswith("/") or (above.endswith("-") and not above.endswith(" -")):
        return above + below
    return above + ("\n" if _BULLET_RE.match(below) else " ") + below


def header_repeated(first: list[Any], row: list[Any]) -> bool:
    return [c.text for c in first] == [c.text for c in row]
