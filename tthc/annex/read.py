"""Reading the Excel annex strictly: all rows or nothing, every problem with its sheet, row and column, in
Vietnamese. The reader reads values, never formulas, and runs the upload gate before openpyxl unzips anything.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.cell.read_only import EMPTY_CELL

from ..models.decisions import ACTION_LABELS, EntryAction
from ..problems import ImportProblem, more_problems_text
from ..records import CHANNELS, LEVELS, ONLINE_LEVELS, TIME_UNITS
from ..records.merge import LINE_LISTS, REMOVE_KEY, removed_line
from ..records.references import resolve_as_above
from ..security import UploadRejected, check_xlsx_upload
from ..text import fold, nfc, vn_count
from .layout import (
    CONTENT_COLUMNS,
    DECISION_FIELDS,
    DOSSIER_COLUMNS,
    LATER_CONTENT_COLUMNS,
    LIST_COLUMNS,
    METHOD_COLUMNS,
    NO,
    PROCESS_COLUMNS,
    REMOVE_COLUMN,
    REMOVE_MARKS,
    SHEET_CONTENT,
    SHEET_DECISION,
    SHEET_DOSSIER,
    SHEET_LIST,
    SHEET_METHODS,
    SHEET_PROCESS,
    SHEETS,
    TEXT_ONLY_COLUMNS,
    YES,
)
from .word_content import same_value


# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CellProblem:
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = (
            f"trang «{self.sheet}»"
            + (f", dòng {self.row}" if self.row else "")
            + (f", cột «{self.column}»" if self.column else "")
        )
        return f"{where}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "message": self.message}


class WorkbookProblem(ImportProblem):
    """Every problem of a workbook at once; nothing of it is written."""

    def __init__(self, problems: list[CellProblem], more: int = 0):
        head = f"Tệp Excel có {len(problems) + more} lỗi, chưa nạp gì: "
        shown = "; ".join(str(p) for p in problems[:50])
        rest = len(problems) - 50 + more
        super().__init__(head + shown + (f" … và {rest} vấn đề khác" if rest > 0 else ""))
        self.problems = problems
        self.more = more  # problems found beyond the ones kept (MAX_PROBLEMS): counted, not listed

    @property
    def more_text(self) -> str:
        return more_problems_text(self.more)


def _cell_text(cell) -> str | None:
    """A cell's value as text (None when it is a formula); numbers as typed, dates ISO."""
    if getattr(cell, "data_type", None) == "f":
        return None
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return nfc(str(value))  # verbatim: trailing spaces are part of the source text


def _number_text(value: int | float) -> str:
    """A number as Excel shows it by default: 2.00084, 3 (never 3.0)."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _text_only_problem(cell, column: str) -> str | None:
    """Codes and counts are text: a number stored by Excel has lost its zeros (2.000840 → 2.00084,
    03 → 3), so it is refused with the way to fix it rather than read as something else."""
    value = getattr(cell, "value", None)
    if column not in TEXT_ONLY_COLUMNS or isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return (
        f"{column} phải được nhập dạng văn bản (ô đang là số {_number_text(value)}): định dạng cột là Text rồi nhập lại"
    )


_AS_ABOVE_RECORD_KEYS = (
    "sector",
    "applicants",
    "requirements",
    "results",
    "legal_basis",
    "forms",
    "fee",
    "time_limit",
    "procedure_type",
    "place",
    "notes",
)


def _by_fold(mapping: dict[str, str]) -> dict[str, str]:
    """Label or key (folded) → key, so "Cấp tỉnh", "cap tinh" and "tinh" all read as tinh."""
    out = {fold(label): key for key, label in mapping.items() if key}
    out.update({fold(key): key for key in mapping if key})
    return out


_ACTIONS = _by_fold(ACTION_LABELS)
_ACTIONS.update(
    {
        "moi": "new",
        "ban hanh moi": "new",
        "sua doi": "amended",
        "bo sung": "amended",
        "sua doi bo sung": "amended",
        "bai bo": "abolished",
        "bi bai bo": "abolished",
    }
)
_LEVELS = _by_fold(LEVELS)
_LEVELS.update({"tinh": "tinh", "xa": "xa", "huyen": "huyen", "cap huyen": "huyen", "trung uong": "trung_uong"})
_CHANNELS = _by_fold(CHANNELS)
_CHANNELS.update({"buu chinh": "buu_chinh", "qua buu chinh": "buu_chinh", "buu chinh cong ich": "buu_chinh"})
_UNITS = _by_fold(TIME_UNITS)
_ONLINE = _by_fold(ONLINE_LEVELS)
_ONLINE.update({"toan trinh": "toan_trinh", "mot phan": "mot_phan"})
_BOOLS = {"co": True, "x": True, "true": True, "1": True, "khong": False, "false": False, "0": False}
_DATE_RE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_COUNT_RE = re.compile(r"^\d{1,4}$")
_NUMBER_RE = re.compile(r"^\d+([.,]\d+)?$")


def _lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


# Security limit: past this many problems the reader keeps only a count (a hostile or wrong file could
# otherwise answer with a six-figure list, and hold it all in memory); the person fixes these, sees how
# many more there were, and uploads again. The upload limits bound how long the reading itself takes.
MAX_PROBLEMS = 200
# Excel's own limits: a sheet declaring more was not saved by Excel (or was edited to lie).
EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLUMNS = 16_384
# All the rows of one workbook, every sheet together (setting MAX_ANNEX_ROWS). The province's whole
# catalogue in this layout is about 28,000 rows; a 13 KB file declaring five million rows was once read
# for 44 s, one empty row at a time.
DEFAULT_MAX_ROWS = 100_000


def _too_many_rows(title: str, max_rows: int) -> str:
    return (
        f"Trang «{title}» có dòng vượt quá giới hạn: tối đa {vn_count(max_rows)} dòng cho cả tệp. "
        "Hãy chia thành nhiều quyết định, hoặc xóa các dòng trống ở cuối trang rồi lưu lại."
    )


def _blank(cells) -> bool:
    """A row with no cell at all (a gap between row numbers reads as a row of empty cells)."""
    return all(cell is EMPTY_CELL for cell in cells)


class _Reader:
    """Reads the sheets of one workbook, collecting problems (the first MAX_PROBLEMS, then counting the
    rest) instead of stopping at the first."""

    def __init__(self, book, max_problems: int = MAX_PROBLEMS, max_rows: int = DEFAULT_MAX_ROWS):
        self.book = book
        self.max_rows = max_rows
        self.rows_left = max_rows  # every sheet's rows count, blank ones included
        self.problems: list[CellProblem] = []
        self.more = 0  # problems beyond max_problems: counted only
        self.missing: set[tuple[str, str]] = set()  # (sheet, column) absent from the header row
        self.max_problems = max_problems

    def problem(self, sheet: str, row: int, column: str, message: str) -> None:
        if len(self.problems) >= self.max_problems:
            self.more += 1
            return
        self.problems.append(CellProblem(sheet, row, column, message))

    def sheet_rows(self, title: str, min_row: int = 1, max_col: int | None = None):
        """(row number, cells) of a sheet, at most `max_col` cells each; a fatal ImportProblem once the
        workbook's rows pass the cap. Blank rows count: row numbers far past the real ones cost nothing
        more than the cap allows."""
        rows = self.book[title].iter_rows(min_row=min_row, max_col=max_col)
        for number, cells in enumerate(rows, start=min_row):
            self.rows_left -= 1
            if self.rows_left < 0 or number > EXCEL_MAX_ROWS:
                raise ImportProblem(_too_many_rows(title, self.max_rows))
            yield number, cells

    def rows(
        self,
        title: str,
        columns: list[str],
        progress: Callable[[int], None] | None = None,
        optional: tuple[str, ...] = (),
    ) -> list[tuple[int, dict[str, str]]]:
        """(row number, {column: text}) for each non-blank row; missing sheets/columns are problems
        (an `optional` column missing reads as blank)."""
        if title not in self.book.sheetnames:
            self.problem(title, 0, "", "thiếu trang này trong tệp.")
            return []
        first = self.sheet_rows(title)  # as wide as its last cell (at most 3 letters: ZZZ)
        header = next(first, (1, ()))[1]
        first.close()
        positions = {fold(_cell_text(c) or ""): i for i, c in enumerate(header)}
        index = {}
        for column in columns + list(optional):
            if fold(column) in positions:
                index[column] = positions[fold(column)]
            elif column not in optional:
                self.problem(title, 1, column, "thiếu cột này (dòng tiêu đề).")
                self.missing.add((title, column))
        out = []
        width = max(index.values(), default=0) + 1  # a cell far to the right never widens every row
        for number, cells in self.sheet_rows(title, min_row=2, max_col=width):
            if _blank(cells):
                continue  # before progress: a gap of row numbers reports (and commits) nothing
            if progress and number % 500 == 0:
                progress(number)
            values = {}
            for column, position in index.items():
                cell = cells[position] if position < len(cells) else None
                text = _cell_text(cell) if cell is not None else ""
                refused = _text_only_problem(cell, column)
                if refused:
                    self.problem(title, number, column, refused)  # the text stays: no follow-on problems
                if text is None:
                    self.problem(title, number, column, "ô chứa công thức; hãy dán giá trị thay cho công thức.")
                    text = ""
                values[column] = text
            values.update({column: "" for column in columns + list(optional) if column not in index})
            if any(v.strip() for v in values.values()):
                out.append((number, values))
        return out

    def choice(self, mapping: dict[str, str], text: str, sheet: str, row: int, column: str) -> str:
        text = text.strip()
        if not text:
            return ""
        key = mapping.get(fold(text).strip(" ."))
        if key is None:
            allowed = "; ".join(sorted({k for k in mapping.values()}))
            self.problem(sheet, row, column, f"giá trị «{text[:40]}» không hợp lệ (chấp nhận: {allowed}).")
            return ""
        return key

    def count(self, text: str, sheet: str, row: int, column: str) -> int | None:
        text = text.strip()
        if not text:
            return None
        if not _COUNT_RE.match(text):
            self.problem(sheet, row, column, f"«{text[:40]}» không phải số nguyên không âm.")
            return None
        return int(text)

    def date(self, text: str, row: int, column: str) -> str | None:
        text = text.strip()
        if not text:
            return None
        match = _DATE_RE.match(text)
        try:
            value = dt.date(int(match[3]), int(match[2]), int(match[1])) if match else dt.date.fromisoformat(text[:10])
        except ValueError:
            self.problem(SHEET_DECISION, row, column, f"ngày «{text[:20]}» không đúng dạng dd/mm/yyyy.")
            return None
        return value.isoformat()


def _read_decision_sheet(reader: _Reader) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    if SHEET_DECISION not in reader.book.sheetnames:
        reader.problem(SHEET_DECISION, 0, "", "thiếu trang này trong tệp.")
        return flat
    labels = {fold(label): key for label, key in DECISION_FIELDS.items()}
    for number, cells in reader.sheet_rows(SHEET_DECISION, min_row=2, max_col=2):
        if len(cells) < 2 or _blank(cells):
            continue
        key = labels.get(fold(_cell_text(cells[0]) or "").strip())
        value = _cell_text(cells[1])
        if key is None or value is None:
            if value is None:
                reader.problem(SHEET_DECISION, number, "Giá trị", "ô chứa công thức; hãy dán giá trị.")
            continue
        if key in ("signed_date", "effective_date"):
            flat[key] = reader.date(_excel_serial_date(cells[1]) or value, number, "Giá trị")
        elif key == "legal_acts":
            flat[key] = _lines(value)
        else:
            flat[key] = value
    return flat


def _excel_serial_date(cell) -> str | None:
    """A date Excel stores as a bare serial number (a date cell whose format was lost) → ISO."""
    from openpyxl.utils.datetime import from_excel

    value = cell.value
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 1 <= value < 2958466:
        return None
    return from_excel(value).date().isoformat()


def _read_content(reader: _Reader, number: int, cells: dict[str, str]) -> dict[str, Any]:
    """A Phần II row → the record parts it gives (blank cells are "not given")."""
    record: dict[str, Any] = {}
    for column, (key, kind) in CONTENT_COLUMNS.items():
        text = cells.get(column, "")
        if kind == "stt" or not text.strip():
            continue
        if kind == "text":
            record[key] = text
        elif kind == "lines":
            record[key] = _lines(text)
        elif kind.startswith("agency:"):
            record.setdefault("agencies", {})[kind.split(":")[1]] = _lines(text)
        elif kind == "level":
            record[key] = reader.choice(_LEVELS, text, SHEET_CONTENT, number, column)
        elif kind == "levels":
            record[key] = [reader.choice(_LEVELS, line, SHEET_CONTENT, number, column) for line in _lines(text)]
        elif kind == "online":
            record[key] = reader.choice(_ONLINE, text, SHEET_CONTENT, number, column)
        elif kind == "bool":
            if fold(text) not in _BOOLS:
                reader.problem(SHEET_CONTENT, number, column, f"«{text[:20]}» phải là «{YES}» hoặc «{NO}».")
            record[key] = _BOOLS.get(fold(text), False)
        elif kind == "json":
            try:
                value = json.loads(text)
            except json.JSONDecodeError:
                value = None
            if not isinstance(value, dict):
                reader.problem(SHEET_CONTENT, number, column, "phải là một đối tượng JSON ({...}).")
            else:
                record[key] = value
    return record


def _read_method(reader: _Reader, number: int, cells: dict[str, str]) -> dict[str, Any]:
    value_text = cells["Thời hạn (số)"].strip().replace(",", ".")
    value: int | float | None = None
    if value_text:
        if _NUMBER_RE.match(value_text):
            value = float(value_text) if "." in value_text else int(value_text)
        else:
            reader.problem(SHEET_METHODS, number, "Thời hạn (số)", f"«{value_text[:30]}» không phải là số.")
    method = {
        "channel": reader.choice(_CHANNELS, cells["Cách thức"], SHEET_METHODS, number, "Cách thức"),
        "time_limit": cells["Thời hạn giải quyết"],
        "time_limit_value": value,
        "time_limit_unit": reader.choice(_UNITS, cells["Đơn vị thời hạn"], SHEET_METHODS, number, "Đơn vị thời hạn"),
        "fee": cells["Phí, lệ phí"],
        "note": cells["Ghi chú"],
    }
    if _removal(reader, SHEET_METHODS, number, cells):
        method[REMOVE_KEY] = True
    return method


def _removal(reader: _Reader, sheet: str, number: int, cells: dict[str, str]) -> bool:
    """The row's "Bỏ" cell: Bỏ (or x, Có) removes the item from the version in force."""
    mark = cells.get(REMOVE_COLUMN, "").strip()
    if mark and fold(mark).strip(" .") not in REMOVE_MARKS:
        reader.problem(sheet, number, REMOVE_COLUMN, f"«{mark[:20]}»: ghi «Bỏ» để bỏ dòng này, hoặc để trống.")
    return bool(mark) and fold(mark).strip(" .") in REMOVE_MARKS


OPERATOR_MAX_BYTES = 200 * 1024 * 1024
OPERATOR_MAX_UNCOMPRESSED = 2 * 1024 * 1024 * 1024


def read_decision_workbook(
    path: Path | str | io.BytesIO,
    progress: Callable[[int, int], None] | None = None,
    max_rows: int | None = None,
) -> list[tuple[int, dict[str, Any]]]:
    """[(1, flat decision)] in the shape tthc.decisions.importing.import_decisions accepts, or
    WorkbookProblem listing every problem (sheet, row, column, reason). `progress(rows_read, total)`.
    `max_rows`: all sheets' rows together (setting MAX_ANNEX_ROWS; DEFAULT_MAX_ROWS when None)."""
    data = path.getvalue() if isinstance(path, io.BytesIO) else Path(path).read_bytes()
    # The upload gate runs before openpyxl unzips anything: type, size, zip bombs. A file an operator
    # names on the command line may be larger than a browser upload; the bomb checks apply to both.
    limits = (
        {}
        if isinstance(path, io.BytesIO)
        else {"max_bytes": OPERATOR_MAX_BYTES, "max_uncompressed": OPERATOR_MAX_UNCOMPRESSED}
    )
    try:
        check_xlsx_upload(data, **limits)
    except UploadRejected as error:
        raise ImportProblem(f"Không đọc được tệp Excel: {error}") from None
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # not a workbook at all: zip/xml errors of many kinds
        raise ImportProblem(
            f"Không đọc được tệp Excel ({type(error).__name__}). Hãy lưu lại dưới dạng .xlsx."
        ) from None
    try:
        return _read(book, progress, max_rows or DEFAULT_MAX_ROWS)
    except ImportProblem:
        raise
    except (SyntaxError, ValueError, KeyError, TypeError, IndexError, OSError, EOFError, zipfile.BadZipFile) as error:
        # Sheets are parsed lazily (read-only mode): truncated or malformed XML shows up here.
        raise ImportProblem(
            f"Không đọc được tệp Excel ({type(error).__name__}): tệp hỏng hoặc bị cắt cụt. "
            "Hãy mở bằng Excel và lưu lại dưới dạng .xlsx."
        ) from None
    finally:
        book.close()


def _read(book, progress, max_rows: int = DEFAULT_MAX_ROWS) -> list[tuple[int, dict[str, Any]]]:
    return _read_all(_Reader(book, max_rows=max_rows), book, progress)


def declared_rows(book, max_rows: int) -> int:
    """The rows the workbook's sheets declare (their <dimension>), all sheets together; ImportProblem
    when a sheet declares more than Excel allows or the sheets more than `max_rows`. The declarations are
    then dropped: rows are read as they are, never padded to what a sheet claims."""
    total = 0
    for sheet in book.worksheets:
        rows, columns = sheet.max_row or 0, sheet.max_column or 0
        if rows > EXCEL_MAX_ROWS or columns > EXCEL_MAX_COLUMNS:
            raise ImportProblem(
                f"Trang «{sheet.title}» khai báo {vn_count(rows)} dòng, {vn_count(columns)} cột, quá giới hạn của "
                f"Excel ({vn_count(EXCEL_MAX_ROWS)} dòng, {vn_count(EXCEL_MAX_COLUMNS)} cột): tệp hỏng hoặc đã bị "
                "sửa ngoài Excel. Hãy mở bằng Excel và lưu lại."
            )
        total += rows
        if total > max_rows:
            raise ImportProblem(
                f"Tệp Excel khai báo hơn {vn_count(max_rows)} dòng (trang «{sheet.title}»: {vn_count(rows)} dòng); "
                f"tối đa {vn_count(max_rows)} dòng cho cả tệp. Hãy chia thành nhiều quyết định, hoặc xóa các dòng "
                "trống ở cuối trang rồi lưu lại."
            )
        sheet.reset_dimensions()
    return total


def _read_all(reader: _Reader, book, progress) -> list[tuple[int, dict[str, Any]]]:
    total = declared_rows(book, reader.max_rows)
    done = [0]

    def tick(_row: int) -> None:
        done[0] += 500
        if progress:
            progress(min(done[0], total), total)

    flat = _read_decision_sheet(reader)
    list_rows = reader.rows(SHEET_LIST, LIST_COLUMNS, tick)
    content_rows = reader.rows(
        SHEET_CONTENT,
        [c for c in CONTENT_COLUMNS if c not in LATER_CONTENT_COLUMNS],
        tick,
        optional=LATER_CONTENT_COLUMNS,
    )
    method_rows = reader.rows(SHEET_METHODS, METHOD_COLUMNS, tick, optional=(REMOVE_COLUMN,))
    dossier_rows = reader.rows(SHEET_DOSSIER, DOSSIER_COLUMNS, tick, optional=(REMOVE_COLUMN,))
    entries, by_stt = _read_list(reader, list_rows)
    contents = _link(reader, SHEET_CONTENT, content_rows, by_stt, unique=True)
    for stt, number, cells in contents:
        entry = by_stt[stt]
        entry["record"] = _read_content(reader, number, cells)
        entry["_content_row"] = number
    for stt, number, cells in _link(reader, SHEET_METHODS, method_rows, by_stt):
        by_stt[stt].setdefault("record", {}).setdefault("methods", []).append(_read_method(reader, number, cells))
    for stt, number, cells in _link(reader, SHEET_DOSSIER, dossier_rows, by_stt):
        _add_document(reader, by_stt[stt].setdefault("record", {}), number, cells)
    read_process_sheet(reader, by_stt)
    for entry in entries:
        _finish_entry(reader, entry)
    if progress:
        progress(total, total)
    if reader.problems:
        raise WorkbookProblem(
            sorted(reader.problems, key=lambda p: (list(SHEETS).index(p.sheet) if p.sheet in SHEETS else -1, p.row)),
            more=reader.more,
        )
    # "Như trên" in a cell means the same column of the row above (import_decisions resolves Phần I's)
    resolve_as_above([entry.get("record") or {} for entry in entries], _AS_ABOVE_RECORD_KEYS)
    flat["entries"] = entries
    return [(1, flat)]


def _read_list(reader: _Reader, rows) -> tuple[list[dict[str, Any]], dict[int, dict[str, Any]]]:
    entries: list[dict[str, Any]] = []
    by_stt: dict[int, dict[str, Any]] = {}
    codes: dict[str, int] = {}
    for number, cells in rows:
        stt = reader.count(cells["STT"], SHEET_LIST, number, "STT")
        if not cells["STT"].strip() and (SHEET_LIST, "STT") not in reader.missing:
            reader.problem(SHEET_LIST, number, "STT", "thiếu số thứ tự.")
        elif stt is not None and stt in by_stt:
            reader.problem(SHEET_LIST, number, "STT", f"số thứ tự {stt} bị trùng.")
        action = reader.choice(_ACTIONS, cells["Hình thức"], SHEET_LIST, number, "Hình thức")
        if not cells["Hình thức"].strip() and (SHEET_LIST, "Hình thức") not in reader.missing:
            reader.problem(
                SHEET_LIST, number, "Hình thức", "thiếu hình thức (mới ban hành, sửa đổi, bổ sung, thay thế, bãi bỏ)."
            )
        code, replaces = cells["Mã TTHC"].strip() or None, cells["Mã TTHC bị thay thế"].strip() or None
        for column, value in (("Mã TTHC", code), ("Mã TTHC bị thay thế", replaces)):
            if value and not re.match(r"^[A-Za-z0-9][A-Za-z0-9.\-_]*$", value):
                reader.problem(SHEET_LIST, number, column, f"mã «{value[:40]}» chứa ký tự không hợp lệ.")
        if action in (EntryAction.AMENDED, EntryAction.ABOLISHED) and not code:
            reader.problem(SHEET_LIST, number, "Mã TTHC", "mục sửa đổi, bổ sung hoặc bãi bỏ phải có mã thủ tục.")
        if action == EntryAction.REPLACED and not (replaces or code):
            reader.problem(SHEET_LIST, number, "Mã TTHC bị thay thế", "mục thay thế phải nêu mã thủ tục bị thay thế.")
        for value in filter(None, (code, replaces)):
            if value in codes:
                reader.problem(
                    SHEET_LIST, number, "Mã TTHC", f"mã {value} đã có ở dòng {codes[value]}; mỗi thủ tục chỉ một mục."
                )
            else:
                codes[value] = number
        entry = {
            "action": action,
            "code": code,
            "replaces": replaces,
            "abolition_basis": _lines(cells["Văn bản quy phạm pháp luật"]),
            "note": cells["Ghi chú"],
            "_row": number,
            "_list": cells,
        }
        entries.append(entry)
        if stt is not None:
            by_stt.setdefault(stt, entry)
    return entries, by_stt


def _link(reader: _Reader, title: str, rows, by_stt, unique: bool = False):
    """Rows of a detail sheet with the entry (by STT) each belongs to."""
    seen: dict[int, int] = {}
    for number, cells in rows:
        stt = reader.count(cells["STT"], title, number, "STT")
        if stt is None or stt not in by_stt:
            if (not cells["STT"].strip() or stt is not None) and (title, "STT") not in reader.missing:
                reader.problem(title, number, "STT", f"STT «{cells['STT']}» không có ở trang «{SHEET_LIST}».")
            continue
        if unique and stt in seen:
            reader.problem(title, number, "STT", f"STT {stt} đã có ở dòng {seen[stt]}; mỗi thủ tục một dòng.")
            continue
        seen[stt] = number
        yield stt, number, cells


def _add_document(reader: _Reader, record: dict[str, Any], number: int, cells: dict[str, str]) -> None:
    dossier = record.setdefault("dossier", [])
    case_name = cells["Trường hợp"]
    case = next((c for c in dossier if c["case"] == case_name), None)
    if case is None:
        case = {"case": case_name, "documents": []}
        dossier.append(case)
    document: dict[str, Any] = {
        "name": cells["Tên giấy tờ"],
        "originals": reader.count(cells["Bản chính"], SHEET_DOSSIER, number, "Bản chính"),
        "copies": reader.count(cells["Bản sao"], SHEET_DOSSIER, number, "Bản sao"),
        "form": cells["Mẫu đơn, tờ khai"],
    }
    if _removal(reader, SHEET_DOSSIER, number, cells):
        document[REMOVE_KEY] = True
    if not document["name"].strip():
        if document["originals"] is not None or document["copies"] is not None or document["form"]:
            reader.problem(SHEET_DOSSIER, number, "Tên giấy tờ", "giấy tờ chưa có tên.")
        return
    case["documents"].append(document)


def _finish_entry(reader: _Reader, entry: dict[str, Any]) -> None:
    """Fill record parts from Phần I where Phần II gives none; the name is the one part every row needs."""
    cells, number = entry.pop("_list"), entry.pop("_row")
    content_row = entry.pop("_content_row", None)
    record = entry.setdefault("record", {})
    if entry["action"] != EntryAction.NEW:
        record.pop("code", None)  # the entry's own code (Phần I) is what counts
    if entry["action"] != EntryAction.ABOLISHED or content_row is None:
        _part_one_into_record(reader, entry, record, cells, number)
    if entry["action"] == EntryAction.NEW and not (record.get("name") or "").strip():
        where = (
            (SHEET_CONTENT, content_row, "Tên thủ tục")
            if content_row
            else (SHEET_LIST, number, "Tên thủ tục hành chính")
        )
        reader.problem(*where, "thủ tục mới ban hành phải có tên (phần bắt buộc theo Nghị định 63/2010/NĐ-CP).")
    if entry["action"] == EntryAction.REPLACED and not entry["replaces"]:
        entry["replaces"], entry["code"] = entry["code"], entry["code"]
    if entry["action"] in (EntryAction.AMENDED, EntryAction.REPLACED):
        entry["row_patch"] = True  # tthc.decisions.row_patches applies the rows to the version in force
    elif entry["action"] == EntryAction.NEW and _removes_something(record):
        reader.problem(
            SHEET_LIST,
            number,
            "Hình thức",
            "mục mới ban hành không có gì để bỏ: hãy xóa các dòng ghi «Bỏ» của mục này.",
        )


def _part_one_into_record(
    reader: _Reader, entry: dict[str, Any], record: dict[str, Any], cells: dict[str, str], number: int
) -> None:
    """Phần I's name, sector, level and executing agency are what the draft holds, for every action, as
    the Word import takes them (tthc.annex.word_content.record_with_content): a sector, level or agency
    in Phần I wins over Phần II's unless both say the same; Phần II's name, when given, wins over Phần I's.
    The keys taken from Phần I are listed in `part_one`: an amendment that only repeats the version in
    force (as an exported annex does, to name the procedure) changes nothing (decisions.row_patches)."""
    taken = []
    name = cells["Tên thủ tục hành chính"]
    if name.strip() and not (record.get("name") or "").strip():
        record["name"] = name
        taken.append("name")
    if cells["Lĩnh vực"].strip():
        record["sector"] = cells["Lĩnh vực"]
        taken.append("sector")
    if cells["Cấp thực hiện"].strip():
        record["level"] = reader.choice(_LEVELS, cells["Cấp thực hiện"], SHEET_LIST, number, "Cấp thực hiện")
        taken.append("level")
    executing = _lines(cells["Cơ quan thực hiện"])
    if executing:
        given = record.get("agencies") or {}
        if not same_value("agencies", executing, given.get("executing") or []):
            record["agencies"] = {"executing": executing}  # Phần II's roles described other agencies
        else:
            record["agencies"] = {**given, "executing": given.get("executing") or executing}
        taken.append("agencies")
    if taken and entry["action"] in (EntryAction.AMENDED, EntryAction.REPLACED):
        entry["part_one"] = taken


def _removes_something(record: dict[str, Any]) -> bool:
    documents = [d for case in record.get("dossier") or [] for d in case.get("documents") or []]
    return any(item.get(REMOVE_KEY) for item in (record.get("methods") or []) + documents) or any(
        removed_line(line) is not None for key in LINE_LISTS for line in record.get(key) or []
    )


# --- the internal-process sheet (layout.SHEET_PROCESS) --------------------------------------------
def read_process_sheet(reader: _Reader, by_stt: dict[int, dict[str, Any]]) -> None:
    """Steps of the process sheet into each entry's record (`process`), every problem collected."""
    from ..records.process import parse_step_time

    if SHEET_PROCESS not in reader.book.sheetnames:
        return
    processes: dict[int, dict[str, Any]] = {}
    for stt, number, cells in _link(reader, SHEET_PROCESS, reader.rows(SHEET_PROCESS, PROCESS_COLUMNS), by_stt):
        process = processes.setdefault(stt, {"code": "", "cases": []})
        process["code"] = process["code"] or cells["Ký hiệu quy trình"].strip()
        channel = reader.choice(_CHANNELS, cells["Cách thức"], SHEET_PROCESS, number, "Cách thức")
        case = next((c for c in process["cases"] if c["case"] == cells["Trường hợp"].strip()), None)
        if case is None:
            case = {"case": cells["Trường hợp"].strip(), "channel": channel, "total": "", "steps": []}
            process["cases"].append(case)
        case["total"] = case["total"] or cells["Tổng thời gian (ghi trong phụ lục)"].strip()
        time = cells["Thời gian"].strip()
        value, unit = parse_step_time(time, "ngay_lam_viec")
        if time and value is None:
            reader.problem(
                SHEET_PROCESS,
                number,
                "Thời gian",
                f"không đọc được thời gian «{time[:40]}» (ví dụ: 0,25 ngày; 1/4 ngày; 4 giờ; Giờ hành chính).",
            )
        linked = cells["Liên thông"].strip()
        if linked and fold(linked) not in _BOOLS:
            reader.problem(SHEET_PROCESS, number, "Liên thông", f"giá trị «{linked[:20]}» không hợp lệ ({YES}; {NO}).")
        step = {
            "order": cells["Bước"].strip(),
            "work": cells["Nội dung công việc"],
            "unit": cells["Đơn vị thực hiện"],
            "time": time,
            "time_value": value,
            "time_unit": unit,
            "product": cells["Kết quả, biểu mẫu"],
            "linked": _BOOLS.get(fold(linked), False),
        }
        if any(step[k] for k in ("order", "work", "unit", "time", "product")):
            case["steps"].append(step)
    for stt, process in processes.items():
        by_stt[stt].setdefault("record", {})["process"] = process
