"""A process read wrong is a doubt the drafter sees, never silent (issue 22): its step labels, times
and cells checked against what the process says about itself (tthc.annex.process_check)."""

from docx import Document

from tests.support.word import STEPS, add_row, first_page, header, save
from tthc.annex.pdf import read_decision_document
from tthc.annex.process_check import process_doubts
from tthc.annex.word_decision import PROCESS_DOUBT, flat_decision

ONE_STOP, OFFICE = "Bộ phận Một cửa", "Phòng Tư pháp"


def _process_only(rows: list[list[str]], paragraph_total: str = "") -> bytes:
    doc = Document()
    first_page(doc, number="3901/QĐ-UBND", title="PHÊ DUYỆT QUY TRÌNH NỘI BỘ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH")
    doc.add_paragraph("PHỤ LỤC")
    doc.add_paragraph("1. Thủ tục đăng ký khai sinh – Mã TTHC: 1.001193")
    if paragraph_total:
        doc.add_paragraph(paragraph_total)
    table = header(doc, STEPS)
    for row in rows:
        add_row(table, row)
    return save(doc)


def _doubts(data: bytes) -> list[dict]:
    parsed = read_decision_document(data)
    return [p.as_dict() for p in parsed.problems() if p.code == PROCESS_DOUBT]


def test_a_process_read_right_has_no_doubt_hours_and_days_added():
    doubts = _doubts(
        _process_only(
            [
                ["Bước 1", "Tiếp nhận hồ sơ", ONE_STOP, "04 giờ"],
                ["Bước 2", "Thẩm định hồ sơ", OFFICE, "2,5 ngày"],
                ["Tổng thời gian giải quyết", "", "", "03 ngày làm việc"],
            ]
        )
    )
    assert doubts == []


def test_a_gap_in_the_step_numbers_is_a_doubt_naming_the_procedure():
    doubts = _doubts(
        _process_only(
            [
                ["Bước 1", "Tiếp nhận hồ sơ", ONE_STOP, "0,5 ngày"],
                ["Bước 3", "Thẩm định hồ sơ, trình ký", OFFICE, "1 ngày"],
            ]
        )
    )
    assert [d["field"] for d in doubts] == ["processes.0.process.cases.0"]
    assert "1.001193" in doubts[0]["message"] and "thiếu số bước: Bước 2" in doubts[0]["message"]
    assert doubts[0]["severity"] == "warning"


def test_a_step_number_repeated_apart_is_a_doubt():
    doubts = _doubts(
        _process_only(
            [
                ["Bước 1", "Tiếp nhận hồ sơ", ONE_STOP, "0,5 ngày"],
                ["Bước 2", "Thẩm định hồ sơ", OFFICE, "1 ngày"],
                ["Bước 2", "Trình ký", OFFICE, "0,5 ngày"],
                ["Bước 1", "Trả kết quả", ONE_STOP, "0,5 ngày"],
            ]
        )
    )
    assert len(doubts) == 1 and "số bước lặp lại: Bước 1" in doubts[0]["message"]


def test_steps_that_do_not_add_up_to_the_stated_total_are_a_doubt():
    doubts = _doubts(
        _process_only(
            [
                ["Bước 1", "Tiếp nhận hồ sơ", ONE_STOP, "04 giờ"],
                ["Bước 2", "Thẩm định hồ sơ", OFFICE, "2 ngày"],
                ["Tổng thời gian giải quyết", "", "", "05 ngày làm việc"],
            ]
        )
    )
    assert len(doubts) == 1
    assert "2,5 ngày làm việc" in doubts[0]["message"] and "«05 ngày làm việc»" in doubts[0]["message"]


def test_a_step_without_time_or_actor_among_others_is_a_doubt():
    doubts = _doubts(
        _process_only(
            [
                ["Bước 1", "Tiếp nhận hồ sơ", ONE_STOP, "0,5 ngày"],
                ["Bước 2", "Thẩm định hồ sơ", "", "1 ngày"],
                ["Bước 3", "Trả kết quả", ONE_STOP, ""],
            ]
        )
    )
    assert len(doubts) == 1
    message = doubts[0]["message"]
    assert "bước không có thời gian (các bước khác có): «Bước 3»" in message
    assert "bước không có đơn vị/người thực hiện: «Bước 2»" in message


def test_the_doubts_go_into_the_flat_decision_that_decision_import_json_prints():
    parsed = read_decision_document(
        _process_only([["Bước 1", "Tiếp nhận", ONE_STOP, "1 ngày"], ["Bước 3", "Trả kết quả", ONE_STOP, "1 ngày"]])
    )
    flat = flat_decision(parsed.as_dict())
    assert [d["code"] for d in flat["doubts"] if d["code"] == PROCESS_DOUBT] == [PROCESS_DOUBT]


def _case(steps, total=""):
    return {"code": "", "cases": [{"case": "", "channel": "", "total": total, "steps": steps}]}


def _step(order, time, value, unit="ngay_lam_viec", who="Phòng A", work="Việc"):
    return {"order": order, "work": work, "unit": who, "time": time, "time_value": value, "time_unit": unit}


def test_a_sum_over_the_entrys_own_time_limit_is_a_doubt():
    process = _case([_step("B1", "2 ngày", 2), _step("B2", "16 giờ", 16, "gio")])
    assert process_doubts(process, time_limit="05 ngày làm việc") == []
    found = process_doubts(process, time_limit="03 ngày làm việc kể từ ngày nhận đủ hồ sơ")
    assert len(found) == 1 and "vượt thời hạn giải quyết" in found[0]["doubts"][0]


def test_rows_of_one_step_as_printed_and_stages_are_no_doubt():
    # "B2" printed over three units (its label kept on each part), a row of "Bước 1" holding more of its
    # work with no time, stages numbering their steps again, "Không tính thời gian", a total in words
    parts = _case(
        [
            _step("B1", "1/4 ngày", 0.25),
            _step("B2", "1/4 ngày", 0.25),
            _step("B2", "01 ngày", 1, who="Phòng B"),
            _step("B3", "Không tính thời gian", None, unit=""),
        ],
        total="Không quá 1,5 ngày kể từ ngày nhận được hồ sơ hợp lệ.",
    )
    assert process_doubts(parts) == []
    stages = _case(
        [_step("A Chuẩn bị, 1", "1 ngày", 1), _step("A Chuẩn bị, 2", "1 ngày", 1), _step("B Tại Sở, 1", "1 ngày", 1)]
    )
    assert process_doubts(stages) == []
    continued = _case(
        [_step("Bước 1", "0,5 ngày", 0.5), _step("Bước 1", "", None, "", who=""), _step("Bước 2", "1 ngày", 1)]
    )
    assert process_doubts(continued) == []


def test_a_total_stated_in_the_paragraph_above_the_table_is_checked():
    rows = [["Bước 1", "Tiếp nhận hồ sơ", ONE_STOP, "1 ngày"], ["Bước 2", "Thẩm định hồ sơ", OFFICE, "2 ngày"]]
    right = _doubts(_process_only(rows, paragraph_total="Tổng thời gian giải quyết: 03 ngày làm việc"))
    assert right == []
    wrong = _doubts(_process_only(rows, paragraph_total="Tổng thời gian giải quyết: 05 ngày làm việc"))
    assert len(wrong) == 1 and "«Tổng thời gian giải quyết: 05 ngày làm việc»" in wrong[0]["message"]
