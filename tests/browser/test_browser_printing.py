import pytest
from playwright.sync_api import expect

from tthc.printing import jobs

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _join_print_jobs(app):
    """Background jobs end before the app's engine is disposed (no connection left to the collector)."""
    yield
    jobs.wait_all(timeout=120)


def test_reviewer_prints_a_service_point_bundle_and_downloads_it(page, live_server, demo, make_user, browser_auth):
    make_user("kiem-soat", "reviewer")
    browser_auth.login("kiem-soat")
    page.get_by_role("link", name="Niêm yết").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Niêm yết thủ tục hành chính", use_inner_text=True)
    page.get_by_role("link", name="Trung tâm Phục vụ hành chính công tỉnh (ví dụ)").click()
    page.get_by_role("button", name="In bộ niêm yết (PDF)").click()
    expect(page.get_by_role("progressbar")).to_be_visible()
    download_link = page.get_by_role("link", name="Tải tệp PDF")
    download_link.wait_for(state="visible", timeout=120000)
    assert "Đã xong" in page.get_by_role("status").inner_text()
    with page.expect_download() as info:
        download_link.click()
    path = info.value.path()
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_reviewer_sees_the_repost_list_after_a_decision(page, live_server, demo, make_user, browser_auth):
    make_user("kiem-soat", "reviewer")
    browser_auth.login("kiem-soat")
    page.goto(live_server + "/can-bo/niem-yet/")
    page.get_by_role("link", name="Phiên bản 2: 2715/QĐ-UBND").click()
    expect(page.get_by_role("heading", name="Gỡ xuống (8)")).to_be_visible()
    page.get_by_role("button", name="In 9 phiếu cần niêm yết mới").click()
    page.get_by_role("link", name="Tải tệp PDF").wait_for(state="visible", timeout=120000)
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_printing_pages_fit_a_phone(phone_page, live_server, demo, make_user, browser_auth):
    make_user("kiem-soat", "reviewer")
    browser_auth.login("kiem-soat", page=phone_page)
    for path in (
        "/can-bo/niem-yet/",
        "/can-bo/niem-yet/noi-tiep-nhan/1",
        "/can-bo/niem-yet/thay-doi?tu=1",
        "/can-bo/niem-yet/noi-tiep-nhan/moi",
    ):
        phone_page.goto(live_server + path)
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360, path
