"""The review journey in a real browser: drafter submits, reviewer requests a change, drafter fixes,
reviewer approves, signer signs with tomorrow's date, nothing changes today, apply-due tomorrow
applies it, and the public pages show the new version and its diff."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.support.review import make_draft

pytestmark = pytest.mark.browser


def test_review_path_with_three_users(page, live_server, demo, make_user, browser_auth, runner):
    make_user("soan", "drafter", agency="Sở Tư pháp")
    make_user("tham", "reviewer")
    make_user("ky", "signer")
    did = make_draft(
        demo,
        [{"action": "amended", "code": "2.000954", "applicants": "Công dân Việt Nam thường trú tại tỉnh"}],
        title="Công bố thủ tục sửa đổi lĩnh vực trợ giúp pháp lý",
        created_by="soan",
    )
    review_url = f"{live_server}/tham-dinh/{did}"

    # Drafter submits.
    browser_auth.login("soan")
    page.goto(review_url)
    page.get_by_role("button", name="Gửi thẩm định").click()
    expect(page.locator("#trang-thai")).to_have_text("Chờ thẩm định", use_inner_text=True)

    # Reviewer finds it on the dashboard, sees the diff, steps through changes, requests a change.
    browser_auth.login("tham")
    page.goto(f"{live_server}/tham-dinh/")
    page.get_by_role("link", name=re.compile(f"Dự thảo số {did}")).click()
    expect(page.get_by_role("heading", name="Đối tượng thực hiện")).to_be_visible()
    expect(page.locator("ins.d-ins").first).to_be_visible()
    assert "Thêm:" in page.locator("ins.d-ins .vh").first.text_content()
    page.wait_for_load_state("load")  # review.js binds the keys once loaded
    page.keyboard.press("n")
    expect(page.locator(".rv-position")).to_have_text(re.compile(r"^Thay đổi 1/"))
    page.get_by_role("link", name="Song song (trước | sau)").click()
    expect(page.locator("table.d-side").first).to_be_visible()
    page.get_by_label("Nội dung cần chỉnh sửa (bắt buộc)").fill("Ghi rõ: công dân và người nước ngoài cư trú.")
    page.get_by_role("button", name="Yêu cầu chỉnh sửa").click()
    expect(page.locator("#trang-thai")).to_have_text("Yêu cầu chỉnh sửa", use_inner_text=True)

    # Drafter sees the note on their draft, fixes the entry in the drafting form, resubmits.
    browser_auth.login("soan")
    page.goto(review_url)
    expect(page.get_by_text("Ghi rõ: công dân và người nước ngoài cư trú.")).to_be_visible()
    page.get_by_role("link", name="Sửa mục 1 (trang soạn thảo)").click()  # the drafting entry form
    page.get_by_label("Đối tượng thực hiện", exact=True).fill("Công dân Việt Nam và người nước ngoài cư trú tại tỉnh")
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.wait_for_load_state()
    assert "Đã lưu mục." in page.locator(".flash").inner_text()
    page.goto(review_url)
    page.get_by_role("button", name="Gửi lại để thẩm định").click()
    expect(page.locator("#trang-thai")).to_have_text("Chờ thẩm định", use_inner_text=True)

    # Reviewer approves.
    browser_auth.login("tham")
    page.goto(review_url)
    expect(page.locator(".rv-change ins", has_text="người nước ngoài").first).to_be_visible()
    page.get_by_role("button", name="Thông qua dự thảo").click()
    expect(page.locator("#trang-thai")).to_have_text("Đã thông qua", use_inner_text=True)

    # Signer records the signature, effective tomorrow.
    today = dt.date.today()
    tomorrow = today + dt.timedelta(days=1)
    browser_auth.login("ky")
    page.goto(review_url)
    page.get_by_label("Số quyết định").fill("321/QĐ-UBND")
    page.get_by_label("Người ký").fill("Phạm Văn D")
    page.get_by_label("Ngày có hiệu lực").fill(tomorrow.isoformat())
    page.get_by_role("button", name="Ghi nhận đã ký").click()
    expect(page.locator("#trang-thai")).to_have_text("Đã công bố, chưa có hiệu lực", use_inner_text=True)

    # Nothing changes today; the decision is public as published but not yet in force.
    page.context.clear_cookies()
    page.goto(f"{live_server}/thu-tuc/2.000954")
    assert "người nước ngoài cư trú tại tỉnh" not in page.content()
    page.goto(f"{live_server}/quyet-dinh/")
    expect(page.get_by_text("Đã công bố, chưa có hiệu lực").first).to_be_visible()

    # Tomorrow the scheduled job applies it (the command refuses a --today in the future: the core call).
    from tthc.decisions.effect import apply_due

    assert [o.status for o in apply_due(demo, tomorrow, actor="test")] == ["applied"]

    page.goto(f"{live_server}/thu-tuc/2.000954?ngay={tomorrow.isoformat()}")
    expect(page.get_by_text("Công dân Việt Nam và người nước ngoài cư trú tại tỉnh").first).to_be_visible()
    page.get_by_role("link", name="Xem thay đổi so với phiên bản trước").click()
    expect(page.get_by_role("heading", name="Đối tượng thực hiện")).to_be_visible()
    expect(page.locator("ins.d-ins", has_text="người nước ngoài").first).to_be_visible()
    page.goto(f"{live_server}/quyet-dinh/{did}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Quyết định 321/QĐ-UBND", use_inner_text=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_review_screen_fits_a_phone(phone_page, live_server, demo, make_user, browser_auth):
    make_user("tham", "reviewer")
    did = make_draft(
        demo,
        [
            {
                "action": "amended",
                "code": "1.003976",
                "legal_basis": ["Luật Nuôi con nuôi số 52/2010/QH12", "Nghị định số 19/2011/NĐ-CP"],
            }
        ],
    )
    browser_auth.login("tham", page=phone_page)
    for view in ("", "?xem=song-song"):
        phone_page.goto(f"{live_server}/tham-dinh/{did}{view}")
        expect(phone_page.get_by_role("heading", name="Căn cứ pháp lý")).to_be_visible()
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
