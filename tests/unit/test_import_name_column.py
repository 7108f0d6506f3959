"""The name column worded otherwise (issue 22, item 4): "Thủ tục hành chính", "Danh mục TTHC", "Nội dung
thủ tục", "Lĩnh vực/Tên thủ tục", "Tên dịch vụ công" — and, for a heading not seen yet, by its cells: the
one column of long text beside a column of procedure codes. Never guessed among several."""

import pytest
from docx import Document

from tests.support.word import add_row, first_page, header, save
from tthc.annex.word import WordProblem, read_decision_docx


def _decision(name_header: str, columns=None, rows=None) -> bytes:
    doc = Document()
    first_page(doc, number="2715/QĐ-UBND")
    doc.add_paragraph("PHỤ LỤC")
    doc.add_paragraph("DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH")
    table = header(doc, columns or ["STT", name_header, "Mã TTHC", "Lĩnh vực"])
    for row in rows or [
        ["1", "Đăng ký khai sinh có yếu tố nước ngoài", "1.001193", "Hộ tịch"],
        ["2", "Đăng ký kết hôn có yếu tố nước ngoài", "1.001695", "Hộ tịch"],
    ]:
        add_row(table, row)
    return save(doc)


@pytest.mark.parametrize(
    "name_header",
    [
        "Thủ tục hành chính",
        "Danh mục TTHC",
        "Nội dung thủ tục",
        "Lĩnh vực/Tên thủ tục hành chính",
        "Tên dịch vụ công",
        "Việc được công bố",  # a heading nobody wrote yet: found by its cells
    ],
)
def test_the_name_column_is_found_whatever_its_heading(name_header):
    parsed = read_decision_docx(_decision(name_header))
    assert [(e.values["name"], e.values["code"], e.values["field"]) for e in parsed.entries] == [
        ("Đăng ký khai sinh có yếu tố nước ngoài", "1.001193", "Hộ tịch"),
        ("Đăng ký kết hôn có yếu tố nước ngoài", "1.001695", "Hộ tịch"),
    ]


def test_two_columns_of_long_text_beside_the_codes_are_never_guessed_between():
    rows = [
        ["1", "Đăng ký khai sinh có yếu tố nước ngoài", "1.001193", "Phòng Tư pháp cấp huyện cũ chuyển về"],
        ["2", "Đăng ký kết hôn có yếu tố nước ngoài", "1.001695", "Ủy ban nhân dân cấp xã tiếp nhận hồ sơ"],
    ]
    with pytest.raises(WordProblem, match="Không tìm thấy bảng danh mục"):
        read_decision_docx(_decision("", columns=["STT", "Việc", "Mã TTHC", "Ghi nhận"], rows=rows))
