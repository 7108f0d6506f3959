"""Accessibility of the Word/PDF preview (issue 22): the self-check section atop the preview ("Phụ lục
chưa khớp với chính quyết định"), its notices and entries, the preview of a process-only decision, and
what a process annex attached to a draft will give (its job's preview), through axe-core on a desktop
screen and a phone's; a long decision's preview a page at a time, with its doubts and their filter
(issue 24). The previews follow an upload (a POST), so the page walk of
tests/browser/test_accessibility.py never reaches them."""

import re

import pytest
from playwright.sync_api import expect

from tests.support.axe import axe_violations
from tests.support.phone import fits
from tests.support.review import make_draft
from tests.support.word import big_annex, process_tables_per_procedure
from tthc.config import PROJECT_ROOT

pytestmark = [pytest.mark.browser, pytest.mark.rendering]  # what the browser makes of it: SQLite only
PDF = PROJECT_ROOT / "tests" / "fixtures" / "dieu1-disagrees.pdf"


def _preview(page, live_server, path) -> None:
    page.goto(f"{live_server}/soan-thao/")
    page.get_by_label("Tệp Word của quyết định (.docx) hoặc PDF có lớp chữ").set_input_files(str(path))
    page.get_by_role("button", name="Đọc và xem trước").click()


def test_axe_finds_no_violation_on_the_preview_and_its_self_check(
    axe_page,  # noqa: F811
    axe_script,  # noqa: F811
    live_server,
    demo,
    make_user,
    browser_auth,
    tmp_path,
    session_factory,
):
    make_user("soan", "drafter", "Sở Tư pháp")
    page = browser_auth.login("soan", page=axe_page)
    _preview(page, live_server, PDF)
    expect(page.locator("section.self-check")).to_be_visible()  # the doubt atop the preview is what axe checks
    violations = [f"xem trước (đối chiếu): {line}" for line in axe_violations(page, axe_script)]

    process_only = tmp_path / "3901_QĐ-UBND.docx"
    process_only.write_bytes(process_tables_per_procedure())
    _preview(page, live_server, process_only)
    expect(page.get_by_role("heading", name="Quy trình nội bộ đọc được (2)")).to_be_visible()
    violations += [f"xem trước (chỉ quy trình): {line}" for line in axe_violations(page, axe_script)]

    # the same file attached to a draft: its job's preview of what goes to which entry, with the doubt
    name = "Thủ tục chấp thuận nhà đầu tư thuộc thẩm quyền của UBND cấp tỉnh"
    draft_id = make_draft(session_factory, [{"action": "new", "code": "1.009642", "name": name}], created_by="soan")
    page.goto(f"{live_server}/soan-thao/{draft_id}")
    page.get_by_label("Tệp phụ lục quy trình nội bộ (.docx hoặc PDF có lớp chữ)").set_input_files(str(process_only))
    page.get_by_role("button", name="Đọc tệp và xem trước quy trình").click()
    page.wait_for_url(re.compile(rf"/soan-thao/word/du-thao/{draft_id}/quy-trinh/\d+$"), timeout=60_000)
    expect(page.get_by_role("heading", name="Cần kiểm tra (1)")).to_be_visible()
    violations += [f"xem trước (gắn quy trình): {line}" for line in axe_violations(page, axe_script)]
    assert not violations, "\n".join(violations)


def test_axe_finds_no_violation_on_a_paged_preview_its_doubts_and_its_filter(
    axe_page,  # noqa: F811
    axe_script,  # noqa: F811
    live_server,
    demo,
    make_user,
    browser_auth,
    tmp_path,
):
    """A long decision's preview (issue 24): its second page (the pagers, the doubts atop it with their links,
    a fix saved on it) and the doubtful entries alone, on a desktop and a phone's screen, which it fits."""
    make_user("soan", "drafter", "Sở Tư pháp")
    page = browser_auth.login("soan", page=axe_page)
    path = tmp_path / "123_QĐ-UBND.docx"
    path.write_bytes(big_annex(45, True, (30,)))
    _preview(page, live_server, path)
    page.wait_for_url(re.compile(r"/soan-thao/word/viec/\d+$"))
    page.get_by_label("Mục 2: Lĩnh vực").fill("Hộ tịch")
    page.get_by_role("button", name="Lưu và sang trang sau").click()
    page.wait_for_url(re.compile(r"\?trang=2"))
    expect(page.get_by_role("heading", name="Mục có nghi vấn (1)")).to_be_visible()
    violations = [f"xem trước (trang 2): {line}" for line in axe_violations(page, axe_script)]
    assert fits(page), "the preview's second page scrolls sideways"
    page.get_by_role("link", name="Chỉ xem các mục có nghi vấn (1)").click()
    expect(page.locator("section.word-entry")).to_have_count(1)
    violations += [f"xem trước (mục có nghi vấn): {line}" for line in axe_violations(page, axe_script)]
    assert fits(page), "the doubtful entries' page scrolls sideways"
    assert not violations, "\n".join(violations)
