"""A list whose annex title is printed inside the table (issue 22, item 1): several rows spanning the table
("PHỤ LỤC", "DANH MỤC …", "(Kèm theo …)", the agency, the sector, the count) before the header. The header
is found below them, and a title row is never taken for the header."""

from docx import Document

from tests.support.word import add_row, first_page, save
from tthc.annex.word import read_decision_docx

TITLES = [
    "PHỤ LỤC",
    "DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH",
    "(Kèm theo Quyết định số 2715/QĐ-UBND ngày 19/11/2025 của Chủ tịch UBND tỉnh)",
    "THUỘC THẨM QUYỀN GIẢI QUYẾT CỦA SỞ TƯ PHÁP",
    "LĨNH VỰC HỘ TỊCH",
]


def test_the_header_below_five_title_rows_inside_the_table_is_found():
    doc = Document()
    first_page(doc, number="2715/QĐ-UBND")
    table = doc.add_table(rows=0, cols=4)
    for title in TITLES:
        row = table.add_row()
        row.cells[0].merge(row.cells[3]).text = title
    add_row(table, ["STT", "Tên thủ tục hành chính", "Mã TTHC", "Lĩnh vực"])
    add_row(table, ["1", "Đăng ký khai sinh có yếu tố nước ngoài", "1.001193", "Hộ tịch"])
    add_row(table, ["2", "Đăng ký kết hôn có yếu tố nước ngoài", "1.001695", "Hộ tịch"])
    parsed = read_decision_docx(save(doc))
    assert [(e.values["name"], e.values["code"], e.row) for e in parsed.entries] == [
        ("Đăng ký khai sinh có yếu tố nước ngoài", "1.001193", 7),
        ("Đăng ký kết hôn có yếu tố nước ngoài", "1.001695", 8),
    ]
    assert {e.values["action"] for e in parsed.entries} == {"new"}


def test_a_row_numbering_the_columns_under_the_header_is_no_procedure():
    for numbering in (["(1)", "(2)", "(3)", "(4)"], ["1", "2", "3", "4"], ["A", "B", "C", "D"]):
        doc = Document()
        first_page(doc, number="2715/QĐ-UBND")
        doc.add_paragraph("PHỤ LỤC")
        doc.add_paragraph("DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH")
        table = doc.add_table(rows=0, cols=4)
        add_row(table, ["STT", "Tên thủ tục hành chính", "Mã TTHC", "Lĩnh vực"])
        add_row(table, numbering)
        add_row(table, ["1", "Đăng ký khai sinh có yếu tố nước ngoài", "1.001193", "Hộ tịch"])
        parsed = read_decision_docx(save(doc))
        assert [(e.values["code"], e.row) for e in parsed.entries] == [("1.001193", 3)], numbering
