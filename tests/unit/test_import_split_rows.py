"""Rows of a list split at page breaks are named as in the file (issue 22): the preview's «bảng T, dòng
R» points at the piece of the table and the row the drafter sees in Word, not at the joined table."""

import io

from docx import Document

from tests.support.word import add_row, first_page, header, save
from tthc.annex.word import read_decision_docx

COLUMNS = ["STT", "Mã TTHC", "Tên thủ tục hành chính", "Địa điểm thực hiện"]


def _split_list() -> bytes:
    doc = Document()
    first_page(doc, number="2715/QĐ-UBND")  # tables 1 (motto) and 2 (signature)
    doc.add_paragraph("PHỤ LỤC")
    doc.add_paragraph("DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH")
    first = header(doc, COLUMNS)  # table 3
    add_row(first, ["1", "1.001193", "Đăng ký khai sinh có yếu tố nước ngoài", "UBND cấp xã"])
    add_row(first, ["2", "1.001695", "Đăng ký kết hôn có yếu tố", "Trung tâm Phục vụ"])
    doc.add_paragraph("")
    second = header(doc, COLUMNS)  # table 4: the header again, then the rest of the cut row
    add_row(second, ["", "", "nước ngoài", "hành chính công tỉnh"])
    add_row(second, ["3", "1.000656", "Đăng ký khai tử có yếu tố nước ngoài", "Như trên"])
    doc.add_paragraph("")
    third = doc.add_table(rows=0, cols=4)  # table 5: no header
    add_row(third, ["4", "1.001193", "Đăng ký khai sinh lưu động", "UBND cấp xã"])
    return save(doc)


def test_each_row_of_a_split_list_is_named_by_its_piece_and_row_in_the_file():
    parsed = read_decision_docx(_split_list())
    assert [(e.table, e.row) for e in parsed.entries] == [(3, 2), (3, 3), (4, 3), (5, 1)]
    preview = parsed.as_dict()["entries"]
    assert [(e["source"]["table"], e["source"]["row"]) for e in preview] == [(3, 2), (3, 3), (4, 3), (5, 1)]


def test_references_across_pieces_name_the_piece():
    entries = read_decision_docx(_split_list()).entries
    assert {"kind": "reference", "column": "place", "text": "Như trên → lấy từ bảng 3, dòng 3"} in entries[2].marks
    assert any(m["text"] == "mã 1.001193 trùng với bảng 3, dòng 2 của bảng" for m in entries[3].marks)


def test_a_table_in_one_piece_keeps_its_rows():
    doc = Document()
    first_page(doc, number="2716/QĐ-UBND")
    doc.add_paragraph("PHỤ LỤC")
    table = header(doc, COLUMNS)
    add_row(table, ["1", "1.001193", "Đăng ký khai sinh có yếu tố nước ngoài", "UBND cấp xã"])
    add_row(table, ["2", "1.001695", "Đăng ký kết hôn có yếu tố nước ngoài", "UBND cấp xã"])
    buffer = io.BytesIO(save(doc))
    assert [(e.table, e.row) for e in read_decision_docx(buffer.getvalue()).entries] == [(3, 2), (3, 3)]
