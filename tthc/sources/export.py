"""The reconciliation report as an Excel workbook (openpyxl), one sheet per class. Every cell goes
through `cell_text`, the one place a text that a spreadsheet would run as a formula is neutralised
(switch it for the project's shared neutraliser when there is one). No Flask."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from .national import CLASS_LABELS, CLASSES, Reconciliation

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_text(value: Any) -> Any:
    """A text starting like a formula (= + - @, tab, carriage return) kept as text: a leading apostrophe."""
    if isinstance(value, list):
        value = "\n".join(str(v) for v in value)
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _sheet(workbook: Workbook, title: str, header: list[str], rows: list[list[Any]]) -> None:
    sheet = workbook.create_sheet(title[:31])
    sheet.append([cell_text(h) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([cell_text(v) for v in row])


def reconciliation_xlsx(report: Reconciliation) -> bytes:
    workbook = Workbook()
    summary = workbook.active
    summary.title = "Tổng hợp"
    snapshot = report.snapshot
    summary.append(["Bản CSDL quốc gia ngày", snapshot.snapshot_date.isoformat() if snapshot else "chưa có"])
    for kind in CLASSES:
        summary.append([cell_text(CLASS_LABELS[kind]), len(report.of(kind))])
    summary.append(["Khác biệt giữ có chủ ý", len(report.intended)])
    titles = {
        "unknown_code": "Mã không có",
        "missing_local": "Chưa có ở tỉnh",
        "different": "Nội dung khác",
        "abolished_here": "Đã bãi bỏ",
    }
    for kind in CLASSES:
        if kind == "different":
            rows = [[f.code, f.name, d["label"], d["local"], d["national"]] for f in report.of(kind) for d in f.fields]
            _sheet(workbook, titles[kind], ["Mã", "Tên thủ tục", "Trường", "Của tỉnh", "CSDL quốc gia"], rows)
        else:
            rows = [[f.code, f.name, f.national_code or ""] for f in report.of(kind)]
            _sheet(workbook, titles[kind], ["Mã", "Tên thủ tục", "Mã quốc gia"], rows)
    rows = [
        [CLASS_LABELS[f.kind], f.code, f.name, ", ".join(d["label"] for d in f.fields), f.intended]
        for f in report.intended
    ]
    _sheet(workbook, "Giữ có chủ ý", ["Loại", "Mã", "Tên thủ tục", "Trường", "Lý do"], rows)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
