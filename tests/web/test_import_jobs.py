"""Large uploaded annexes are read by a background job (real database, real thread), and a workbook's
problems are capped: the first 200 listed, the rest counted."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.support.auth import csrf_token
from tests.support.word import word_decision
from tests.support.workbooks import annex_workbook
from tthc.annex import SHEET_LIST, WorkbookProblem, read_decision_workbook
from tthc.annex.read import MAX_PROBLEMS
from tthc.decisions import import_jobs
from tthc.models.decisions import Decision, DecisionEntry
from tthc.models.import_jobs import ImportJob

AGENCY = "Sở Tư pháp"


@pytest.fixture(autouse=True)
def _join_import_jobs(app):
    """Background jobs end before the app's engine is disposed."""
    yield
    import_jobs.wait_all(timeout=120)


@pytest.fixture
def drafter(demo, make_user, client, auth):
    make_user("soan", "drafter", AGENCY)
    auth.login("soan")
    return client


def _upload(client, data: bytes, url="/soan-thao/nhap-excel", name="phu-luc.xlsx"):
    return client.post(
        url,
        data={"csrf_token": csrf_token(client, "/soan-thao/"), "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def _counts(factory):
    with factory() as session:
        return (session.scalar(select(func.count(Decision.id))), session.scalar(select(func.count(DecisionEntry.id))))


def _all_in_background(app):
    services = app.extensions["tthc"]
    services.settings = services.settings.replace(import_in_background_bytes=1)


def test_problems_stop_at_200_and_the_rest_are_counted(tmp_path):
    # 260 rows with an unknown action: one problem each.
    with pytest.raises(WorkbookProblem) as raised:
        read_decision_workbook(io.BytesIO(annex_workbook(260, action="Hủy bỏ")))
    assert len(raised.value.problems) == MAX_PROBLEMS == 200
    assert raised.value.more == 60
    assert raised.value.more_text == "… và 60 vấn đề khác"
    assert str(raised.value).startswith("Tệp Excel có 260 lỗi")
    # Below the cap nothing is left out.
    with pytest.raises(WorkbookProblem) as few:
        read_decision_workbook(io.BytesIO(annex_workbook(3, action="Hủy bỏ")))
    assert len(few.value.problems) == 3 and few.value.more == 0 and few.value.more_text == ""


def test_the_upload_page_lists_200_problems_and_says_how_many_more(drafter, demo):
    response = _upload(drafter, annex_workbook(230, action="Hủy bỏ"))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert page.count("không hợp lệ (chấp nhận") == 200
    assert "… và 30 vấn đề khác" in page


def test_a_large_excel_annex_becomes_a_draft_in_a_background_job(app, drafter, demo, make_user, auth):
    _all_in_background(app)
    before = _counts(demo)
    started = _upload(drafter, annex_workbook(600))
    assert started.status_code == 302
    job_url = started.headers["Location"]
    job_id = int(job_url.rstrip("/").split("/")[-1])
    assert job_url.endswith(f"/soan-thao/nhap/{job_id}")
    page = drafter.get(job_url)
    assert page.status_code == 200 and "Tiến độ" in page.get_data(as_text=True)
    import_jobs.wait(job_id, timeout=120)
    state = drafter.get(f"/soan-thao/nhap/{job_id}/trang-thai").get_json()
    assert state["status"] == "done" and state["finished"] and state["done"] == state["total"] > 0
    assert state["next"] == f"/soan-thao/{state['decision_id']}"
    assert _counts(demo) == (before[0] + 1, before[1] + 600)
    with demo() as session:
        job = session.get(ImportJob, job_id)
        decision = session.get(Decision, job.decision_id)
        assert job.content is None and job.finished_at is not None  # the upload is not kept
        assert decision.status == "draft" and decision.drafting_agency.name == AGENCY
    done_page = drafter.get(job_url).get_data(as_text=True)
    assert "Mở dự thảo" in done_page and f"/soan-thao/{decision.id}" in done_page
    # Another drafter does not see the job at all.
    make_user("khac", "drafter", "Sở Công Thương")
    auth.login("khac")
    assert drafter.get(job_url).status_code == 404
    assert drafter.get(f"/soan-thao/nhap/{job_id}/trang-thai").status_code == 404


def test_a_failed_job_writes_nothing_and_shows_its_vietnamese_message(app, drafter, demo):
    _all_in_background(app)
    before = _counts(demo)
    started = _upload(drafter, annex_workbook(250, action="Hủy bỏ"))
    job_id = int(started.headers["Location"].rstrip("/").split("/")[-1])
    import_jobs.wait(job_id, timeout=120)
    state = drafter.get(f"/soan-thao/nhap/{job_id}/trang-thai").get_json()
    assert state["status"] == "failed" and state["status_label"] == "Không nạp được"
    assert state["message"] == "Tệp Excel có 250 lỗi, chưa nạp gì."
    assert state["problems"] == 200 and state["more_problems"] == 50 and state["next"] == ""
    page = drafter.get(f"/soan-thao/nhap/{job_id}").get_data(as_text=True)
    assert "Tệp Excel có 250 lỗi, chưa nạp gì." in page and "… và 50 vấn đề khác" in page
    assert page.count("không hợp lệ (chấp nhận") == 200
    assert _counts(demo) == before


def test_an_import_refused_after_reading_leaves_no_half_written_draft(app, drafter, demo):
    """The rows read fine, the import then refuses (a procedure of another agency): the job fails with the
    refusal and nothing of the draft exists."""
    _all_in_background(app)
    book = load_workbook(io.BytesIO(annex_workbook(5)))
    book[SHEET_LIST].append(["6", "Bãi bỏ", "1.000532", "", "", "", "", "", "Nghị định 1/2027", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    before = _counts(demo)
    started = _upload(drafter, buffer.getvalue())
    job_id = int(started.headers["Location"].rstrip("/").split("/")[-1])
    import_jobs.wait(job_id, timeout=120)
    state = drafter.get(f"/soan-thao/nhap/{job_id}/trang-thai").get_json()
    assert state["status"] == "failed" and "không thuộc cơ quan của bạn: 1.000532" in state["message"]
    assert _counts(demo) == before


def test_a_large_word_decision_is_read_in_the_background_then_previewed(app, drafter, demo):
    _all_in_background(app)
    before = _counts(demo)
    started = _upload(drafter, word_decision(), url="/soan-thao/word/", name="quyet-dinh.docx")
    job_id = int(started.headers["Location"].rstrip("/").split("/")[-1])
    import_jobs.wait(job_id, timeout=120)
    state = drafter.get(f"/soan-thao/nhap/{job_id}/trang-thai").get_json()
    assert state["status"] == "kept" and state["next"] == f"/soan-thao/word/viec/{job_id}"  # waits for the drafter
    preview = drafter.get(state["next"])
    text = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "Thủ tục thử một" in text and "Xác nhận và tạo dự thảo" in text
    assert _counts(demo) == before  # nothing written by reading: the drafter confirms on the preview


def test_small_uploads_stay_in_the_request(drafter, demo):
    response = _upload(drafter, annex_workbook(2))
    assert response.status_code == 302 and "/soan-thao/nhap/" not in response.headers["Location"]
