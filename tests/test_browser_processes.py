"""Browser journeys of internal processes: a drafter adds steps and sees the time check; a citizen
reads the process (and the linked group) on the procedure page."""
import pytest
from sqlalchemy import select

from tthc.decisions.models import Decision

pytestmark = pytest.mark.browser


def test_drafter_adds_process_steps_and_sees_the_time_check(page, live_server, demo, make_user, login,
                                                             session_factory):
    make_user("soan", "drafter", "Sở Tư pháp")
    login(live_server, "soan")
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
    assert "0 (giờ hành chính) + 3,5 = 3,5 ngày làm việc, vượt thời hạn giải quyết theo quy định 3 ngày làm việc" \
        in check.inner_text()
    assert "over" in check.get_attribute("class")
    assert page.locator("#f-process-0-problems li.error, .problems li.error").filter(has_text="QT.STP.05").count() >= 1

    # Shorten the step and add the last one with the button: the check turns to "đạt".
    page.locator("#f-process-0-steps-1-time").fill("2 ngày")
    page.locator("#f-process-0").get_by_role("button", name="Thêm bước").click()
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
