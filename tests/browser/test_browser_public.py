import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_citizen_opens_listing_and_a_procedure_on_a_phone(phone_page, live_server, demo):
    page = phone_page
    page.goto(live_server + "/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Danh mục thủ tục hành chính")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("link", name="Xem toàn bộ danh mục").click()
    page.get_by_role("link", name="Đăng ký cai nghiện ma túy tự nguyện").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Đăng ký cai nghiện ma túy tự nguyện", use_inner_text=True
    )
    expect(page.get_by_text("3.000527").first).to_be_visible()
    # Nothing overflows a phone screen horizontally.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_citizen_opens_the_baseline_from_the_list_of_decisions(page, live_server, demo):
    """The catalogue as first loaded is public record: listed, and its page opens (it used to be a 404)."""
    page.goto(live_server + "/quyet-dinh/")
    page.get_by_role("link", name="Danh mục ban đầu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quyết định Danh mục ban đầu", use_inner_text=True)
    assert page.locator(".rv-entry, .rv-change").count() > 0
