"""A citizen on a phone types a situation, lands on the life event's page and opens its first
procedure (issue 23)."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_citizen_types_a_situation_and_follows_the_event_steps(phone_page, live_server, births):  # noqa: F811
    page = phone_page
    page.goto(live_server + "/")
    box = page.get_by_label("Tìm thủ tục (tên, mã hoặc từ khóa; gõ có dấu hoặc không dấu)")
    box.fill("vợ tôi vừa sinh em bé ở bệnh viện huyện")
    box.press("Enter")
    page.wait_for_url("**/tim-kiem?**")
    expect(page.locator("ol.hits li").first.get_by_role("link")).to_have_text(
        "Thủ tục đăng ký khai sinh", use_inner_text=True
    )
    page.locator(".event-box").get_by_role("link", name="Sinh con").click()
    page.wait_for_url("**/su-kien/khai-sinh")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sinh con", use_inner_text=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.locator("ol.steps li").first.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thủ tục đăng ký khai sinh", use_inner_text=True)
    expect(page.get_by_role("link", name="Sinh con")).to_be_visible()  # "Thuộc sự kiện: Sinh con"
