"""A process annex that comes as its own file, attached to the draft it belongs to:
`tthc decision import FILE --attach-to ID` (issue 22, item 7)."""

import json

from docx import Document
from sqlalchemy import select

from tests.support.word import add_row, confirm_preview, header, save, word_decision
from tthc.decisions import import_jobs
from tthc.models.decisions import Decision


def _process_file() -> bytes:
    """The processes as officials send them apart: the procedure named in the paragraph above each table."""
    doc = Document()
    doc.add_paragraph("QUY TRÌNH NỘI BỘ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH")
    doc.add_paragraph("1. Quy trình nội bộ giải quyết thủ tục: Thủ tục thử hai")  # named, no code
    table = header(doc, ["Thứ tự công việc", "Nội dung công việc", "Đơn vị thực hiện", "Thời gian thực hiện"])
    add_row(table, ["Bước 1", "Tiếp nhận, kiểm tra hồ sơ", "Trung tâm Phục vụ hành chính công", "0,5 ngày"])
    add_row(table, ["Bước 2", "Thẩm định hồ sơ, trình ký", "Phòng Hộ tịch", "2 ngày"])
    add_row(table, ["Bước 3", "Trả kết quả", "Trung tâm Phục vụ hành chính công", "0,5 ngày"])
    doc.add_paragraph("2. Quy trình nội bộ giải quyết thủ tục: Thủ tục không có trong dự thảo (Mã TTHC: 1.999999)")
    other = header(doc, ["Thứ tự công việc", "Nội dung công việc", "Đơn vị thực hiện", "Thời gian thực hiện"])
    add_row(other, ["Bước 1", "Tiếp nhận hồ sơ", "Bộ phận Một cửa", "1 ngày"])
    return save(doc)


def _import(runner, *args):
    result = runner.invoke(args=["decision", "import", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_process_file_is_attached_to_its_draft_entry_by_code(runner, session_factory, tmp_path):
    draft = tmp_path / "91_QĐ-UBND.docx"
    draft.write_bytes(word_decision(number="91/QĐ-UBND"))
    (created,) = _import(runner, str(draft))
    processes = tmp_path / "quy-trinh.docx"
    processes.write_bytes(_process_file())
    result = _import(runner, str(processes), "--attach-to", str(created["id"]))
    assert [(a["entry"], a["code"]) for a in result["attached"]] == [(1, "1.888002")]
    assert any("1.999999" in d or "không nêu thủ tục" in d for d in result["doubts"])
    with session_factory() as session:
        decision = session.scalar(select(Decision).where(Decision.number == "91/QĐ-UBND"))
        steps = decision.entries[1].record["process"]["cases"][0]["steps"]
        assert len(steps) == 3 and decision.entries[0].record.get("process") is None


def test_a_file_without_a_process_for_the_draft_writes_nothing(runner, session_factory, tmp_path):
    draft = tmp_path / "92_QĐ-UBND.docx"
    draft.write_bytes(word_decision(number="92/QĐ-UBND"))
    (created,) = _import(runner, str(draft))
    result = runner.invoke(args=["decision", "import", str(draft), "--attach-to", str(created["id"])])
    assert result.exit_code == 1 and "Không gắn được quy trình nào vào dự thảo" in result.output


def test_one_process_table_for_two_procedures_named_above_it_goes_to_both(runner, session_factory, tmp_path):
    """As Lào Cai writes them: "I. TTHC có thời gian giải quyết 03 ngày" / "1. …" / "2. …" / the table."""
    draft = tmp_path / "93_QĐ-UBND.docx"
    draft.write_bytes(word_decision(number="93/QĐ-UBND"))
    (created,) = _import(runner, str(draft))
    doc = Document()
    doc.add_paragraph("I. TTHC CÓ CÙNG THỜI GIAN GIẢI QUYẾT 03 NGÀY LÀM VIỆC")
    doc.add_paragraph("1. Thủ tục thử một, gồm:")
    doc.add_paragraph("- Trường hợp nộp hồ sơ trực tiếp.")
    doc.add_paragraph("2. Thủ tục thử hai.")
    table = header(doc, ["Thứ tự các bước", "Nội dung công việc", "Đơn vị/cá nhân thực hiện", "Thời gian thực hiện"])
    add_row(table, ["Bước 1", "Tiếp nhận hồ sơ", "Trung tâm Phục vụ hành chính công", "0,5 ngày"])
    add_row(table, ["Bước 2", "Thẩm định, trình ký", "Phòng chuyên môn", "2,5 ngày"])
    path = tmp_path / "quy-trinh-chung.docx"
    path.write_bytes(save(doc))
    result = _import(runner, str(path), "--attach-to", str(created["id"]))
    assert [a["code"] for a in result["attached"]] == ["1.888001", "1.888002"]


def test_the_process_file_is_uploaded_on_the_drafts_page(demo, make_user, client, auth, app, session_factory):
    import io

    app.config["WTF_CSRF_ENABLED"] = False
    make_user("soan", "drafter", "Sở Tư pháp")
    auth.login("soan")
    upload = {"file": (io.BytesIO(word_decision(number="94/QĐ-UBND")), "qd.docx")}
    preview = client.post("/soan-thao/word/", data=upload, content_type="multipart/form-data", follow_redirects=True)
    assert confirm_preview(client, preview.get_data(as_text=True)).status_code == 303
    with session_factory() as session:
        draft = session.scalar(select(Decision).where(Decision.number == "94/QĐ-UBND"))
    page = client.get(f"/soan-thao/{draft.id}").get_data(as_text=True)
    assert "Gắn quy trình nội bộ từ tệp riêng" in page
    response = client.post(
        f"/soan-thao/word/du-thao/{draft.id}/quy-trinh",
        data={"file": (io.BytesIO(_process_file()), "quy-trinh.docx")},
        content_type="multipart/form-data",
    )
    job_id = int(response.headers["Location"].rstrip("/").split("/")[-1])  # read by a job (test_process_attach_jobs)
    import_jobs.wait(job_id, timeout=60)
    preview_url = f"/soan-thao/word/du-thao/{draft.id}/quy-trinh/{job_id}"
    preview = client.get(preview_url).get_data(as_text=True)
    # the doubt at the top: the second table names a procedure (1.999999) the draft does not hold, quoted
    assert (
        "Bảng 2: quy trình nội bộ của «Thủ tục không có trong dự thảo» (mã 1.999999) không khớp thủ tục nào "
        "trong danh mục (mã hoặc tên); chưa gắn."
    ) in preview
    response = client.post(f"{preview_url}/gan", data={"entries": "1"}, follow_redirects=True)
    assert "Đã gắn quy trình nội bộ vào mục 2 (1.888002)." in response.get_data(as_text=True)
    with session_factory() as session:
        draft = session.get(Decision, draft.id)
        assert len(draft.entries[1].record["process"]["cases"][0]["steps"]) == 3
