"""A drafter uploads a PDF decision whose Điều 1 disagrees with its tables, sees the doubt at the top of
the preview, fixes the action of one entry and confirms (issue 22)."""

import pytest
from sqlalchemy import select

from tthc.config import PROJECT_ROOT
from tthc.models.decisions import Decision

pytestmark = pytest.mark.browser
PDF = PROJECT_ROOT / "tests" / "fixtures" / "dieu1-disagrees.pdf"


def test_drafter_sees_the_doubt_of_a_pdf_decision_fixes_an_action_and_confirms(
    page, live_server, demo, make_user, browser_auth, session_factory
):
    make_user("soan", "drafter", "Sở Tư pháp")
    browser_auth.login("soan")
    page.get_by_role("link", name="Soạn thảo").click()
    page.get_by_label("Tệp Word của quyết định (.docx) hoặc PDF có lớp chữ").set_input_files(str(PDF))
    page.get_by_role("button", name="Đọc và xem trước").click()

    doubt = page.locator("section.self-check")
    assert "Điều 1 nói 05 mới ban hành; đọc được 3 sửa đổi, bổ sung, 2 mới ban hành." in doubt.inner_text()
    # at the top: before the decision's fields and the entries
    assert doubt.bounding_box()["y"] < page.get_by_role("heading", name="Các mục (5)").bounding_box()["y"]
    with session_factory() as session:  # nothing written before confirming
        assert session.scalar(select(Decision).where(Decision.number == "3012/QĐ-UBND")) is None

    action = page.get_by_label("Mục 3: Hình thức")
    assert action.input_value() == "amended"
    action.select_option("new")  # the drafter settles it: this one is a new procedure
    page.get_by_role("button", name="Xác nhận và tạo dự thảo").click()
    assert "Đã nạp 5 mục từ tệp Word vào dự thảo." in page.locator("body").inner_text()
    with session_factory() as session:
        decision = session.scalar(select(Decision).where(Decision.number == "3012/QĐ-UBND"))
        assert decision.status == "draft"
        assert [e.action for e in decision.entries] == ["new", "new", "new", "amended", "amended"]
