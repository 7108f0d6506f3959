"""A process table named in the paragraph above it without the words "Thủ tục" (issue 22, item 7): "1. Cấp
giấy chứng nhận …" names the entry "Thủ tục cấp giấy chứng nhận …" of the same decision's list."""

from docx import Document

from tests.support.word import add_row, first_page, header, save
from tthc.annex.word import read_decision_docx


def test_a_numbered_paragraph_without_thu_tuc_names_its_entry():
    doc = Document()
    first_page(doc, number="2969/QĐ-UBND")
    doc.add_paragraph("PHỤ LỤC I")
    doc.add_paragraph("DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH")
    listing = header(doc, ["STT", "Tên thủ tục hành chính", "Thời hạn giải quyết"])
    add_row(listing, ["1", "Thủ tục cấp giấy chứng nhận lưu hành tự do (CFS) đối với hàng hóa xuất khẩu", "03 ngày"])
    add_row(listing, ["2", "Thủ tục cấp lại giấy phép xuất bản bản tin", "05 ngày"])
    doc.add_paragraph("PHỤ LỤC II")
    doc.add_paragraph("QUY TRÌNH NỘI BỘ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH")
    doc.add_paragraph("1. Cấp giấy chứng nhận lưu hành tự do (CFS) đối với hàng hóa xuất khẩu")
    doc.add_paragraph("- Thời gian giải quyết: 03 ngày làm việc")
    steps = header(doc, ["TT", "Trình tự thực hiện", "Trách nhiệm thực hiện", "Thời gian thực hiện"])
    add_row(steps, ["B1", "Tiếp nhận và bàn giao hồ sơ", "Bộ phận một cửa", "1/4 ngày"])
    add_row(steps, ["B2", "Thẩm định, trình ký", "Phòng Báo chí", "2 ngày"])
    parsed = read_decision_docx(save(doc))
    first, second = parsed.entries
    assert [s["order"] for s in first.process["cases"][0]["steps"]] == ["B1", "B2"]
    assert second.process is None
    assert not [n for n in parsed.notices if "chưa gắn" in n]
