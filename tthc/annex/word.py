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

This module reads the body in order; its parts live apart: `word_grid` (the XML as text, tables as
grids, the size limits), `word_heading` (number, date, issuer, title, signature), `word_entries` (the
annex tables → ParsedEntry), `word_decision` (WordDecision, ParsedEntry, WordProblem, the flat form).
"""

from __future__ import annotations

import io
import re
from typing import Any

from ..problems import Problem
from ..security import UploadRejected, check_docx_upload
from ..text import fold
from .heading_check import heading_problems
from .word_content import is_part_two_heading, read_part_two
from .word_decision import (
    ENTRY_KEYS,
    ParsedEntry,
    WordDecision,
    WordProblem,
    document_problems,
    flat_decision,
    flat_entry,
)
from .word_entries import AnnexReader, action_of, table_header
from .word_grid import body_items, table_grids
from .word_heading import read_heading
from .word_split import _Cell

__all__ = [  # the reader's API: callers import it from here
    "ENTRY_KEYS",
    "ParsedEntry",
    "WordDecision",
    "WordProblem",
    "document_problems",
    "flat_decision",
    "flat_entry",
    "read_decision_docx",
    "docx_items",
    "read_decision_items",
]


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
    items = body_items(document)
    return read_decision_items(items, table_grids(items))


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
    items = body_items(document)
    return items, table_grids(items)


def read_decision_items(
    items: list[tuple[str, Any]], grids: dict[int, list[list[_Cell]]], notices: list[str] | None = None
) -> WordDecision:
    """The decision from its body in document order (("p", text) and ("tbl", anything) items, the grid
    of each table by item index): the one reading behind Word and PDF files (tthc.annex.pdf)."""
    origins = _merge_split_tables(items, grids)
    heading, annex_start = read_heading(items, grids)
    annex_title = " ".join(
        value
        for kind, value in items[annex_start : annex_start + 4]
        if kind == "p" and not fold(value).startswith("(kem theo") and not fold(value).startswith("(ban hanh")
    )
    reader = AnnexReader(annex_title)
    reader.origins = origins
    reader.notices.extend(notices or [])
    part_two = _part_two_start(items, annex_start)
    table_number = 0
    last_heading, last_action, last_paragraph = "", None, ""
    for index, (kind, value) in enumerate(items):
        if kind == "p":
            if annex_start <= index < part_two:
                last_paragraph = value
                action = action_of(value)
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
            checks=_date_problems(heading) + heading_problems(heading),
            processes=processes,
        )
    reader.notices += read_part_two(items[part_two:], grids, part_two, reader.entries)
    title_action = action_of(heading["title"])
    actions = {e.values["action"] for e in reader.entries}
    if title_action and actions != {title_action}:
        reader.notices.append(
            "Trích yếu nói «" + heading["title"][:80] + "» nhưng phụ lục có mục khác hình thức; "
            "đã theo tiêu đề các bảng trong phụ lục."
        )
    checks = reader.check.problems(reader.entries, heading["title"], _article_one(items[:annex_start]))
    checks += _date_problems(heading) + heading_problems(heading)
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
            and (header_repeated(grids[first][0], grid[0]) or table_header(grid) is None)
        ):
            before, skip = len(grids[first]), int(header_repeated(grids[first][0], grid[0]))
            join_tables(grids[first], grid)
            added = len(grids[first]) - before
            cut = len(grid) - skip - added  # 1 when its first row finished the row cut by the page break
            origin = origins.setdefault(first_number, [(first_number, r + 1) for r in range(before)])
            origin.extend((number, skip + cut + r + 1) for r in range(added))
            grids[index] = []
            continue
        first = index if grid and table_header(grid) is not None else None
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
    listed = {entry.table for entry in decision.entries}  # a procedure list is no process ("Nội dung … | Thời hạn")
    for index, (kind, value) in enumerate(items):
        number += kind == "tbl"
        if index >= annex_start and not (kind == "tbl" and number in listed):
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
