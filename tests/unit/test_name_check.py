"""A misread name is visible (issue 22): the name self-check (tthc.annex.name_check) fires on what a name
cell holds when it holds no name, and never on the real names shipped with the project. Layouts of our own,
built with python-docx."""

import pytest

from benchmarks.annex_accuracy import part_files
from scripts.build_name_shapes import national_names
from tests.support.word import GOOD_ROWS as GOOD
from tests.support.word import one_table_decision as _decision
from tthc.annex.name_check import code_doubt, name_doubt
from tthc.annex.word import read_decision_docx

NOT_NAMES = {
    "Nghị định số 12/2025/NĐ-CP ngày 05/01/2025 của Chính phủ": "văn bản pháp luật",
    "Căn cứ Luật Hộ tịch năm 2014": "văn bản pháp luật",
    "Quyết định số 1234/QĐ-BTP": "văn bản pháp luật",
    "Thông tư 04/2020/TT-BTP": "văn bản pháp luật",
    "12/2025/NĐ-CP": "số hiệu văn bản",
    "Sở Tư pháp tỉnh Quảng Trị": "tên cơ quan",
    "UBND cấp xã": "tên cơ quan",
    "Phòng Văn hóa - Xã hội": "tên cơ quan",
    "Bộ phận Một cửa cấp xã": "tên cơ quan",
    "05/12/2025": "ngày tháng",
    "05 ngày làm việc": "thời hạn hoặc phí",
    "50.000 đồng/hồ sơ": "thời hạn hoặc phí",
    "Như trên": "giá trị của cột khác",
    "Không": "giá trị của cột khác",
    "Miễn phí": "giá trị của cột khác",
    "1.001193": "chỉ có mã",
    "Lĩnh vực Hộ tịch": "dòng tiêu đề",
    "II. Thủ tục hành chính cấp xã": "dòng tiêu đề",
    "của người nước ngoài thường trú tại Việt Nam": "chữ thường",
    "Trực tiếp tại Bộ phận một cửa": "cách thức hoặc địa điểm",
    "Bước 1: Nộp hồ sơ": "nội dung của thủ tục",
    "Giấy khai sinh bản chính": "không mở đầu như tên thủ tục",
    "Đăng ký khai sinh " * 80: "dài",
}


@pytest.mark.parametrize("text", list(NOT_NAMES))
def test_what_a_name_cell_holds_when_it_holds_no_name_is_doubted(text):
    doubt = name_doubt(text)
    assert doubt is not None and doubt.startswith("Tên đọc được «") and NOT_NAMES[text] in doubt


def test_the_real_names_are_not_doubted():
    national = national_names()
    doubted = [n for n in national if name_doubt(n)]
    # the national database has two names typed in lower case ("cấp Giấy …"): a doubt there is fair
    assert len(national) > 3000 and len(doubted) <= 2 and all(n[:1].islower() for n in doubted)
    local = [e["name"] for part in ("annex", "tuning") for _, line in part_files(part) for e in line["entries"]]
    assert len(local) > 150 and [n for n in local if name_doubt(n)] == []


def test_codes_in_the_name_cell_that_disagree_are_doubted():
    assert "hai dòng" in code_doubt("Đăng ký khai sinh 1.001193\nĐăng ký kết hôn 1.001695", None)
    assert "khác mã ở cột mã" in code_doubt("Đăng ký khai sinh (1.001193)", "1.001695")
    assert code_doubt("Đăng ký khai sinh (1.001193)", "1.001193.H50") is None
    assert code_doubt("Đăng ký khai sinh", "1.001193") is None


def _name_doubts(data: bytes) -> list[tuple[int, str]]:
    parsed = read_decision_docx(data)
    return [
        (e.row, m["column"]) for e in parsed.entries for m in e.marks if m["kind"] == "doubt" and "tên" in m["text"]
    ]


def test_a_table_read_right_has_no_name_doubt():
    assert _name_doubts(_decision(GOOD)) == []
    assert read_decision_docx(_decision(GOOD)).checks == []


def test_columns_shifted_under_their_headers_make_every_name_doubtful():
    # the cells of the agency and name columns swapped under their headings (a column moved, not its heading)
    rows = [("1.001193", "Sở Tư pháp", "Đăng ký khai sinh"), ("1.001695", "UBND cấp xã", "Đăng ký kết hôn")]
    assert _name_doubts(_decision(rows)) == [(2, "name"), (3, "name")]


def test_a_row_whose_name_cell_holds_a_citation_a_continuation_or_a_fee_is_doubted():
    rows = [
        *GOOD,
        ("1.001695", "Nghị định số 87/2020/NĐ-CP ngày 28/7/2020 của Chính phủ", "Sở Tư pháp"),
        ("1.000894", "và cấp bản sao trích lục hộ tịch", "Sở Tư pháp"),
        ("2.000528", "50.000 đồng", "Sở Tư pháp"),
    ]
    assert _name_doubts(_decision(rows)) == [(3, "name"), (4, "name"), (5, "name")]


def test_two_rows_fused_in_one_and_a_code_unlike_the_code_column_are_doubted():
    rows = [
        ("1.001193", "Đăng ký khai sinh (1.001193)\nĐăng ký kết hôn (1.001695)", "Sở Tư pháp"),
        ("1.000894", "Cấp phiếu lý lịch tư pháp (Mã TTHC: 1.000656)", "Sở Tư pháp"),
    ]
    parsed = read_decision_docx(_decision(rows))
    doubts = [[m["text"] for m in e.marks if m["kind"] == "doubt" and m["column"] == "code"] for e in parsed.entries]
    assert any("hai dòng" in t for t in doubts[0]) and any("khác mã ở cột mã" in t for t in doubts[1])
