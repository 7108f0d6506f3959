"""A Word document's body as the reader sees it: paragraphs as text and each table as a grid of cells
(gridBefore, gridSpan and vertical merges laid out), within the size limits a hostile file cannot pass
(at most MAX_TABLE_COLUMNS columns a row, MAX_GRID_CELLS cells a document). No Flask."""

from __future__ import annotations

from typing import Any

from ..text import ascii_number, nfc, vn_count
from .word_decision import WordProblem
from .word_split import _Cell

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _paragraph_text(paragraph) -> str:
    parts = []
    for node in paragraph.iter(W + "t", W + "tab", W + "br", W + "cr"):
        if node.tag == W + "t":
            parts.append(node.text or "")
        elif node.tag == W + "tab":
            parts.append(" ")
        else:
            parts.append("\n")
    return "".join(parts)


def _cell_text(cell) -> str:
    lines = []
    for paragraph in cell.iter(W + "p"):
        lines.extend(_paragraph_text(paragraph).split("\n"))
    return nfc("\n".join(line.strip() for line in lines).strip("\n"))


# A decision's tables are a dozen columns at most (the widest real one has 13); a row wider than this
# is not a table of a decision, and the cap bounds what declared counts (gridBefore, gridSpan) can cost.
MAX_TABLE_COLUMNS = 64
MAX_GRID_CELLS = 500_000  # all tables of one document; a real 300-procedure decision has about 50,000
# The columns a row skips (gridBefore), shared by every row: each keeps its own id, as before.
_SKIPPED = [_Cell("", -1 - k) for k in range(MAX_TABLE_COLUMNS)]
_TOO_MANY_CELLS = (
    f"Tệp Word có bảng quá lớn (hơn {vn_count(MAX_GRID_CELLS)} ô); hãy tách quyết định hoặc kiểm tra lại tệp."
)


def _count(element, default: int, where: str) -> int:
    """A count the XML declares (w:val of gridBefore, gridSpan): ASCII digits only (int() would take
    «٣» and choke on 5,000 digits); anything else names where it is, for the drafter to fix the file."""
    if element is None:
        return default
    raw = element.get(W + "val", str(default))
    value = ascii_number(raw, maximum=10**9)
    if value is None:
        tag = element.tag.removeprefix(W)
        raise WordProblem(
            f"{where}: giá trị {tag} «{raw[:20]}» không phải số; tệp Word bị hỏng — hãy mở bằng Word và lưu lại."
        )
    return value


def table_grid(table, number: int = 1, budget: list[int] | None = None) -> list[list[_Cell]]:
    """The table as a full grid: spanned columns repeat their cell, vertically merged cells carry the
    value of the cell that starts the merge.

    No row is wider than the table: its tblGrid or its widest row of real cells, at most
    MAX_TABLE_COLUMNS. A declared gridBefore or gridSpan past that is cut (a 3,000,000 gridBefore in a
    37 KB file once made 3 million cells). `budget` ([cells left]) is shared by a document's tables."""
    rows = list(table.iterchildren(W + "tr"))
    cells_of = [list(tr.iterchildren(W + "tc")) for tr in rows]
    widest = max((len(cells) for cells in cells_of), default=0)
    if widest > MAX_TABLE_COLUMNS:
        raise WordProblem(f"Bảng {number} có dòng hơn {MAX_TABLE_COLUMNS} cột; tệp không phải quyết định công bố.")
    width = min(MAX_TABLE_COLUMNS, max(widest, len(table.findall(f"{W}tblGrid/{W}gridCol"))))
    budget = budget if budget is not None else [MAX_GRID_CELLS]
    grid: list[list[_Cell]] = []
    for r, (tr, cells) in enumerate(zip(rows, cells_of, strict=True)):
        where = f"Bảng {number}, dòng {r + 1}"
        row: list[_Cell] = []
        before = _count(tr.find(f"{W}trPr/{W}gridBefore"), 0, where)
        if cells:  # a row of no cells shows nothing, whatever it skips
            row.extend(_SKIPPED[: min(before, width - len(cells))])
        for t, tc in enumerate(cells):
            ident = r * 4096 + t  # not id(tc): lxml proxies are recycled; rows apart by 4096 (word_split)
            span = max(1, _count(tc.find(f"{W}tcPr/{W}gridSpan"), 1, where))
            span = max(1, min(span, width - len(row) - (len(cells) - t - 1)))  # room for the cells after it
            merge = tc.find(f"{W}tcPr/{W}vMerge")
            column = len(row)
            if merge is not None and merge.get(W + "val", "continue") == "continue" and grid and column < len(grid[-1]):
                above = grid[-1][column]
                start = above.merged_from if above.merged_from is not None else r - 1
                cell = _Cell(above.text, ident, start)
            else:
                cell = _Cell(_cell_text(tc), ident)
            row.extend([cell] * span)
        budget[0] -= len(row)
        if budget[0] < 0:
            raise WordProblem(_TOO_MANY_CELLS)
        grid.append(row)
    return grid


def table_grids(items: list[tuple[str, Any]]) -> dict[int, list[list[_Cell]]]:
    """Each table of the body as a grid, by item index; one budget of cells for the whole document."""
    budget = [MAX_GRID_CELLS]
    numbers = {i: n for n, i in enumerate((i for i, (kind, _) in enumerate(items) if kind == "tbl"), start=1)}
    return {i: table_grid(items[i][1], n, budget) for i, n in numbers.items()}


def body_items(document) -> list[tuple[str, Any]]:
    """("p", text) and ("tbl", element) in document order (tables inside tables are not annex lists)."""
    items = []
    for child in document.element.body.iterchildren():
        if child.tag == W + "p":
            text = nfc(_paragraph_text(child)).strip()
            if text:
                items.append(("p", text))
        elif child.tag == W + "tbl":
            items.append(("tbl", child))
    return items
