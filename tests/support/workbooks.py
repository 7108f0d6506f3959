"""Excel annexes built from the project's own template: many new procedures, an amendment of one
procedure's channels and documents, or of its Phần I only (name, sector, level, agency)."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from tthc.annex import (
    SHEET_DOSSIER,
    SHEET_LIST,
    SHEET_METHODS,
    template_workbook,
)
from tthc.annex.layout import LIST_COLUMNS, SHEET_DECISION


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


# Phần I of an amendment of 1.001233 (in force in the sample: "Thủ tục thay đổi nội dung Giấy đăng ký tham gia
# trợ giúp pháp lý", lĩnh vực Trợ giúp pháp lý): a new name, sector and executing agency, nothing in Phần II.
PART_ONE_CODE = "1.001233"
PART_ONE = {
    "name": "Thủ tục thay đổi nội dung Giấy đăng ký tham gia trợ giúp pháp lý của tổ chức hành nghề luật sư",
    "sector": "Bổ trợ tư pháp",
    "agency": "Sở Tư pháp tỉnh Hà Tĩnh",
}


def part_one_workbook(level: str = "Cấp tỉnh") -> bytes:
    """The shipped template, filled as a drafter does: the decision sheet and one Phần I row, no Phần II."""
    book = load_workbook(io.BytesIO(template_workbook()))
    decision = book[SHEET_DECISION]
    for row in decision.iter_rows(min_row=2):
        if row[0].value == "Số quyết định":
            row[1].value = "2715/QĐ-UBND"
        elif row[0].value == "Trích yếu":
            row[1].value = "Công bố danh mục thủ tục hành chính được sửa đổi, bổ sung lĩnh vực Tư pháp"
    values = {
        "STT": "1",
        "Hình thức": "Sửa đổi, bổ sung",
        "Mã TTHC": PART_ONE_CODE,
        "Tên thủ tục hành chính": PART_ONE["name"],
        "Lĩnh vực": PART_ONE["sector"],
        "Cấp thực hiện": level,
        "Cơ quan thực hiện": PART_ONE["agency"],
    }
    book[SHEET_LIST].append([values.get(column, "") for column in LIST_COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
