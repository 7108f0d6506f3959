"""An administrator adds a phrase to a life event from the gaps page; another administrator approves it;
after the index refresh the same query finds the event (issue 23, items 1 and 5)."""

import re

import pytest
from playwright.sync_api import expect

from tests.support.phone import fits

pytestmark = pytest.mark.browser

FAMILY = "nhà tôi có thêm thành viên mới"


def test_an_administrator_adds_a_gap_as_an_event_phrase(page, live_server, births, make_user, browser_auth):  # noqa: F811
    page.goto(live_server + "/tim-kiem?q=" + FAMILY)
    expect(page.locator("h1")).to_be_visible()
    # no event answers this situation yet: nothing fits (an event may be offered as a lead only)
    expect(page.locator(".nothing-fits")).to_be_visible()
    assert page.locator(".event-box strong").count() == 0

    make_user("quan-tri", "admin")
    make_user("quan-tri-2", "admin")
    browser_auth.login("quan-tri")
    page.goto(live_server + "/quan-tri/tim-kiem")
    row = page.locator("table.gaps tr", has_text=FAMILY)
    row.get_by_role("link", name="Thêm vào sự kiện").click()
    page.wait_for_url("**/quan-tri/su-kien/them-cach-noi?**")
    assert page.get_by_label("Cách nói của người dân").input_value() == FAMILY
    page.get_by_label("Sự kiện", exact=True).select_option("khai-sinh")
    page.get_by_role("button", name="Đề xuất thêm cách nói").click()
    page.get_by_text("Đã đề xuất thêm cách nói").wait_for()
    expect(page.locator("article.proposal")).to_contain_text(f"Thêm cách nói: «{FAMILY}»")

    browser_auth.login("quan-tri-2")  # four eyes: another administrator approves
    page.goto(live_server + "/quan-tri/su-kien")
    page.get_by_role("button", name=re.compile(r"^Duyệt đề xuất \d+$")).click()
    page.get_by_text("Đã duyệt").wait_for()
    page.goto(live_server + "/quan-tri/tim-kiem")
    page.get_by_role("button", name="Làm mới chỉ mục tìm kiếm").click()
    page.get_by_text("Đã làm mới chỉ mục tìm kiếm").wait_for()
    browser_auth.logout()

    page.goto(live_server + "/tim-kiem?q=" + FAMILY)
    box = page.locator(".event-box")
    expect(box.get_by_role("link", name="Sinh con")).to_be_visible()
    expect(box.locator("strong")).to_contain_text("Sự kiện: Sinh con")
    assert page.locator(".nothing-fits").count() == 0
    expect(page.locator("ol.hits li").first.get_by_role("link")).to_have_text(
        "Thủ tục đăng ký khai sinh", use_inner_text=True
    )


def test_the_event_pages_for_administrators_fit_a_320px_phone(phone_page, live_server, births, make_user, browser_auth):  # noqa: F811
    make_user("quan-tri", "admin")
    phone_page.set_viewport_size({"width": 320, "height": 740})
    browser_auth.login("quan-tri", page=phone_page)
    phone_page.goto(live_server + "/quan-tri/su-kien")
    expect(phone_page.get_by_role("link", name="Sinh con", exact=True)).to_be_visible()
    assert fits(phone_page)
    phone_page.get_by_role("link", name="Sinh con", exact=True).click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Sửa sự kiện: Sinh con", use_inner_text=True)
    assert phone_page.get_by_label("Bước 1: mã thủ tục quốc gia", exact=False).input_value() == "1.001193"
    assert fits(phone_page)
