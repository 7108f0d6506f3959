"""Rows of an internal-process table that are no step of their own (issue 22, leftovers): the rest of a
step cut at a page break, the parts of a step whose merged label was cut, stage titles printed without a
label; and the doubt of a process naming no procedure says which name it read. Layouts of our own, made
with python-docx (tests/support/word.py), read through the same readers as any process annex."""

from docx import Document

from tests.support.word import add_row, first_page, header, label_row, merge_down, save, span_row
from tthc.annex.pdf import read_decision_document, read_process_annex
from tthc.config import PROJECT_ROOT
from tthc.records.process import process_problems

STEPS = ["TT", "Nội dung công việc", "Đơn vị thực hiện", "Thời gian", "Kết quả"]
RETAIL = "Cấp Giấy phép hoạt động bán lẻ điện đến cấp điện áp 0,4kV tại địa phương"


def _annex(rows: list[list[str]], heading: str = f"1. Quy trình nội bộ giải quyết thủ tục {RETAIL} (2.001535)"):
    doc = Document()
    doc.add_paragraph("QUY TRÌNH NỘI BỘ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH LĨNH VỰC ĐIỆN")
    doc.add_paragraph(heading)
    table = header(doc, STEPS)
    for row in rows:
        add_row(table, row)
    return doc, table


def _steps(doc) -> list[dict]:
    (item,), notices = read_process_annex(save(doc))
    assert notices == []
    (case,) = item["process"]["cases"]
    return case["steps"]


def test_a_step_cut_at_the_page_break_is_one_step_with_its_own_label():
    """As a Word file converted back from the signed PDF prints it: the rest of Bước 2 (work, unit and
    result going on in lower case) and of Bước 4's unit on rows of their own, with no label and no time."""
    doc, _ = _annex(
        [
            ["B1", "Tiếp nhận, kiểm tra hồ sơ đề nghị cấp giấy phép", "Bộ phận Một cửa Sở Công Thương", "0,5 ngày", ""],
            [
                "B2",
                "Thẩm định hồ sơ, kiểm tra điều kiện hoạt động bán lẻ điện của tổ chức,",
                "Phòng Quản lý",
                "5 ngày",
                "Báo cáo thẩm định,",
            ],
            ["", "cá nhân đề nghị cấp giấy phép", "năng lượng", "", "dự thảo giấy phép"],
            ["B3", "Phê duyệt, ký giấy phép", "Lãnh đạo Sở Công Thương", "1 ngày", "Giấy phép"],
            ["B4", "Trả kết quả cho tổ chức, cá nhân", "Trung tâm Phục vụ", "0,5 ngày", "Giấy phép"],
            ["", "", "hành chính công tỉnh", "", ""],
        ]
    )
    steps = _steps(doc)
    assert [(s["order"], s["work"], s["unit"], s["product"]) for s in steps] == [
        ("B1", "Tiếp nhận, kiểm tra hồ sơ đề nghị cấp giấy phép", "Bộ phận Một cửa Sở Công Thương", ""),
        (
            "B2",
            "Thẩm định hồ sơ, kiểm tra điều kiện hoạt động bán lẻ điện của tổ chức, cá nhân đề nghị cấp giấy phép",
            "Phòng Quản lý năng lượng",
            "Báo cáo thẩm định, dự thảo giấy phép",
        ),
        ("B3", "Phê duyệt, ký giấy phép", "Lãnh đạo Sở Công Thương", "Giấy phép"),
        ("B4", "Trả kết quả cho tổ chức, cá nhân", "Trung tâm Phục vụ hành chính công tỉnh", "Giấy phép"),
    ]
    assert [s["time"] for s in steps] == ["0,5 ngày", "5 ngày", "1 ngày", "0,5 ngày"]


def test_a_part_of_a_step_whose_merged_label_was_cut_keeps_the_label_and_work():
    """Bước 2 done by three people, its label and work merged down over their rows; the page break cut the
    merge, so the third part has no label and no work of its own. It is still B2, and no step without
    work (an error that would block submitting the draft)."""
    doc, table = _annex(
        [
            ["B1", "Tiếp nhận, kiểm tra hồ sơ", "Bộ phận Một cửa Sở Công Thương", "1/4 ngày", "Phiếu tiếp nhận"],
            ["B2", "Thụ lý, xử lý hồ sơ", "Lãnh đạo Phòng Quản lý năng lượng phân công", "1/4 ngày", "Phân công"],
            ["", "", "Chuyên viên thụ lý, dự thảo văn bản", "1,5 ngày", "Dự thảo giấy phép"],
            ["", "", "Lãnh đạo phòng xem xét, thẩm định", "1/4 ngày", "Ý kiến thẩm định"],
            ["B3", "Phê duyệt, ký giấy phép", "Lãnh đạo Sở Công Thương", "1/4 ngày", "Giấy phép"],
        ]
    )
    merge_down(table, 0, 2, 3)  # rows 2-3 (the header is row 0): the merge printed on the first page
    merge_down(table, 1, 2, 3)
    steps = _steps(doc)
    assert [(s["order"], s["work"], s["unit"], s["time"]) for s in steps] == [
        ("B1", "Tiếp nhận, kiểm tra hồ sơ", "Bộ phận Một cửa Sở Công Thương", "1/4 ngày"),
        ("B2", "Thụ lý, xử lý hồ sơ", "Lãnh đạo Phòng Quản lý năng lượng phân công", "1/4 ngày"),
        ("B2", "Thụ lý, xử lý hồ sơ", "Chuyên viên thụ lý, dự thảo văn bản", "1,5 ngày"),
        ("B2", "Thụ lý, xử lý hồ sơ", "Lãnh đạo phòng xem xét, thẩm định", "1/4 ngày"),
        ("B3", "Phê duyệt, ký giấy phép", "Lãnh đạo Sở Công Thương", "1/4 ngày"),
    ]
    process = {"code": "QT.SCT.01", "cases": [{"case": "", "channel": "", "total": "", "steps": steps}]}
    assert [p.message for p in process_problems({"process": process}) if p.severity == "error"] == []


def test_stage_titles_without_a_label_are_stages_like_the_labelled_ones():
    """ "Tiếp nhận hồ sơ" merged across the whole table, "Giải quyết hồ sơ" across all but the order column,
    "C | Trả kết quả" labelled: three stages over the steps, none of them a step; a note stays out."""
    doc, table = _annex([])
    span_row(table, "Tiếp nhận hồ sơ")
    add_row(table, ["Bước 1", "Tiếp nhận, kiểm tra hồ sơ", "Bộ phận Một cửa Sở Công Thương", "0,5 ngày", "Phiếu"])
    label_row(table, "", "Giải quyết hồ sơ")
    add_row(table, ["Bước 2", "Thẩm định hồ sơ", "Phòng Quản lý năng lượng", "4 ngày", "Báo cáo thẩm định"])
    add_row(table, ["Bước 3", "Phê duyệt, ký giấy phép", "Lãnh đạo Sở Công Thương", "1 ngày", "Giấy phép"])
    label_row(table, "C", "Trả kết quả")
    add_row(table, ["Bước 4", "Trả giấy phép cho tổ chức, cá nhân", "Bộ phận Một cửa Sở Công Thương", "0,5 ngày", ""])
    span_row(table, "Ghi chú: hồ sơ nộp sau 15 giờ được tính vào ngày làm việc tiếp theo")
    steps = _steps(doc)
    assert [(s["order"], s["work"], s["time"]) for s in steps] == [
        ("Tiếp nhận hồ sơ, Bước 1", "Tiếp nhận, kiểm tra hồ sơ", "0,5 ngày"),
        ("Giải quyết hồ sơ, Bước 2", "Thẩm định hồ sơ", "4 ngày"),
        ("Giải quyết hồ sơ, Bước 3", "Phê duyệt, ký giấy phép", "1 ngày"),
        ("C Trả kết quả, Bước 4", "Trả giấy phép cho tổ chức, cá nhân", "0,5 ngày"),
    ]


def test_a_process_naming_no_procedure_of_the_annex_quotes_the_name_it_read():
    doc = Document()
    first_page(doc, number="2715/QĐ-UBND", title="CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH LĨNH VỰC ĐIỆN")
    doc.add_paragraph("PHỤ LỤC")
    doc.add_paragraph("DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH")
    catalogue = header(doc, ["STT", "Mã TTHC", "Tên thủ tục hành chính", "Cơ quan thực hiện"])
    add_row(catalogue, ["1", "2.001535", RETAIL, "Sở Công Thương"])
    doc.add_paragraph("QUY TRÌNH NỘI BỘ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH")
    doc.add_paragraph("1. Quy trình nội bộ giải quyết thủ tục: Cấp lại thẻ cộng tác viên trợ giúp pháp lý")
    doc.add_paragraph("Ký hiệu quy trình: QT.STP.07")
    table = header(doc, STEPS)
    add_row(table, ["B1", "Tiếp nhận hồ sơ", "Bộ phận Một cửa", "0,5 ngày", ""])
    add_row(table, ["B2", "Cấp lại thẻ", "Trung tâm Trợ giúp pháp lý nhà nước", "2,5 ngày", "Thẻ cộng tác viên"])
    parsed = read_decision_document(save(doc))
    assert parsed.entries[0].process is None
    assert (
        "Bảng 4: quy trình nội bộ QT.STP.07 của «Cấp lại thẻ cộng tác viên trợ giúp pháp lý» không khớp thủ tục "
        "nào trong danh mục (mã hoặc tên); chưa gắn."
    ) in parsed.notices


def test_a_procedure_list_is_never_read_as_a_process_naming_no_procedure():
    """As Thái Nguyên's 1936/QĐ-UBND prints its list: "STT", "Thời hạn giải quyết" and "Tên VBQPPL quy định
    nội dung sửa đổi" look like a process header (order, time, work); the table is the list, no doubt."""
    doc = Document()
    first_page(doc, number="1936/QĐ-UBND", title="CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH ĐƯỢC SỬA ĐỔI, BỔ SUNG")
    doc.add_paragraph("PHỤ LỤC I")
    doc.add_paragraph("DANH MỤC THỦ TỤC HÀNH CHÍNH ĐƯỢC SỬA ĐỔI, BỔ SUNG LĨNH VỰC ĐIỆN")
    columns = ["STT", "Tên thủ tục hành chính", "Thời hạn giải quyết", "Tên VBQPPL quy định nội dung sửa đổi"]
    catalogue = header(doc, columns)
    act = "Nghị định số 146/2025/NĐ-CP ngày 12 tháng 6 năm 2025 của Chính phủ"
    add_row(catalogue, ["1", f"{RETAIL} (2.001535)", "15 ngày làm việc", act])
    parsed = read_decision_document(save(doc))
    assert [e.values["code"] for e in parsed.entries] == ["2.001535"]
    assert [n for n in parsed.notices if "quy trình nội bộ" in n] == []


def test_the_committed_pdf_process_annex_reads_as_its_word_file():
    """tests/fixtures/process-annex.pdf (LibreOffice, scripts/make_pdf_fixtures.sh): B1 and its time cut by
    the page break, the second procedure's heading right under the first table at the foot of a page."""
    fixtures = PROJECT_ROOT / "tests" / "fixtures"
    from_pdf, notices = read_process_annex((fixtures / "process-annex.pdf").read_bytes())
    from_docx, _ = read_process_annex((fixtures / "process-annex.docx").read_bytes())
    assert notices == [] and [p["process"] for p in from_pdf] == [p["process"] for p in from_docx]
    assert [p["procedures"][0]["code"] for p in from_pdf] == ["1.013416", "1.013419"]
    b1 = from_pdf[0]["process"]["cases"][0]["steps"][0]
    assert (b1["order"], b1["work"], b1["time"]) == (
        "B1",
        "Tiếp nhận, kiểm tra hồ sơ, chuyển phòng chuyên môn",
        "0,5 ngày",
    )
