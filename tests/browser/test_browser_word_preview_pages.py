"""A drafter pages through the preview of a long Word decision on a phone (issue 24, item 2): fixes an
entry's name on page 1, moves on by the pager (the page's change is saved on the way), fixes another entry's
action on page 2, comes back to page 1 (the fix is still there), and confirms once: the draft of the whole
decision has both fixes."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.support.auth import BrowserAuth
from tests.support.phone import fits
from tests.support.word import big_annex
from tthc.models.decisions import Decision

pytestmark = pytest.mark.browser
FIXED_NAME = "Cấp giấy phép thử nghiệm (tên đã sửa)"


@pytest.fixture
def phone(browser):
    """An ordinary phone's screen: 390 px wide."""
    context = browser.new_context(
        locale="vi-VN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def test_drafter_fixes_entries_on_two_pages_of_the_preview_and_confirms_once(
    phone, live_server, demo, make_user, session_factory, tmp_path
):
    make_user("soan", "drafter", "Sở Tư pháp")
    page = BrowserAuth(live_server, lambda: phone).login("soan", page=phone)
    path = tmp_path / "123_QĐ-UBND.docx"
    path.write_bytes(big_annex(45, True, (30,)))  # 45 procedures with their Phần II: three pages; row 31 doubted
    page.goto(f"{live_server}/soan-thao/")
    page.get_by_label("Tệp Word của quyết định (.docx) hoặc PDF có lớp chữ").set_input_files(str(path))
    page.get_by_role("button", name="Đọc và xem trước").click()
    page.wait_for_url(re.compile(r"/soan-thao/word/viec/\d+$"))
    preview = page.url

    expect(page.get_by_role("heading", name="Mục có nghi vấn (1)")).to_be_visible()
    expect(page.get_by_role("link", name="Mục 31", exact=True)).to_be_visible()  # its page: 2
    assert fits(page), "the preview scrolls sideways on a 390 px screen"
    page.get_by_label("Mục 1: Tên thủ tục hành chính").fill(FIXED_NAME)
    page.get_by_role("link", name="Trang sau ›").first.click()

    page.wait_for_url(re.compile(r"\?trang=2"))
    expect(page.locator(".flash").first).to_contain_text("Đã lưu các sửa đổi trên trang.")
    expect(page.get_by_role("heading", name="Mục có nghi vấn (1)")).to_be_visible()  # atop every page
    page.get_by_label("Mục 25: Hình thức").select_option("abolished")
    page.get_by_role("link", name="‹ Trang trước").first.click()

    page.wait_for_url(preview)  # the page opens at its top: the doubts
    expect(page.get_by_label("Mục 1: Tên thủ tục hành chính")).to_have_value(FIXED_NAME)
    expect(page.locator("#da-sua")).to_contain_text("Đã lưu sửa đổi ở 2 mục")
    with session_factory() as session:  # nothing written before confirming
        assert session.scalar(select(Decision).where(Decision.number == "123/QĐ-UBND")) is None
    page.get_by_role("button", name="Xác nhận và tạo dự thảo").click()

    expect(page.locator("body")).to_contain_text("Đã nạp 45 mục từ tệp Word vào dự thảo.")
    with session_factory() as session:
        decision = session.scalar(select(Decision).where(Decision.number == "123/QĐ-UBND"))
        entries = sorted(decision.entries, key=lambda e: e.position)
        assert len(entries) == 45 and entries[0].record["name"] == FIXED_NAME
        assert [e.position for e in entries if e.action == "abolished"] == [24]
