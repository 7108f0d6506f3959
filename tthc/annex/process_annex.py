"""Process tables of a document in order, ready for tthc.annex.word_processes (issue 22, item 7): the
paragraphs and tables of a Word or PDF file, with a table continued on the next page joined to the one it
goes on from. Shared by the process-annex readers (tthc.annex.pdf), the process-only decision
(tthc.annex.word) and --attach-to (tthc.decisions.attach). No Flask."""

from __future__ import annotations

import difflib
from typing import Any

from ..text import fold
from .processes import has_numbered_titles
from .word_processes import ProcessTable
from .word_split import continues as _continues
from .word_split import join_tables as _join_tables


def process_annex(
    items: list[tuple[str, Any]], grids: dict[int, Any], *, tables_before: int = 0
) -> list[tuple[str, Any]]:
    """Paragraphs and process tables in document order; a table that goes on from the one before it
    (a Word file converted back from the signed PDF: one table per page, the header repeated, a row
    cut in two) is joined to it first, so its steps stay with their procedure."""
    annex: list[tuple[str, Any]] = []
    joined: list[list[Any]] | None = None
    between: list[tuple[str, Any]] = []  # paragraphs since the running table: footnotes, page numbers …
    number = tables_before  # tables are numbered in the whole document, as the preview names them
    for index, (kind, value) in enumerate(items):
        if kind == "p":
            if value.strip():
                between.append(("p", value))
            continue
        grid = grids[index]
        if joined is not None and _goes_on(joined, grid, across=bool(between)):
            if grid and _same_header(joined[0], grid[0]):
                grid = grid[1:]  # the header printed again (read back from a scan: a letter may differ)
            _join_tables(joined, grid)
            annex[-1] = ("tbl", ProcessTable(annex[-1][1].number, [[c.text for c in row] for row in joined]))
            between = []  # between two pages of one long table: never a procedure's name
            continue
        annex.extend(between)
        between = []
        number += 1
        joined = [list(row) for row in grid]
        annex.append(("tbl", ProcessTable(number, [[c.text for c in row] for row in joined])))
    return annex + between


def _goes_on(joined: list[list[Any]], grid: list[list[Any]], *, across: bool) -> bool:
    """The table goes on from the running one: same columns; past paragraphs only for a long table whose
    procedures are named in its own title rows (the paragraphs are then footnotes or page numbers)."""
    if not _continues(joined, grid):
        return False
    if not across:
        return True
    return (
        bool(grid) and _same_header(joined[0], grid[0]) and has_numbered_titles([[c.text for c in r] for r in joined])
    )


def _same_header(first: list[Any], row: list[Any]) -> bool:
    a, b = (" | ".join(fold(c.text) for c in r) for r in (first, row))
    return len(first) == len(row) and difflib.SequenceMatcher(None, a, b).ratio() >= 0.85
