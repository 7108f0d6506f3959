"""Excel annexes built from the project's own template: many new procedures, or an amendment of one
procedure's channels and documents."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from tthc.annex import (
    SHEET_DOSSIER,
    SHEET_LIST,
    SHEET_METHODS,
    template_workbook,
)


def annex_workbook(rows: int, action: str = "Mới ban hành") -> bytes:
    book = load_workbook(io.BytesIO(template_workbook()))
    for i in range(1, rows + 1):
        book[SHEET_LIST].append([str(i), action, f"9.{i:06d}", "", f"Thủ tục thử số {i}", "", "", "", "", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


CODE = "2.000840"  # in force in the sample with three channels: trực tuyến, bưu chính, trực tiếp


def amendment_workbook(tmp_path, methods=(), documents=()):
    book = load_workbook(io.BytesIO(template_workbook()))
    book["Quyết định"]["B2"] = "31/QĐ-UBND"
    book[SHEET_LIST].append(["1", "Sửa đổi, bổ sung", CODE, "", "", "", "", "", "", ""])
    for row in methods:
        book[SHEET_METHODS].append(["1", CODE, *row])
    for row in documents:
        book[SHEET_DOSSIER].append(["1", CODE, *row])
    path = tmp_path / "sua-doi.xlsx"
    book.save(path)
    return path
