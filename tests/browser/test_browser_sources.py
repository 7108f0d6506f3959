"""A drafter uploads a ministry's decision, opens what it means for the province, creates the draft from
three of its entries; the reviewer sees the source cited and the differences against the catalogue in
force. The source and reconciliation pages pass axe-core (WCAG 2.1 AA)."""

from __future__ import annotations

import pytest

from tests.support.axe import AXE_SCRIPT, axe_violations
from tests.support.sources import ministry_source

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser):
    """A page whose context lets axe-core be injected (the site's CSP rightly forbids inline scripts)."""
    context = browser.new_context(locale="vi-VN", bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def test_drafter_makes_the_draft_from_a_source_and_the_reviewer_sees_it_cited(
    page, live_server, demo, make_user, browser_auth, tmp_path
):
    make_user("soan", "drafter", "Sở Tư pháp")
    make_user("tham", "reviewer")
    browser_auth.login("soan", page=page)
    page.get_by_role("link", name="Nguồn").click()
    path = tmp_path / "3120_QĐ-BTP.docx"
    path.write_bytes(ministry_source())
    page.get_by_label("Tệp quyết định (.docx, .pdf hoặc .jsonl)").set_input_files(str(path))
    page.get_by_role("button", name="Nạp làm nguồn").click()

    assert "Ý nghĩa đối với tỉnh" in page.get_by_role("heading", level=2, name="Ý nghĩa đối với tỉnh").inner_text()
    body = page.locator("body").inner_text()
    assert "Nguồn không làm thay đổi danh mục" in body
    assert "Mục không thuộc cấp của tỉnh (1)" in body
    fee = page.locator("section", has_text="2.000587 · Thủ tục cấp thẻ cộng tác viên")
    assert "50.000 đồng/thẻ" in fee.locator("ins").first.inner_text()  # the word diff against the catalogue
    violations = [f"/nguon/<id>: {v}" for v in axe_violations(page, AXE_SCRIPT)]

    for name in (
        "Thủ tục cấp thẻ trợ giúp viên pháp lý tập sự",
        "Thủ tục cấp thẻ cộng tác viên trợ giúp pháp lý",
        "Thủ tục chấm dứt tham gia trợ giúp pháp lý",
    ):
        page.get_by_label(f"Chọn {name}", exact=True).check()
    page.get_by_role("button", name="Tạo dự thảo quyết định của tỉnh từ các mục đã chọn").click()
    assert "Đã tạo dự thảo từ nguồn" in page.locator("body").inner_text()
    assert "Dự thảo lập từ nguồn" in page.locator("#nguon-can-cu").inner_text()
    assert "Địa điểm tiếp nhận" in page.locator("#can-bo-sung").inner_text()  # marked for the province
    assert page.locator("ol.entries > li").count() == 3
    page.get_by_role("button", name="Nộp thẩm định").click()

    browser_auth.login("tham", page=page)
    page.get_by_role("link", name="Thẩm định").click()
    page.get_by_role("link", name="Dự thảo số", exact=False).first.click()
    cited = page.locator("#nguon-can-cu").inner_text()
    assert "Quyết định số 3120/QĐ-BTP của Bộ Tư pháp" in cited
    assert "Căn cứ Quyết định số 3120/QĐ-BTP ngày 10/11/2025" in page.locator("body").inner_text()
    assert "50.000 đồng/thẻ" in page.locator("ins").all_inner_texts().__str__()
    page.get_by_role("link", name="Quyết định số 3120/QĐ-BTP của Bộ Tư pháp").click()
    assert "dự thảo số" in page.locator("body").inner_text()
    violations += [f"/nguon/<id> (reviewer): {v}" for v in axe_violations(page, AXE_SCRIPT)]
    for url in ("/nguon/", "/doi-chieu/"):
        page.goto(live_server + url)
        violations += [f"{url}: {v}" for v in axe_violations(page, AXE_SCRIPT)]
    assert not violations, "\n".join(violations)
