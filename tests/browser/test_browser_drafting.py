"""A drafter drafts a decision in the browser: amend a fee, abolish a procedure, fix what blocks submission."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tthc.models.decisions import Decision

pytestmark = pytest.mark.browser


def test_drafter_amends_a_fee_abolishes_another_and_submits(
    page, live_server, demo, make_user, browser_auth, session_factory
):
    make_user("soan", "drafter", "Sở Tư pháp")
    browser_auth.login("soan")
    page.get_by_role("link", name="Soạn thảo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Soạn thảo quyết định công bố", use_inner_text=True)

    page.get_by_label("Trích yếu").fill("Công bố thủ tục hành chính sửa đổi, bãi bỏ lĩnh vực nuôi con nuôi")
    page.get_by_label("Cơ quan ban hành").fill("UBND tỉnh Quảng Trị")
    page.get_by_label("Ngày dự kiến có hiệu lực").fill("2027-03-01")
    page.get_by_role("button", name="Tạo dự thảo").click()
    decision_url = page.url

    # Amend 1.003160, whose version in force gives no method at all: a mandatory part is missing.
    page.get_by_label("Hình thức").select_option("amended")
    page.get_by_label("Mã thủ tục", exact=True).fill("1.003160")
    page.get_by_role("button", name="Thêm mục").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Mục 1: Sửa đổi, bổ sung 1.003160")
    missing = page.locator("#f-methods-problems li.error")
    assert "Thiếu «Cách thức thực hiện»" in missing.inner_text()

    # Give the fee; the autosave keeps it server-side without pressing anything.
    page.locator("#f-methods-0-channel").select_option("truc_tiep")
    page.locator("#f-methods-0-fee").fill("9.000.000 đồng")
    # An expectation, not a wait: on failure it names what the status said instead (a refusal, a
    # lost connection, still waiting); a loaded CI machine gets twice the default time.
    expect(page.locator(".record-form .autosave-status")).to_contain_text("Đã tự động lưu", timeout=30_000)
    page.reload()  # as if the browser had been closed: the fee is still there
    assert page.locator("#f-methods-0-fee").input_value() == "9.000.000 đồng"
    assert "Thiếu thời hạn giải quyết" in page.locator("#f-methods-0-time_limit-problems").inner_text()

    page.goto(decision_url)
    assert page.locator("#nop-tham-dinh").is_disabled()

    # Fix it: the time limit with its unit.
    page.get_by_role("link", name="Giải quyết việc người nước ngoài thường trú").first.click()
    page.locator("#f-methods-0-time_limit").fill("20 ngày làm việc kể từ ngày nhận đủ hồ sơ")
    page.locator("#f-methods-0-time_limit_value").fill("20")
    page.locator("#f-methods-0-time_limit_unit").select_option("ngay_lam_viec")
    # The amending act is required for an amended entry: the check names the field until it is given.
    assert (
        "Văn bản quy phạm pháp luật quy định nội dung sửa đổi, bổ sung"
        in page.locator("#f-basis-problems").inner_text()
    )
    page.get_by_label("Văn bản quy phạm pháp luật quy định nội dung sửa đổi, bổ sung").fill(
        "Nghị định số 10/2027/NĐ-CP ngày 15 tháng 01 năm 2027 của Chính phủ"
    )
    page.get_by_role("button", name="Lưu", exact=True).click()
    # Playwright's count() does not wait for the page the click opens; the expectation does.
    expect(page.locator(".checks .check-count")).to_contain_text("0 lỗi phải sửa")
    assert page.locator(".record-form li.error").count() == 0

    # Abolish another procedure of the agency, naming the abolishing legal act.
    page.get_by_role("link", name="Về quyết định").click()
    page.get_by_label("Hình thức").select_option("abolished")
    page.get_by_label("Mã thủ tục", exact=True).fill("2.000596")
    page.get_by_label("Văn bản quy phạm pháp luật quy định việc bãi bỏ").fill("Nghị định số 12/2027/NĐ-CP")
    page.get_by_role("button", name="Thêm mục").click()

    expect(page.locator("ol.entries > li")).to_have_count(2)
    assert page.locator("#nop-tham-dinh").is_enabled()
    expect(page.get_by_text("Sẵn sàng nộp thẩm định.")).to_be_visible()
    with session_factory() as session:
        decision = session.scalars(select(Decision).order_by(Decision.id.desc())).first()
        amended, abolished = sorted(decision.entries, key=lambda e: e.position)
        assert set(amended.record) == {"methods"} and amended.record["methods"][0]["fee"] == "9.000.000 đồng"
        assert abolished.action == "abolished" and abolished.basis == ["Nghị định số 12/2027/NĐ-CP"]
    # The page fits a phone screen too.
    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # Submit: the page's form goes to the one submit route, with the lock version it showed.
    page.get_by_role("button", name="Nộp thẩm định").click()
    expect(page.locator("#trang-thai")).to_have_text("Chờ thẩm định", use_inner_text=True)


def _draft_with_entry(page, live_server, make_user, browser_auth, action: str, *, code="", name=""):
    """Log a drafter of Sở Tư pháp in, create a draft and add one entry (lands on the entry page)."""
    make_user("soan", "drafter", "Sở Tư pháp")
    browser_auth.login("soan")
    page.goto(live_server + "/soan-thao/")
    page.get_by_label("Trích yếu").fill("Công bố thủ tục hành chính")
    page.get_by_role("button", name="Tạo dự thảo").click()
    page.get_by_label("Hình thức").select_option(action)
    page.get_by_label("Mã thủ tục", exact=True).fill(code)
    page.get_by_label("Tên thủ tục (mới ban hành)").fill(name)
    page.get_by_role("button", name="Thêm mục").click()


def test_drafter_accepts_the_offered_unicode_conversion(page, live_server, demo, make_user, browser_auth):
    _draft_with_entry(page, live_server, make_user, browser_auth, "new", name="Thñ tôc ®¨ng ký khai sinh")
    offer = page.locator("#f-name-problems li.warning")
    assert "«Thủ tục đăng ký khai sinh»" in offer.inner_text()
    assert page.locator("#f-name").input_value() == "Thñ tôc ®¨ng ký khai sinh"  # nothing converted yet
    offer.get_by_role("button", name="Chuyển mã").click()
    page.wait_for_load_state()
    assert page.locator("#f-name").input_value() == "Thủ tục đăng ký khai sinh"
    assert page.locator("#f-name-problems").count() == 0


def test_drafter_adds_document_rows_without_saving_in_between(
    page, live_server, demo, make_user, browser_auth, session_factory
):
    _draft_with_entry(page, live_server, make_user, browser_auth, "amended", code="1.001233")
    # The button is the script's: wait until the page has loaded its scripts and styles, so a late
    # stylesheet cannot move the button between Playwright's aim and its click.
    page.wait_for_load_state("load")
    count = page.locator("input[name='dossier-0-count']")
    before = int(count.input_value())
    add = page.locator("#f-dossier-0").get_by_role("button", name="Thêm giấy tờ")
    for added in (1, 2):  # two more rows than the page came with, each seen before the next click
        add.click()
        expect(count).to_have_value(str(before + added), timeout=30_000)
    new = before + 1
    page.locator(f"#f-dossier-0-documents-{new}-name").fill("Bản sao hợp đồng thuê trụ sở")
    page.locator(f"#f-dossier-0-documents-{new}-copies").fill("01")
    page.get_by_role("button", name="Lưu", exact=True).click()
    with session_factory() as session:
        from tthc.models.decisions import DecisionEntry

        entry = session.scalars(select(DecisionEntry).order_by(DecisionEntry.id.desc())).first()
        documents = entry.record["dossier"][0]["documents"]
        assert documents[-1] == {"name": "Bản sao hợp đồng thuê trụ sở", "originals": None, "copies": 1, "form": ""}
        assert set(entry.record) == {"dossier"}
