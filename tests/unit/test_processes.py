"""Internal processes (quy trình nội bộ): step times, the time check, the annex tables, the diff."""

from __future__ import annotations

import pytest

from tthc.annex.processes import ProcessTableProblem, process_from_table, processes_from_table
from tthc.records import normalize_record, validate_record
from tthc.records.diff import diff_records
from tthc.records.process import check_process_time, format_number, parse_step_time


@pytest.mark.parametrize(
    "text, default, expected",
    [
        ("0,25 ngày", "", (0.25, "ngay_lam_viec")),
        ("1/4 ngày", "", (0.25, "ngay_lam_viec")),
        ("1/2 ngày làm việc", "", (0.5, "ngay_lam_viec")),
        ("Giờ hành chính", "", (0, "hanh_chinh")),
        ("04 giờ làm việc", "", (4, "gio")),
        ("8h", "", (8, "gio")),
        ("30 phút", "", (0.5, "gio")),
        ("Mười (10) ngày làm việc", "", (10, "ngay_lam_viec")),
        ("0,25", "ngay_lam_viec", (0.25, "ngay_lam_viec")),
        ("0,25", "", (None, "")),
        ("Theo quy định", "", (None, "")),
        ("", "", (None, "")),
    ],
)
def test_step_times_are_read_as_quantities(text, default, expected):
    assert parse_step_time(text, default) == expected


def _record(process, limit=2, unit="ngay_lam_viec", channel="truc_tiep", methods=None):
    return normalize_record(
        {
            "code": "1.000001",
            "name": "Thủ tục thử",
            "applicants": "Công dân",
            "steps": ["Nộp hồ sơ"],
            "agencies": {"executing": ["Sở Tư pháp"]},
            "dossier": [{"case": "", "documents": [{"name": "Tờ khai"}]}],
            "methods": methods
            or [
                {
                    "channel": channel,
                    "time_limit": f"{limit} ngày làm việc",
                    "time_limit_value": limit,
                    "time_limit_unit": unit,
                    "fee": "Không",
                }
            ],
            "process": process,
        }
    )


PROCESS = {
    "code": "QT.STP.01",
    "steps": [
        {"order": "B1", "work": "Tiếp nhận hồ sơ", "unit": "Bộ phận một cửa", "time": "Giờ hành chính"},
        {"order": "B2", "work": "Thẩm định", "unit": "Phòng Hành chính tư pháp", "time": "1/4 ngày"},
        {"order": "B3", "work": "Trình ký", "unit": "Lãnh đạo Sở", "time": "4 giờ"},
        {"order": "B4", "work": "Trả kết quả", "unit": "Bộ phận một cửa", "time": "0,25 ngày"},
    ],
}


def test_a_process_within_the_limit_passes_and_shows_the_arithmetic():
    record = _record(PROCESS, limit=2)
    [check] = check_process_time(record)
    assert check.status == "ok"
    assert check.total_days == "1"
    assert "trong giờ hành chính (0 ngày) + 0,25 ngày + 4 giờ (0,5 ngày) + 0,25 ngày = 1 ngày làm việc" in check.message
    assert "≤ thời hạn giải quyết theo quy định 2 ngày làm việc – Trực tiếp" in check.message
    assert not [p for p in validate_record(record) if p.field.startswith("process")]


def test_a_process_over_the_limit_is_an_error_naming_the_excess():
    record = _record(PROCESS, limit=0.5)
    [check] = check_process_time(record)
    assert check.status == "over"
    assert "vượt thời hạn giải quyết theo quy định 0,5 ngày làm việc" in check.message
    assert "là 0,5 ngày làm việc" in check.message
    errors = [p for p in validate_record(record) if p.field.startswith("process") and p.severity == "error"]
    assert len(errors) == 1 and "QT.STP.01" in errors[0].message


def test_the_limit_is_the_one_of_the_case_channel_else_the_strictest():
    methods = [
        {"channel": "truc_tiep", "time_limit_value": 3, "time_limit_unit": "ngay_lam_viec"},
        {"channel": "truc_tuyen", "time_limit_value": 8, "time_limit_unit": "gio"},
    ]
    process = {
        "code": "QT",
        "cases": [
            {"case": "Nộp trực tiếp", "channel": "truc_tiep", "steps": [{"work": "Xử lý", "time": "2,5 ngày"}]},
            {"case": "Chung", "channel": "", "steps": [{"work": "Xử lý", "time": "2 ngày"}]},
        ],
    }
    direct, common = check_process_time(_record(process, methods=methods))
    assert direct.status == "ok" and direct.channel == "truc_tiep"
    assert common.status == "over" and common.channel == "truc_tuyen" and common.limit_days == "1"


def test_missing_process_is_not_recorded_not_empty():
    record = _record(None)
    assert record["process"] is None
    assert check_process_time(record) == []
    assert normalize_record({"process": {"code": "", "cases": []}})["process"] is None


def test_unreadable_step_time_is_a_warning_and_left_out_of_the_sum():
    process = {"code": "QT", "steps": [{"work": "A", "time": "1 ngày"}, {"work": "B", "time": "tùy trường hợp"}]}
    [check] = check_process_time(_record(process, limit=2))
    assert check.status == "ok" and check.unread == ["Bước 2: «tùy trường hợp»"]
    warnings = [p for p in validate_record(_record(process, limit=2)) if p.field.startswith("process")]
    assert [p.severity for p in warnings] == ["warning"]


def test_format_number_uses_the_decimal_comma():
    assert format_number(0.25) == "0,25" and format_number(2) == "2" and format_number(1 / 3) == "0,33"


# --- the annex tables -----------------------------------------------------------------------------
HA_TINH_ISO = [  # "2.10 Quy trình xử lý công việc", ISO style
    ["TT", "Trình tự", "Trách nhiệm", "Thời gian", "Biểu mẫu/Kết quả"],
    ["B1", "Nộp hồ sơ, tiếp nhận và chuyển hồ sơ", "Tổ chức, cá nhân; Bộ phận TN&TKQ", "Giờ hành chính", "Mẫu 01, 06"],
    ["B2", "Xem xét, thẩm định hồ sơ", "Phòng Quản lý xuất nhập cảnh", "0,5 ngày", "Dự thảo văn bản"],
    ["B3", "Liên thông Sở Nội vụ lấy ý kiến", "Sở Nội vụ", "1/4 ngày", "Văn bản ý kiến"],
    ["B4", "Phê duyệt", "Lãnh đạo Sở", "4 giờ", "Văn bản phê duyệt"],
    ["B5", "Trả kết quả", "Bộ phận TN&TKQ", "0,25 ngày", "Mẫu 01, 06"],
]
HA_TINH_LEVELS = [  # "Bước | Nội dung công việc | Đơn vị thực hiện | Thời gian", subtotals per level
    ["Bước", "Nội dung công việc", "Đơn vị thực hiện", "Thời gian"],
    [
        "Trường hợp không phải thành lập hội đồng",
        "Trường hợp không phải thành lập hội đồng",
        "Trường hợp không phải thành lập hội đồng",
        "Trường hợp không phải thành lập hội đồng",
    ],
    ["Bước 1", "Tiếp nhận hồ sơ", "Trung tâm Phục vụ hành chính công cấp xã", "4 giờ làm việc"],
    ["Bước 2", "Thẩm định, trình ký", "UBND cấp xã", "1 ngày làm việc"],
    ["", "Cộng thời gian tại cấp xã", "", "1,5 ngày làm việc"],
    ["Bước 3", "Thẩm định hồ sơ", "Sở Tư pháp", "2 ngày làm việc"],
    ["", "Cộng thời gian tại cấp tỉnh", "", "2 ngày làm việc"],
    ["", "Tổng cộng", "", "3,5 ngày làm việc"],
    ["Trường hợp thành lập hội đồng", "", "", ""],
    ["Bước 1", "Tiếp nhận hồ sơ", "Trung tâm Phục vụ hành chính công cấp xã", "4 giờ làm việc"],
    ["Bước 2", "Họp hội đồng", "Hội đồng", "5 ngày làm việc"],
    ["", "Tổng cộng", "", "6 ngày làm việc"],
]


def test_the_iso_form_becomes_a_process():
    process = process_from_table(HA_TINH_ISO, code="QT.XNC.01")
    assert process["code"] == "QT.XNC.01"
    [case] = process["cases"]
    assert [s["order"] for s in case["steps"]] == ["B1", "B2", "B3", "B4", "B5"]
    assert [(s["time_value"], s["time_unit"]) for s in case["steps"]] == [
        (0, "hanh_chinh"),
        (0.5, "ngay_lam_viec"),
        (0.25, "ngay_lam_viec"),
        (4, "gio"),
        (0.25, "ngay_lam_viec"),
    ]
    assert case["steps"][0]["product"] == "Mẫu 01, 06"
    assert [s["linked"] for s in case["steps"]] == [False, False, True, False, False]
    [check] = check_process_time(_record(process, limit=1.5))
    assert check.total_days == "1,5" and check.status == "ok"


def test_cases_subtotals_and_totals_of_the_level_form():
    process = process_from_table(HA_TINH_LEVELS)
    first, second = process["cases"]
    assert first["case"] == "Trường hợp không phải thành lập hội đồng"
    assert [s["work"] for s in first["steps"]] == ["Tiếp nhận hồ sơ", "Thẩm định, trình ký", "Thẩm định hồ sơ"]
    assert first["total"] == "3,5 ngày làm việc"
    assert second["case"] == "Trường hợp thành lập hội đồng" and second["total"] == "6 ngày làm việc"
    checks = check_process_time(_record(process, limit=5))
    assert [c.status for c in checks] == ["ok", "over"]
    assert "Dòng tổng cộng" not in checks[0].message  # the stated total agrees with the sum


def test_a_stated_total_that_disagrees_is_said():
    table = [
        ["Bước", "Nội dung công việc", "Đơn vị thực hiện", "Thời gian"],
        ["Bước 1", "Xử lý", "Sở", "1 ngày"],
        ["", "Tổng cộng", "", "3 ngày"],
    ]
    [check] = check_process_time(_record(process_from_table(table), limit=5))
    assert "Dòng tổng cộng ghi «3 ngày» (3 ngày làm việc), khác tổng các bước." in check.message


def test_bare_numbers_take_the_unit_of_the_header():
    table = [
        ["Thứ tự công việc", "Nội dung công việc", "Đơn vị thực hiện", "Thời gian thực hiện (ngày làm việc)"],
        ["1", "Tiếp nhận", "Một cửa", "0,25"],
        ["2", "Giải quyết", "Phòng chuyên môn", "1,75"],
    ]
    [case] = process_from_table(table)["cases"]
    assert [(s["time_value"], s["time_unit"]) for s in case["steps"]] == [
        (0.25, "ngay_lam_viec"),
        (1.75, "ngay_lam_viec"),
    ]


def test_one_table_for_many_procedures():
    table = [
        ["CÁC BƯỚC", "TRÌNH TỰ THỰC HIỆN", "ĐƠN VỊ GIẢI QUYẾT", "THỜI GIAN GIẢI QUYẾT", "PHÍ, LỆ PHÍ"],
        ["1. Thủ tục đăng ký khai tử (Mã TTHC: 1.000656)"] * 5,
        ["Bước 1", "Tiếp nhận", "Một cửa", "0,5 ngày", "Không"],
        ["Bước 2", "Giải quyết", "Công chức tư pháp", "0,5 ngày", ""],
        ["Tổng cộng thời gian giải quyết", "Tổng cộng thời gian giải quyết", "", "01 ngày", ""],
        ["2. Thủ tục xóa đăng ký thường trú (Mã TTHC: 1.010058)"] * 5,
        ["Bước 1", "Tiếp nhận", "Công an xã", "1 ngày", ""],
    ]
    first, second = processes_from_table(table)
    assert first["procedure_code"] == "1.000656" and second["procedure_code"] == "1.010058"
    assert len(first["process"]["cases"][0]["steps"]) == 2 and first["process"]["cases"][0]["total"] == "01 ngày"
    assert second["process"]["cases"][0]["steps"][0]["unit"] == "Công an xã"


def test_a_table_without_time_column_is_refused():
    with pytest.raises(ProcessTableProblem, match="thời gian"):
        process_from_table([["STT", "Tên thủ tục", "Mã TTHC"], ["1", "A", "1.000001"]])


# --- the review diff ------------------------------------------------------------------------------
def test_the_diff_shows_steps_added_removed_changed_and_moved():
    before = _record(
        {
            "code": "QT.1",
            "steps": [
                {"order": "B1", "work": "Tiếp nhận hồ sơ", "unit": "Một cửa", "time": "Giờ hành chính"},
                {"order": "B2", "work": "Thẩm định hồ sơ", "unit": "Phòng A", "time": "1 ngày"},
                {"order": "B3", "work": "Trình ký", "unit": "Lãnh đạo", "time": "0,5 ngày"},
                {"order": "B4", "work": "Lưu hồ sơ", "unit": "Văn thư", "time": "0,25 ngày"},
            ],
        }
    )
    after = _record(
        {
            "code": "QT.1",
            "steps": [
                {"order": "B1", "work": "Trình ký", "unit": "Lãnh đạo", "time": "0,5 ngày"},
                {"order": "B2", "work": "Tiếp nhận hồ sơ", "unit": "Một cửa", "time": "Giờ hành chính"},
                {"order": "B3", "work": "Thẩm định hồ sơ", "unit": "Phòng A", "time": "0,5 ngày"},
                {"order": "B4", "work": "Trả kết quả", "unit": "Một cửa", "time": "Giờ hành chính", "linked": True},
            ],
        }
    )
    [change] = [c for c in diff_records(before, after) if c["field"] == "process"]
    assert change["label"] == "Quy trình nội bộ"
    statuses = {item["before"] or item["after"]: item["status"] for item in change["items"]}
    assert change["counts"] == {"added": 1, "removed": 1, "changed": 1, "moved": 1}
    assert statuses["Lưu hồ sơ – Văn thư – 0,25 ngày"] == "removed"
    assert statuses["Trả kết quả – Một cửa – Giờ hành chính (liên thông)"] == "added"
    assert any(s == "changed" and "Thẩm định" in k for k, s in statuses.items())
