"""A decision whose annex holds only internal processes (issue 22, item 7) is read, not refused: its
processes are shown (preview, `decision import --json`), nothing is created, and they are attached to
the draft they belong to (upload on the draft's page, `--attach-to ID`)."""

import io
import json

import pytest
from docx import Document
from sqlalchemy import func, select

from tests.support.word import add_row, first_page, header, process_tables_per_procedure, save, span_row, word_decision
from tthc.annex.pdf import read_decision_document
from tthc.config import PROJECT_ROOT
from tthc.models.decisions import Decision

ANNEX_MORE = PROJECT_ROOT / "catalogue_data" / "annex_more"


def _one_long_table() -> bytes:
    """One table for many procedures, split by title rows."""
    doc = Document()
    first_page(doc, number="3902/QĐ-UBND", title="PHÊ DUYỆT QUY TRÌNH NỘI BỘ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH")
    doc.add_paragraph("PHỤ LỤC")
    table = header(doc, ["Bước", "Nội dung công việc", "Đơn vị thực hiện", "Thời gian"])
    span_row(table, "1. Thủ tục đăng ký khai sinh (Mã TTHC: 1.001193)")
    add_row(table, ["Bước 1", "Tiếp nhận hồ sơ", "Bộ phận Một cửa", "0,5 ngày"])
    add_row(table, ["Bước 2", "Cấp Giấy khai sinh", "Công chức tư pháp - hộ tịch", "0,5 ngày"])
    span_row(table, "2. Thủ tục đăng ký kết hôn (Mã TTHC: 1.000894)")
    add_row(table, ["Bước 1", "Tiếp nhận hồ sơ", "Bộ phận Một cửa", "4 giờ"])
    return save(doc)


def test_a_decision_of_process_tables_named_above_them_is_read_not_refused():
    parsed = read_decision_document(process_tables_per_procedure())
    assert parsed.entries == [] and parsed.process_only
    assert [(p["procedures"], [s["time"] for s in p["process"]["cases"][0]["steps"]]) for p in parsed.processes] == [
        (
            [{"name": "Thủ tục chấp thuận nhà đầu tư thuộc thẩm quyền của UBND cấp tỉnh", "code": "1.009642"}],
            ["04 giờ", "2,5 ngày"],
        ),
        ([{"name": "Khấu trừ kinh phí bồi thường, hỗ trợ, tái định cư", "code": "1.012994"}], ["1 ngày"]),
    ]
    assert [p["table"] for p in parsed.processes] == [3, 4]  # numbered in the whole file (motto, signature first)
    assert any("chỉ có quy trình nội bộ (2 quy trình)" in n and "--attach-to" in n for n in parsed.notices)


def test_one_long_table_split_by_title_rows_gives_a_process_per_procedure():
    parsed = read_decision_document(_one_long_table())
    assert [(p["procedures"][0]["code"], len(p["process"]["cases"][0]["steps"])) for p in parsed.processes] == [
        ("1.001193", 2),
        ("1.000894", 1),
    ]


@pytest.mark.parametrize("name", ["3857_QĐ-UBND.docx", "1582_QĐ-UBND.docx"])
def test_the_process_only_decisions_of_the_tuning_part_are_read(name):
    expected = next(
        line
        for line in map(json.loads, (ANNEX_MORE / "expected.jsonl").read_text(encoding="utf-8").splitlines())
        if line["file"] == name
    )
    parsed = read_decision_document((ANNEX_MORE / name).read_bytes())
    assert parsed.entries == [] and parsed.heading["number"] == expected["number"]
    assert [p["procedures"][0]["code"] for p in parsed.processes] == list(
        dict.fromkeys(p["code"] for p in expected["processes"])
    )
    assert [p["procedures"][0]["name"] for p in parsed.processes] == list(
        dict.fromkeys(p["name"] for p in expected["processes"])
    )


def test_the_cli_shows_the_processes_and_creates_nothing(runner, session_factory, tmp_path):
    path = tmp_path / "3901_QĐ-UBND.docx"
    path.write_bytes(process_tables_per_procedure())
    result = runner.invoke(args=["decision", "import", str(path), "--json"])
    assert result.exit_code == 0, result.output
    (read,) = json.loads(result.stdout)
    assert read["id"] is None and read["entries"] == 0 and read["number"] == "3901/QĐ-UBND"
    assert [p["procedures"][0]["code"] for p in read["processes"]] == ["1.009642", "1.012994"]
    assert any("--attach-to" in d["message"] for d in read["doubts"])
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Decision)) == 0


def test_the_preview_shows_the_processes_without_creating_a_draft(demo, make_user, client, auth, app, session_factory):
    app.config["WTF_CSRF_ENABLED"] = False
    make_user("soan", "drafter", "Sở Tư pháp")
    auth.login("soan")
    upload = {"file": (io.BytesIO(process_tables_per_procedure()), "quy-trinh.docx")}
    response = client.post("/soan-thao/word/", data=upload, content_type="multipart/form-data", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Quy trình nội bộ đọc được (2)" in page
    assert "Khấu trừ kinh phí bồi thường, hỗ trợ, tái định cư (1.012994)" in page
    assert "Xác nhận và tạo dự thảo" not in page and "Gắn quy trình nội bộ từ tệp riêng" in page


INVESTOR_APPROVAL = "Thủ tục chấp thuận nhà đầu tư thuộc thẩm quyền của UBND cấp tỉnh"


def _draft_listing_investor_approval(runner, tmp_path, number: str) -> int:
    """The id of a draft imported by the CLI that lists 1.009642, the procedure the processes are for."""
    rows = [["1", "1.009642", INVESTOR_APPROVAL, "Trung tâm Phục vụ hành chính công tỉnh", "Luật Đầu tư"]]
    draft = tmp_path / f"{number.replace('/', '_')}.docx"
    draft.write_bytes(word_decision(rows=rows, number=number))
    created = runner.invoke(args=["decision", "import", str(draft), "--json"])
    assert created.exit_code == 0, created.output
    return json.loads(created.stdout)[0]["id"]


def test_its_processes_attach_to_the_draft_they_belong_to(runner, session_factory, tmp_path):
    decision_id = _draft_listing_investor_approval(runner, tmp_path, "95/QĐ-UBND")
    path = tmp_path / "3901_QĐ-UBND.docx"
    path.write_bytes(process_tables_per_procedure())
    result = runner.invoke(args=["decision", "import", str(path), "--attach-to", str(decision_id), "--json"])
    assert result.exit_code == 0, result.output
    assert [a["code"] for a in json.loads(result.stdout)["attached"]] == ["1.009642"]


def test_the_preview_shows_a_process_that_doubts_itself(demo, make_user, client, auth, app, session_factory):
    doc = Document()
    first_page(doc, number="3903/QĐ-UBND", title="PHÊ DUYỆT QUY TRÌNH NỘI BỘ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH")
    doc.add_paragraph("PHỤ LỤC")
    doc.add_paragraph("1. Thủ tục đăng ký khai sinh – Mã TTHC: 1.001193")
    table = header(doc, ["Bước", "Nội dung công việc", "Đơn vị thực hiện", "Thời gian"])
    add_row(table, ["Bước 1", "Tiếp nhận hồ sơ", "Bộ phận Một cửa", "0,5 ngày"])
    add_row(table, ["Bước 3", "Cấp Giấy khai sinh", "Công chức tư pháp - hộ tịch", "0,5 ngày"])
    app.config["WTF_CSRF_ENABLED"] = False
    make_user("soan", "drafter", "Sở Tư pháp")
    auth.login("soan")
    upload = {"file": (io.BytesIO(save(doc)), "quy-trinh.docx")}
    response = client.post("/soan-thao/word/", data=upload, content_type="multipart/form-data", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert 'class="problems process-doubts"' in page and "thiếu số bước: Bước 2" in page


def test_attaching_a_process_that_doubts_itself_says_so(runner, session_factory, tmp_path):
    decision_id = _draft_listing_investor_approval(runner, tmp_path, "96/QĐ-UBND")
    doc = Document()
    first_page(doc, number="3904/QĐ-UBND", title="PHÊ DUYỆT QUY TRÌNH NỘI BỘ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH")
    doc.add_paragraph(f"1. {INVESTOR_APPROVAL} – Mã TTHC: 1.009642")
    table = header(doc, ["Bước", "Nội dung công việc", "Đơn vị thực hiện", "Thời gian"])
    add_row(table, ["Bước 1", "Tiếp nhận hồ sơ", "Bộ phận Một cửa", "0,5 ngày"])
    add_row(table, ["Bước 2", "Thẩm định hồ sơ", "", "2 ngày"])
    add_row(table, ["Bước 3", "Trả kết quả", "Bộ phận Một cửa", "0,5 ngày"])
    path = tmp_path / "3904_QĐ-UBND.docx"
    path.write_bytes(save(doc))
    result = runner.invoke(args=["decision", "import", str(path), "--attach-to", str(decision_id), "--json"])
    assert result.exit_code == 0, result.output
    doubts = json.loads(result.stdout)["doubts"]
    assert any(d.startswith("Mục 1: ") and "bước không có đơn vị/người thực hiện" in d for d in doubts)
