"""Internal-process tables of a Word annex (quy trình nội bộ) → the record's `process` part.

Pure functions over tables given as lists of rows of cell strings (header row first), the way a Word
reader hands them over; nothing here opens a file. The forms met in real annexes:

- TT | Trình tự | Trách nhiệm | Thời gian | Biểu mẫu/Kết quả (ISO style, rows B1…B8, "Giờ hành chính")
- Bước | Nội dung công việc | Đơn vị thực hiện | Thời gian (rows "Bước 1"…, per-level subtotals, a total)
- TT | Đơn vị/ người thực hiện | Nội dung công việc | Thời gian thực hiện | Mức độ Dịch vụ công
- Thứ tự công việc | Nội dung công việc | Đơn vị thực hiện | Thời gian thực hiện (ngày làm việc) (bare "0,25")
- TT | Trình tự thực hiện | Trách nhiệm thực hiện | Sản phẩm thực hiện | Thời gian thực hiện ("1/4 ngày")
- CÁC BƯỚC | TRÌNH TỰ THỰC HIỆN | ĐƠN VỊ GIẢI QUYẾT | THỜI GIAN GIẢI QUYẾT | … — one table for many
  procedures, each opened by a title row "1. Thủ tục … (Mã TTHC: 1.014438)" (see processes_from_table).
- the steps of an ISO-style table's item "Quy trình xử lý công việc", with or without their own header
  (tthc.annex.word_processes.process_part finds them and, when none is printed, reads a header from the
  cells); stages "A | Các bước chuẩn bị" with step numbers starting again, cases "I | Trường hợp …".

Rows spanning the table that start "Trường hợp …" open a new case (a leading "Trường hợp:" label is
dropped; the case's channel is the one its text names, if exactly one); a step whose work ends with
"(liên thông)" is a linked step, the marker dropped; subtotal rows (per level) are
dropped; the grand-total row ("Tổng cộng", "Tổng thời gian …") is kept verbatim as the case's `total`,
so the time check can compare it with the sum of the steps.

Rows that are no step of their own, told by what they hold: the rest of a step cut at a page break (no
label, no time, text going on in lower case or after a phrase left open) is appended to that step; a row
of a step as printed ("2. Kiểm tra …" under "Bước 1 | 1. Nộp hồ sơ …") and a part of a step whose merged
label and work were cut (its own unit and time only) keep that step's label, never their place in the
table; a short title across the table without a label ("Tiếp nhận hồ sơ") opens a stage, as "A | …" does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..problems import DomainError
from ..records.process import normalize_process, parse_step_time
from ..text import fold, nfc
from .word_split import continued

COLUMNS = ("order", "work", "unit", "time", "product")
_CODE_RE = re.compile(r"(?:ma(?:\s+so)?(?:\s+tthc)?\s*:?\s*)?(\d\.\d{6}(?:\.[0-9A-Za-z]+)*)", re.I)
_PROCEDURE_TITLE_RE = re.compile(r"^\s*(?:\d+[.)]\s*)?thu tuc\b")


_CASE_LABEL_RE = re.compile(r"^\s*trường hợp\s*:\s*(?=\S)", re.IGNORECASE)
_LINKED_MARK_RE = re.compile(r"\s*\(\s*liên thông\s*\)\s*$", re.IGNORECASE)
_CASE_CHANNELS = (("truc tiep", "truc_tiep"), ("truc tuyen", "truc_tuyen"), ("buu chinh", "buu_chinh"))


def case_channel(label: str) -> str:
    """The channel a case names when it names exactly one ("Trường hợp nộp hồ sơ trực tuyến" →
    "truc_tuyen"), so the time check compares the case with that channel's limit; else ""."""
    folded = fold(label)
    named = [key for words, key in _CASE_CHANNELS if words in folded]
    return named[0] if len(named) == 1 else ""


class ProcessTableProblem(DomainError, ValueError):
    """The table is not a process table; the message says why, in Vietnamese."""


def column_of(header: str) -> str | None:
    """Which process column a header cell is (None: a column the process does not keep)."""
    h = re.sub(r"\s+", " ", fold(nfc(header or ""))).strip(" .:")
    if h in ("tt", "stt", "so tt", "buoc", "cac buoc", "b") or h.startswith("thu tu"):
        return "order"
    if h.startswith("thoi gian") or h.startswith("thoi han"):
        return "time"
    if "trach nhiem" in h or "don vi" in h or "nguoi thuc hien" in h or "can bo" in h or "bo phan" in h:
        return "unit"
    if "bieu mau" in h or "san pham" in h or "ket qua" in h:
        return "product"
    if "noi dung" in h or "trinh tu" in h or "cong viec" in h:
        return "work"
    return None


def _header_map(header: list[str]) -> tuple[dict[str, int], str]:
    columns: dict[str, int] = {}
    default_unit = ""
    for index, cell in enumerate(header):
        name = column_of(cell)
        if name == "order" and "order" in columns and "number" not in columns:
            # "STT | TT | Trình tự/Tên TTHC …": the first numbers the procedures, the second the steps
            columns["number"], columns["order"] = columns["order"], index
            continue
        if name and name not in columns:
            columns[name] = index
            if name == "time":
                folded = fold(cell)
                default_unit = "gio" if "gio" in folded else "ngay_lam_viec"
    if "work" in columns:  # a work heading merged over two grid columns: the step label may sit in the first
        end = columns["work"]
        while end + 1 < len(header) and header[end + 1] == header[columns["work"]]:
            end += 1
        if end > columns["work"]:
            columns["work_end"] = end
    missing = [c for c in ("work", "time") if c not in columns]
    if missing:
        labels = {"work": "nội dung công việc / trình tự", "time": "thời gian"}
        raise ProcessTableProblem(
            "Bảng không phải bảng quy trình nội bộ: thiếu cột " + ", ".join(labels[m] for m in missing) + "."
        )
    return columns, default_unit


def _cells(row: list[str]) -> list[str]:
    return [re.sub(r"[ \t]+", " ", nfc(c or "")).strip() for c in row]


def _spanning_text(cells: list[str]) -> str | None:
    """The text of a row that spans the table (one filled cell, or every filled cell the same: Word
    repeats a horizontally merged cell's text in each grid cell)."""
    filled = [c for c in cells if c]
    if filled and len(set(filled)) == 1:
        return filled[0]
    return None


def _total_kind(label: str) -> str | None:
    """ "total", "subtotal" or None for the first filled cell of a row."""
    f = fold(label).strip()
    if not (f.startswith(("tong", "cong", "thoi gian giai quyet", "thoi gian thuc hien"))):
        return None
    if re.search(r"\b(cap|tai|cua)\b", f) and "tong cong" not in f:
        return "subtotal"
    return "total"


@dataclass
class _Builder:
    code: str = ""
    title: str = ""  # the procedure title row that opened this process (one table, many procedures)
    procedure_code: str = ""
    cases: list[dict[str, Any]] = field(default_factory=list)
    number: str = ""  # the procedure's number in its own column ("STT"), when the table has one
    phase: str = ""  # "Giai đoạn 2": the stage the next steps belong to (their order reads "Giai đoạn 2, Bước 1")

    def case(self) -> dict[str, Any]:
        if not self.cases:
            self.cases.append({"case": "", "channel": "", "total": "", "steps": []})
        return self.cases[-1]

    def process(self) -> dict[str, Any] | None:
        cases = [c for c in self.cases if c["steps"] or c["case"]]
        while len(cases) > 1 and not cases[-1]["steps"] and not cases[-1]["total"] and cases[0]["steps"]:
            cases.pop()  # "Trường hợp hồ sơ quá hạn xử lý, …" after the last step: a note, not a case
        return normalize_process({"code": self.code, "cases": cases})


def _read_rows(  # noqa: C901  (one reader of one table shape; split when next touched)
    rows: list[list[str]], columns: dict[str, int], default_unit: str, builders: list[_Builder], multi: bool
) -> None:
    def get(cells: list[str], name: str) -> str:
        index = columns.get(name)
        return cells[index] if index is not None and index < len(cells) else ""

    for raw in rows:
        cells = _cells(raw)
        if not any(cells):
            continue
        spanning = _spanning_text(cells)
        first = next(c for c in cells if c)
        if multi and _PROCEDURE_TITLE_RE.match(fold(first)) and (spanning is not None or not get(cells, "time")):
            code = _CODE_RE.search(first.split("(")[-1] if "(" in first else first)
            builders.append(_Builder(title=first, procedure_code=code.group(1) if code else ""))
            continue
        if multi and numbered_title(cells, columns):
            title = get(cells, "work")
            last = builders[-1] if builders else None
            if last and last.number == get(cells, "number") and not any(c["steps"] for c in last.cases):
                last.title = f"{last.title} {title}"  # the title row cut by the page break, its number repeated
                continue
            code = _CODE_RE.search(title)
            builders.append(
                _Builder(title=title, procedure_code=code.group(1) if code else "", number=get(cells, "number"))
            )
            total = _after(cells, columns["work"], title)
            if _TOTAL_TIME_RE.match(total):  # "45 ngày làm việc" on the title row: a procedure without cases
                builders[-1].case()["total"] = total
            continue
        if not builders:
            builders.append(_Builder())
        builder = builders[-1]
        kind = _total_kind(first)
        if kind is not None and not re.match(r"^(b|buoc)?\s*\d", fold(get(cells, "order"))):
            if kind == "total":
                total = next((c for c in reversed(cells) if c and c != first), "")
                builder.case()["total"] = total or first
            continue
        grouped = _group_row(cells, columns)
        if grouped is not None and not fold(grouped[1]).startswith("truong hop"):
            builder.phase = f"{grouped[0]} {grouped[1]}"  # "A | Các bước chuẩn bị": a stage; steps count again
            continue
        if _continuation(cells, columns, default_unit, builder):
            continue
        case_text = spanning if spanning is not None else _case_cell(cells, columns)
        if grouped is not None:
            case_text = grouped[1]  # "I | Trường hợp công nhận … nhóm I": a case labelled in the order column
        numbered_case = "number" in columns and bool(re.fullmatch(r"\d+(?:\.\d+)+\.?", get(cells, "order")))
        if "number" in columns:  # cases numbered "1.1", "6.2" there: a bare "Trường hợp …" line is a note's
            is_case = numbered_case
        else:
            is_case = bool(case_text) and fold(case_text or "").startswith("truong hop")
        if spanning is not None and re.match(r"^\d+(?:\.\d+)+\.?\s*trường hợp", spanning, re.IGNORECASE):
            case_text, is_case = spanning, True  # "2.1. Trường hợp điều chỉnh …" across the table
        if case_text and is_case:  # "Trường hợp nộp trực tiếp", "6.1 | Thẩm định …"
            label = _CASE_LABEL_RE.sub("", case_text, count=1)  # "Trường hợp: Nộp trực tiếp" → "Nộp trực tiếp"
            total = "" if spanning is not None else _after(cells, columns["work"], case_text)  # "… | 25 ngày"
            builder.phase = ""
            if builder.cases and not builder.cases[-1]["steps"] and not builder.cases[-1]["case"]:
                builder.cases[-1].update(case=label, channel=case_channel(label), total=total)
            else:
                builder.cases.append({"case": label, "channel": case_channel(label), "total": total, "steps": []})
            continue
        cells = _label_in_work(cells, columns)
        if fold(get(cells, "order")).startswith("giai doan"):
            builder.phase = get(cells, "order")  # a stage row: its times are the stage's sum, not a step
            continue
        if spanning is not None and fold(spanning).startswith(("ky hieu quy trinh", "quy trinh so", "ma quy trinh")):
            builder.code = spanning.split(":", 1)[-1].strip()
            continue
        if "number" in columns and not get(cells, "order") and "work_end" in columns:
            stage = get(cells, "work")
            if stage and cells[columns["work_end"]] == stage:  # across the work columns, with the stage's times
                if _is_stage(stage):
                    builder.phase = stage  # "Thu hồi giấy chứng nhận đã cấp | 20 | 25"
                continue  # a long one is a note on the steps
        if spanning is not None and "number" in columns and _is_stage(spanning):
            builder.phase = spanning  # "Thu hồi giấy chứng nhận đã cấp": a stage named in words
            continue
        stage = _unlabelled_stage(cells, columns, spanning)
        if stage:
            builder.phase = stage  # "Tiếp nhận hồ sơ" across the table: a stage as "A | Tiếp nhận hồ sơ" is
            continue
        above = _step_above(cells, columns, builder)  # a row of that step as printed, or the rest of its parts
        merged_time = get(cells, "time") in ("", spanning)  # a text merged over the time cell is no time
        if spanning is not None and (merged_time or "number" in columns) and above is None:
            continue  # a group row (level, section) or a note across the table: neither a case nor a step
        if _cut_row(cells, columns, builder):
            continue
        work, unit = get(cells, "work") or (above or {}).get("work", ""), get(cells, "unit")
        marked = _LINKED_MARK_RE.search(work)  # "… (liên thông)", as the decision document prints a link
        work = work[: marked.start()] if marked else work
        time = get(cells, "time")
        value, time_unit = parse_step_time(time, default_unit)  # value: a number, or None
        order = get(cells, "order")
        if above is not None:
            order = above["order"]  # the step's own label (its stage included), never the row's place
        elif builder.phase and order:
            order = f"{builder.phase}, {order}"
        builder.case()["steps"].append(
            {
                "order": order,
                "work": work,
                "unit": unit,
                "time": time,
                "time_value": value,
                "time_unit": time_unit,
                "product": get(cells, "product"),
                "linked": bool(marked) or "lien thong" in fold(work + " " + unit),
            }
        )


_STEP_LABEL_RE = re.compile(r"^(?:bước|giai đoạn|b)\s*\d", re.IGNORECASE)


def _label_in_work(cells: list[str], columns: dict[str, int]) -> list[str]:
    """A row whose step label ("Bước 1", "Giai đoạn 2") sits under the work heading, the work in the next
    grid column of that heading: the label moved to the order column, the work to the work column."""
    work, end, order = columns.get("work"), columns.get("work_end"), columns.get("order")
    if work is None or end is None or order is None or end >= len(cells) or cells[order]:
        return cells
    if not _STEP_LABEL_RE.match(cells[work]):
        return cells
    moved = list(cells)
    moved[order], moved[work] = cells[work], (cells[end] if cells[end] != cells[work] else "")
    return moved


_TOTAL_TIME_RE = re.compile(r"^\d+(?:[,.]\d+)?\s*(?:ngày|giờ|tháng)", re.IGNORECASE)


def _is_stage(text: str) -> bool:
    """A short title across the table (no number, one line) opening a stage; long ones are notes."""
    short = len(text) <= 100 and "\n" not in text
    return short and not re.match(r"^[\d(+\-–•]", text) and not fold(text).startswith(("ghi chu", "luu y"))


def _after(cells: list[str], index: int, text: str) -> str:
    """The first filled cell after `index` that is not `text` repeated (a merged cell)."""
    return next((c for c in cells[index + 1 :] if c and c != text), "")


_GROUP_LABEL_RE = re.compile(r"^(?:[IVXL]{1,5}|[A-ZĐ])\.?$")


def _group_row(cells: list[str], columns: dict[str, int]) -> tuple[str, str] | None:
    """(label, text) of a row labelled with a Roman numeral or a capital letter in the order column and
    one text over the other columns ("A | Các bước chuẩn bị", "II | Trường hợp … nhóm III"): a stage
    of the steps, or a case when it says "Trường hợp"; None for any other row."""
    order = columns.get("order")
    if order is None or order >= len(cells) or not _GROUP_LABEL_RE.match(cells[order]):
        return None
    rest = {c for i, c in enumerate(cells) if c and i != order}
    if len(rest) != 1:
        return None
    return cells[order].rstrip("."), rest.pop()


_NOTE_RE = re.compile(r"^(?:ghi chu|luu y|chu thich|\(\*)")


def _sub_row(cells: list[str], columns: dict[str, int], builder: _Builder) -> bool:
    """A row under a step holding only more of its work, in the work column ("Bước 1 | 1. Nộp hồ sơ …"
    then " | 2. Kiểm tra tính đầy đủ của hồ sơ …", a bulleted or long text): a row of the steps as
    printed, never a note ("Ghi chú: …") or a title (a table numbering procedures has its own reading of
    such rows: _cut_row)."""
    work = columns.get("work")
    if "number" in columns or work is None or not builder.cases or not builder.case()["steps"]:
        return False
    filled = [i for i, c in enumerate(cells) if c]
    if filled != [work] or _NOTE_RE.match(fold(cells[work])):
        return False
    return not _is_stage(cells[work])  # a short title there ("Tại UBND cấp xã") heads steps: a stage


def _sub_step(cells: list[str], columns: dict[str, int], builder: _Builder) -> bool:
    """A part of the step above with its own unit and time, whose label and work cells (merged down over
    the parts: "B2 | Thụ lý hồ sơ" over three units) were cut at a page break: no label, no work."""
    order, work = (columns.get(k) for k in ("order", "work"))
    if "number" in columns or order is None or work is None or not builder.cases or not builder.case()["steps"]:
        return False
    if any(cells[i] for i in (order, *range(work, columns.get("work_end", work) + 1)) if i < len(cells)):
        return False
    unit, time = (
        cells[i] if i is not None and i < len(cells) else "" for i in (columns.get("unit"), columns.get("time"))
    )
    return bool(unit and time) and bool(builder.case()["steps"][-1]["order"])


def _step_above(cells: list[str], columns: dict[str, int], builder: _Builder) -> dict[str, Any] | None:
    """The step a row belongs to when the row is no step of its own but a row of it as printed
    (_sub_row) or a part of it whose label and work were cut off (_sub_step): the row keeps that step's
    label (and its work, when it has none), so it never shows its place in the table as a step number."""
    if _sub_row(cells, columns, builder) or _sub_step(cells, columns, builder):
        return builder.case()["steps"][-1]
    return None


_ITEM_OPEN_RE = re.compile(r"^(?:[-–—+•*]\s|\(?\d{1,2}[.)]\s|[a-zđ]\)\s|ghi chú|lưu ý)", re.IGNORECASE)
# a cell of the step above that stops mid-phrase: its text goes on in the next row
_PHRASE_OPEN_RE = re.compile(
    r"(?:[,(/\-–]|\b(?:và|của|hoặc|tại|cho|với|về|theo|các|những|được|để|trong|từ|đến|trên|thuộc))$", re.IGNORECASE
)


def _continuation(cells: list[str], columns: dict[str, int], default_unit: str, builder: _Builder) -> bool:
    """The rest of the step above, cut at a page break (a PDF, or a Word file converted back from the
    signed PDF): no label, no time (a time cell without a number goes on with the step's: "0,5" / "ngày"),
    text only under the work, unit or product heading, the first of it
    going on with the step's cell (it starts in lower case, or the step's text stops mid-phrase: "… của
    tổ chức," / "cá nhân …"), none opening an item ("2. Kiểm tra …", "- …": a row of the step as
    printed, _sub_row). Appended to that step (True), so it keeps its label and is no step of its own."""
    if "number" in columns or not builder.cases or not builder.case()["steps"]:
        return False  # a table numbering procedures joins its cut rows by _cut_row
    keys = {i: "work" for i in range(columns["work"], columns.get("work_end", columns["work"]) + 1)}
    keys.update({columns[k]: k for k in ("unit", "product") if k in columns})
    time = columns.get("time")
    if time is not None and time < len(cells) and cells[time] and not re.search(r"\d", cells[time]):
        keys[time] = "time"  # "0,5" / "ngày": the rest of the step's time, no time of its own (no number)
    filled = [(i, c) for i, c in enumerate(cells) if c]
    if not filled or any(i not in keys for i, _ in filled):
        return False
    texts: dict[str, str] = {}
    for i, text in filled:
        texts.setdefault(keys[i], text)  # a merged work heading repeats its text
    step = builder.case()["steps"][-1]
    if any(_ITEM_OPEN_RE.match(text) or _STEP_LABEL_RE.match(text) for text in texts.values()):
        return False
    key, first = next(iter(texts.items()))
    if not (first[:1].islower() or _PHRASE_OPEN_RE.search(step[key].rstrip())):
        return False
    for key, text in texts.items():
        step[key] = continued(step[key], text)
    if "time" in texts:
        step["time_value"], step["time_unit"] = parse_step_time(step["time"], default_unit)
    marked = _LINKED_MARK_RE.search(step["work"])
    if marked:
        step["work"], step["linked"] = step["work"][: marked.start()], True
    return True


def _unlabelled_stage(cells: list[str], columns: dict[str, int], spanning: str | None) -> str:
    """A stage title printed without a label ("Tiếp nhận hồ sơ", "Tại Sở Tài chính"): one short text
    across the table (a merged row, or alone under the work heading), neither a time, a step label, a
    note nor a case; "" for any other row. The steps after it read "Tiếp nhận hồ sơ, Bước 1", as after
    "A | Các bước chuẩn bị". (A table numbering procedures reads its stages above.)"""
    if spanning is None or "number" in columns:
        return ""
    filled = [i for i, c in enumerate(cells) if c]
    if len(filled) == 1 and filled[0] != columns.get("work"):
        return ""  # one text under another heading (a unit, a time): not a title over the steps
    folded = fold(spanning)
    if parse_step_time(spanning)[1] or _STEP_LABEL_RE.match(spanning) or folded.startswith("truong hop"):
        return ""
    if _NOTE_RE.match(folded) or not _is_stage(spanning) or not spanning[:1].isupper():
        return ""
    return spanning


def _cut_row(cells: list[str], columns: dict[str, int], builder: _Builder) -> bool:
    """In a long table read back from a signed PDF, the rest of a step cut by the page break: no label,
    no time, text under the work or unit heading. Appended to that step (True), never a step of its own."""
    if "number" not in columns or not builder.cases or not builder.case()["steps"]:
        return False
    order, time, work, unit = (
        cells[i] if i is not None and i < len(cells) else ""
        for i in (columns.get("order"), columns.get("time"), columns.get("work"), columns.get("unit"))
    )
    if order or time or not (work or unit):
        return False
    step = builder.case()["steps"][-1]
    step["work"] = f"{step['work']} {work}".strip() if work else step["work"]
    step["unit"] = f"{step['unit']} {unit}".strip() if unit else step["unit"]
    return True


def numbered_title(cells: list[str], columns: dict[str, int]) -> bool:
    """A procedure's title row in a table numbering procedures apart from steps ("STT | TT | Trình tự/Tên
    TTHC"): a bare number under STT, the name across the work columns, no step label."""
    number, order, work = (columns.get(k) for k in ("number", "order", "work"))
    if number is None or work is None or number >= len(cells) or work >= len(cells):
        return False
    label = fold(cells[order] if order is not None and order < len(cells) else "")
    return (
        bool(re.fullmatch(r"\d{1,3}\.?", cells[number])) and bool(cells[work]) and not label.startswith(("buoc", "b"))
    )


def _case_cell(cells: list[str], columns: dict[str, int]) -> str | None:
    """The work cell of a case row that also gives the case's number and total ("1.1 | Trường hợp …")."""
    index, order = columns.get("work"), columns.get("order")
    label = cells[order] if order is not None and order < len(cells) else ""
    if index is None or index >= len(cells) or not re.fullmatch(r"(?:\d+(?:\.\d+)+\.?)?", label):
        return None  # a step ("Bước 2 | Trường hợp hồ sơ chưa đủ …") is never a case
    return cells[index]


def has_numbered_titles(table: list[list[str]]) -> bool:
    """The table numbers procedures in their own column, each followed by its steps."""
    try:
        columns, _ = _header_map(_cells(table[0]))
    except ProcessTableProblem:
        return False
    return any(numbered_title(_cells(row), columns) for row in table[1:])


def process_from_table(table: list[list[str]], *, code: str = "") -> dict[str, Any] | None:
    """The process part from one process table (header row first); `code` is the process code
    ("QT.STP.01") when the document gives it outside the table. None when the table has no step."""
    if not table:
        raise ProcessTableProblem("Bảng rỗng.")
    columns, default_unit = _header_map(_cells(table[0]))
    builders = [_Builder(code=nfc(code).strip())]
    _read_rows(table[1:], columns, default_unit, builders, multi=False)
    return builders[0].process()


def processes_from_table(table: list[list[str]]) -> list[dict[str, Any]]:
    """One table holding the processes of many procedures (title rows "1. Thủ tục … (Mã TTHC: …)"):
    [{"title", "procedure_code", "process"}] in table order."""
    if not table:
        raise ProcessTableProblem("Bảng rỗng.")
    columns, default_unit = _header_map(_cells(table[0]))
    builders: list[_Builder] = []
    _read_rows(table[1:], columns, default_unit, builders, multi=True)
    return [
        {"title": b.title, "procedure_code": b.procedure_code, "process": b.process()}
        for b in builders
        if b.title or b.cases
    ]
