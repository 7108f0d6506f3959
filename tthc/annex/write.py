"""Writing the Excel annex: the blank template, a decision's annex, the catalogue in the same layout.

Every cell is written as text, so codes such as 1.001612 and counts such as 03 survive.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..models.decisions import ACTION_LABELS, EntryAction
from ..records import CHANNELS, LEVELS, ONLINE_LEVELS, TIME_UNITS, normalize_record
from ..security import neutralise_workbook
from .layout import (
    CHOICE_COLUMNS,
    CHOICES,
    CONTENT_COLUMNS,
    DECISION_FIELDS,
    DOSSIER_COLUMNS,
    LIST_COLUMNS,
    METHOD_COLUMNS,
    NO,
    PROCESS_COLUMNS,
    REMOVE_COLUMN,
    REMOVE_MARK,
    SHEET_CONTENT,
    SHEET_DECISION,
    SHEET_DOSSIER,
    SHEET_HELP,
    SHEET_LIST,
    SHEET_METHODS,
    SHEET_PROCESS,
    SHEETS,
    YES,
)

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")
_WRAP = Alignment(wrap_text=True, vertical="top")


# --- writing --------------------------------------------------------------------------------------
def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, (list, tuple)):
        return "\n".join(_text(v) for v in value)
    return str(value)


def _put_row(sheet, values: Iterable[Any]) -> None:
    # Our own row counter: sheet.max_row scans every cell, which made large exports quadratic.
    row = sheet.__dict__["_tthc_next_row"] = sheet.__dict__.get("_tthc_next_row", 0) + 1
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row, column)
        cell.value = _text(value)
        cell.data_type = "s"  # text, even "=..." (never a formula) and "03"
        cell.number_format = "@"
        if "\n" in cell.value:
            cell.alignment = _WRAP


def _new_sheet(book: Workbook, title: str, headers: list[str], widths: dict[str, int] | None = None):
    sheet = book.create_sheet(title)
    _put_row(sheet, headers)
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(1, column)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].width = (widths or {}).get(header, 12 if len(header) < 8 else 24)
        # Text format for every column, so what a person types stays as typed (codes, counts "03")
        sheet.column_dimensions[letter].number_format = "@"
    sheet.freeze_panes = "A2"
    return sheet


def _workbook(decision_fields: dict[str, Any]) -> tuple[Workbook, dict[str, Any]]:
    book = Workbook()
    book.remove(book.active)
    sheet = _new_sheet(book, SHEET_DECISION, ["Thông tin", "Giá trị"], {"Thông tin": 22, "Giá trị": 90})
    for label, key in DECISION_FIELDS.items():
        _put_row(sheet, [label, decision_fields.get(key)])
    sheets = {
        SHEET_LIST: _new_sheet(book, SHEET_LIST, LIST_COLUMNS, {"STT": 6, "Tên thủ tục hành chính": 60}),
        SHEET_CONTENT: _new_sheet(
            book, SHEET_CONTENT, list(CONTENT_COLUMNS), {"STT": 6, "Tên thủ tục": 50, "Trình tự thực hiện": 60}
        ),
        SHEET_METHODS: _new_sheet(book, SHEET_METHODS, METHOD_COLUMNS + [REMOVE_COLUMN], {"STT": 6}),
        SHEET_DOSSIER: _new_sheet(
            book, SHEET_DOSSIER, DOSSIER_COLUMNS + [REMOVE_COLUMN], {"STT": 6, "Tên giấy tờ": 60}
        ),
    }
    add_process_sheet(book, sheets)
    _help_sheet(book)
    _dropdowns(book, sheets)
    return book, sheets


DROPDOWN_ROWS = 5000


def _dropdowns(book: Workbook, sheets) -> None:
    """Choices offered as drop-downs (a hidden list sheet); typed values are still read and checked."""
    from openpyxl.worksheet.datavalidation import DataValidation

    lists = book.create_sheet("Danh sách")
    lists.sheet_state = "hidden"
    ranges = {}
    for column, (name, values) in enumerate(CHOICES.items(), start=1):
        letter = get_column_letter(column)
        lists.cell(1, column).value = name
        for row, value in enumerate(values, start=2):
            lists.cell(row, column).value = value
        ranges[name] = f"'Danh sách'!${letter}$2:${letter}${len(values) + 1}"
    for title, columns in CHOICE_COLUMNS.items():
        headers = SHEETS[title]
        for header, choice in columns.items():
            validation = DataValidation(type="list", formula1=ranges[choice], allow_blank=True, showErrorMessage=False)
            letter = get_column_letter(headers.index(header) + 1)
            validation.add(f"{letter}2:{letter}{DROPDOWN_ROWS}")
            sheets[title].add_data_validation(validation)


def _help_sheet(book: Workbook) -> None:
    sheet = _new_sheet(book, SHEET_HELP, ["Cột", "Giá trị được chấp nhận"], {"Cột": 24, "Giá trị được chấp nhận": 90})
    for row in (
        ("Hình thức", "; ".join(ACTION_LABELS.values())),
        ("Cấp thực hiện", "; ".join(label for key, label in LEVELS.items() if key)),
        ("Cách thức", "; ".join(label for key, label in CHANNELS.items() if key)),
        ("Đơn vị thời hạn", "; ".join(label for key, label in TIME_UNITS.items() if key)),
        ("Dịch vụ công trực tuyến", "; ".join(label for key, label in ONLINE_LEVELS.items() if key)),
        ("Bưu chính công ích, Phi địa giới", f"{YES}; {NO}"),
        ("Danh sách", "Mỗi mục một dòng trong ô (Alt+Enter): trình tự, căn cứ pháp lý, kết quả, cơ quan..."),
        ("STT", "Trang Phần II, Cách thức và Hồ sơ nối với Phần I qua cột STT."),
        ("Ô để trống", "Với mục sửa đổi, bổ sung hoặc thay thế: giữ nguyên nội dung đang có hiệu lực."),
        (
            "Phần I của mục sửa đổi",
            "Tên thủ tục, lĩnh vực, cấp thực hiện và cơ quan thực hiện ghi ở Phần I là nội dung của dự thảo, "
            "như khi nhập từ văn bản Word: khác nội dung đang có hiệu lực thì được sửa theo; trùng thì không "
            "đổi gì; để trống thì giữ nguyên. Tên ghi ở Phần II (nếu có) được dùng thay tên ở Phần I.",
        ),
        (
            "Cách thức, Hồ sơ",
            "Với mục sửa đổi, bổ sung hoặc thay thế: mỗi dòng chỉ sửa cách thức (giấy tờ) của "
            "dòng đó; cách thức, giấy tờ không ghi thì giữ nguyên. Ghi «Bỏ» ở cột «Bỏ» để bỏ.",
        ),
        (
            "Bỏ: …",
            "Trong ô danh sách (trình tự, kết quả, căn cứ pháp lý, mẫu đơn) của mục sửa đổi: dòng «Bỏ: X» "
            "bỏ mục X, các dòng khác được thêm; ô không có dòng «Bỏ:» thay cả danh sách.",
        ),
        ("Ngày", "dd/mm/yyyy hoặc yyyy-mm-dd"),
    ):
        _put_row(sheet, row)


def _label(mapping: dict[str, str], key: str) -> str:
    return mapping.get(key, key) if key else ""


def _content_row(stt: int, record: dict[str, Any], partial: bool) -> list[Any]:
    """One Phần II row. A partial record (amended entry) leaves the parts it does not give blank."""
    row: list[Any] = []
    for key, kind in CONTENT_COLUMNS.values():
        if kind == "stt":
            row.append(stt)
        elif partial and key not in record:
            row.append("")
        elif kind.startswith("agency:"):
            row.append((record.get("agencies") or {}).get(kind.split(":")[1]) or [])
        elif kind == "level":
            row.append(_label(LEVELS, record.get(key) or ""))
        elif kind == "levels":
            row.append([_label(LEVELS, v) for v in record.get(key) or []])
        elif kind == "online":
            row.append(_label(ONLINE_LEVELS, record.get(key) or ""))
        elif kind == "json":
            row.append(json.dumps(record[key], ensure_ascii=False, sort_keys=True) if record.get(key) else "")
        else:
            row.append(record.get(key))
    return row


def _detail_rows(sheets, stt: int, code: str, record: dict[str, Any]) -> None:
    for method in record.get("methods") or []:
        _put_row(
            sheets[SHEET_METHODS],
            [
                stt,
                code,
                _label(CHANNELS, method.get("channel") or ""),
                method.get("time_limit"),
                method.get("time_limit_value"),
                _label(TIME_UNITS, method.get("time_limit_unit") or ""),
                method.get("fee"),
                method.get("note"),
            ],
        )
    for case in record.get("dossier") or []:
        documents = case.get("documents") or []
        if not documents:  # a case with no documents yet still shows
            _put_row(sheets[SHEET_DOSSIER], [stt, code, case.get("case"), "", "", "", ""])
        for document in documents:
            _put_row(
                sheets[SHEET_DOSSIER],
                [
                    stt,
                    code,
                    case.get("case"),
                    document.get("name"),
                    document.get("originals"),
                    document.get("copies"),
                    document.get("form"),
                ],
            )
    write_process_rows(sheets, stt, code, record)


def _save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    neutralise_workbook(book).save(buffer)
    return buffer.getvalue()


def template_workbook() -> bytes:
    """The empty annex to fill in."""
    book, _ = _workbook({})
    return _save(book)


def decision_workbook(
    decision, records: dict[int, dict[str, Any]] | None = None, bases: dict[int, dict[str, Any] | None] | None = None
) -> bytes:
    """A decision in the annex layout. `records` (entry id → full record) only fills Phần I's display
    columns for amended entries; Phần II holds exactly what each entry stores. With `bases` (entry id →
    version in force), a channel or document the entry drops is written as a "Bỏ" row, so the file
    imports back to the same decision (rows change only what they give)."""
    book, sheets = _workbook(
        {
            "number": decision.number,
            "title": decision.title,
            "issuer": decision.issuer,
            "signer": decision.signer,
            "signed_date": decision.signed_date,
            "effective_date": decision.effective_date,
            "legal_acts": list(decision.legal_acts or []),
        }
    )
    for stt, entry in enumerate(sorted(decision.entries, key=lambda e: e.position), start=1):
        stored = entry.record or {}
        shown = (records or {}).get(entry.id) or stored
        _put_row(
            sheets[SHEET_LIST],
            [
                stt,
                ACTION_LABELS[entry.action],
                entry.code,
                entry.replaces_code,
                shown.get("name"),
                shown.get("sector"),
                _label(LEVELS, shown.get("level") or ""),
                (shown.get("agencies") or {}).get("executing") or [],
                list(entry.basis or []),
                entry.note,
            ],
        )
        content = {k: v for k, v in stored.items() if k not in ("code",)}
        if entry.action == EntryAction.ABOLISHED or (entry.action != EntryAction.NEW and not content):
            continue
        partial = entry.action != EntryAction.NEW
        _put_row(sheets[SHEET_CONTENT], _content_row(stt, stored, partial))
        _detail_rows(sheets, stt, entry.code or "", stored)
        _removal_rows(sheets, stt, entry.code or "", stored, (bases or {}).get(entry.id))
    return _save(book)


def _removal_rows(sheets, stt: int, code: str, stored: dict[str, Any], base: dict[str, Any] | None) -> None:
    if not base:
        return
    base = normalize_record(base)
    blank_method = [""] * (len(METHOD_COLUMNS) - 3)
    if stored.get("methods"):
        kept = {m.get("channel") for m in stored["methods"]}
        for method in base["methods"]:
            if method["channel"] not in kept:
                _put_row(
                    sheets[SHEET_METHODS], [stt, code, _label(CHANNELS, method["channel"]), *blank_method, REMOVE_MARK]
                )
    if stored.get("dossier"):
        kept_documents = {(c.get("case"), d.get("name")) for c in stored["dossier"] for d in c.get("documents") or []}
        for case in base["dossier"]:
            for document in case["documents"]:
                if (case["case"], document["name"]) not in kept_documents:
                    _put_row(
                        sheets[SHEET_DOSSIER], [stt, code, case["case"], document["name"], "", "", "", REMOVE_MARK]
                    )


def catalogue_workbook(records: list[dict[str, Any]], on_date: dt.date) -> bytes:
    """The catalogue in force on a date, in the same layout (Hình thức left blank: no decision)."""
    book, sheets = _workbook(
        {"title": f"Danh mục thủ tục hành chính có hiệu lực ngày {on_date:%d/%m/%Y}", "effective_date": on_date}
    )
    for stt, record in enumerate(records, start=1):
        record = normalize_record(record)
        _put_row(
            sheets[SHEET_LIST],
            [
                stt,
                "",
                record["code"],
                "",
                record["name"],
                record["sector"],
                _label(LEVELS, record["level"]),
                record["agencies"]["executing"],
                [],
                "",
            ],
        )
        _put_row(sheets[SHEET_CONTENT], _content_row(stt, record, partial=False))
        _detail_rows(sheets, stt, record["code"], record)
    return _save(book)


# --- the internal-process sheet (layout.SHEET_PROCESS) --------------------------------------------
def add_process_sheet(book: Workbook, sheets: dict[str, Any]) -> None:
    sheets[SHEET_PROCESS] = _new_sheet(
        book, SHEET_PROCESS, PROCESS_COLUMNS, {"STT": 6, "Bước": 8, "Nội dung công việc": 50, "Đơn vị thực hiện": 30}
    )


def write_process_rows(sheets: dict[str, Any], stt: int, code: str, record: dict[str, Any]) -> None:
    from ..records.process import normalize_process, step_time_text

    process = normalize_process(record.get("process"))
    if process is None or SHEET_PROCESS not in sheets:
        return
    for case in process["cases"] or [{"case": "", "channel": "", "total": "", "steps": []}]:
        for step in case["steps"] or [{}]:
            _put_row(
                sheets[SHEET_PROCESS],
                [
                    stt,
                    code,
                    process["code"],
                    case["case"],
                    _label(CHANNELS, case["channel"]),
                    step.get("order"),
                    step.get("work"),
                    step.get("unit"),
                    step_time_text(step) if step else "",
                    step.get("product"),
                    (YES if step.get("linked") else "") if step else "",
                    case["total"],
                ],
            )
