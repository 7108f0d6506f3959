"""The reconciliation report as an Excel workbook (openpyxl), one sheet per class. Like every workbook
the app writes, it goes through `neutralise_workbook` before it is saved: a text a spreadsheet would run
as a formula is kept as text (Excel's quote prefix; the text itself unchanged). No Flask."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from ..security import neutralise_workbook
from .national import CLASS_LABELS, CLASSES, Reconciliation


def cell_text(value: Any) -> Any:
    """A list value (documents, legal bases) as one cell, a line each."""
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
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
    neutralise_workbook(workbook).save(out)
    return out.getvalue()
