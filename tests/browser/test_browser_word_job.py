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
    expect(page.get_by_role("heading", level=1)).to_have_text("Nạp tệp Word: 2715_QĐ-UBND.pdf", use_inner_text=True)
    expect(page.get_by_label("Tiến độ")).to_be_visible()
    page.wait_for_url(re.compile(r"/soan-thao/word/viec/\d+$"), timeout=240_000)  # polled, then forwarded
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
