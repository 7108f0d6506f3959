"""A whole announcement decision read from Word (.docx): its heading data and every annex table of
procedures, whatever the issuer's layout (see docs/drafting.md, "Phụ lục Word").

`read_decision_docx(data)` returns a `WordDecision`: the heading (number, date, issuer, signer, signing
title, title, legal acts, effective-date sentence) and one `ParsedEntry` per procedure row, each with
the row it came from (table, row, raw cells) and marks saying what was resolved, assumed or doubted.
Nothing is written: `WordDecision.flat()` is the flat decision `tthc.decisions.importing` accepts.

How a table is read: columns by meaning (tthc.annex.word_columns), group rows spanning the table set
level / sector / action for the rows under them, "Như trên" and vertically merged cells take the value
they stand for (tthc.records.references), totals and repeated header rows are skipped, footnote markers
dropped. Tables that are not procedure lists (motto block, signature block, internal processes, forms,
Phần II key–value tables) are recognised and skipped. No Flask.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import Any

from ..models.decisions import EntryAction
from ..problems import DomainError, Problem
from ..records.references import resolve_as_above
from ..security import UploadRejected, check_docx_upload
from ..text import ascii_number, fold, nfc, vn_count
from .selfcheck import COUNT_MISMATCH, SelfCheck, summary_counts, total_row
from .word_columns import (
    ACT_CITE_RE,
    ACTION_WORDS,
    column_key,
    is_process_header,
    level_from_text,
    looks_like_code,
    parse_code,
    sector_from_text,
    sentence_case,
)
from .word_content import content_from_parts, is_part_two_heading, label_key, read_part_two, record_with_content
from .word_split import _Cell

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FOOTNOTE_RE = re.compile(r"\s*\[\d{1,3}\]")
_BULLET_RE = re.compile(r"^\s*(?:[-–—+•*]|\(\d{1,2}\)|\d{1,2}[.)](?!\d))\s*")
# as printed: spaces missing or doubled ("ngày 05 tháng11 năm 2025", "ngày  05  tháng 11 năm 2025")
_DATE_RE = re.compile(r"ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})", re.IGNORECASE)
# "có hiệu lực (thi hành) kể từ ngày ký/ban hành", "… từ ngày 01/01/2026", up to the sentence's end.
_EFFECTIVE_RE = re.compile(
    r"có hiệu lực(?:\s+thi hành)?\s+(?:(?:kể\s+)?từ\s+ngày|theo\s).*?(?=\.\s|\./|\.$|;|\n|$)", re.IGNORECASE
)
# the act an effective date is tied to: "kể từ ngày Nghị định số 12/2025/NĐ-CP có hiệu lực", "theo Quyết định số …"
_TIED_RE = re.compile(
    r"(?:từ\s+ngày|theo)\s+((?:luật|nghị định|thông tư|quyết định|nghị quyết|pháp lệnh)\b"
    r"[^,;]*?\d+(?:/\d{4})?/[\w\-Đđ]+)",
    re.IGNORECASE,
)
_REPLACES_RE = re.compile(
    r"\s*\(\s*thay thế (?:thủ tục|TTHC)(?: hành chính)?(?: có)? mã(?: số)?\s*:?\s*([^)]+)\)", re.IGNORECASE
)
_ANNEX_OPENING = r"^(phu luc|danh muc|thu tuc hanh chinh|quy trinh)\b"
_NUMERIC_DATE_RE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
# Cells whose "Như trên" or merge means "same as above"; the name and the code never do.
VALUE_KEYS = ("time_limit", "place", "fee", "legal_basis", "field", "agency", "level", "channels", "note")
ENTRY_KEYS = ("action", "code", "name", "level", "field", "time_limit", "fee", "place", "legal_basis", "agency")


class WordProblem(DomainError, ValueError):
    """The file cannot be read as a decision; the message is Vietnamese and says why."""


@dataclass
class ParsedEntry:
    values: dict[str, Any]  # ENTRY_KEYS (None: the layout has no column for it)
    table: int  # 1-based, counting every table of the document
    row: int  # 1-based row of that table
    cells: list[tuple[str, str]]  # (header as printed, raw cell text)
    extra: dict[str, str] = field(default_factory=dict)  # unknown columns, never dropped
    localised_code: str | None = None  # the code as printed when it is not the national code
    note: str = ""
    channels: list[str] = field(default_factory=list)
    replaces: str | None = None  # the code a "replaced" entry replaces
    marks: list[dict[str, str]] = field(default_factory=list)  # {"kind", "column", "text"}
    content: dict[str, Any] = field(default_factory=dict)  # record parts read from Phần II
    process: dict[str, Any] | None = None  # the internal process found for it (word_processes)
    heading: str = ""  # the annex paragraph just above its table
    group: str = ""  # the group row above it in its table ("A. Cấp tỉnh")
    action_unstated: bool = False  # nothing in the decision states its action (a list, not a change)

    def mark(self, kind: str, column: str, text: str) -> None:
        self.marks.append({"kind": kind, "column": column, "text": text})

    @property
    def doubts(self) -> list[str]:
        return [m["text"] for m in self.marks if m["kind"] == "doubt"]

    def flat(self) -> dict[str, Any]:
        """The entry in the flat sample format (tthc.decisions.importing), with where it came from."""
        return flat_entry(self.as_dict())

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.values,
            "extra": self.extra,
            "localised_code": self.localised_code,
            "note": self.note,
            "replaces": self.replaces,
            "process": self.process,
            "channels": self.channels,
            "source": {"table": self.table, "row": self.row, "cells": [list(c) for c in self.cells]},
            "marks": self.marks,
            "content": self.content,
        }


def amending_act_column(out: dict[str, Any], labels: list[str] | None = None) -> None:
    """Phần I's VBQPPL column of an amended or replaced table names the act that amends or replaces the
    procedure ("Tên VBQPPL quy định nội dung sửa đổi, bổ sung / việc thay thế"): it is the entry's
    amending act (`basis`), not the procedure's legal basis, which the amendment leaves as it is. A plain
    "Căn cứ pháp lý" column there is the procedure's legal basis as amended: it updates the record and
    also names the amending act (issue 22)."""
    if out.get("action") not in (EntryAction.AMENDED, EntryAction.REPLACED) or "legal_basis" not in out:
        return
    if _plain_basis_column(labels or []):
        out["abolition_basis"] = list(out["legal_basis"])
    else:
        out["abolition_basis"] = out.pop("legal_basis")


def _plain_basis_column(labels: list[str]) -> bool:
    folded = [" ".join(re.sub(r"\[\d+\]|\(.*?\)", " ", fold(label)).split()) for label in labels]
    return any(f.startswith("can cu phap ly") and not re.search(r"sua doi|thay the|bai bo", f) for f in folded)


def flat_entry(parsed: dict[str, Any]) -> dict[str, Any]:
    """A parsed entry (ParsedEntry.as_dict(), possibly fixed by the drafter) in the flat sample format
    tthc.decisions.importing reads, keeping where it came from and the columns it could not place."""
    out = {k: parsed.get(k) for k in ENTRY_KEYS if parsed.get(k) not in (None, "", [])}
    if out.get("action") == EntryAction.ABOLISHED and "legal_basis" in out:
        out["abolition_basis"] = out.pop("legal_basis")  # an abolished table cites why it goes
    source = parsed.get("source") or {}
    amending_act_column(out, [cell[0] for cell in source.get("cells") or []])
    for key in ("channels", "extra", "note", "localised_code", "replaces", "process"):
        if parsed.get(key):
            out[key] = parsed[key]
    out["annex_source"] = {"table": source.get("table"), "row": source.get("row")}
    if parsed.get("content") and out.get("action") != EntryAction.ABOLISHED:
        out["record"] = record_with_content(out, parsed["content"])  # Phần II: every part it gives
    return out


@dataclass
class WordDecision:
    heading: dict[str, Any]
    entries: list[ParsedEntry]
    skipped: list[dict[str, Any]] = field(default_factory=list)  # {"table", "reason"}
    notices: list[str] = field(default_factory=list)  # decision-level doubts
    listings: list[dict[str, Any]] = field(default_factory=list)  # a list-type decision's entries
    checks: list[Problem] = field(default_factory=list)  # the decision's own statements that disagree
    # a decision whose annex holds only internal processes: [{"table", "procedures": [{"name", "code"}],
    # "process"}] (no entries; the processes are attached to the draft they belong to)
    processes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def process_only(self) -> bool:
        return not self.entries and bool(self.processes)

    @property
    def count_doubts(self) -> list[Problem]:
        return [p for p in self.checks if p.code == COUNT_MISMATCH]

    def problems(self) -> list[Problem]:
        """Every doubt as data: the self-checks first, then the reader's notices, then each entry's."""
        return document_problems(self.as_dict())

    def flat(self) -> dict[str, Any]:
        return flat_decision(self.as_dict())

    def doubts(self) -> list[str]:
        return [p.message for p in self.problems()]

    def as_dict(self) -> dict[str, Any]:
        return {
            "heading": self.heading,
            "entries": [e.as_dict() for e in self.entries],
            "skipped": self.skipped,
            "notices": self.notices,
            "listings": self.listings,
            "checks": [p.as_dict() for p in self.checks],
            "processes": self.processes,
        }


def document_problems(data: dict[str, Any]) -> list[Problem]:
    """Every doubt of a decision as read (WordDecision.as_dict(), possibly fixed by the drafter), as data:
    the self-checks first, then the reader's notices, then each entry's."""
    out = [Problem(**check) for check in data.get("checks") or []]
    out += [Problem("", text, severity="warning", code="reader_notice") for text in data.get("notices") or []]
    for position, entry in enumerate(data.get("entries") or []):
        source = entry.get("source") or {}
        for mark in entry.get("marks") or []:
            if mark["kind"] == "doubt":
                out.append(
                    Problem(
                        f"entries.{position}.{mark['column']}",
                        f"Bảng {source.get('table')}, dòng {source.get('row')}: {mark['text']}",
                        severity="warning",
                        code="entry_doubt",
                    )
                )
    return out


def flat_decision(data: dict[str, Any]) -> dict[str, Any]:
    """The flat decision tthc.decisions.importing reads, from a decision as read (WordDecision.as_dict(),
    possibly fixed by the drafter), its doubts kept as `doubts`."""
    heading = {k: v for k, v in data["heading"].items() if v not in (None, "", [])}
    heading["doubts"] = [p.as_dict() for p in document_problems(data)]
    if data.get("listings"):  # a list-type decision (danh mục): designations, no record changes
        return {**heading, "kind": "danh_muc", "entries": data["listings"]}
    return {**heading, "kind": "cong_bo", "entries": [flat_entry(e) for e in data.get("entries") or []]}


# --- the XML, as text ---------------------------------------------------------------------------------
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


def _grids(items: list[tuple[str, Any]]) -> dict[int, list[list[_Cell]]]:
    """Each table of the body as a grid, by item index; one budget of cells for the whole document."""
    budget = [MAX_GRID_CELLS]
    numbers = {i: n for n, i in enumerate((i for i, (kind, _) in enumerate(items) if kind == "tbl"), start=1)}
    return {i: table_grid(items[i][1], n, budget) for i, n in numbers.items()}


def _body_items(document) -> list[tuple[str, Any]]:
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


# --- the heading ---------------------------------------------------------------------------------------
def _parse_date(text: str) -> dt.date | None:
    match = _DATE_RE.search(text) or _NUMERIC_DATE_RE.search(text)
    if not match:
        return None
    try:
        return dt.date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        return None


def _issuer(lines: list[str]) -> str:
    """["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG TRỊ"] → "UBND tỉnh Quảng Trị"; other issuers as printed, title-cased."""
    lines = [line for line in lines if line and not re.fullmatch(r"[-_–—=.\s]+", line)]
    if not lines:
        return ""
    folded = fold(lines[0])
    if folded.startswith("uy ban nhan dan") and len(lines) > 1:
        match = re.match(r"(TỈNH|THÀNH PHỐ|XÃ|PHƯỜNG)\s+(.+)$", lines[1], flags=re.IGNORECASE)
        if match:
            return f"UBND {match[1].lower()} {match[2].strip().title()}"
        return f"UBND {lines[1].strip().title()}"
    if folded.startswith("bo ") and lines[0] == lines[0].upper():
        rest = lines[0].split(None, 1)[1].lower()  # "BỘ NỘI VỤ" → "Bộ Nội vụ", "BỘ Y TẾ" → "Bộ Y tế"
        return "Bộ " + rest[:1].upper() + rest[1:]
    return sentence_case(" ".join(lines))


def _heading(items: list[tuple[str, Any]], grids: dict[int, list[list[_Cell]]]) -> tuple[dict[str, Any], int]:  # noqa: C901
    """The decision's own fields from the first page, and the index of the first annex item."""
    head: dict[str, Any] = {
        "number": "",
        "date": None,
        "issuer": "",
        "signer": "",
        "signing_title": "",
        "title": "",
        "legal_acts": [],
        "effective_text": "",
        "effective_date": None,
    }
    texts: list[str] = []  # paragraphs and table cells of the first part, in order
    annex_start = len(items)
    decided = False
    for index, (kind, value) in enumerate(items):
        if kind == "p":
            folded = fold(value)
            if decided and re.match(_ANNEX_OPENING, folded):
                annex_start = index
                break
            if re.match(r"^quyet dinh\s*:", folded):
                decided = True
            texts.append(value)
        else:
            grid = grids[index]
            seen = set()
            for row in grid:
                for cell in row:
                    if cell.ident not in seen:
                        seen.add(cell.ident)
                        texts.append(cell.text)
            _signature(grid, head)
            if decided and "noi nhan" in fold(" ".join(c.text for row in grid[:3] for c in row)):
                annex_start = index + 1  # after the signature block: the annex, whatever it opens with
                break
            if not head["issuer"] and grid and grid[0] and "cong hoa" in fold(" ".join(c.text for c in grid[0])):
                head["issuer"] = _issuer(grid[0][0].text.split("\n"))
    for text in texts:
        for line in text.split("\n"):
            line = line.strip()
            folded = fold(line)
            if folded.startswith("so:") or folded.startswith("so :"):
                number = line.split(":", 1)[1].strip()
                head["number"] = "" if number.startswith("/") or not number[:1].isalnum() else number
            elif head["date"] is None and re.search(r",\s*ngay\b", folded):
                head["date"] = _parse_date(line)
    head["title"], head["legal_acts"] = _title_and_acts(texts, head["issuer"])
    _effective(texts, head)
    for key in ("date", "effective_date"):
        head[key] = head[key].isoformat() if head[key] else None
    if not decided:  # the first page is missing (a scanned page, an annex sent alone): the annex is all
        annex_start = next(
            (i for i, (kind, value) in enumerate(items) if kind == "p" and re.match(_ANNEX_OPENING, fold(value))), 0
        )
    return head, annex_start


def _effective(texts: list[str], head: dict[str, Any]) -> None:
    """The effective date from the article that states it: "kể từ ngày ký" is the signing date, "kể từ
    ngày 01/01/2026" that date; a date tied to another act ("kể từ ngày Nghị định số … có hiệu lực",
    "theo Quyết định số …") is recorded as tied to it, date unknown (never the date that act was signed)."""
    for text in texts:
        match = _EFFECTIVE_RE.search(text)
        if not (match and fold(text).startswith("dieu")):
            continue
        sentence = match[0].strip()
        head["effective_text"] = sentence
        folded = fold(sentence)
        tied = _TIED_RE.search(sentence)
        if "ke tu ngay ky" in folded or "ke tu ngay ban hanh" in folded or "tu ngay ky" in folded:
            head["effective_date"] = head["date"]
        elif tied:
            head["effective_tied_to"] = " ".join(tied.group(1).split())
        else:
            after = re.split(r"từ\s+ngày", sentence, maxsplit=1, flags=re.IGNORECASE)[-1]
            head["effective_date"] = _parse_date("ngày " + after.strip()) or _parse_date(after)
        return


def _title_and_acts(texts: list[str], issuer: str = "") -> tuple[str, list[str]]:
    title, acts, state = [], [], "before"
    for text in texts:
        folded = fold(text).strip()
        if state == "before" and folded == "quyet dinh":
            state = "title"
        elif state == "title":
            if re.match(r"^(chu tich|bo truong|giam doc|thu truong|can cu)\b", folded):
                state = "acts"
                if folded.startswith("can cu"):
                    acts.append(text)
            else:
                title.append(text)
        elif state == "acts":
            if re.match(r"^quyet dinh\s*:", folded):
                break
            acts.extend(line.strip() for line in text.split("\n") if line.strip())
    joined = " ".join(title).strip()
    if joined and joined == joined.upper():
        joined = title_case(joined, issuer)
    return joined, acts


# Bodies an upper-case title names, which lower case must not swallow ("của Ủy ban nhân dân tỉnh …").
TITLE_BODIES = (
    (r"\b(?:ủy|uỷ) ban nhân dân\b", "Ủy ban nhân dân"),
    (r"\bhội đồng nhân dân\b", "Hội đồng nhân dân"),
    (r"\bchủ tịch (?=Ủy ban|Hội đồng)", "Chủ tịch "),
    (r"\btthc\b", "TTHC"),
    (r"\bubnd\b", "UBND"),
    (r"\bhđnd\b", "HĐND"),
)


def title_case(upper: str, issuer: str = "") -> str:
    """An upper-case title as a sentence that keeps its proper names: "… CỦA ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH"
    → "… của Ủy ban nhân dân tỉnh Hà Tĩnh" (the bodies above, and the place of the issuer as its
    heading writes it)."""
    text = sentence_case(upper)
    for pattern, name in TITLE_BODIES:
        text = re.sub(pattern, name, text, flags=re.IGNORECASE)
    place = re.match(r"UBND (?:tỉnh|thành phố|xã|phường) (.+)$", issuer or "")
    if place:
        text = re.sub(rf"\b{re.escape(place[1])}\b", place[1], text, flags=re.IGNORECASE)
    return text[:1].upper() + text[1:]


def _signature(grid: list[list[_Cell]], head: dict[str, Any]) -> None:
    """The signature block: "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / (space) / Lê Đức Tiến"."""
    for row in grid:
        for cell in row:
            lines = [line.strip() for line in cell.text.split("\n") if line.strip()]
            folded = [fold(line) for line in lines]
            if (
                len(lines) >= 2
                and re.match(r"^(kt\.?\s*|tm\.?\s*|tl\.?\s*|q\.?\s*)?(chu tich|bo truong|giam doc)", folded[0])
                and not folded[0].startswith("noi nhan")
            ):
                # a draft may not name the signer yet: then every line is the title
                unsigned = lines[-1] == lines[-1].upper() and re.search(r"chu tich|truong|giam doc", folded[-1])
                head["signing_title"] = "\n".join(lines if unsigned else lines[:-1])
                head["signer"] = "" if unsigned else lines[-1]
                return


# --- the annex tables -----------------------------------------------------------------------------------
def _action_of(text: str) -> str | None:
    """The action a heading, group row, note or title states; None when it states none or several."""
    folded = fold(text)
    found = {action for pattern, action in ACTION_WORDS if re.search(pattern, folded)}
    if "amended" in found:
        found.discard("replaced")  # "được sửa đổi, bổ sung, thay thế" is one amended list
    return found.pop() if len(found) == 1 else None


def _is_task_list(header_rows: list[list[_Cell]]) -> bool:
    """A list of delegated tasks ("NỘI DUNG NHIỆM VỤ/ỦY QUYỀN | … | DANH MỤC TTHC ĐÃ CÔNG BỐ | TÊN TTHC"):
    it cites procedures already announced, it announces none."""
    folded = fold(" ".join(c.text for row in header_rows for c in row))
    return bool(re.search(r"noi dung nhiem vu|nhiem vu\s*/\s*uy quyen", folded))


_TICK_RE = re.compile(r"^\s*[xX✓✔]\s*$")


def _ticked_levels(columns: list[tuple[str, str]], row: list[_Cell]) -> list[str] | None:
    """The levels ticked in flag columns ("Cấp thực hiện / Cấp tỉnh | … / Cấp xã" with "x"), or None when
    the table has no such columns. Several ticks: several levels (no one level)."""
    flags: list[tuple[str, _Cell]] = []
    for (_, label), cell in zip(columns, row, strict=False):
        level = level_from_text(label.split(" / ")[-1])
        if level:
            flags.append((level, cell))
    if len(flags) < 2:
        return None
    return list(dict.fromkeys(level for level, cell in flags if _TICK_RE.match(cell.text)))


def _content_in_note(note: str) -> dict[str, Any]:
    """The record parts a Ghi chú holds when it gives the procedure's content as labelled, numbered parts
    ("1. Trình tự thực hiện: …", "2. Cơ quan thực hiện TTHC: …"); {} for a remark."""
    parts: dict[str, list[str]] = {}
    unknown: dict[str, str] = {}
    current: str | None = None
    for line in (note or "").split("\n"):
        numbered = re.match(r"^\s*\d{1,2}[.)]\s*(.+)$", line)
        key, rest = label_key(numbered.group(1)) if numbered else (None, line)
        if key:
            current = key
            parts.setdefault(key, []).extend([rest] if rest.strip() else [])
        elif numbered:  # a numbered part of a label not known: kept apart, never in the part above
            current = None
            head, _, tail = numbered.group(1).partition(":")
            unknown[head.strip()] = tail.strip()
        elif current and line.strip():
            parts[current].append(line.strip())
    if not parts:
        return {}
    content, _ = content_from_parts(parts, unknown)
    return content


def _note_states_action(note: str) -> bool:
    """A Ghi chú that says what happens to the procedure ("Bãi bỏ", "Sửa đổi căn cứ pháp lý"), not one
    holding its content ("1. Trình tự thực hiện: …") or a long remark."""
    text = (note or "").strip()
    if not text or len(text) > 80 or "\n" in text:
        return False
    return not re.match(r"^\s*\d+[.)]\s", text)


def _numbers_the_columns(cells: list[str]) -> bool:
    """A row numbering the columns: "(1) (2) (3) …", "1 2 3 …" or "A B C …", consecutive, one per cell."""
    marks = [re.sub(r"^\((.+)\)$", r"\1", c.strip()) for c in cells]
    if len(marks) < 3:
        return False
    if all(m.isdigit() for m in marks):
        return [int(m) for m in marks] == list(range(int(marks[0]), int(marks[0]) + len(marks)))
    return all(len(m) == 1 and m.isalpha() for m in marks) and [ord(m.upper()) for m in marks] == list(
        range(ord(marks[0].upper()), ord(marks[0].upper()) + len(marks))
    )


HEADER_ROWS = 8  # the header may follow a few title rows printed inside the table


def _header(grid: list[list[_Cell]]) -> tuple[int, list[tuple[str, str]]] | None:
    """(index of the last header row, [(key, header text)] per grid column), or None when the table
    is not a procedure list."""
    for r, row in enumerate(grid[:HEADER_ROWS]):
        if len(row) > 1 and len({c.ident for c in row}) == 1:
            continue  # a title spanning the table ("DANH MỤC THỦ TỤC HÀNH CHÍNH …", "(Kèm theo …)"), never the header
        labels = [_FOOTNOTE_RE.sub("", c.text).replace("\n", " ").strip() for c in row]
        keys = [column_key(label) for label in labels]
        if "name" not in keys and "name_code" not in keys:
            keys = _name_by_cells(grid[r + 1 :], keys)
        if "name" not in keys and "name_code" not in keys:
            continue
        last = r
        # a two-level header: the row below names sub-columns under spanning cells ("Toàn trình")
        if r + 1 < len(grid) and len({c.ident for c in row}) < len(row):
            below = grid[r + 1]
            if (
                len(below) == len(row)
                and not any(re.match(r"^\d", c.text) for c in below)
                and any(below[i].ident != row[i].ident and below[i].text for i in range(len(row)))
            ):
                for i, cell in enumerate(below):
                    if cell.ident != row[i].ident and cell.text and cell.text != labels[i]:
                        labels[i] = f"{labels[i]} / {cell.text.strip()}"
                        keys[i] = column_key(cell.text) if column_key(cell.text) != "unknown" else keys[i]
                last = r + 1
        keys = _keys_by_cells(grid[last + 1 :], keys)
        columns, taken = [], set()
        for key, label in zip(keys, labels, strict=False):
            if key in taken or key == "unknown":
                key = "unknown"  # a second column of one meaning keeps its own header in extra
            taken.add(key)
            columns.append((key, label))
        return last, columns
    return None


def _name_by_cells(rows: list[list[_Cell]], keys: list[str]) -> list[str]:
    """A list whose name column has a heading not seen yet: when a column of the row holds procedure codes
    (by its heading or its cells) next to a numbered column, the one unknown column of long text that is
    neither codes nor acts is the name."""
    if not rows or "stt" not in keys:
        return keys
    coded = "code" in keys or any(
        _share(cells, looks_like_code) >= 0.6 for cells in (_column_cells(rows, i) for i in range(len(keys))) if cells
    )
    if not coded:
        return keys
    candidates = []
    for index, key in enumerate(keys):
        cells = _column_cells(rows, index)
        if (
            key != "unknown"
            or not cells
            or _share(cells, looks_like_code) > 0
            or _share(cells, ACT_CITE_RE.search) > 0.3
        ):
            continue
        if sum(len(c) for c in cells) / len(cells) >= 20 and _share(cells, lambda c: c[:1].isupper()) >= 0.8:
            candidates.append(index)
    if len(set(candidates)) != 1:
        return keys  # none, or several: never guessed
    named = list(keys)
    named[candidates[0]] = "name"
    return named


def _column_cells(rows: list[list[_Cell]], index: int) -> list[str]:
    """The distinct non-empty cells of one column under the header (spanning group rows left out)."""
    out = []
    for row in rows:
        if index < len(row) and len({c.ident for c in row}) > 2:
            text = _clean(row[index].text)
            if text and fold(text) not in ("nhu tren", "nt"):
                out.append(text)
    return out


def _keys_by_cells(rows: list[list[_Cell]], keys: list[str]) -> list[str]:
    """Columns recognised by what they hold, whatever their heading says: a column of procedure codes is
    the code column; a column of cells citing acts is the legal basis (or amending / abolishing act)."""
    keys = list(keys)
    for index, key in enumerate(keys):
        if key not in ("unknown", "code") and not (key == "note" and "legal_basis" not in keys):
            continue
        cells = _column_cells(rows, index)
        if len(cells) < 1:
            continue
        if key == "code" and not any(looks_like_code(c) for c in cells) and _share(cells, _SYMBOL_RE.match) >= 0.6:
            keys[index] = "unknown"  # "Mã số: QT.YDCT.11": a process symbol, kept in extra, not a code
        elif "code" not in keys and "name_code" not in keys and _share(cells, looks_like_code) >= 0.6:
            keys[index] = "code"
        elif key == "unknown" and "legal_basis" not in keys and _share(cells, ACT_CITE_RE.search) >= 0.6:
            keys[index] = "legal_basis"
    return keys


_SYMBOL_RE = re.compile(r"^\s*QT[.\-_]", re.IGNORECASE)


def _share(cells: list[str], test: Any) -> float:
    return sum(1 for c in cells if test(c)) / len(cells)


_GROUP_MARK_RE = re.compile(r"^(?:[A-ZĐ]|[IVXLC]{1,6})[.)]?$")


def _is_group_row(row: list[_Cell], columns: list[tuple[str, str]]) -> bool:
    """A row that heads the rows under it (level, sector, agency, action), never a procedure: one cell
    spanning the table, "III ‖ Lĩnh vực …" (a mark and a label, the other cells empty or merged), or a
    label with a letter or Roman numeral where the number goes ("A ‖ Thủ tục … cấp tỉnh ‖ ‖")."""
    texts = [c.text.strip() for c in row]
    filled = list(dict.fromkeys((c.ident, c.text.strip()) for c in row if c.text.strip()))
    if len({c.ident for c in row}) <= 2 and len(columns) >= 3:
        return True
    if not filled or len(filled) > 2:
        return False
    first = texts[0] if texts else ""
    if len(filled) == 2 and filled[0][1] != first:
        return False  # two values, none in the number column: a procedure with most cells empty
    label = filled[-1][1]
    if len(filled) == 1 and first:
        return len(columns) >= 3 and not re.match(r"^\d", first)
    if _GROUP_MARK_RE.match(first):
        return True
    # "1 ‖ Lĩnh vực …" under a level row: a numbered sector row, said by its words
    return (
        bool(re.match(r"^\d{1,2}\.?$", first)) and bool(sector_from_text(label)) and fold(label).startswith("linh vuc")
    )


def _lines(text: str) -> list[str]:
    out = []
    for line in text.split("\n"):
        line = _BULLET_RE.sub("", line).strip().rstrip(";.,").strip()
        if line:
            out.append(line)
    return out


def _clean(text: str) -> str:
    return _FOOTNOTE_RE.sub("", text).strip()


class _AnnexReader:
    def __init__(self, title_text: str):
        self.entries: list[ParsedEntry] = []
        self.skipped: list[dict[str, Any]] = []
        self.notices: list[str] = []
        self.title_action = _action_of(title_text)
        self.title_sector = sector_from_text(title_text)
        self.check = SelfCheck()
        # a table joined from pieces split at page breaks: (table, row) in the file of each joined row,
        # so the preview points at the row as the drafter sees it in Word (tthc.annex.word_split)
        self.origins: dict[int, list[tuple[int, int]]] = {}

    def where(self, number: int, index: int) -> tuple[int, int]:
        """(table, 1-based row) in the file of row `index` of table `number` as read."""
        origin = self.origins.get(number)
        return origin[index] if origin and index < len(origin) else (number, index + 1)

    def table(
        self, number: int, grid: list[list[_Cell]], heading_action: str | None, heading: str, paragraph: str = ""
    ) -> None:
        if not grid:
            self.skipped.append({"table": number, "reason": "phần tiếp theo của bảng trước (tách trang), đã nối vào"})
            return
        found = _header(grid)
        if found is None:
            summary = summary_counts([[c.text for c in row] for row in grid])
            if summary:
                self.check.summaries.append((number, summary))
                self.skipped.append({"table": number, "reason": "bảng tổng hợp số lượng (đã đối chiếu)"})
                return
            labels = " ".join(c.text for row in grid[:2] for c in row)
            reason = "quy trình nội bộ" if is_process_header(labels) else "không phải bảng danh mục thủ tục"
            self.skipped.append({"table": number, "reason": reason})
            return
        last, columns = found
        if _is_task_list(grid[: last + 1]):
            self.skipped.append(
                {"table": number, "reason": "danh mục nhiệm vụ, quyền hạn ủy quyền (không phải công bố thủ tục)"}
            )
            return
        header_folds = [fold(label) for _, label in columns]
        state = {
            "action": heading_action,
            "action_from": heading,
            "level": None,
            "level_from": None,
            "sector": None,
            "sector_from": None,
            "group": "",
        }
        rows: list[ParsedEntry] = []
        merged: list[dict[str, int]] = []
        for r in range(last + 1, len(grid)):
            row = grid[r]
            texts = [c.text for c in row]
            if not any(t.strip() for t in texts):
                continue
            if [fold(_clean(t)).replace("\n", " ") for t in texts] == header_folds:
                continue  # a header row repeated on the next page
            distinct = list(dict.fromkeys((c.ident, c.text) for c in row if c.text.strip()))
            if _numbers_the_columns([t for _, t in distinct]):
                continue  # "(1) | (2) | (3) …" under the header: the columns' numbers, not a procedure
            joined = " ".join(t for _, t in distinct)
            if re.match(r"^\s*(tong\s+(cong|so)|cong\s*:)", fold(joined)):
                stated = total_row(joined)
                if stated is not None:
                    self.check.totals.append((number, stated, len(rows)))
                continue
            if _is_group_row(row, columns):
                self._group(joined, r + 1, state)
                rank = "level" if level_from_text(joined) is not None else "sector"
                self.check.section(rank, joined, len(self.entries) + len(rows))
                state["group"] = joined
                continue
            entry = self._entry(number, r, row, columns, state)
            if entry is not None:
                entry.heading, entry.group = paragraph, str(state["group"] or "")
                rows.append(entry)
                merged.append(
                    {
                        key: cell.merged_from
                        for (key, _), cell in zip(columns, row, strict=False)
                        if cell.merged_from is not None and key in VALUE_KEYS
                    }
                )
        self._resolve(rows, merged)
        self._codes(rows)
        self.entries.extend(rows)

    def _group(self, text: str, row: int, state: dict[str, Any]) -> None:
        action = _action_of(text)
        if action:
            state["action"], state["action_from"] = action, text
        level = level_from_text(text)
        if level is not None:
            state["level"], state["level_from"] = level or None, (text, row)
            state["sector"] = None
        sector = sector_from_text(text)
        if sector:
            state["sector"], state["sector_from"] = sector, (text, row)

    def _entry(self, number: int, r: int, row: list[_Cell], columns, state) -> ParsedEntry | None:  # noqa: C901
        values: dict[str, Any] = {key: None for key in ENTRY_KEYS}
        present = {key for key, _ in columns}
        cells, extra = [], {}
        raw: dict[str, str] = {}
        for (key, label), cell in zip(columns, row, strict=False):
            cells.append((label, cell.text))
            if key == "unknown":
                if label or cell.text:
                    extra[label or f"Cột {len(cells)}"] = cell.text
            elif key != "stt":
                raw[key] = _clean(cell.text)
        entry = ParsedEntry(values, *self.where(number, r), cells, extra)
        name_text = raw.get("name") or raw.get("name_code") or ""
        replaced = _REPLACES_RE.search(name_text)  # "… (thay thế thủ tục mã 1.000123)", as we print it
        if replaced:
            entry.replaces = replaced.group(1).strip()
            name_text = name_text[: replaced.start()] + name_text[replaced.end() :]
        name, code_in_name = _split_name_code(name_text)
        code_text = raw.get("code") or code_in_name or ""
        if not name and not code_text:
            return None
        values["name"] = name
        entry.values["code"] = code_text  # parsed in _codes, once duplicates can be seen
        for key in ("time_limit", "fee", "place", "agency"):
            if key in present:
                values[key] = raw.get(key, "").strip() or None
        if "place_channel" in present:
            values["place"] = raw.get("place_channel", "").strip() or None
        if "legal_basis" in present:
            values["legal_basis"] = raw.get("legal_basis", "")
        if "channels" in present:
            entry.channels = [line for line in _lines(raw.get("channels", "")) if line]
        if "note" in present:
            entry.note = raw.get("note", "")
            content = _content_in_note(entry.note)
            if content:  # "1. Trình tự thực hiện: …": the procedure's content (Phần II), not a remark
                entry.content.update(content)
                entry.mark(
                    "content", "note", f"cột Ghi chú là nội dung thủ tục, đọc như Phần II ({', '.join(content)})"
                )
        if "online" in present and raw.get("online"):
            extra[next(label for key, label in columns if key == "online")] = raw["online"]
        if "non_territorial" in present and raw.get("non_territorial"):
            extra[next(label for key, label in columns if key == "non_territorial")] = raw["non_territorial"]
        # the action: the structure first (the heading or group row above, then the annex title), then
        # a short note that states one ("Bãi bỏ"); a note holding content or remarks never decides it
        note_action = _action_of(entry.note) if _note_states_action(entry.note) else None
        if state["action"]:
            action = state["action"]
            entry.mark("assumption", "action", f"hình thức từ tiêu đề «{(state['action_from'] or '')[:60]}»")
        elif self.title_action:
            action = self.title_action
            entry.mark("assumption", "action", "hình thức từ tiêu đề phụ lục")
        elif note_action:
            action = note_action
            entry.mark("assumption", "action", f"hình thức từ cột Ghi chú «{entry.note[:40]}»")
        else:
            action = EntryAction.NEW
            entry.action_unstated = True
            entry.mark("doubt", "action", "không thấy hình thức (mới, sửa đổi, bãi bỏ): tạm coi là mới ban hành")
        values["action"] = action
        # level and sector: the row's own column (text, or "x" under a level's flag column), else the group
        # row above, else (sector) the title
        ticked = _ticked_levels(columns, row)
        if ticked is not None:
            values["level"] = ticked[0] if len(ticked) == 1 else None
            said = ", ".join(ticked) or "không cột nào"
            entry.mark("assumption", "level", f"cấp từ cột đánh dấu x ({said})")
        elif "level" in present and raw.get("level"):
            values["level"] = level_from_text(raw["level"]) or None
            if values["level"] is None:
                extra["Cấp thực hiện"] = raw["level"]
        elif state["level"]:
            values["level"] = state["level"]
            text, group_row = state["level_from"]
            entry.mark("assumption", "level", f"cấp từ dòng nhóm «{text[:50]}» (dòng {group_row})")
        if "field" in present and raw.get("field"):
            values["field"] = raw["field"]
        elif state["sector"]:
            values["field"] = state["sector"]
            text, group_row = state["sector_from"]
            entry.mark("assumption", "field", f"lĩnh vực từ dòng nhóm «{text[:50]}» (dòng {group_row})")
        elif "field" not in present and self.title_sector:
            values["field"] = self.title_sector
            entry.mark("assumption", "field", "lĩnh vực lấy từ tiêu đề phụ lục")
        if "field" in present and not values["field"]:
            values["field"] = None
        return entry

    def _resolve(self, rows: list[ParsedEntry], merged: list[dict[str, int]]) -> None:
        table = [{k: e.values[k] for k in VALUE_KEYS if e.values.get(k) is not None} for e in rows]
        for reference in resolve_as_above(table):
            entry = rows[reference.row]
            if reference.source is None:
                entry.mark("doubt", reference.key, "«Như trên» ở dòng đầu bảng: không có dòng trên để lấy")
            else:
                entry.values[reference.key] = table[reference.row][reference.key]
                entry.mark("reference", reference.key, f"Như trên → lấy từ {_row_name(entry, rows[reference.source])}")
        for entry, columns in zip(rows, merged, strict=False):
            for key, start in columns.items():
                entry.mark("merged", key, f"ô gộp dọc → lấy từ dòng {start + 1}")
        for entry in rows:
            if isinstance(entry.values.get("legal_basis"), str):
                entry.values["legal_basis"] = _lines(entry.values["legal_basis"])

    def _codes(self, rows: list[ParsedEntry]) -> None:
        seen: dict[str, ParsedEntry] = {}
        for entry in rows:
            printed = entry.values["code"] or ""
            entry.values["code"] = None
            if fold(printed).strip(" .()-") in ("chua co ma", "ma tam", ""):
                printed = ""
            if not printed:
                if entry.values["action"] == EntryAction.NEW:
                    entry.mark("doubt", "code", "thiếu mã: mã tạm")
                else:
                    entry.mark("doubt", "code", "thiếu mã thủ tục: mục sửa đổi hoặc bãi bỏ phải có mã")
                continue
            national, compact = parse_code(printed)
            if national is None:
                entry.localised_code = printed
                entry.mark("doubt", "code", f"mã «{printed[:40]}» không đúng dạng: chưa nhận, cần kiểm tra")
                continue
            entry.values["code"] = national
            if compact != national:
                entry.localised_code = printed
                entry.mark("assumption", "code", f"mã in «{printed}» → mã quốc gia {national}")
            if national in seen:
                entry.mark("doubt", "code", f"mã {national} trùng với {_row_name(entry, seen[national])} của bảng")
            else:
                seen[national] = entry


def _row_name(entry: ParsedEntry, other: ParsedEntry) -> str:
    """ "dòng 5", or "bảng 4, dòng 2" when the other row sits in another piece of a split table."""
    return f"dòng {other.row}" if other.table == entry.table else f"bảng {other.table}, dòng {other.row}"


_CODE_TOKEN = r"\d\s*\.\s*[\d.]{5,}(?:\s*\.?\s*[A-Za-z]{1,2}\s*\d{2})?"
_CODE_LABEL = r"(?:mã(?:\s+số)?(?:\s+(?:tthc|thủ tục(?:\s+hành chính)?|hồ sơ))?\s*:?\s*)?"
# the code at the end of a name cell: "(1.012345)", "(Mã TTHC: 1.012345)", "/ 1.012345", "; 1.013401.H50",
# "- Mã TTHC: 1.009645.H05", or on its own line
_NAME_CODE_RES = [
    re.compile(rf"[\s;,/–-]*\(\s*{_CODE_LABEL}({_CODE_TOKEN})\s*\)\s*$", re.IGNORECASE),
    re.compile(rf"[\s;,/–-]*\bmã(?:\s+số)?(?:\s+(?:tthc|thủ tục))?\s*:?\s*({_CODE_TOKEN})\s*$", re.IGNORECASE),
    re.compile(rf"(?:\s*[;,/]\s*|\s*\n\s*|\s+)({_CODE_TOKEN})\s*[.;]?\s*$", re.IGNORECASE),
]


def _split_name_code(text: str) -> tuple[str, str]:
    """A name cell that also holds the code: "Tên …; 1.013401.H50", "Tên … (Mã TTHC: 1.001193)",
    "Tên …\\nMã TTHC: 2.002761", "… mẫu AK 1.000603.H21", "Tên … (1.003441. H42)". Returns (name,
    code text or ""); the code text is kept as printed (malformed codes are flagged later, not dropped)."""
    text = text.strip()
    for pattern in _NAME_CODE_RES:
        match = pattern.search(text)
        if match and looks_like_code(match.group(1)):
            name = text[: match.start()].strip().rstrip(";,/-–(").strip()
            if name:
                return " ".join(name.split()), " ".join(match.group(1).split())
    return text.replace("\n", " ").strip(), ""


def read_decision_docx(data: bytes, *, max_bytes: int | None = None) -> WordDecision:
    """The decision in a .docx file; WordProblem (Vietnamese) when the file cannot be one."""
    from docx import Document  # imported here: only this path needs python-docx

    try:
        check_docx_upload(data, **({"max_bytes": max_bytes} if max_bytes else {}))
    except UploadRejected as error:
        raise WordProblem(str(error)) from None
    try:
        document = Document(io.BytesIO(data))
    except Exception as error:  # zip/xml/package errors of many kinds: the file is not a Word document
        raise WordProblem(f"Không đọc được tệp Word ({type(error).__name__}); hãy lưu lại dưới dạng .docx.") from None
    items = _body_items(document)
    return read_decision_items(items, _grids(items))


def docx_items(data: bytes, *, max_bytes: int | None = None) -> tuple[list[tuple[str, Any]], dict[int, Any]]:
    """(items, grids) of a .docx: its paragraphs and tables in order, each table as a grid."""
    from docx import Document

    try:
        check_docx_upload(data, **({"max_bytes": max_bytes} if max_bytes else {}))
        document = Document(io.BytesIO(data))
    except UploadRejected as error:
        raise WordProblem(str(error)) from None
    except Exception as error:  # zip/xml/package errors of many kinds
        raise WordProblem(f"Không đọc được tệp Word ({type(error).__name__}); hãy lưu lại dưới dạng .docx.") from None
    items = _body_items(document)
    return items, _grids(items)


def read_decision_items(
    items: list[tuple[str, Any]], grids: dict[int, list[list[_Cell]]], notices: list[str] | None = None
) -> WordDecision:
    """The decision from its body in document order (("p", text) and ("tbl", anything) items, the grid
    of each table by item index): the one reading behind Word and PDF files (tthc.annex.pdf)."""
    origins = _merge_split_tables(items, grids)
    heading, annex_start = _heading(items, grids)
    annex_title = " ".join(
        value
        for kind, value in items[annex_start : annex_start + 4]
        if kind == "p" and not fold(value).startswith("(kem theo") and not fold(value).startswith("(ban hanh")
    )
    reader = _AnnexReader(annex_title)
    reader.origins = origins
    reader.notices.extend(notices or [])
    part_two = _part_two_start(items, annex_start)
    table_number = 0
    last_heading, last_action, last_paragraph = "", None, ""
    for index, (kind, value) in enumerate(items):
        if kind == "p":
            if annex_start <= index < part_two:
                last_paragraph = value
                action = _action_of(value)
                if action and not fold(value).startswith("(kem theo"):
                    last_heading, last_action = value, action
                if not fold(value).startswith(("(kem theo", "(ban hanh")):
                    reader.check.section("heading", value, len(reader.entries))
            continue
        table_number += 1
        if index < annex_start or index >= part_two:
            continue  # motto, signature and recipients blocks; Phần II is read below
        reader.table(table_number, grids[index], last_action, last_heading, last_paragraph)
    if not reader.entries:
        processes, more = _processes_alone(items, grids, annex_start)
        processes = [p for p in processes if p["procedures"]]  # one naming no procedure cannot be attached
        if not processes:
            raise WordProblem(_nothing_found_message(reader.skipped, grids, items, annex_start))
        notice = (
            f"Quyết định chỉ có quy trình nội bộ ({len(processes)} quy trình), không có danh mục thủ tục: "
            "không tạo dự thảo mới. Hãy gắn vào dự thảo mà nó thuộc về (trang dự thảo, «Gắn quy trình nội bộ "
            "từ tệp riêng», hoặc «tthc decision import TỆP --attach-to SỐ»)."
        )
        return WordDecision(
            heading,
            [],
            reader.skipped,
            [*reader.notices, notice, *more],
            checks=_date_problems(heading),
            processes=processes,
        )
    reader.notices += read_part_two(items[part_two:], grids, part_two, reader.entries)
    title_action = _action_of(heading["title"])
    actions = {e.values["action"] for e in reader.entries}
    if title_action and actions != {title_action}:
        reader.notices.append(
            "Trích yếu nói «" + heading["title"][:80] + "» nhưng phụ lục có mục khác hình thức; "
            "đã theo tiêu đề các bảng trong phụ lục."
        )
    checks = reader.check.problems(reader.entries, heading["title"], _article_one(items[:annex_start]))
    checks += _date_problems(heading)
    return _with_processes_and_lists(
        WordDecision(heading, reader.entries, reader.skipped, reader.notices, checks=checks),
        items,
        grids,
        annex_start,
    )


def _processes_alone(items, grids, annex_start: int) -> tuple[list[dict[str, Any]], list[str]]:
    """The processes of an annex that lists no procedure (item 7: one table per procedure named in the
    paragraph above it, or one long table split by title rows), read as a process annex file is."""
    from .process_annex import process_annex
    from .word_processes import read_processes

    before = sum(1 for kind, _ in items[:annex_start] if kind == "tbl")
    annex = process_annex(
        items[annex_start:], {i - annex_start: g for i, g in grids.items() if i >= annex_start}, tables_before=before
    )
    return read_processes(annex)


def _merge_split_tables(
    items: list[tuple[str, Any]], grids: dict[int, list[list[_Cell]]]
) -> dict[int, list[tuple[int, int]]]:
    """A procedure list split at page breaks (one table per page, as a signed PDF converted back to Word
    gives it) is one table: a table right after a list, with its columns, that repeats the list's header
    or has none, goes on with it; its grid is emptied and its rows join the first (tthc.annex.word_split).
    Returns, per joined table's number, the (table, row) in the file of each of its rows."""
    from .word_split import continues, header_repeated, join_tables

    first = None
    number = first_number = 0
    origins: dict[int, list[tuple[int, int]]] = {}
    for index, (kind, _) in enumerate(items):
        if kind != "tbl":
            first = None  # a paragraph between two tables: a heading, two lists
            continue
        number += 1
        grid = grids[index]
        if (
            first is not None
            and grid
            and len(grid[0]) >= 3
            and continues(grids[first], grid)
            and (header_repeated(grids[first][0], grid[0]) or _header(grid) is None)
        ):
            before, skip = len(grids[first]), int(header_repeated(grids[first][0], grid[0]))
            join_tables(grids[first], grid)
            added = len(grids[first]) - before
            cut = len(grid) - skip - added  # 1 when its first row finished the row cut by the page break
            origin = origins.setdefault(first_number, [(first_number, r + 1) for r in range(before)])
            origin.extend((number, skip + cut + r + 1) for r in range(added))
            grids[index] = []
            continue
        first = index if grid and _header(grid) is not None else None
        first_number = number
    return origins


def _article_one(items: list[tuple[str, Any]]) -> str:
    """Điều 1's text (the article that says what the decision announces), or ""."""
    for kind, value in items:
        if kind == "p" and re.match(r"^dieu\s*1\b", fold(value)):
            return value
    return ""


def _date_problems(heading: dict[str, Any]) -> list[Problem]:
    """Doubts about the dates: effective date tied to another act, unknown, or before the signing."""
    out = []
    if heading.get("effective_tied_to"):
        out.append(
            Problem(
                "effective_date",
                f"Hiệu lực gắn với {heading['effective_tied_to']}: chưa biết ngày, cần nhập ngày hiệu lực.",
                severity="warning",
                code="effective_tied",
            )
        )
    elif heading.get("effective_text") and not heading.get("effective_date"):
        out.append(
            Problem(
                "effective_date",
                f"Không đọc được ngày hiệu lực trong «{heading['effective_text'][:80]}»: cần nhập.",
                severity="warning",
                code="effective_unknown",
            )
        )
    date, effective = heading.get("date"), heading.get("effective_date")
    if date and effective and effective < date:
        out.append(
            Problem(
                "effective_date",
                f"Ngày hiệu lực {effective} trước ngày ký {date}.",
                severity="warning",
                code="effective_before_signing",
            )
        )
    return out


def _nothing_found_message(skipped, grids, items, annex_start: int) -> str:
    """Why nothing was read: which tables the file holds and what each looked like."""
    seen = []
    number = 0
    for index, (kind, _) in enumerate(items):
        if kind != "tbl":
            continue
        number += 1
        grid = grids[index]
        first = " | ".join(dict.fromkeys(c.text.replace("\n", " ")[:30] for c in (grid[0] if grid else []) if c.text))
        why = next((s["reason"] for s in skipped if s["table"] == number), None)
        if why is None:
            why = "trang đầu (quốc hiệu, nơi nhận, chữ ký)" if index < annex_start else "không phải bảng danh mục"
        seen.append(f"bảng {number} ({len(grid)} dòng, «{first[:90]}»): {why}")
    found = "; ".join(seen[:12]) if seen else "tệp không có bảng nào"
    hint = (
        " Tệp có quy trình nội bộ: hãy gắn vào dự thảo mà nó thuộc về («tthc decision import TỆP --attach-to SỐ»)."
        if any(s["reason"].startswith("quy trình nội bộ") for s in skipped)
        else ""
    )
    return (
        "Không tìm thấy bảng danh mục thủ tục hành chính nào trong tệp (cần một bảng có cột tên thủ tục); "
        f"chưa nạp gì. Các bảng đã thấy: {found}.{hint}"
    )


def _with_processes_and_lists(decision: WordDecision, items, grids, annex_start: int) -> WordDecision:
    """The internal processes attached to their entries (tthc.annex.word_processes), and a list-type
    decision's rows read as listings (tthc.annex.word_lists)."""
    from .word_lists import is_list_title, read_listings
    from .word_processes import ProcessTable, attach_processes

    annex: list[tuple[str, Any]] = []
    number = 0
    for index, (kind, value) in enumerate(items):
        number += kind == "tbl"
        if index >= annex_start:
            annex.append(
                ("p", value)
                if kind == "p"
                else ("tbl", ProcessTable(number, [[c.text for c in row] for row in grids[index]]))
            )
    read, notices = attach_processes(annex, decision.entries)
    for skipped in decision.skipped:
        if skipped["table"] in read:
            skipped["reason"] = "quy trình nội bộ, đã gắn vào thủ tục"
    decision.notices.extend(notices)
    if is_list_title(decision.heading.get("title") or ""):
        decision.listings, doubts = read_listings(decision.entries, decision.heading["title"])
        decision.notices.extend(doubts)
    return decision


def _part_two_start(items: list[tuple[str, Any]], annex_start: int) -> int:
    """The index of Phần II's heading ("Nội dung cụ thể của từng thủ tục"), or the end of the items."""
    return next(
        (i for i in range(annex_start, len(items)) if items[i][0] == "p" and is_part_two_heading(items[i][1])),
        len(items),
    )
