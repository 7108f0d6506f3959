import pytest

pytestmark = pytest.mark.browser


def test_citizen_searches_without_tone_marks_on_a_phone(phone_page, live_server, demo):
    page = phone_page
    page.goto(live_server + "/")
    box = page.get_by_label("Tìm thủ tục (tên, mã hoặc từ khóa; gõ có dấu hoặc không dấu)")
    box.fill("nuoi con nuoi trong nuoc")
    live = page.locator("#ket-qua-nhanh")
    live.get_by_role("link", name="Đăng ký việc nuôi con nuôi trong nước").wait_for()  # results as you type
    box.press("Enter")
    page.wait_for_url("**/tim-kiem?**")
    assert page.get_by_role("heading", level=2, name="Lọc kết quả").is_visible()
    page.locator(".facets").get_by_role("link", name="Cấp xã").click()
    page.wait_for_url("**cap=xa**")
    hits = page.locator("ol.hits li")
    assert hits.count() >= 2
    assert all("Cấp xã" in text for text in hits.all_inner_texts())
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    hits.first.get_by_role("link").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Đăng ký việc nuôi con nuôi trong nước"
    assert page.get_by_role("heading", name="Thành phần, số lượng hồ sơ").is_visible()
    assert page.locator("table.dossier tbody tr").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
