"""Browser journey: a PDF decision is read by a background job; the drafter watches its pages being read,
lands on the preview when the job is done, and confirms the draft."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tthc.config import PROJECT_ROOT
from tthc.decisions import import_jobs
from tthc.models.decisions import Decision

pytestmark = pytest.mark.browser
PDF = PROJECT_ROOT / "tests" / "fixtures" / "2715_QĐ-UBND.pdf"  # 7 pages


@pytest.fixture(autouse=True)
def _join_jobs(app):
    yield
    import_jobs.wait_all(timeout=300)


def test_a_drafter_follows_a_pdf_decision_through_its_job_to_the_preview_and_the_draft(
    page, live_server, app, runner, sample_dir, make_user, browser_auth, session_factory
):
    # The catalogue in force without its decisions: 2715/QĐ-UBND is new to it.
    loaded = runner.invoke(
        args=["catalogue", "import", str(sample_dir / "procedures.jsonl"), "--effective", "2025-01-01"]
    )
    assert loaded.exit_code == 0, loaded.output
    make_user("soan", "admin", "Sở Công Thương")  # no agency handles the electricity procedures it abolishes
    browser_auth.login("soan")
    page.get_by_role("link", name="Soạn thảo").click()
    page.get_by_label("Tệp Word của quyết định (.docx)").set_input_files(str(PDF))
    page.get_by_role("button", name="Đọc và xem trước").click()

    page.wait_for_url(re.compile(r"/soan-thao/nhap/\d+$"))
    job_page = page.url
    expect(page.get_by_role("heading", level=1)).to_have_text("Nạp tệp Word: 2715_QĐ-UBND.pdf", use_inner_text=True)
    expect(page.get_by_label("Tiến độ")).to_be_visible()
    page.wait_for_url(re.compile(r"/soan-thao/word/viec/\d+$"), timeout=240_000)  # polled, then forwarded
    # A job read before its page is shown (a quick file) forwards to its preview all the same.
    page.goto(job_page)
    page.wait_for_url(re.compile(r"/soan-thao/word/viec/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Xem trước quyết định đọc từ tệp Word", use_inner_text=True
    )
    with session_factory() as session:  # reading wrote nothing
        assert session.scalar(select(Decision).where(Decision.number == "2715/QĐ-UBND")) is None
    assert page.get_by_label("Số quyết định").input_value() == "2715/QĐ-UBND"
    page.get_by_role("button", name="Xác nhận và tạo dự thảo").click()
    expect(page.locator("body")).to_contain_text("Đã nạp 17 mục từ tệp Word vào dự thảo.")
    with session_factory() as session:
        decision = session.scalar(select(Decision).where(Decision.number == "2715/QĐ-UBND"))
        assert decision.status == "draft" and len(decision.entries) == 17


LAOCAI = PROJECT_ROOT / "catalogue_data" / "originals" / "laocai-qtnb-hhnh-draft.docx"  # three process tables
HAZARDOUS = (
    "Giấy phép vận chuyển hàng hóa nguy hiểm loại 1 (trừ vật liệu nổ công nghiệp, tiền chất thuốc nổ), 2, 3, 4, 9"
)


def test_a_drafter_attaches_a_process_annex_through_its_job_preview_and_confirmation(
    page, live_server, app, make_user, browser_auth, session_factory
):
    """The process annex is read by a job (kind `processes`): the progress page forwards to what will be
    attached to which entry; nothing is written until «Xác nhận gắn quy trình»."""
    from tests.support.review import make_draft
    from tthc.db import transaction

    make_user("soan", "drafter", "Sở Công Thương")
    names = [f"Cấp {HAZARDOUS}", f"Cấp điều chỉnh {HAZARDOUS}", f"Cấp lại {HAZARDOUS}"]
    draft_id = make_draft(session_factory, [{"action": "new", "code": "", "name": n} for n in names], created_by="soan")
    with transaction(session_factory) as session:
        session.get(Decision, draft_id).number = "1120/QĐ-UBND"
    browser_auth.login("soan")
    page.goto(f"{live_server}/soan-thao/{draft_id}")
    page.get_by_label("Tệp phụ lục quy trình nội bộ (.docx hoặc PDF có lớp chữ)").set_input_files(str(LAOCAI))
    page.get_by_role("button", name="Đọc tệp và xem trước quy trình").click()

    page.wait_for_url(re.compile(r"/soan-thao/(nhap/\d+|word/du-thao/\d+/quy-trinh/\d+)$"))
    page.wait_for_url(re.compile(rf"/soan-thao/word/du-thao/{draft_id}/quy-trinh/\d+$"), timeout=120_000)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Xem trước quy trình nội bộ gắn vào dự thảo", use_inner_text=True
    )
    expect(page.get_by_role("heading", name=f"Mục 3: Cấp lại {HAZARDOUS}")).to_be_visible()
    with session_factory() as session:  # reading wrote nothing
        assert all(not (e.record or {}).get("process") for e in session.get(Decision, draft_id).entries)
    page.get_by_role("button", name="Xác nhận gắn quy trình").click()
    expect(page.locator(".flash").first).to_contain_text("Đã gắn quy trình nội bộ vào mục 1 (Cấp Giấy phép")
    page.wait_for_url(re.compile(rf"/soan-thao/{draft_id}(#quy-trinh-tep)?$"))
    with session_factory() as session:
        entries = session.get(Decision, draft_id).entries
        assert [len(e.record["process"]["cases"][0]["steps"]) for e in entries] == [11, 12, 12]
