"""Internal processes as ministries and provinces print them in one numbered table per procedure (ISO
style), and step rows continued on a row of their own (issue 22, item 7): layouts of our own, made with
python-docx, read through the same readers as any decision or process annex."""

from docx import Document

from tests.support.word import add_row, first_page, header, label_row, save
from tthc.annex.pdf import read_decision_document, read_process_annex

NAME = "Cấp giấy phép khai thác, sử dụng nước mặt"
STEPS = ["TT", "Trình tự", "Trách nhiệm", "Thời gian", "Biểu mẫu/Kết quả"]


def _decision_with_an_iso_process_table() -> bytes:
    """Phụ lục I lists the procedure; Phụ lục II describes it in one numbered table whose item 2.3 holds
    the steps (their header deep in the table), two cases labelled I and II, a note after the last step,
    then item 3 (forms) whose rows must not become steps."""
    doc = Document()
    first_page(doc, number="2917/QĐ-UBND", title="PHÊ DUYỆT DANH MỤC VÀ QUY TRÌNH NỘI BỘ THỦ TỤC HÀNH CHÍNH")
    doc.add_paragraph("PHỤ LỤC I")
    doc.add_paragraph("DANH MỤC THỦ TỤC HÀNH CHÍNH")
    catalogue = header(doc, ["TT", "Tên thủ tục hành chính", "Thời hạn giải quyết", "Địa điểm thực hiện"])
    add_row(catalogue, ["1", NAME, "15 ngày làm việc", "Trung tâm Phục vụ hành chính công tỉnh"])
    doc.add_paragraph("PHỤ LỤC II")
    doc.add_paragraph("NỘI DUNG CỤ THỂ CỦA QUY TRÌNH NỘI BỘ THỦ TỤC HÀNH CHÍNH")
    doc.add_paragraph(f"1. {NAME}")
    table = doc.add_table(rows=0, cols=5)
    label_row(table, "1", "KÝ HIỆU QUY TRÌNH: QT.TNN.02")
    label_row(table, "2", "NỘI DUNG QUY TRÌNH")
    label_row(table, "2.1", "Điều kiện thực hiện TTHC: Không")
    label_row(table, "2.2", "Kết quả giải quyết TTHC: Giấy phép khai thác, sử dụng nước mặt")
    label_row(table, "2.3", "Quy trình xử lý công việc")
    add_row(table, STEPS)
    label_row(table, "I", "Trường hợp cấp mới giấy phép")
    add_row(table, ["B1", "Tiếp nhận hồ sơ", "Bộ phận Một cửa", "Giờ hành chính", "Mẫu 01"])
    add_row(table, ["B2", "Thẩm định hồ sơ, kiểm tra thực địa", "Phòng Tài nguyên nước", "10 ngày", "Mẫu 02"])
    add_row(table, ["B3", "Trả kết quả", "Bộ phận Một cửa", "0,5 ngày", "Giấy phép"])
    label_row(table, "II", "Trường hợp gia hạn giấy phép")
    add_row(table, ["B1", "Tiếp nhận hồ sơ", "Bộ phận Một cửa", "Giờ hành chính", "Mẫu 03"])
    add_row(table, ["B2", "Thẩm định hồ sơ", "Phòng Tài nguyên nước", "05 ngày", "Mẫu 04"])
    label_row(table, "", "Trường hợp hồ sơ quá hạn xử lý, cơ quan giải quyết gửi văn bản xin lỗi tổ chức, cá nhân.")
    label_row(table, "3", "BIỂU MẪU")
    add_row(table, ["1", "Đơn đề nghị cấp giấy phép", "Mẫu 01", "01 ngày", "Lưu hồ sơ"])
    add_row(table, ["2", "Phiếu kiểm soát quá trình", "Mẫu 02", "02 ngày", "Lưu hồ sơ"])
    return save(doc)


def test_an_iso_table_item_holding_the_steps_gives_the_process_of_its_procedure():
    parsed = read_decision_document(_decision_with_an_iso_process_table())
    (entry,) = parsed.entries
    assert entry.values["name"] == NAME and entry.process is not None
    assert entry.process["code"] == "QT.TNN.02"
    cases = entry.process["cases"]
    assert [c["case"] for c in cases] == ["Trường hợp cấp mới giấy phép", "Trường hợp gia hạn giấy phép"]
    assert [[(s["order"], s["unit"], s["time"], s["product"]) for s in c["steps"]] for c in cases] == [
        [
            ("B1", "Bộ phận Một cửa", "Giờ hành chính", "Mẫu 01"),
            ("B2", "Phòng Tài nguyên nước", "10 ngày", "Mẫu 02"),
            ("B3", "Bộ phận Một cửa", "0,5 ngày", "Giấy phép"),
        ],
        [("B1", "Bộ phận Một cửa", "Giờ hành chính", "Mẫu 03"), ("B2", "Phòng Tài nguyên nước", "05 ngày", "Mẫu 04")],
    ]
    assert any("gắn theo tên thủ tục" in m["text"] for m in entry.marks if m["column"] == "process")


def _process_annex_without_a_step_header() -> bytes:
    """As a ministry writes it: item 3 "Quy trình xử lý công việc" of a numbered table, the steps under it
    with no header row of their own, in stages "A | Tại Sở Y tế" / "B | Tại Cục Quản lý Dược" whose step
    numbers start again, and the total under the time column."""
    doc = Document()
    doc.add_paragraph("B. NỘI DUNG QUY TRÌNH")
    doc.add_paragraph("1. Thủ tục cấp chứng chỉ hành nghề dược (Mã TTHC: 1.004616)")
    table = doc.add_table(rows=0, cols=5)
    label_row(table, "1", "Cơ sở pháp lý: Luật Dược ngày 06 tháng 4 năm 2016")
    label_row(table, "2", "Thời hạn giải quyết: 20 ngày kể từ ngày nhận đủ hồ sơ hợp lệ")
    label_row(table, "3", "Quy trình xử lý công việc")
    label_row(table, "A", "Tại Sở Y tế")
    add_row(table, ["1", "Tiếp nhận, kiểm tra hồ sơ", "Bộ phận Một cửa", "01 ngày", "BM.01"])
    add_row(table, ["2", "Thẩm định hồ sơ, trình Hội đồng", "Phòng Nghiệp vụ Dược", "15 ngày", ""])
    label_row(table, "B", "Tại Cục Quản lý Dược")
    add_row(table, ["1", "Cấp chứng chỉ hành nghề", "Cục Quản lý Dược", "03 ngày", "BM.02"])
    add_row(table, ["2", "Trả kết quả", "Bộ phận Một cửa", "01 ngày", ""])
    total = table.add_row()
    total.cells[0].merge(total.cells[2]).text = "Tổng thời gian thực hiện TTHC:"
    total.cells[3].text = "20 ngày"
    return save(doc)


def test_steps_printed_without_a_header_are_read_by_what_their_cells_hold():
    (item,), notices = read_process_annex(_process_annex_without_a_step_header())
    assert notices == [] and item["procedures"][0]["code"] == "1.004616"
    (case,) = item["process"]["cases"]
    assert case["total"] == "20 ngày"
    assert [(s["order"], s["work"], s["unit"], s["time"], s["product"]) for s in case["steps"]] == [
        ("A Tại Sở Y tế, 1", "Tiếp nhận, kiểm tra hồ sơ", "Bộ phận Một cửa", "01 ngày", "BM.01"),
        ("A Tại Sở Y tế, 2", "Thẩm định hồ sơ, trình Hội đồng", "Phòng Nghiệp vụ Dược", "15 ngày", ""),
        ("B Tại Cục Quản lý Dược, 1", "Cấp chứng chỉ hành nghề", "Cục Quản lý Dược", "03 ngày", "BM.02"),
        ("B Tại Cục Quản lý Dược, 2", "Trả kết quả", "Bộ phận Một cửa", "01 ngày", ""),
    ]


def test_a_row_holding_only_more_work_of_a_step_is_kept_and_a_note_is_not_a_step():
    doc = Document()
    doc.add_paragraph("2. Thủ tục điều chỉnh dự án đầu tư – Mã TTHC: 1.009646.H05")
    table = header(
        doc,
        ["Thứ tự công việc", "Nội dung công việc cụ thể", "Đơn vị/ Người thực hiện", "Thời gian thực hiện", "Sản phẩm"],
    )
    add_row(table, ["Bước 1", "1. Nộp hồ sơ trực tuyến", "Công chức Sở Tài chính", "0,5 ngày", "Giấy tiếp nhận"])
    add_row(table, ["", "2. Kiểm tra tính đầy đủ của hồ sơ theo quy định", "", "", ""])
    add_row(table, ["", "Ghi chú: hồ sơ nộp sau 15 giờ được tính vào ngày làm việc tiếp theo", "", "", ""])
    add_row(table, ["", "Tại Sở Tài chính", "", "", ""])  # a title over the steps that follow: a stage, no step
    add_row(table, ["Bước 2", "Phân công giải quyết", "Lãnh đạo phòng chuyên môn", "0,5 ngày", "Phiếu phân công"])
    (item,), _ = read_process_annex(save(doc))
    # the row of Bước 1 as printed keeps the step's label (tests/unit/test_import_process_rows.py)
    assert [(s["order"], s["work"]) for s in item["process"]["cases"][0]["steps"]] == [
        ("Bước 1", "1. Nộp hồ sơ trực tuyến"),
        ("Bước 1", "2. Kiểm tra tính đầy đủ của hồ sơ theo quy định"),
        ("Tại Sở Tài chính, Bước 2", "Phân công giải quyết"),
    ]
