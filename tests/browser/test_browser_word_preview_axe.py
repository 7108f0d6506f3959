"""Accessibility of the Word/PDF preview (issue 22): the self-check section atop the preview ("Phụ lục
chưa khớp với chính quyết định"), its notices and entries, and the preview of a process-only decision,
through axe-core on a desktop screen and a phone's. The preview is the answer to an upload (a POST), so
the page walk of tests/browser/test_accessibility.py never reaches it."""

import pytest
from playwright.sync_api import expect

from tests.support.axe import axe_violations
from tests.support.word import process_tables_per_procedure
from tthc.config import PROJECT_ROOT

pytestmark = pytest.mark.browser
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
    assert not violations, "\n".join(violations)
