"""Browser journeys of internal processes: a drafter adds steps and sees the time check; a citizen
reads the process (and the linked group) on the procedure page."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tthc.models.decisions import Decision

pytestmark = pytest.mark.browser


def test_drafter_adds_process_steps_and_sees_the_time_check(
    page, live_server, demo, make_user, browser_auth, session_factory
):
    make_user("soan", "drafter", "Sở Tư pháp")
    browser_auth.login("soan")
    page.goto(live_server + "/soan-thao/")
    page.get_by_label("Trích yếu").fill("Công bố quy trình nội bộ giải quyết thủ tục hành chính")
    page.get_by_role("button", name="Tạo dự thảo").click()
    page.get_by_label("Hình thức").select_option("amended")
    page.get_by_label("Mã thủ tục", exact=True).fill("2.000840")  # 3 ngày làm việc
    page.get_by_role("button", name="Thêm mục").click()

    page.get_by_label("Ký hiệu quy trình").fill("QT.STP.05")
    page.locator("#f-process-0-steps-0-order").fill("B1")
    page.locator("#f-process-0-steps-0-work").fill("Tiếp nhận hồ sơ")
    page.locator("#f-process-0-steps-0-unit").fill("Bộ phận một cửa")
    page.locator("#f-process-0-steps-0-time").fill("Giờ hành chính")
    page.locator("#f-process-0").get_by_role("button", name="Thêm bước").click()
    page.locator("#f-process-0-steps-1-order").fill("B2")
    page.locator("#f-process-0-steps-1-work").fill("Thẩm định, trình ký")
    page.locator("#f-process-0-steps-1-unit").fill("Phòng Bổ trợ tư pháp")
    page.locator("#f-process-0-steps-1-time").fill("3,5 ngày")
    page.get_by_role("button", name="Lưu", exact=True).click()

    check = page.locator(".process-checks .process-check")
    assert (
        "trong giờ hành chính (0 ngày) + 3,5 ngày = 3,5 ngày làm việc, "
        "vượt thời hạn giải quyết theo quy định 3 ngày làm việc" in check.inner_text()
    )
    assert "over" in check.get_attribute("class")
    assert page.locator("#f-process-0-problems li.error, .problems li.error").filter(has_text="QT.STP.05").count() >= 1

    # Shorten the step and add the last one with the button: the check turns to "đạt". The new row is
    # awaited as an expectation: on a loaded CI machine it gets 30 s, and a failure says how many rows
    # there were instead of only that a field never appeared.
    rows = page.locator("#f-process-0 tbody tr")
    before = rows.count()
    page.locator("#f-process-0-steps-1-time").fill("2 ngày")
    page.locator("#f-process-0").get_by_role("button", name="Thêm bước").click()
    expect(rows).to_have_count(before + 1, timeout=30_000)
    expect(page.locator("#f-process-0-steps-3-work")).to_be_editable()
    page.locator("#f-process-0-steps-3-work").fill("Trả kết quả")
    page.locator("#f-process-0-steps-3-time").fill("4 giờ")
    page.locator("#f-process-0-steps-3-linked").check()
    page.get_by_role("button", name="Lưu", exact=True).click()
    assert "= 2,5 ngày làm việc ≤ thời hạn giải quyết theo quy định 3 ngày làm việc" in check.inner_text()
    with session_factory() as session:
        decision = session.scalars(select(Decision).order_by(Decision.id.desc())).first()
        [entry] = decision.entries
        steps = entry.record["process"]["cases"][0]["steps"]
        assert [s["work"] for s in steps] == ["Tiếp nhận hồ sơ", "Thẩm định, trình ký", "Trả kết quả"]
        assert [s["linked"] for s in steps] == [False, False, True]


def test_citizen_sees_the_process_and_the_linked_group_on_a_procedure_page(page, live_server, stats_catalogue):  # noqa: F811 (the imported fixture)
    page.goto(live_server + "/thu-tuc/1.001233")
    process = page.locator("table.process")
    expect(page.get_by_role("heading", name="Quy trình nội bộ")).to_be_visible()
    assert process.locator("tbody tr").count() == 5
    assert "Lấy ý kiến Sở Nội vụ" in process.inner_text() and "liên thông" in process.inner_text()
    assert "≤ thời hạn giải quyết theo quy định 5 ngày làm việc" in page.locator(".process-check").inner_text()
    assert "Trực tuyến toàn trình" in page.locator("ul.designations").inner_text()

    page.goto(live_server + "/thu-tuc/2.001255")
    group = page.locator("section.linked-group")
    assert group.get_by_role("heading").inner_text().startswith("Thủ tục liên thông: Liên thông đăng ký khai tử")
    assert group.locator("ol.group-members li").count() == 3
    assert "(thủ tục này)" in group.locator("ol.group-members li").nth(1).inner_text()
    group.locator("ol.group-members a").first.click()  # on to another member of the group
    page.wait_for_url(re.compile(re.escape("/thu-tuc/1.003005") + "$"))
    expect(page.locator("section.linked-group")).to_be_visible()
    # A phone screen shows it without sideways scrolling of the page.
    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_statistics_page_shows_the_chart_and_the_verdicts(page, live_server, stats_catalogue):  # noqa: F811 (the imported fixture)
    page.goto(live_server + "/")
    page.get_by_role("link", name="Thống kê").click()
    page.get_by_label("Xem theo ngày").fill("2026-02-01")
    page.get_by_role("button", name="Xem").click()
    chart = page.get_by_role("group", name="Tỷ lệ giải quyết tại chỗ theo trung tâm, so với chỉ tiêu")
    expect(chart).to_be_visible()
    assert chart.locator("rect.bar").count() == 2 and chart.locator("line.target").count() == 2
    rows = page.locator("table.centres tbody tr")
    assert rows.nth(0).locator("td.verdict").inner_text() == "Đạt"
    assert rows.nth(1).locator("td.verdict").inner_text() == "Chưa đạt"
    assert "chỉ tiêu 20%" in chart.inner_html() and "chỉ tiêu 50%" in chart.inner_html()
    # A bar opens the list of procedures behind it.
    chart.locator("a").nth(1).click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Giải quyết tại chỗ tại Trung tâm")
    assert page.locator("ol.figure-list li").count() == 3
