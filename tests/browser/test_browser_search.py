import pytest
from playwright.sync_api import expect

from tests.support.search_box import type_on_home

pytestmark = pytest.mark.browser


def test_citizen_searches_without_tone_marks_on_a_phone(phone_page, live_server, demo):
    page = phone_page
    box = type_on_home(page, live_server, "nuoi con nuoi trong nuoc")
    live = page.locator("#ket-qua-nhanh")
    live.get_by_role("link", name="Đăng ký việc nuôi con nuôi trong nước").wait_for()  # results as you type
    box.press("Enter")
    page.wait_for_url("**/tim-kiem?**")
    expect(page.get_by_role("heading", level=2, name="Lọc kết quả")).to_be_visible()
    page.locator(".facets").get_by_role("link", name="Cấp xã").click()
    page.wait_for_url("**cap=xa**")
    hits = page.locator("ol.hits li")
    assert hits.count() >= 2
    assert all("Cấp xã" in text for text in hits.all_inner_texts())
    page.wait_for_load_state("load")  # the width is the styled page's: a busy machine may still load its CSS
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    hits.first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Đăng ký việc nuôi con nuôi trong nước", use_inner_text=True
    )
    expect(page.get_by_role("heading", name="Thành phần, số lượng hồ sơ")).to_be_visible()
    assert page.locator("table.dossier tbody tr").count() >= 1
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_no_match_is_said_plainly_and_an_administrator_closes_the_gap(page, live_server, demo, make_user, browser_auth):
    from tthc.text import fold

    page.goto(live_server + "/tim-kiem?q=cai+thuốc+phiện")
    assert "Không tìm thấy thủ tục nào khớp với «cai thuốc phiện»" in page.locator("h2.result-summary").inner_text()
    assert (
        page.get_by_role("link", name="Cổng Dịch vụ công quốc gia").get_attribute("href") == "https://dichvucong.gov.vn"
    )
    assert page.locator("ol.hits li").count() <= 3
    marked = {fold(text).lower() for text in page.locator("ol.hits mark").all_inner_texts()}
    assert marked <= {"cai", "thuoc", "phien"}  # only words really typed are highlighted
    assert page.locator(".did-you-mean").count() == 0

    make_user("quan-tri", "admin")
    browser_auth.login("quan-tri")
    page.goto(live_server + "/quan-tri/tim-kiem")
    row = page.locator("table.gaps tr", has_text="cai thuốc phiện")
    row.get_by_role("link", name="Thêm đồng nghĩa").click()
    box = page.get_by_label("Các cụm từ cùng nghĩa, mỗi dòng một cụm", exact=False)
    assert box.input_value() == "cai thuốc phiện"
    box.fill("cai thuốc phiện\ncai nghiện ma túy")
    page.get_by_role("button", name="Lưu nhóm").click()
    page.get_by_text("Đã lưu nhóm đồng nghĩa").wait_for()
    page.get_by_role("button", name="Làm mới chỉ mục tìm kiếm").click()
    page.get_by_text("Đã làm mới chỉ mục tìm kiếm").wait_for()

    page.goto(live_server + "/tim-kiem?q=cai+thuốc+phiện")
    assert page.locator("h2.result-summary").inner_text().startswith("Tìm thấy")
    expect(page.locator("ol.hits li").first.get_by_role("link")).to_have_text(
        "Đăng ký cai nghiện ma túy tự nguyện", use_inner_text=True
    )
