"""Layouts the Word importer had never seen (issue 22): one test per failure class, each with a layout of
our own built with python-docx. Each failed before the importer read tables and columns by content."""

import pytest
from docx import Document

from tests.support.word import add_row, first_page, header, save, span_row
from tthc.annex.word import WordProblem, read_decision_docx


def _decision(build, annex_title=("PHỤ LỤC", "DANH MỤC THỦ TỤC HÀNH CHÍNH"), **first) -> bytes:
    doc = Document()
    first_page(doc, **first)
    for line in annex_title:
        doc.add_paragraph(line)
    build(doc)
    return save(doc)


def _values(parsed, *keys):
    return [tuple(e.values[k] for k in keys) for e in parsed.entries]


def test_an_annex_opening_with_nothing_the_reader_waits_for_is_still_read():
    """No "PHỤ LỤC" nor "DANH MỤC": the annex starts after the signature block."""

    def build(doc):
        doc.add_paragraph("THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH THUỘC THẨM QUYỀN GIẢI QUYẾT CỦA SỞ TƯ PHÁP")
        table = header(doc, ["STT", "Tên thủ tục hành chính", "Mã TTHC"])
        add_row(table, ["1", "Đăng ký khai sinh có yếu tố nước ngoài", "1.001193"])

    for opening in ((), ("Thủ tục hành chính mới ban hành",)):
        parsed = read_decision_docx(_decision(build, annex_title=opening))
        assert _values(parsed, "action", "code") == [("new", "1.001193")]


def test_a_code_column_with_an_unfamiliar_heading_is_found_by_its_cells():
    def build(doc):
        doc.add_paragraph("DANH MỤC THỦ TỤC HÀNH CHÍNH ĐƯỢC SỬA ĐỔI, BỔ SUNG")
        table = header(doc, ["STT", "Số hiệu", "Tên thủ tục hành chính", "Thời hạn giải quyết"])
        add_row(table, ["1", "1.013401.H50", "Cấp giấy phép hoạt động phát điện", "14 ngày làm việc"])
        add_row(table, ["2", "2.000894.000.00.00.H48", "Cấp lại giấy phép hoạt động điện lực", "07 ngày làm việc"])

    parsed = read_decision_docx(_decision(build))
    assert _values(parsed, "action", "code") == [("amended", "1.013401"), ("amended", "2.000894")]
    assert [e.localised_code for e in parsed.entries] == ["1.013401.H50", "2.000894.000.00.00.H48"]


def test_an_act_column_with_an_unfamiliar_heading_is_found_by_its_cells():
    """ "Tên VB quy định nội dung sửa đổi" and wordings never seen: the cells cite acts."""

    def build(doc):
        doc.add_paragraph("DANH MỤC THỦ TỤC HÀNH CHÍNH BỊ BÃI BỎ")
        table = header(doc, ["TT", "Mã TTHC", "Tên TTHC", "Văn bản làm cơ sở", "Lĩnh vực"])
        add_row(
            table,
            [
                "1",
                "1.000123",
                "Cấp giấy phép kinh doanh karaoke",
                "Nghị định số 54/2019/NĐ-CP ngày 19/6/2019",
                "Văn hóa",
            ],
        )

    parsed = read_decision_docx(_decision(build))
    flat = parsed.flat()["entries"][0]
    assert flat["action"] == "abolished"
    assert flat["abolition_basis"] == ["Nghị định số 54/2019/NĐ-CP ngày 19/6/2019"]


def test_group_rows_whose_other_cells_are_left_empty_never_become_entries_nor_leak():
    """ "A ‖ Thủ tục … cấp tỉnh ‖ ‖" (not merged) and "1 ‖ Lĩnh vực Đất đai ‖ ‖" are group rows."""

    def build(doc):
        doc.add_paragraph("DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH")
        table = header(doc, ["STT", "Tên thủ tục hành chính", "Cơ quan thực hiện", "Ghi chú"])
        add_row(table, ["A", "Thủ tục hành chính cấp tỉnh", "", ""])
        add_row(table, ["1", "Lĩnh vực Đất đai", "", ""])
        add_row(table, ["1", "Thẩm định phương án sử dụng đất", "Sở Nông nghiệp và Môi trường", ""])
        add_row(table, ["B", "Thủ tục hành chính cấp xã", "", ""])
        add_row(table, ["2", "Xác nhận nguồn gốc đất", "UBND cấp xã", ""])

    parsed = read_decision_docx(_decision(build))
    assert _values(parsed, "name", "level", "field") == [
        ("Thẩm định phương án sử dụng đất", "tinh", "Đất đai"),
        ("Xác nhận nguồn gốc đất", "xa", None),
    ]


@pytest.mark.parametrize(
    ("printed", "code", "localised"),
    [
        ("Cấp phép xây dựng (1.012345)", "1.012345", None),
        ("Cấp phép xây dựng (Mã TTHC: 1.012345)", "1.012345", None),
        ("Cấp phép xây dựng / 1.012345", "1.012345", None),
        ("Cấp phép xây dựng\nMã TTHC: 1.012345.H42", "1.012345", "1.012345.H42"),
        ("Cấp phép xây dựng (1.003441. H42)", "1.003441", "1.003441. H42"),  # as printed
        ("Cấp phép xây dựng (1.000494.000.00.00.H29)", "1.000494", "1.000494.000.00.00.H29"),
        ("Cấp phép xây dựng (1.013.788.H42)", None, "1.013.788.H42"),
        ("Cấp phép xây dựng (1.0125010)", None, "1.0125010"),
    ],
)
def test_codes_printed_inside_the_name_leave_the_name_and_malformed_ones_are_kept_and_flagged(printed, code, localised):
    def build(doc):
        doc.add_paragraph("DANH MỤC THỦ TỤC HÀNH CHÍNH ĐƯỢC SỬA ĐỔI, BỔ SUNG")
        table = header(doc, ["STT", "Tên thủ tục hành chính", "Thời hạn giải quyết"])
        add_row(table, ["1", printed, "15 ngày"])

    (entry,) = read_decision_docx(_decision(build)).entries
    assert entry.values["name"] == "Cấp phép xây dựng"
    assert entry.values["code"] == code and entry.localised_code == localised
    if code is None:  # kept as printed, never dropped or guessed, and shown as a doubt
        assert any("không đúng dạng" in d for d in entry.doubts)


def test_the_action_comes_from_the_heading_before_a_free_text_note():
    """New procedures whose Ghi chú happens to contain amendment words stay new; a Ghi chú holding the
    procedure's content never decides the action."""

    def build(doc):
        doc.add_paragraph("I. DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH (02 TTHC)")
        table = header(doc, ["STT", "Tên thủ tục hành chính", "Mã TTHC", "Ghi chú"])
        add_row(table, ["1", "Cấp chứng chỉ hành nghề dược", "1.004616", "Bổ sung thành phần hồ sơ"])
        add_row(
            table,
            ["2", "Cấp lại chứng chỉ hành nghề dược", "1.004617", "1. Trình tự thực hiện: sửa đổi hồ sơ\n2. Cách thức"],
        )

    parsed = read_decision_docx(_decision(build))
    assert [e.values["action"] for e in parsed.entries] == ["new", "new"]
    assert parsed.checks == []  # the heading's count agrees


def test_dates_as_printed_and_an_effective_date_tied_to_another_act():
    def build(doc):
        table = header(doc, ["STT", "Tên thủ tục hành chính", "Mã TTHC"])
        add_row(table, ["1", "Đăng ký khai sinh", "1.001193"])

    parsed = read_decision_docx(
        _decision(
            build,
            date_line="Quảng Trị, ngày 05 tháng11 năm 2025",
            effective="Quyết định này có hiệu lực kể từ ngày Nghị định số 120/2025/NĐ-CP ngày 11/6/2025 có hiệu lực.",
        )
    )
    assert parsed.heading["date"] == "2025-11-05"
    assert parsed.heading["effective_date"] is None  # never the date the decree was signed
    assert parsed.heading["effective_tied_to"] == "Nghị định số 120/2025/NĐ-CP"
    assert [p.code for p in parsed.checks] == ["effective_tied"]
    early = read_decision_docx(
        _decision(build, effective="Quyết định này có hiệu lực kể từ ngày 01 tháng 10 năm 2025.")
    )
    assert early.heading["effective_date"] == "2025-10-01"
    assert [p.message for p in early.checks] == ["Ngày hiệu lực 2025-10-01 trước ngày ký 2025-12-05."]


def test_a_file_without_a_procedure_table_is_refused_naming_the_tables_it_holds():
    def build(doc):
        table = header(doc, ["Thứ tự công việc", "Nội dung công việc", "Đơn vị thực hiện", "Thời gian"])
        add_row(table, ["Bước 1", "Tiếp nhận hồ sơ", "Trung tâm Phục vụ hành chính công", "0,5 ngày"])

    with pytest.raises(WordProblem) as refused:
        read_decision_docx(_decision(build))
    message = str(refused.value)
    assert "bảng 1 (2 dòng" in message and "bảng 3 (2 dòng, «Thứ tự công việc | Nội dung công việc" in message


def test_a_level_group_row_with_a_count_spanning_the_table_still_sets_the_level():
    def build(doc):
        doc.add_paragraph("DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH")
        table = header(doc, ["STT", "Tên thủ tục hành chính", "Mã TTHC", "Lĩnh vực"])
        span_row(table, "A. THỦ TỤC HÀNH CHÍNH CẤP TỈNH (01 TTHC)")
        add_row(table, ["1", "Cấp phép khai thác nước mặt", "1.004253", "Tài nguyên nước"])

    parsed = read_decision_docx(_decision(build))
    assert _values(parsed, "level", "field") == [("tinh", "Tài nguyên nước")] and parsed.checks == []


def test_a_table_split_at_a_page_break_with_a_row_cut_in_two_is_one_table():
    """As in a signed PDF converted back to Word: one table per page, the header repeated, the last row of
    a page going on at the top of the next (no number there)."""

    def build(doc):
        doc.add_paragraph("DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH (03 TTHC)")
        columns = ["STT", "Mã TTHC", "Tên thủ tục hành chính", "Địa điểm thực hiện"]
        first = header(doc, columns)
        add_row(first, ["1", "1.001193", "Đăng ký khai sinh có yếu tố nước ngoài", "UBND cấp xã"])
        add_row(first, ["2", "1.001695", "Đăng ký kết hôn có yếu tố", "- Trung tâm Phục vụ"])
        doc.add_paragraph("")  # Word keeps two tables apart with an (empty) paragraph
        second = header(doc, columns)
        add_row(second, ["", "", "nước ngoài", "hành chính công tỉnh"])
        add_row(second, ["3", "1.000656", "Đăng ký khai tử có yếu tố nước ngoài", "Như trên"])
        doc.add_paragraph("")
        third = doc.add_table(rows=0, cols=4)  # the last part without its header
        add_row(third, ["4", "2.000528", "Chứng thực bản sao từ bản chính", "UBND cấp xã"])

    parsed = read_decision_docx(_decision(build))
    assert _values(parsed, "code", "name", "place") == [
        ("1.001193", "Đăng ký khai sinh có yếu tố nước ngoài", "UBND cấp xã"),
        ("1.001695", "Đăng ký kết hôn có yếu tố nước ngoài", "- Trung tâm Phục vụ hành chính công tỉnh"),
        ("1.000656", "Đăng ký khai tử có yếu tố nước ngoài", "- Trung tâm Phục vụ hành chính công tỉnh"),
        ("2.000528", "Chứng thực bản sao từ bản chính", "UBND cấp xã"),
    ]
    assert [p.message for p in parsed.checks] == [
        "Mục «DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH (03 TTHC)» nói 03 TTHC; đọc được 4 (4 mới ban hành)."
    ]


def test_level_flag_columns_of_x_under_a_merged_header():
    def build(doc):
        doc.add_paragraph("DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH")
        table = header(doc, ["STT", "Mã TTHC", "Tên thủ tục hành chính", "Cấp thực hiện", ""])
        top = table.rows[0].cells
        top[3].merge(top[4]).text = "Cấp thực hiện"
        sub = add_row(table, ["", "", "", "Cấp tỉnh", "Cấp xã"])
        for column in range(3):
            table.cell(0, column).merge(sub.cells[column])
        table.cell(0, 0).text, table.cell(0, 1).text, table.cell(0, 2).text = "STT", "Mã TTHC", "Tên thủ tục hành chính"
        add_row(table, ["1", "1.004253", "Cấp phép khai thác nước mặt", "x", ""])
        add_row(table, ["2", "1.001193", "Đăng ký khai sinh", "", "X"])
        add_row(table, ["3", "2.000528", "Chứng thực bản sao từ bản chính", "x", "x"])

    parsed = read_decision_docx(_decision(build))
    assert _values(parsed, "code", "level") == [("1.004253", "tinh"), ("1.001193", "xa"), ("2.000528", None)]
    assert "cấp từ cột đánh dấu x (tinh, xa)" in [m["text"] for m in parsed.entries[2].marks]


def test_a_legal_basis_column_in_an_amended_table_updates_the_record_and_names_the_amending_act():
    def build(doc, basis_header):
        doc.add_paragraph("DANH MỤC THỦ TỤC HÀNH CHÍNH ĐƯỢC SỬA ĐỔI, BỔ SUNG")
        table = header(doc, ["STT", "Mã TTHC", "Tên thủ tục hành chính", basis_header])
        add_row(table, ["1", "1.001193", "Đăng ký khai sinh", "- Nghị định số 120/2025/NĐ-CP ngày 11/6/2025"])

    plain = read_decision_docx(_decision(lambda doc: build(doc, "Căn cứ pháp lý"))).flat()["entries"][0]
    assert plain["legal_basis"] == plain["abolition_basis"] == ["Nghị định số 120/2025/NĐ-CP ngày 11/6/2025"]
    amending = read_decision_docx(
        _decision(lambda doc: build(doc, "Tên VBQPPL quy định nội dung sửa đổi, bổ sung"))
    ).flat()["entries"][0]
    assert "legal_basis" not in amending  # the amending act only: the procedure's basis stays as it is
    assert amending["abolition_basis"] == ["Nghị định số 120/2025/NĐ-CP ngày 11/6/2025"]


def test_a_ghi_chu_holding_the_procedures_content_is_read_as_part_two():
    def build(doc):
        doc.add_paragraph("DANH MỤC THỦ TỤC HÀNH CHÍNH ĐƯỢC SỬA ĐỔI, BỔ SUNG")
        table = header(doc, ["TT", "Tên thủ tục hành chính", "Thời hạn giải quyết", "Ghi chú"])
        note = (
            "1. Trình tự thực hiện:\n- Bước 1: Nộp hồ sơ tại Bộ phận Một cửa.\n- Bước 2: Nhận kết quả.\n"
            "2. Cơ quan thực hiện TTHC: Sở Khoa học và Công nghệ."
        )
        add_row(table, ["1", "Cấp giấy chứng nhận đăng ký tổ chức khoa học và công nghệ", "10 ngày", note])

    (entry,) = read_decision_docx(_decision(build)).entries
    assert entry.values["action"] == "amended"  # the heading's, not a word of the note
    assert entry.content["steps"] == ["Bước 1: Nộp hồ sơ tại Bộ phận Một cửa.", "Bước 2: Nhận kết quả."]
    assert any(m["kind"] == "content" and m["column"] == "note" for m in entry.marks)
