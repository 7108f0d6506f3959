"""Internal processes and list tables read from a decision written in Word (tthc.annex.word_processes,
tthc.annex.word_lists): the processes land on the right procedures and the time check runs on them."""

import datetime as dt
import io

import pytest
from docx import Document
from sqlalchemy import select

from tests.support.word import add_row, first_page, header, save, span_row
from tthc.annex.word import read_decision_docx
from tthc.decisions.checks import check_decision
from tthc.decisions.importing import import_decisions
from tthc.models.decisions import Decision

pytestmark = pytest.mark.app_config(WTF_CSRF_ENABLED=False)  # the Word upload's own browser test covers the real tokens

FIRST = "Cấp bản sao trích lục hộ tịch thử nghiệm"
SECOND = "Đăng ký giám hộ thử nghiệm"
THIRD = "Đăng ký lại khai sinh thử nghiệm"


def processes_decision() -> bytes:
    """A "Công bố danh mục và quy trình nội bộ" decision in the Hà Tĩnh form: the list, then per procedure
    "KÝ HIỆU QUY TRÌNH", a dossier table, and the steps table; the second process sums past its limit."""
    doc = Document()
    first_page(
        doc,
        number="2576/QĐ-UBND",
        date_line="Hà Tĩnh, ngày 21 tháng 10 năm 2025",
        title="CÔNG BỐ DANH MỤC VÀ QUY TRÌNH NỘI BỘ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH LĨNH VỰC HỘ TỊCH",
    )
    doc.add_paragraph("PHỤ LỤC I")
    doc.add_paragraph("DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH")
    table = header(
        doc, ["STT", "Mã TTHC", "Tên thủ tục hành chính", "Thời hạn giải quyết", "Địa điểm thực hiện", "Căn cứ pháp lý"]
    )
    span_row(table, "A. Thủ tục hành chính cấp xã")
    add_row(
        table,
        ["1", "1.900001", FIRST, "02 ngày làm việc", "Trung tâm Phục vụ hành chính công cấp xã", "Luật Hộ tịch 2014"],
    )
    add_row(table, ["2", "1.900002", SECOND, "03 ngày làm việc", "Như trên", "Như trên"])
    add_row(table, ["3", "1.900003", THIRD, "05 ngày làm việc", "Như trên", "Như trên"])
    doc.add_paragraph("PHỤ LỤC II")
    doc.add_paragraph("QUY TRÌNH NỘI BỘ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH")
    # 1. ISO style, by name: code line, a dossier table (not steps), then the steps
    doc.add_paragraph(f"1. Quy trình nội bộ giải quyết thủ tục {FIRST.upper()}")
    doc.add_paragraph("KÝ HIỆU QUY TRÌNH: QT.HT.01")
    doc.add_paragraph("2.3 Thành phần hồ sơ")
    dossier = header(doc, ["TT", "Tên hồ sơ", "Bản chính", "Bản sao"])
    add_row(dossier, ["1", "Tờ khai theo mẫu", "x", ""])
    doc.add_paragraph("2.10 Quy trình xử lý công việc")
    steps = header(doc, ["TT", "Trình tự", "Trách nhiệm", "Thời gian", "Biểu mẫu/Kết quả"])
    add_row(steps, ["B1", "Tiếp nhận hồ sơ", "Bộ phận một cửa", "Giờ hành chính", "Mẫu 01"])
    add_row(steps, ["B2", "Thẩm định hồ sơ", "Công chức Tư pháp - Hộ tịch", "1 ngày", "Phiếu trình"])
    add_row(steps, ["B3", "Ký duyệt", "Chủ tịch UBND xã", "0,5 ngày", "Trích lục"])
    add_row(steps, ["B4", "Trả kết quả", "Bộ phận một cửa", "1/4 ngày", "Sổ theo dõi"])
    # 2. by code, "Bước" form with a per-level subtotal and a grand total: 4 days against 3
    doc.add_paragraph("2. Quy trình nội bộ giải quyết thủ tục hành chính (Mã TTHC: 1.900002)")
    doc.add_paragraph("Mã quy trình: QT.HT.02")
    steps = header(doc, ["Bước", "Nội dung công việc", "Đơn vị thực hiện", "Thời gian"])
    add_row(steps, ["Bước 1", "Tiếp nhận, chuyển hồ sơ", "Bộ phận một cửa", "4 giờ làm việc"])
    add_row(steps, ["Bước 2", "Thẩm định, trình ký", "Công chức Tư pháp - Hộ tịch", "2 ngày"])
    add_row(steps, ["Bước 3", "Liên thông Công an xã xác minh", "Công an xã", "1 ngày"])
    add_row(steps, ["Cộng thời gian tại cấp xã", "", "", "3,5 ngày"])
    add_row(steps, ["Bước 4", "Trả kết quả", "Bộ phận một cửa", "0,5 ngày"])
    add_row(steps, ["Tổng cộng", "", "", "4 ngày làm việc"])
    # 3. a process for a procedure that is not in the list: a notice, attached nowhere
    doc.add_paragraph("3. Quy trình nội bộ giải quyết thủ tục Đăng ký kết hôn có yếu tố nước ngoài")
    steps = header(doc, ["TT", "Trình tự", "Trách nhiệm", "Thời gian"])
    add_row(steps, ["B1", "Tiếp nhận", "Bộ phận một cửa", "1 ngày"])
    return save(doc)


def test_processes_attach_to_their_procedures():
    parsed = read_decision_docx(processes_decision())
    first, second, third = parsed.entries
    assert first.process["code"] == "QT.HT.01"
    assert [s["order"] for s in first.process["cases"][0]["steps"]] == ["B1", "B2", "B3", "B4"]
    assert first.process["cases"][0]["steps"][3]["time_value"] == 0.25
    assert second.process["code"] == "QT.HT.02"
    case = second.process["cases"][0]
    assert [s["order"] for s in case["steps"]] == ["Bước 1", "Bước 2", "Bước 3", "Bước 4"]  # no subtotal row
    assert case["total"] == "4 ngày làm việc" and case["steps"][2]["linked"]
    assert third.process is None
    assert any("mã 1.900002" in m["text"] for m in second.marks if m["column"] == "process")
    assert (  # the notice says which procedure the process names
        "Bảng 7: quy trình nội bộ của «Đăng ký kết hôn có yếu tố nước ngoài» không khớp thủ tục nào trong danh mục "
        "(mã hoặc tên); chưa gắn."
    ) in parsed.notices
    reasons = {s["table"]: s["reason"] for s in parsed.skipped}
    assert reasons[5] == "quy trình nội bộ, đã gắn vào thủ tục" and reasons[6] == reasons[5]
    assert reasons[4] != reasons[5] and reasons[7] != reasons[5]  # the dossier table; the unattached process
    flat = parsed.flat()
    assert flat["kind"] == "cong_bo" and flat["entries"][0]["process"]["code"] == "QT.HT.01"


def test_imported_processes_are_checked_against_the_legal_time(session):
    flat = read_decision_docx(processes_decision()).flat()
    flat["effective_date"] = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    decision = import_decisions(session, [(1, flat)], signed=False)[0]
    session.flush()
    report = check_decision(session, decision)
    by_code = {e.code: report.for_entry(e) for e in decision.entries}
    over = [p for p in by_code["1.900002"] if p.field.startswith("process.cases") and p.severity == "error"]
    assert len(over) == 1 and "4 giờ (0,5 ngày) + 2 ngày + 1 ngày + 0,5 ngày = 4 ngày làm việc" in over[0].message
    assert "vượt thời hạn giải quyết theo quy định 3 ngày làm việc" in over[0].message
    assert not [p for p in by_code["1.900001"] if p.field.startswith("process.cases") and p.severity == "error"]
    stored = session.scalar(select(Decision).where(Decision.id == decision.id)).entries[0].record["process"]
    assert stored["code"] == "QT.HT.01" and len(stored["cases"][0]["steps"]) == 4


def test_the_upload_preview_shows_each_process(demo, make_user, client, auth):
    make_user("soan", "drafter", "Sở Tư pháp")
    auth.login("soan")
    response = client.post(
        "/soan-thao/word/",
        data={"file": (io.BytesIO(processes_decision()), "qd.docx")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Quy trình nội bộ QT.HT.02" in page and "Liên thông Công an xã xác minh" in page
    assert "vượt thời hạn giải quyết" in page  # the time check, before anything is written


def list_decision() -> bytes:
    """ "Ban hành danh mục TTHC tiếp nhận và giải quyết tại chỗ …": a tick table per centre level and a
    delisting section."""
    doc = Document()
    first_page(
        doc,
        number="88/QĐ-UBND",
        title="BAN HÀNH DANH MỤC THỦ TỤC HÀNH CHÍNH TIẾP NHẬN VÀ GIẢI QUYẾT TẠI CHỖ TẠI TRUNG TÂM PHỤC VỤ "
        "HÀNH CHÍNH CÔNG",
    )
    doc.add_paragraph("PHỤ LỤC")
    doc.add_paragraph("DANH MỤC THỦ TỤC HÀNH CHÍNH TIẾP NHẬN VÀ GIẢI QUYẾT TẠI CHỖ")
    table = header(
        doc,
        [
            "STT",
            "Mã TTHC",
            "Tên thủ tục hành chính",
            "Lĩnh vực",
            "Trung tâm Phục vụ hành chính công cấp tỉnh",
            "Trung tâm Phục vụ hành chính công cấp xã",
        ],
    )
    add_row(table, ["1", "1.001612", "Thủ tục một", "Hộ tịch", "", "X"])
    add_row(table, ["2", "2.000908", "Thủ tục hai", "Chứng thực", "X", "X"])
    doc.add_paragraph("II. DANH MỤC THỦ TỤC HÀNH CHÍNH BỊ BÃI BỎ KHỎI DANH MỤC GIẢI QUYẾT TẠI CHỖ")
    table = header(
        doc,
        [
            "STT",
            "Mã TTHC",
            "Tên thủ tục hành chính",
            "Lĩnh vực",
            "Trung tâm Phục vụ hành chính công cấp tỉnh",
            "Trung tâm Phục vụ hành chính công cấp xã",
        ],
    )
    add_row(table, ["1", "1.000001", "Thủ tục ba", "Hộ tịch", "X", ""])
    return save(doc)


def test_a_list_decision_becomes_listed_and_delisted_entries():
    parsed = read_decision_docx(list_decision())
    entries = [(e["action"], e["code"], e["designations"], e["point_kind"]) for e in parsed.flat()["entries"]]
    assert parsed.flat()["kind"] == "danh_muc"
    assert entries == [
        ("listed", "1.001612", ["on_the_spot"], "xa"),
        ("listed", "2.000908", ["on_the_spot"], "tinh"),
        ("listed", "2.000908", ["on_the_spot"], "xa"),
        ("delisted", "1.000001", ["on_the_spot"], "tinh"),
    ]


@pytest.mark.parametrize(
    "title, designations",
    [
        ("Ban hành danh mục TTHC thực hiện không phụ thuộc vào địa giới hành chính", ["non_territorial"]),
        ("Phê duyệt danh mục thủ tục hành chính tiếp nhận trực tuyến toàn trình", ["online_full"]),
    ],
)
def test_the_title_names_the_designation_when_no_column_does(title, designations):
    doc = Document()
    first_page(doc, number="89/QĐ-UBND", title=title.upper())
    doc.add_paragraph("PHỤ LỤC")
    doc.add_paragraph("DANH MỤC THỦ TỤC HÀNH CHÍNH")
    table = header(doc, ["STT", "Mã TTHC", "Tên thủ tục hành chính", "Cấp thực hiện"])
    add_row(table, ["1", "1.001612", "Thủ tục một", "Cấp tỉnh"])
    flat = read_decision_docx(save(doc)).flat()
    assert flat["kind"] == "danh_muc"
    assert [(e["designations"], e["point_kind"]) for e in flat["entries"]] == [(designations, "tinh")]


def test_a_list_decision_from_word_is_previewed_and_confirmed_as_a_list_draft(demo, make_user, client, auth, session):
    from tests.support.word import confirm_preview

    make_user("soan", "drafter", "Sở Tư pháp")
    auth.login("soan")
    response = client.post(
        "/soan-thao/word/",
        data={"file": (io.BytesIO(list_decision()), "dm.docx")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Danh mục (4 mục)" in page and "Các Trung tâm cấp xã" in page
    assert confirm_preview(client, page, **{"listing-3-skip": "1"}).status_code == 303  # the delisting dropped
    decision = session.scalars(select(Decision).order_by(Decision.id.desc())).first()
    assert decision.extra["list_kind"] == "danh_muc" and decision.entries == []
    assert [(e["action"], e["code"], e["point_kind"]) for e in decision.extra["designations"]] == [
        ("listed", "1.001612", "xa"),
        ("listed", "2.000908", "tinh"),
        ("listed", "2.000908", "xa"),
    ]
