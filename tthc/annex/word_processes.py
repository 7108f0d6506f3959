"""Internal-process tables (quy trình nội bộ) of a Word decision, attached to the procedures they belong to.

The Word reader (tthc.annex.word) hands over the annex in document order: paragraphs and tables (as
grids of cell texts). A table is a process table when one of its first rows is a process header
(tthc.annex.processes.column_of finds the work and time columns: "TT | Trình tự | Trách nhiệm | Thời gian
| Biểu mẫu/Kết quả", "Bước | Nội dung công việc | Đơn vị thực hiện | Thời gian", …), or when a table
numbering the parts of one procedure has an item "Quy trình xử lý công việc" over step rows (process_part,
with a header read from the cells when none is printed). Which procedure it
belongs to is read from the paragraphs since the previous process table, nearest first: a procedure
code ("Mã TTHC: 1.001193"), else a procedure's name ("Quy trình nội bộ giải quyết thủ tục …",
"1. Thủ tục …"); the process code ("KÝ HIỆU QUY TRÌNH: QT.STP.01", "Mã quy trình: …") from the same
paragraphs. One table holding the processes of many procedures (title rows "1. Thủ tục … (Mã TTHC: …)")
is split by tthc.annex.processes.processes_from_table. Nothing is guessed silently: each attachment is
marked on its entry, and a process that names no known procedure is a notice. No Flask.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..records.process import parse_step_time
from ..text import fold
from .processes import ProcessTableProblem, column_of, has_numbered_titles, process_from_table, processes_from_table

_NATIONAL_CODE_RE = re.compile(r"\b(\d\.\d{6})(?:\.[0-9A-Za-z]+)*")
_PROCESS_CODE_RE = re.compile(r"(?:ky hieu quy trinh|ma (?:so )?quy trinh|ma hieu quy trinh|quy trinh so)\s*:?\s*(.+)$")
_QT_CODE_RE = re.compile(r"\b(QT[.\-_][0-9A-Za-zĐđ.\-_]+)")
_NAME_LEAD_RE = re.compile(r"^.*?\bthu tuc(?: hanh chinh)?\s*:?\s*")
NOT_RECORDED = "Chưa cập nhật"
NAME_SIMILARITY = 0.85  # a paragraph naming the procedure in slightly other words (case, punctuation)


@dataclass
class ProcessTable:
    number: int  # 1-based, counting every table of the document
    rows: list[list[str]]  # header row first


def _is_header(row: list[str]) -> bool:
    found = {column_of(cell) for cell in row}
    return {"work", "time"} <= found and ("order" in found or "unit" in found)


def header_row(rows: list[list[str]]) -> int | None:
    """The index of the process header among the first rows (a title row may come first), or None."""
    return next((index for index, row in enumerate(rows[:3]) if _is_header(row)), None)


@dataclass
class ProcessPart:
    """Where a table's process is: the rows above it (title rows, or the numbered items of a table that
    describes a whole procedure) and its own rows, header first (a header read from the cells when the
    table prints none)."""

    before: list[list[str]]
    rows: list[list[str]]
    in_items: bool = False  # one item of a numbered table ("2.10 | Quy trình xử lý công việc")


def process_part(rows: list[list[str]]) -> ProcessPart | None:
    """The process a table holds: under a process header among its first rows, or as one item of a
    table numbering the parts of a procedure (ISO style: "1 | KÝ HIỆU QUY TRÌNH", "2.3 | Thành phần hồ
    sơ", …, "2.10 | Quy trình xử lý công việc", then the steps, with or without their own header, up to
    the next item); None when it holds none."""
    start = header_row(rows)
    if start is not None:
        return ProcessPart(rows[:start], rows[start:])
    return _process_item(rows)


def is_process_table(rows: list[list[str]]) -> bool:
    """Does the table hold a process (process_part finds one)? The tables a process annex is read for;
    the others (forms, signatures) are left out before reading."""
    return process_part(rows) is not None


# "Quy trình xử lý công việc", "Trình tự thực hiện", "Các bước giải quyết", "Quy trình giải quyết TTHC"
_PROCESS_ITEM_RE = re.compile(
    r"^(?:quy trinh (?:xu ly|giai quyet|thuc hien)|trinh tu (?:thuc hien|giai quyet|xu ly)"
    r"|cac buoc (?:thuc hien|xu ly|giai quyet)|luu do)\b"
)
_ITEM_LABEL_RE = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?$")


def _item(row: list[str]) -> tuple[str, str] | None:
    """(number, title) of a numbered item row ("2.10 | Quy trình xử lý công việc", the title over the
    other columns), or None."""
    cells = [" ".join((c or "").split()) for c in row]
    if not cells or not _ITEM_LABEL_RE.match(cells[0]):
        return None
    rest = {c for c in cells[1:] if c}
    return (cells[0].rstrip("."), rest.pop()) if len(rest) == 1 else None


def _next_items(number: str) -> set[str]:
    """The numbers the item after `number` may have: "2.10" → {"2.11", "3"}; "7" → {"8"}."""
    parts = [int(p) for p in number.split(".")]
    return {".".join(map(str, [*parts[:k], parts[k] + 1])) for k in range(len(parts))}


def _process_item(rows: list[list[str]]) -> ProcessPart | None:
    for index, row in enumerate(rows):
        item = _item(row)
        if item is None or not _PROCESS_ITEM_RE.match(fold(item[1]).strip(" .:")):
            continue
        after = rows[index + 1 :]
        follows = _next_items(item[0])
        end = next((i for i, r in enumerate(after) if (_item(r) or ("", ""))[0] in follows), len(after))
        steps = after[:end]
        if steps and _is_header(steps[0]):
            return ProcessPart(rows[: index + 1], steps, in_items=True)
        header = _header_from_cells(steps)
        if header is not None:
            return ProcessPart(rows[: index + 1], [header, *steps], in_items=True)
    return None


def _is_time(cell: str) -> bool:
    return bool(cell) and bool(parse_step_time(cell)[1])  # a duration with its unit: "5 ngày", "04 giờ"


def _header_from_cells(rows: list[list[str]]) -> list[str] | None:
    """A process header for step rows printed without one, from what their cells hold: the column of
    durations is the time, the step labels' column the order, the first column of text after it the
    work, a column between work and time the unit, one after the time the product. None unless at least
    two rows read as steps."""
    steps = [[c.strip() for c in row] for row in rows if len({c.strip() for c in row if c.strip()}) >= 3]
    width = max((len(r) for r in steps), default=0)
    if len(steps) < 2 or width < 3:
        return None
    times = [sum(_is_time(r[j]) for r in steps if j < len(r)) for j in range(width)]
    time = max(range(width), key=lambda j: times[j])
    if times[time] * 2 < len(steps) or time < 2:
        return None
    header = [""] * width
    header[0], header[1], header[time] = "TT", "Nội dung công việc", "Thời gian"
    if time > 2:
        header[2] = "Đơn vị thực hiện"
    if time + 1 < width and any(time + 1 < len(r) and r[time + 1] for r in steps):
        header[time + 1] = "Sản phẩm"
    return header


def process_code(paragraphs: list[str]) -> str:
    """The process code the paragraphs give, nearest first ("KÝ HIỆU QUY TRÌNH: QT.STP.01")."""
    for text in reversed(paragraphs):
        match = _QT_CODE_RE.search(text)
        if match:
            return match.group(1).rstrip(".;,")
        labelled = _PROCESS_CODE_RE.search(fold(text))
        if labelled:
            printed = (text.split(":", 1)[1] if ":" in text else labelled.group(1)).strip().rstrip(".;,")
            return "" if fold(printed) == fold(NOT_RECORDED) else printed  # "Chưa cập nhật": no code given
    return ""


class ProcedureFinder:
    """Which parsed entry a text names: by code, else by name (contained, or nearly the same)."""

    def __init__(self, entries: list[Any]):
        self.entries = entries
        self.by_code = {e.values.get("code"): e for e in entries if e.values.get("code")}
        for entry in entries:  # a code printed in another form ("1.001193.000.00.00.H48") finds it too
            if entry.localised_code:
                self.by_code.setdefault(entry.localised_code, entry)
        self.names = [(fold(e.values.get("name") or "").strip(" ."), e) for e in entries if e.values.get("name")]
        # without a leading "Thủ tục (hành chính)": a paragraph may name the procedure with or without it
        self.bare = [(_bare_fold(name), entry) for name, entry in self.names]

    def by_text(self, text: str) -> tuple[Any, str] | None:
        """(entry, how it was found) for one paragraph or title row, or None."""
        for match in _NATIONAL_CODE_RE.finditer(text):
            entry = self.by_code.get(match.group(1)) or self.by_code.get(match.group(0))
            if entry is not None:
                return entry, f"mã {match.group(1)}"
        folded = re.sub(r"\s+", " ", fold(text)).strip(" .:")
        contained = [(len(name), entry) for name, entry in self.names if name and name in folded]
        contained += [(len(name), entry) for name, entry in self.bare if len(name) >= 12 and name in folded]
        if contained:
            return max(contained, key=lambda c: c[0])[1], "tên thủ tục"
        if "thu tuc" in folded:
            tail = _NAME_LEAD_RE.sub("", folded, count=1)
        else:  # "1. Cấp giấy chứng nhận … (CFS) …": a numbered paragraph naming it without "Thủ tục"
            numbered = re.match(r"^\d{1,3}[.)]\s+(.*)$", folded)
            tail = numbered.group(1) if numbered else ""
        tail = _bare_fold(re.sub(r"\(.*?\)", "", tail))
        if len(tail) >= 12:
            scored = [(difflib.SequenceMatcher(None, name, tail).ratio(), entry) for name, entry in self.bare]
            if scored:
                score, entry = max(scored, key=lambda s: s[0])
                if score >= NAME_SIMILARITY:
                    return entry, f"tên gần đúng ({round(score * 100)} %)"
        return None

    def in_paragraphs(self, paragraphs: list[str]) -> tuple[Any, str, str] | None:
        """(entry, how, the paragraph) from the nearest paragraph that names a procedure."""
        for text in reversed(paragraphs):
            found = self.by_text(text)
            if found:
                return found[0], found[1], text
        return None


def _bare_fold(name: str) -> str:
    """A name folded, without a leading "thủ tục (hành chính)", brackets and end punctuation."""
    folded = re.sub(r"\s+", " ", fold(name)).strip(" .:;")
    folded = re.sub(r"^thu tuc(?: hanh chinh)?\s*:?\s*", "", folded)
    return re.sub(r"\s*\(.*?\)\s*", " ", folded).strip(" .:;")


def _attach(entry: Any, process: dict[str, Any], table: int, how: str) -> None:
    if entry.process:  # a second table for the same procedure: its cases follow the first table's
        entry.process = {
            "code": entry.process.get("code") or process.get("code", ""),
            "cases": [*entry.process["cases"], *process["cases"]],
        }
    else:
        entry.process = process
    steps = sum(len(c["steps"]) for c in process["cases"])
    entry.mark(
        "assumption",
        "process",
        f"quy trình nội bộ {process.get('code') or ''} ({steps} bước) từ bảng {table}, gắn theo {how}".replace(
            "  ", " "
        ),
    )


def _each_process_table(
    annex: list[tuple[str, Any]],
    notices: list[str],
    read_table: Callable[[ProcessTable, ProcessPart, list[str]], bool],
) -> None:
    """Walk the annex in document order and call `read_table(table, its process part, paragraphs)` for
    each table holding a process (process_part), with the paragraphs since the previous process table; it
    answers whether the table held a process (then those paragraphs were about it and start again). A
    table the process reader refuses (ProcessTableProblem) is a notice."""
    paragraphs: list[str] = []
    for kind, value in annex:
        if kind == "p":
            paragraphs.append(value)
            continue
        part = process_part(value.rows)
        if part is None:
            continue
        try:
            held_process = read_table(value, part, paragraphs)
        except ProcessTableProblem as problem:
            notices.append(f"Bảng {value.number}: {problem}")
            continue
        if held_process:
            paragraphs = []


def attach_processes(annex: list[tuple[str, Any]], entries: list[Any]) -> tuple[list[int], list[str]]:
    """Read every process table of the annex (`("p", text)` and `("tbl", ProcessTable)` in document
    order) and attach each process to its entry (`entry.process`). Returns (numbers of the tables read
    as processes, notices for processes that could not be attached)."""
    finder = ProcedureFinder(entries)
    read: list[int] = []
    notices: list[str] = []

    def attach(table: ProcessTable, part: ProcessPart, paragraphs: list[str]) -> bool:
        rows = part.rows
        attached: bool | None
        if _has_title_rows(rows):
            attached = _attach_many(rows, table.number, finder, notices)
        else:
            # nearest first: a title row inside the table over the paragraphs above it; but the numbered
            # items of a procedure's table ("2.9 | Kết quả: Quyết định công nhận …") name other things
            # than the procedure, so there the paragraphs above come first
            attached = _attach_one(rows, table.number, _naming(part, paragraphs), finder, notices)
        if attached:
            read.append(table.number)
        return attached is not None

    _each_process_table(annex, notices, attach)
    return read, notices


def _naming(part: ProcessPart, paragraphs: list[str]) -> list[str]:
    """The texts that may name a table's procedure and process code, farthest first (readers look
    nearest first): the title rows inside the table after the paragraphs above it; but the numbered
    items of a table describing a procedure ("2.9 | Kết quả: Quyết định công nhận …") name other things
    than the procedure, so there the paragraphs above come nearest."""
    above = _title_rows(part.before)
    return [*above, *paragraphs] if part.in_items else [*paragraphs, *above]


def _title_rows(rows: list[list[str]]) -> list[str]:
    return [" ".join(dict.fromkeys(c for c in row if c)) for row in rows]


def _has_title_rows(rows: list[list[str]]) -> bool:
    if has_numbered_titles(rows):
        return True
    return any(re.match(r"^\s*(?:\d+[.)]\s*)?thu tuc\b", fold(next((c for c in row if c), ""))) for row in rows[1:])


_STATED_TOTAL_RE = re.compile(r"\btong (?:so )?thoi gian\b.*\d.*\b(?:ngay|gio)\b")


def with_stated_total(process: dict[str, Any] | None, paragraphs: list[str]) -> dict[str, Any] | None:
    """A one-case process without a total row gets the total the paragraph just above its table states
    ("Tổng thời gian giải quyết: 05 ngày làm việc"), kept verbatim, so its steps are checked against it
    (tthc.annex.process_check)."""
    if process is None or len(process["cases"]) != 1 or process["cases"][0]["total"] or not paragraphs:
        return process
    if _STATED_TOTAL_RE.search(fold(paragraphs[-1])):
        process["cases"][0]["total"] = paragraphs[-1].strip()
    return process


def _attach_one(rows, number: int, paragraphs: list[str], finder: ProcedureFinder, notices: list[str]) -> bool | None:
    process = with_stated_total(process_from_table(rows, code=process_code(paragraphs)), paragraphs)
    if process is None:
        return None
    found = finder.in_paragraphs(paragraphs)
    if found is None:
        notices.append(f"Bảng {number}: {unmatched_process(process['code'], paragraphs)}")
        return False
    entry, how, _ = found
    _attach(entry, process, number, how)
    return True


_PROCESS_LEAD_RE = re.compile(r"^quy trình\b.*?\bthủ tục(?: hành chính)?\b\s*:?\s*", re.IGNORECASE)


def unmatched_process(code: str, paragraphs: list[str]) -> str:
    """The doubt on a process whose procedure is none of the annex: the name (and code) it was read with
    from the paragraphs above, so the drafter sees which one ("quy trình nội bộ QT.STP.07 của «Cấp lại
    thẻ cộng tác viên …» không khớp …"), or that they name none."""
    named = []
    for procedure in procedures_named(paragraphs):
        name = _PROCESS_LEAD_RE.sub("", procedure["name"], count=1).strip(" .:;-–") or procedure["name"]
        name = name if len(name) <= 120 else name[:119].rstrip() + "…"
        named.append(f"«{name}»" + (f" (mã {procedure['code']})" if procedure["code"] else ""))
    head = f"quy trình nội bộ {code} ".replace("  ", " ")
    if not named:
        return head + "không nêu tên hay mã thủ tục nào ở đoạn phía trên; chưa gắn."
    return head + f"của {', '.join(named)} không khớp thủ tục nào trong danh mục (mã hoặc tên); chưa gắn."


def _attach_many(rows, number: int, finder: ProcedureFinder, notices: list[str]) -> bool:
    for part in processes_from_table(rows):
        if part["process"] is None:
            continue
        found = (
            finder.by_code.get(part["procedure_code"])
            and (finder.by_code[part["procedure_code"]], f"mã {part['procedure_code']}")
        ) or finder.by_text(part["title"])
        if not found:
            notices.append(
                f"Bảng {number}: quy trình của «{part['title'][:80]}» không khớp thủ tục nào trong danh mục; chưa gắn."
            )
            continue
        _attach(found[0], part["process"], number, found[1])
    return True


_NUMBERED_RE = re.compile(r"^\s*\d{1,2}[.)]\s+(.+?)\s*(?:,?\s*gồm\s*:?)?\s*$", re.IGNORECASE)


def procedures_named(paragraphs: list[str]) -> list[dict[str, str]]:
    """The procedures the paragraphs above a process table name: the numbered ones ("1. Cấp Giấy phép …,
    gồm:", "2. Cấp điều chỉnh …"), else the nearest naming a procedure ("Quy trình … thủ tục …", a code)."""
    named = []
    for text in paragraphs:
        match = _NUMBERED_RE.match(text)
        if match and not re.match(r"^(trường hợp|bước)\b", match.group(1), flags=re.IGNORECASE):
            name = match.group(1).rstrip(" .:;")
            code = _NATIONAL_CODE_RE.search(name)
            name = re.sub(
                r"\s*[(\[]?\s*(?:mã(?: số)?(?: tthc)?\s*:?\s*)?\d\.\d{6}[^)\]]*[)\]]?", "", name, flags=re.IGNORECASE
            )
            named.append({"name": name.strip(" .:;-–"), "code": code.group(1) if code else ""})
    if named:
        return named
    for text in reversed(paragraphs):
        code = _NATIONAL_CODE_RE.search(text)
        if not code and text.upper() == text:
            continue  # an annex title in capitals ("DANH MỤC THỦ TỤC HÀNH CHÍNH …") names no one procedure
        if code or "thu tuc" in fold(text):
            return [{"name": _bare_name(text), "code": code.group(1) if code else ""}]
    return []


def _bare_name(text: str) -> str:
    """A heading's procedure name without its number ("I.", "2.") or printed code ("(mã số 1.012994)",
    "– Mã TTHC: 1.009645.H05")."""
    name = re.sub(r"^\s*(?:[IVXL]{1,5}|\d{1,3})[.)]\s+", "", text.strip())
    name = re.sub(r"\s*[(\[]\s*mã[^)\]]*\d\.\d{6}[^)\]]*[)\]]", "", name, flags=re.IGNORECASE)
    name = re.sub(r"\s*[-–—,;]?\s*mã(?: số)?(?: tthc)?\s*:?\s*\d\.\d{6}\S*", "", name, flags=re.IGNORECASE)
    return name.strip(" .:;-–")


def read_processes(annex: list[tuple[str, Any]]) -> tuple[list[dict[str, Any]], list[str]]:
    """A process annex read alone (no catalogue table): one item per process table, {"table",
    "procedures": [{"name", "code"}], "process"}, the procedures named in the paragraphs above the table
    since the previous one (a table covering several procedures names them all). Notices for process
    tables that name no procedure."""
    out: list[dict[str, Any]] = []
    notices: list[str] = []

    def read(table: ProcessTable, part: ProcessPart, paragraphs: list[str]) -> bool:
        rows = part.rows
        if _has_title_rows(rows):  # one long table, a title row per procedure
            out.extend(_read_many(table.number, rows))
            return True
        process = with_stated_total(process_from_table(rows, code=process_code(_naming(part, paragraphs))), paragraphs)
        if process is None:
            return False
        named = procedures_named(paragraphs)
        if not named:
            notices.append(f"Bảng {table.number}: quy trình nội bộ không nêu thủ tục nào ở đoạn phía trên.")
        out.append({"table": table.number, "procedures": named, "process": process})
        return True

    _each_process_table(annex, notices, read)
    return out, notices


def _read_many(number: int, rows: list[list[str]]) -> list[dict[str, Any]]:
    """One item per procedure of a long table split by title rows, named by its title row."""
    out = []
    for part in processes_from_table(rows):
        if part["process"] is None:
            continue
        name = re.sub(r"^\s*\d+[.)]\s*", "", part["title"]).strip()
        out.append(
            {
                "table": number,
                "procedures": [{"name": name, "code": part["procedure_code"]}],
                "process": part["process"],
            }
        )
    return out
