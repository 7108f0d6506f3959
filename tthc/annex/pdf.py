"""A decision published as PDF with a text layer, read through the same reading as Word (issue 22, item 6).

pdfplumber gives the words with their positions and the ruled tables of each page. This module turns
the pages back into what tthc.annex.word reads: paragraphs and tables in document order. Words go to
the table cell whose box holds them; lines of a cell or of the page are joined into paragraphs where a
line runs to the right edge (the text wraps) and broken where a line ends short or a bullet begins. The
two-column blocks without rules (issuer and motto, recipients and signature) become one row of two
cells, as Word has them. A table that goes on at the top of the next page with the same columns is one
table, a row cut by the page break is one row. Pages without text (scans) are named, never guessed.

Bounded: at most MAX_PAGES pages and MAX_CELLS table cells per file. No Flask.
"""

from __future__ import annotations

import bisect
import io
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..syllables import DEFAULT_DICTIONARY, is_listed, syllables_at
from ..text import nfc
from .issuers import place_goes_on
from .word import WordDecision, WordProblem, read_decision_items
from .word_split import _Cell
from .word_split import continued as _continued
from .word_split import continues as _continues
from .word_split import header_repeated as _header_repeated

MAX_PAGES = 400
MAX_CELLS = 200_000
# What the streams a reader interprets (page contents, object streams; not pictures) may unpack to. Real
# decisions unpack to a few KB a page (99 pages: 0.6 MB); a 55 KB file unpacking to 28 MB of drawn lines
# took over 2 GB to read.
MAX_UNPACKED_CONTENT = 16 * 1024 * 1024
_STREAM_RE = re.compile(rb"stream\r?\n")
_IMAGE_RE = re.compile(rb"/Subtype\s*/Image")
FLOWCHART_CURVES = 20  # a page with this many curves (connector arrows) draws a flowchart, not a table
PDF_MAX_BYTES = 50 * 1024 * 1024
_BULLET_RE = re.compile(r"^(?:[-–—+•*]\s|\(?\d{1,2}[.)]\s|[a-zđ]\)\s)")
_PARAGRAPH_START_RE = re.compile(
    r"^(?:Điều\s+\d|Căn cứ|Theo đề nghị|Xét đề nghị|QUYẾT ĐỊNH|PHỤ LỤC|DANH MỤC|Phần\s|PHẦN\s|"
    r"(?:CHỦ TỊCH|BỘ TRƯỞNG|GIÁM ĐỐC)\b|[IVX]{1,5}\.\s|[A-ZĐ]\.\s|\d{1,2}\.\s|\()"
)
_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
JOINED_BY_GUESS = (
    "dòng bị ngắt trang: phần ở đầu trang sau được nối vào dòng này vì ô kết thúc bằng dấu «:» (đoán), "
    "cần đối chiếu bản gốc"
)
KEPT_APART_BY_GUESS = (
    "dòng ở cuối trang: dòng đầu trang sau không có số thứ tự, được đọc là dòng riêng, có thể là phần "
    "tiếp của dòng này: cần đối chiếu bản gốc"
)


@dataclass
class _Line:
    top: float
    bottom: float
    x0: float
    x1: float
    words: list[dict[str, Any]]

    @property
    def text(self) -> str:
        return " ".join(w["text"] for w in self.words)


def read_decision_pdf(
    data: bytes, *, max_bytes: int | None = None, progress: Callable[[int, int], None] | None = None
) -> WordDecision:
    """The decision in a PDF file; WordProblem (Vietnamese) when it cannot be read. `progress(page,
    pages)` after each page (the slow part: about a quarter of a second a page)."""
    if not data.startswith(b"%PDF-"):
        raise WordProblem("Tệp không phải PDF; hãy tải lên tệp .pdf hoặc .docx của quyết định.")
    with _open(data, max_bytes) as pdf:
        items, grids, notices = _document(pdf, progress)
    if not items:
        raise WordProblem("Tệp PDF không có lớp chữ (chỉ có ảnh quét): không đọc được gì. " + " ".join(notices))
    return read_decision_items(items, grids, notices)


def _open(data: bytes, max_bytes: int | None):
    """The PDF opened by pdfplumber, once its bounds hold (size, what its streams unpack to, pages);
    WordProblem (Vietnamese) otherwise."""
    if len(data) > (max_bytes or PDF_MAX_BYTES):
        raise WordProblem(f"Tệp PDF quá lớn (tối đa {(max_bytes or PDF_MAX_BYTES) // (1024 * 1024)} MB).")
    if unpacked_content(data, MAX_UNPACKED_CONTENT) > MAX_UNPACKED_CONTENT:
        raise WordProblem(
            f"Tệp PDF chứa quá nhiều nội dung (hơn {MAX_UNPACKED_CONTENT // (1024 * 1024)} MB sau khi giải nén); "
            "hãy xuất lại tệp PDF từ văn bản Word, hoặc tải lên tệp Word."
        )
    import pdfplumber  # imported here: only this path needs it

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = len(pdf.pages)
    except Exception as error:  # a damaged or encrypted file: many error kinds, one message
        raise WordProblem(f"Không đọc được tệp PDF ({type(error).__name__}).") from None
    if pages > MAX_PAGES:
        pdf.close()
        raise WordProblem(f"Tệp PDF có {pages} trang, quá {MAX_PAGES} trang một lần nạp; hãy tách tệp.")
    return pdf


def unpacked_content(data: bytes, cap: int) -> int:
    """What the Flate-compressed streams of a PDF unpack to, pictures left out (a reader draws them, never
    interprets them), counted without unpacking more than `cap` + 1 bytes in all: a bound taken before any
    PDF library parses the file. Streams that do not inflate count as nothing here (the reader's own
    bounds hold for them)."""
    total, position, view = 0, 0, memoryview(data)
    while total <= cap:
        match = _STREAM_RE.search(data, position)
        end = data.find(b"endstream", match.end()) if match else -1
        if match is None or end < 0:
            break
        position = end + len(b"endstream")
        if _IMAGE_RE.search(data, max(match.start() - 512, 0), match.start()):
            continue
        try:
            total += len(zlib.decompressobj().decompress(view[match.end() : end], cap - total + 1))
        except zlib.error:
            continue
    return total


def _document(
    pdf, progress: Callable[[int, int], None] | None = None
) -> tuple[list[tuple[str, Any]], dict[int, list[list[_Cell]]], list[str]]:
    items: list[tuple[str, Any]] = []
    grids: dict[int, list[list[_Cell]]] = {}
    notices: list[str] = []
    edges: dict[int, list[float]] = {}  # the column edges (x) of each ruled table, to join its pages
    cells = 0
    for number, page in enumerate(pdf.pages, start=1):
        if progress is not None and number > 1:
            progress(number - 1, len(pdf.pages))
        words = page.extract_words(keep_blank_chars=False, use_text_flow=False, extra_attrs=["size"])
        if not words and not page.images:
            continue  # a blank page (a page break before a section): nothing to read, nothing scanned
        if not words:
            read = _ocr_heading(page, number)
            items.extend(("p", text) for text in read)
            notices.append(
                f"Trang {number}: ảnh quét, đã đọc phần đầu quyết định bằng OCR (nhận dạng chữ trên ảnh): số, ngày, "
                "trích yếu và người ký cần đối chiếu với bản giấy; bảng trên trang này không đọc được."
                if read
                else f"Trang {number}: ảnh quét, không đọc được chữ."
            )
            continue
        if len(page.curves) >= FLOWCHART_CURVES:  # arrows between boxes: a process drawn as a flowchart
            notices.append(f"Trang {number}: quy trình vẽ dạng sơ đồ (lưu đồ), không đọc được thành các bước.")
            tables = []
        else:
            tables = page.find_tables(_TABLE_SETTINGS)
        cells += sum(len(t.cells) for t in tables)
        if cells > MAX_CELLS:
            raise WordProblem(f"Tệp PDF có hơn {MAX_CELLS} ô bảng; quá lớn để đọc một lần.")
        _mark_spaces(words, page.chars)
        words = _without_footnotes(_without_superscripts(words), page, tables)
        placed, loose = _place_words(words, tables)
        blocks: list[tuple[float, str, Any]] = []
        for i, table in enumerate(tables):
            grid = _table_grid(table, placed[i])
            lowest = all(other.bbox[1] < table.bbox[3] for other in tables)
            tail, loose = _tail_row(table, loose) if lowest else (None, loose)
            if tail:
                grid.append(tail)
            blocks.append((table.bbox[1], "tbl", (grid, _column_edges(table))))
        for kind, value, top in _paragraphs(_lines(loose), float(page.width)):
            blocks.append((top, kind, value))
        blocks.sort(key=lambda b: b[0])
        first_on_page = True
        for _, kind, value in blocks:
            if kind == "tbl" and isinstance(value, tuple):
                grid, columns = value
                previous = len(items) - 1
                if first_on_page and previous >= 0 and items[previous][0] == "tbl" and previous in edges:
                    grid, grids[previous], columns = _common_columns(grid, columns, grids[previous], edges[previous])
                if (
                    first_on_page
                    and previous >= 0
                    and items[previous][0] == "tbl"
                    and _continues(grids[previous], grid)
                ):
                    _join_pages(grids[previous], grid)
                    edges[previous] = columns
                else:
                    items.append(("tbl", None))
                    grids[len(items) - 1] = grid
                    edges[len(items) - 1] = columns
            elif kind == "tbl":
                items.append(("tbl", None))
                grids[len(items) - 1] = value
            else:
                items.append((kind, value))
            first_on_page = False
    return items, grids, notices


def _ocr_heading(page, number: int) -> list[str]:
    """The decision's first part read by OCR from a scanned page among the first ones, or [] (no OCR)."""
    from . import ocr

    if number > ocr.MAX_PAGES or not ocr.available():
        return []
    text = ocr.page_text(page)
    return ocr.heading_paragraphs(text) if text else []


# --- what is not the text: footnote markers and footnotes ------------------------------------------------
def _without_superscripts(words: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The words without footnote markers: a short word set smaller and higher right after a word (the
    "1" of "a1¹"), as the Word reader drops the marker of a footnote reference."""
    if not words or "size" not in words[0]:
        return words
    dropped = set()
    for i, word in enumerate(words):
        if len(word["text"]) > 3:
            continue
        for other in words:
            if (
                other is not word
                and word["size"] < other["size"] * 0.8
                and abs(word["x0"] - other["x1"]) < 1.5
                and word["bottom"] < other["bottom"] - 1
                and word["bottom"] > other["top"]
            ):
                dropped.add(i)
                glued = {j for j, after in enumerate(words) if j != i and _touches(word, after)}
                for j in sorted(glued)[:1]:  # "a1¹:" → "a1:", as Word has the text without the marker
                    words[words.index(other)] = {
                        **other,
                        "text": other["text"] + words[j]["text"],
                        "x1": words[j]["x1"],
                    }
                    dropped.add(j)
                break
    return [w for i, w in enumerate(words) if i not in dropped]


def _touches(word: dict[str, Any], after: dict[str, Any]) -> bool:
    return abs(after["x0"] - word["x1"]) < 1 and abs(after["top"] - word["top"]) < word["size"]


def _without_footnotes(words: list[dict[str, Any]], page, tables) -> list[dict[str, Any]]:
    """The words without the page's footnotes: under a short rule at the left margin, outside any
    table, in a smaller type than the page's text (Word keeps footnotes apart from the body)."""
    if not words or "size" not in words[0]:
        return words
    left = min(w["x0"] for w in words)
    width = float(page.width)
    rules = [
        r
        for r in list(page.lines) + list(page.rects)
        if abs(r["bottom"] - r["top"]) < 1.5
        and 40 < r["x1"] - r["x0"] < width * 0.45
        and abs(r["x0"] - left) < 12
        and not any(
            t.bbox[0] - 1 <= r["x0"] and r["top"] <= t.bbox[3] + 1 and r["bottom"] >= t.bbox[1] - 1 for t in tables
        )
    ]
    for rule in sorted(rules, key=lambda r: r["top"]):
        below = sorted(w["size"] for w in words if w["top"] >= rule["top"])
        above = sorted(w["size"] for w in words if w["bottom"] <= rule["top"])
        if not below or not above or any(w["top"] < rule["top"] < w["bottom"] for w in words):
            continue
        if below[len(below) // 2] < above[len(above) // 2] * 0.9:
            return [w for w in words if w["top"] < rule["top"]]
    return words


# --- words into table cells -----------------------------------------------------------------------------
def _place_words(words: list[dict[str, Any]], tables) -> tuple[list[dict[int, list[dict[str, Any]]]], list[dict]]:
    """Each word into the cell (by index in table.cells) whose box holds its centre; the rest are loose."""
    placed: list[dict[int, list[dict[str, Any]]]] = [{} for _ in tables]
    indexes = [_slot_index(t) for t in tables]
    loose = []
    for word in words:
        x, y = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
        for t, table in enumerate(tables):
            x0, top, x1, bottom = table.bbox
            if x0 <= x <= x1 and top <= y <= bottom:
                cell = _cell_at(indexes[t], x, y)
                if cell is not None:
                    placed[t].setdefault(cell, []).append(word)
                break
        else:
            loose.append(word)
    return placed, loose


def _slot_index(table) -> tuple[list[float], list[float], dict[tuple[int, int], int]]:
    """The table's cell boxes as a grid of slots (between consecutive edges) → the cell covering it."""
    xs = sorted({round(c[0], 1) for c in table.cells} | {round(c[2], 1) for c in table.cells})
    ys = sorted({round(c[1], 1) for c in table.cells} | {round(c[3], 1) for c in table.cells})
    slots: dict[tuple[int, int], int] = {}
    for index, (x0, top, x1, bottom) in enumerate(table.cells):
        for i in range(bisect.bisect_left(xs, round(x0, 1)), bisect.bisect_left(xs, round(x1, 1))):
            for j in range(bisect.bisect_left(ys, round(top, 1)), bisect.bisect_left(ys, round(bottom, 1))):
                slots[(i, j)] = index
    return xs, ys, slots


def _cell_at(index, x: float, y: float) -> int | None:
    xs, ys, slots = index
    return slots.get((bisect.bisect_right(xs, x) - 1, bisect.bisect_right(ys, y) - 1))


def _table_grid(table, placed: dict[int, list[dict[str, Any]]]) -> list[list[_Cell]]:
    """The table as the Word reader's grid: a cell spanning columns repeats; a cell merged down carries
    its value with the row it starts at."""
    position = {tuple(round(v, 1) for v in c): i for i, c in enumerate(table.cells)}
    xs = sorted({c[0] for c in table.cells})  # the columns' left edges, as pdfplumber counts columns
    grid: list[list[_Cell]] = []
    for r, row in enumerate(table.rows):
        out: list[_Cell] = []
        boxes = row.cells
        last = None
        for c, box in enumerate(boxes):
            if box is None:
                # the cell on its left runs over this column (a group row, a cell spanning columns);
                # else the cell above runs down into it (merged down)
                spanning = last is not None and c < len(xs) and last[2] > xs[c] + 1
                if (spanning or not grid or c >= len(grid[-1])) and out:
                    out.append(out[-1])
                elif grid and c < len(grid[-1]):
                    above = grid[-1][c]
                    start = above.merged_from if above.merged_from is not None else r - 1
                    out.append(_Cell(above.text, above.ident, start))
                else:
                    out.append(_Cell("", r * 4096 + c))
                continue
            last = box
            index = position.get(tuple(round(v, 1) for v in box))
            words = placed.get(index, []) if index is not None else []
            out.append(_Cell(_cell_text(words, box), r * 4096 + c))
        grid.append(out)
    return grid


def _column_edges(table) -> list[float]:
    """The x of each column's left edge (as pdfplumber counts columns) and the table's right edge."""
    return sorted({c[0] for c in table.cells}) + [max(c[2] for c in table.cells)]


def _common_columns(
    grid: list[list[_Cell]], columns: list[float], previous: list[list[_Cell]], before: list[float]
) -> tuple[list[list[_Cell]], list[list[_Cell]], list[float]]:
    """A table cut by a page break whose pages split the columns differently (a page with no row that
    uses some split has fewer columns): both grids on the edges of the two, a cell spanning the
    columns it covers, as Word's grid has it. Unchanged when the tables do not share their outer edges."""
    if len(columns) == len(before) or abs(columns[0] - before[0]) > 2 or abs(columns[-1] - before[-1]) > 2:
        return grid, previous, columns
    union: list[float] = []
    for x in sorted(columns + before):
        if not union or x - union[-1] > 2:
            union.append(x)

    def spread(rows: list[list[_Cell]], edges: list[float]) -> list[list[_Cell]]:
        owner = [max(0, bisect.bisect_right(edges, (a + b) / 2) - 1) for a, b in zip(union, union[1:], strict=False)]
        return [[row[min(j, len(row) - 1)] for j in owner] if row else row for row in rows]

    return spread(grid, columns), spread(previous, before), union


def _join_pages(previous: list[list[_Cell]], grid: list[list[_Cell]]) -> None:
    """A table's rows on the next page after its rows so far (in place), as Word has them: the header
    printed again is dropped; a first row with no label of its own finishes the row cut by the page
    break; a cell merged down across the break, blank on the new page, holds the value printed above
    it; merged cells keep pointing at the row their value starts at."""
    skip = int(bool(grid) and _header_repeated(previous[0], grid[0]))
    rows = grid[skip:]
    base = len(previous)
    cut, doubt = _cut_row(previous[-1], rows[0], previous) if rows else (False, "")
    last = previous[-1]
    if doubt and not cut:  # the new page's first row read as a row of its own, by guess: said on the row above
        previous[-1] = [
            replace(above, doubt=above.doubt or doubt) if below.text.strip() else above
            for above, below in zip(last, rows[0], strict=False)
        ] + last[len(rows[0]) :]

    def index(i: int) -> int:  # a row of `rows` → its index in the joined table
        return base - 1 if cut and i == 0 else base + i - int(cut)

    joined: list[list[_Cell]] = []
    for row in rows:
        out = []
        for cell in row:
            start = None if cell.merged_from is None or cell.merged_from - skip < 0 else index(cell.merged_from - skip)
            out.append(_Cell(cell.text, cell.ident + base * 4096, start))
        joined.append(out)
    if cut:
        first = joined.pop(0)
        previous[-1] = [
            _Cell(
                _continued(above.text, below.text),
                above.ident,
                above.merged_from,
                (above.doubt or doubt) if below.text.strip() else above.doubt,
            )
            for above, below in zip(last, first, strict=False)
        ]
    elif joined:
        first = joined[0]
        merged_down = {c for row in joined[1:] for c, cell in enumerate(row) if cell.merged_from == base}
        for c, (above, cell) in enumerate(zip(last, first, strict=False)):
            if not cell.text.strip() and above.text.strip() and (above.merged_from is not None or c in merged_down):
                first[c] = _Cell(
                    above.text, cell.ident, above.merged_from if above.merged_from is not None else base - 1
                )
    table = previous + joined
    for row in joined:  # a merged cell takes the value of the row it starts at
        for c, cell in enumerate(row):
            if cell.merged_from is not None and cell.merged_from < len(table) and c < len(table[cell.merged_from]):
                top = table[cell.merged_from][c]
                origin = top.merged_from if top.merged_from is not None else cell.merged_from
                row[c] = _Cell(table[origin][c].text if c < len(table[origin]) else top.text, cell.ident, origin)
    previous.extend(joined)


def _cut_row(last: list[_Cell], first: list[_Cell], rows: list[list[_Cell]]) -> tuple[bool, str]:
    """Whether the first row on a page finishes the last row of the page before, and the doubt when that
    is a guess. It does when it has no label (first cell blank, not merged from above) and the row
    above is numbered or a cell of it goes on with the sentence above (lower case, closing
    punctuation), or a label cut too ("Bước" / "11", where the table's other rows are "Bước 10");
    by guess when a cell above ends with ":" (what it announces follows). A first row without a label
    that none of these joins is a row of its own, by guess too (a doubt on the row above)."""
    if not first or not last:
        return False, ""
    if _cut_label(last[0].text.strip(), first[0].text.strip(), rows):
        return True, ""
    if first[0].text.strip() or first[0].merged_from is not None:
        return False, ""
    if len({c.ident for c in last}) == 1:
        return False, ""  # a group row spanning the table is never cut
    if not any(c.text.strip() for c in first[1:]):
        return False, ""
    if re.match(r"^\d", last[0].text.strip()):
        return True, ""  # under a numbered row, a row without a number goes on with it
    # a sentence going on: a cell opening in lower case (or with closing punctuation) under a cell with
    # text; a first row opening its own sentences is a row of its own (its label cell merged from above)
    pairs = [(above.text.strip(), below.text.strip()) for above, below in zip(last[1:], first[1:], strict=False)]
    if any(above and below and (below[:1].islower() or below[:1] in "”\")].,;:") for above, below in pairs):
        return True, ""
    if any(above.endswith(":") and below for above, below in pairs):
        return True, JOINED_BY_GUESS
    return False, KEPT_APART_BY_GUESS


def _cut_label(above: str, below: str, rows: list[list[_Cell]]) -> bool:
    """A row label cut by the page break: a word without its number above ("Bước"), a bare number
    below ("11"), and other rows of the table labelled with that word and a number ("Bước 10")."""
    if not above or not re.fullmatch(r"\d{1,3}[.)]?", below) or re.search(r"\d", above):
        return False
    labelled = re.compile(re.escape(above) + r"\s+\d{1,3}\b")
    return any(row and labelled.match(row[0].text.strip()) for row in rows[:-1])


def _tail_row(table, loose: list[dict[str, Any]]) -> tuple[list[_Cell] | None, list[dict[str, Any]]]:
    """The start of a row cut by the page break, printed under the table's last rule without a rule
    of its own: the words right under the table, split by the table's columns."""
    x0, _, x1, bottom = table.bbox
    below = sorted(
        (w for w in loose if x0 <= (w["x0"] + w["x1"]) / 2 <= x1 and w["top"] >= bottom - 1), key=lambda w: w["top"]
    )
    taken: list[dict[str, Any]] = []
    last = bottom
    for word in below:
        if word["top"] - last > 16:
            break
        taken.append(word)
        last = max(last, word["bottom"]) if word["top"] - last > 0 else last
    if not taken or not table.rows:
        return None, loose
    if any(w["top"] > last + 16 for w in loose):
        return None, loose  # more text follows on the page: the table ended there, nothing was cut
    boxes = [b for b in table.rows[-1].cells if b is not None]
    edges = sorted({round(b[0], 1) for b in boxes}) + [max(b[2] for b in boxes)]
    if any(w["x0"] < edge - 1 < edge + 1 < w["x1"] for w in taken for edge in edges[1:-1]):
        return None, loose  # a word over a column's rule: a paragraph under the table (the next heading), no row
    columns: list[list[dict[str, Any]]] = [[] for _ in range(len(edges) - 1)]
    for word in taken:
        centre = (word["x0"] + word["x1"]) / 2
        columns[max(0, min(len(columns) - 1, bisect.bisect_right(edges, centre) - 1))].append(word)
    ident = int(bottom * 10) * 4096
    row = [_Cell(_cell_text(words, (0, 0, edges[c + 1], 0)), ident + c) for c, words in enumerate(columns)]
    width = len(table.rows[-1].cells)
    if len(row) != width:
        return None, loose
    kept = {id(w) for w in taken}
    return row, [w for w in loose if id(w) not in kept]


def _cell_text(words: list[dict[str, Any]], box) -> str:
    lines = _lines(words)
    return nfc(_join_lines(lines, right=float(box[2]) - 2, left=float(box[0])))


def _mark_spaces(words: list[dict[str, Any]], chars: list[dict[str, Any]]) -> None:
    """Each word followed by a printed space on its line gets `space_after` (in place). A word processor
    prints the space at the end of a line that wraps inside a paragraph, never at a cut inside a word:
    where it is printed, the source has a space there."""
    spaces: dict[int, list[float]] = {}
    for char in chars:
        if char["text"] == " ":
            spaces.setdefault(round(char["top"]), []).append(char["x0"])
    for xs in spaces.values():
        xs.sort()
    for word in words:
        for key in (round(word["top"]) - 1, round(word["top"]), round(word["top"]) + 1):
            xs = spaces.get(key, [])
            k = bisect.bisect_left(xs, word["x1"] - 1)
            if k < len(xs) and xs[k] <= word["x1"] + 1:
                word["space_after"] = True
                break


# --- lines and paragraphs -------------------------------------------------------------------------------
def _lines(words: list[dict[str, Any]]) -> list[_Line]:
    """Words grouped into lines (same baseline within a few points), left to right, top to bottom."""
    lines: list[_Line] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1].top - word["top"]) <= 2.5:
            line = lines[-1]
            line.words.append(word)
            line.x0, line.x1 = min(line.x0, word["x0"]), max(line.x1, word["x1"])
            line.bottom = max(line.bottom, word["bottom"])
        else:
            lines.append(_Line(word["top"], word["bottom"], word["x0"], word["x1"], [word]))
    for line in lines:
        line.words.sort(key=lambda w: w["x0"])
    return lines


def _join_lines(lines: list[_Line], right: float, left: float | None = None) -> str:
    """Lines of one cell or column into text: a line that reaches the right edge wraps into the next
    (joined by a space); one that ends short, or a next line opening with a bullet, ends a paragraph.
    A wrapped line ending with a printed space goes on with the next (even one opening with "+ " or
    "- ", unless the gap above it is a paragraph's); one ending without it may cut a word: after "/" or
    "-", or a word wider than the cell (`left` given) cut where the line ran out."""
    out = ""
    gaps = [b.top - a.top for a, b in zip(lines, lines[1:], strict=False)]
    for i, line in enumerate(lines):
        text = line.text.strip()
        if i == 0:
            out = text
            continue
        previous = lines[i - 1]
        first_word = line.words[0]["x1"] - line.words[0]["x0"]
        wrapped = previous.x1 + first_word + 12 >= right
        if wrapped and previous.words[-1].get("space_after"):
            paragraph_gap = _BULLET_RE.match(text) and gaps[i - 1] > min(gaps) + 1.5
            out += ("\n" if paragraph_gap else " ") + text
        elif out.endswith("/") or (wrapped and out.endswith("-") and not out.endswith(" -")):
            out += text  # "NĐ-" / "CP": a word broken after its hyphen
        elif wrapped and left is not None and _cut_word(previous, line, left, right, lines):
            out += text  # "Khôn" / "g": a word wider than its cell
        else:
            out += (" " if wrapped and not _BULLET_RE.match(text) else "\n") + text
    return out


def _cut_word(previous: _Line, line: _Line, left: float, right: float, lines: list[_Line]) -> bool:
    """The line above holds one word cut where the cell ran out ("Khôn" / "g", "https://dichvucong.g" /
    "ov.vn"): alone on its line, it would not have left room for the next line's first letter, and
    that line opens with letters that are no Vietnamese syllable on their own ("số" after "nghiệm" is
    a word of its own). Without the syllable list (hunspell-vi) nothing is taken for cut."""
    if len(previous.words) != 1:
        return False
    word = line.words[0]
    head = re.match(r"[^\W\d_]+", word["text"])
    if head is None:
        return False  # "Bước" / "11": a number is a word of its own
    listed = syllables_at(Path(DEFAULT_DICTIONARY))
    if not listed[0] or is_listed(head.group(), listed):
        return False
    pad = min(6.0, max(0.0, min(x.x0 for x in lines) - left))
    room = (right + 2 - pad) - (left + pad)
    letter = (word["x1"] - word["x0"]) / max(1, len(word["text"]))
    return previous.x1 - previous.x0 + letter > room - 0.5


def _paragraphs(lines: list[_Line], width: float) -> list[tuple[str, Any, float]]:
    """Loose lines as ("p", text, top) paragraphs and two-column blocks as ("tbl", grid, top)."""
    out: list[tuple[str, Any, float]] = []
    i = 0
    right = max((line.x1 for line in lines), default=width)
    while i < len(lines):
        split = _gap_split(lines[i])
        if split is not None:
            block = [_sides(lines[i], split, right)]
            j = i + 1
            while j < len(lines) and lines[j].top - lines[j - 1].bottom < 120:
                if _ends_block(lines[j], width):
                    break
                sides = _sides(lines[j], split, right)
                if sides is None:
                    break
                block.append(sides)
                j += 1
            out.append(("tbl", _two_columns(block, int(lines[i].top * 10)), lines[i].top))
            i = j
            continue
        paragraph = [lines[i]]
        i += 1
        while i < len(lines) and _gap_split(lines[i]) is None and _same_paragraph(paragraph[-1], lines[i], right):
            paragraph.append(lines[i])
            i += 1
        out.append(("p", nfc(_join_words(paragraph)), paragraph[0].top))
    return out


def _join_words(lines: list[_Line]) -> str:
    out = ""
    for line in lines:
        text = line.text.strip()
        out = out + text if out.endswith("-") and not out.endswith(" -") else (out + " " + text).strip()
    return out


def _same_paragraph(previous: _Line, line: _Line, right: float) -> bool:
    text = line.text.strip()
    if _PARAGRAPH_START_RE.match(text) or _BULLET_RE.match(text):
        return False
    if line.top - previous.bottom > (previous.bottom - previous.top) * 1.2:
        return False
    return previous.x1 + 40 >= right  # the line above ran to the margin: the text wraps


def _ends_block(line: _Line, width: float) -> bool:
    """A line that opens the body after a two-column block: "QUYẾT ĐỊNH", an article, a line centred on
    the page."""
    if re.match(r"^(QUYẾT ĐỊNH|Điều\s+\d|Căn cứ|PHỤ LỤC|DANH MỤC)", line.text.strip()):
        return True
    return _gap_split(line) is None and abs((line.x0 + line.x1) / 2 - width / 2) < 12 and line.x0 > width * 0.2


def _gap_split(line: _Line) -> float | None:
    """Where a line splits into two columns (a gap far wider than between words), or None."""
    for a, b in zip(line.words, line.words[1:], strict=False):
        if b["x0"] - a["x1"] >= 28:
            return float(b["x0"]) - 2
    return None


def _sides(line: _Line, split: float, right: float) -> tuple[str, str] | None:
    """(left, right) text of a line of a two-column block, or None when the line is not one (it runs
    across the columns: the block has ended)."""
    own = _gap_split(line)
    if own is not None:
        return (
            " ".join(w["text"] for w in line.words if w["x0"] < own),
            " ".join(w["text"] for w in line.words if w["x0"] >= own),
        )
    centre = (line.x0 + line.x1) / 2
    if line.x0 >= split - 5 or (line.x0 >= split - 40 and centre >= (split + right) / 2 - 40):  # right column
        return "", line.text
    if line.x1 <= split + 10:
        return line.text, ""
    return None


def _two_columns(block: list[tuple[str, str] | None], ident: int) -> list[list[_Cell]]:
    cells = []
    for side in (0, 1):
        lines: list[str] = []
        for sides in block:
            text = sides[side] if sides else ""
            if text and lines and (text[:1].islower() or text[:1].isdigit() or place_goes_on(lines[-1], text)):
                # "… ngày 05 tháng 12 năm" / "2025", "THÀNH PHỐ HỒ CHÍ" / "MINH": one line wrapped in its column
                lines[-1] += " " + text
            elif text:
                lines.append(text)
        cells.append(_Cell(nfc("\n".join(lines)), ident + side))
    return [cells]


def read_decision_document(
    data: bytes, *, max_bytes: int | None = None, progress: Callable[[int, int], None] | None = None
) -> WordDecision:
    """A decision from a Word (.docx) or PDF file, told apart by its first bytes (`progress`: PDF pages)."""
    if data[:5] == b"%PDF-":
        return read_decision_pdf(data, max_bytes=max_bytes, progress=progress)
    from .word import read_decision_docx

    return read_decision_docx(data, max_bytes=max_bytes)


def document_items(
    data: bytes, *, max_bytes: int | None = None, progress: Callable[[int, int], None] | None = None
) -> tuple[list[tuple[str, Any]], dict[int, Any], list[str]]:
    """(items, grids, notices) of a Word or PDF file, before any reading: paragraphs and tables in order
    (`progress(page, pages)`: a PDF's pages, as read_decision_pdf)."""
    if data[:5] == b"%PDF-":
        with _open(data, max_bytes) as pdf:
            return _document(pdf, progress)
    from .word import docx_items

    items, grids = docx_items(data, max_bytes=max_bytes)
    return items, grids, []


def read_process_annex(data: bytes, *, max_bytes: int | None = None) -> tuple[list[dict[str, Any]], list[str]]:
    """The processes of a process annex read alone (Word or PDF): ([{"table", "procedures", "process"}],
    notices), each process with the procedures the paragraphs above its table name
    (tthc.annex.word_processes.read_processes)."""
    from .process_annex import process_annex
    from .word_processes import read_processes

    items, grids, notices = document_items(data, max_bytes=max_bytes)
    processes, more = read_processes(process_annex(items, grids))
    return processes, notices + more


def read_content_annex(data: bytes, *, max_bytes: int | None = None) -> tuple[list[dict[str, Any]], list[str]]:
    """The Phần II content of an annex sent as its own file (Word or PDF), without a Phần I table:
    ([{"name", "content", "marks"}], notices); nothing when no procedure's content is found."""
    from .word_content import content_annex

    items, grids, notices = document_items(data, max_bytes=max_bytes)
    procedures, more = content_annex(items, grids)
    return [{"name": p.title, "content": p.content or {}, "marks": p.marks} for p in procedures], notices + more
