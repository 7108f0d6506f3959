"""A drafter uploads a decision written in Word, checks the preview, fixes one cell and confirms."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.support.word import PART_TWO, word_decision
from tthc.models.decisions import Decision

pytestmark = pytest.mark.browser


def test_drafter_previews_a_word_decision_fixes_a_cell_and_confirms(
    page, live_server, demo, make_user, browser_auth, session_factory, tmp_path
):
    make_user("soan", "drafter", "Sở Tư pháp")
    browser_auth.login("soan")
    page.get_by_role("link", name="Soạn thảo").click()
    path = tmp_path / "quyet-dinh.docx"
    path.write_bytes(word_decision(number="88/QĐ-UBND", part_two=PART_TWO))
    page.get_by_label("Tệp Word của quyết định (.docx)").set_input_files(str(path))
    page.get_by_role("button", name="Đọc và xem trước").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Xem trước quyết định đọc từ tệp Word", use_inner_text=True
    )
    second = page.locator("#muc-2")
    assert "Như trên" in second.locator(".raw-cells").inner_text()  # the raw row, as the file has it
    assert "Như trên → lấy từ dòng 3" in second.locator(".mark-reference").first.inner_text()
    second.get_by_text("Nội dung cụ thể lấy từ Phần II").click()  # what Phần II gave, beside the row
    assert "Bước 1: Nộp hồ sơ." in second.locator(".word-content").inner_text()
    assert "Phần II" in second.locator(".mark-content").inner_text()
    place = page.get_by_label("Mục 2: Địa điểm thực hiện")
    assert place.input_value() == "Trung tâm Phục vụ hành chính công tỉnh"
    with session_factory() as session:  # nothing written before confirming
        assert session.scalar(select(Decision).where(Decision.number == "88/QĐ-UBND")) is None

    place.fill("Bộ phận Một cửa Sở Tư pháp")
    page.get_by_role("button", name="Xác nhận và tạo dự thảo").click()
    assert "Đã nạp 2 mục từ tệp Word vào dự thảo." in page.locator("body").inner_text()
    assert page.locator("ol.entries > li").count() == 2
    with session_factory() as session:
        decision = session.scalar(select(Decision).where(Decision.number == "88/QĐ-UBND"))
        assert decision.status == "draft"
        assert [e.record["place"] for e in decision.entries] == [
            "Trung tâm Phục vụ hành chính công tỉnh",
            "Bộ phận Một cửa Sở Tư pháp",
        ]
        fixed = decision.entries[1].record  # the fix wins over Phần II's place; Phần II's parts are kept
        assert fixed["steps"] == ["Bước 1: Nộp hồ sơ.", "Bước 2: Nhận kết quả."]
        assert [m["channel"] for m in fixed["methods"]] == ["truc_tiep", "truc_tuyen"]
        assert fixed["applicants"] == "Công dân Việt Nam" and fixed["agencies"]["executing"] == ["Sở Tư pháp"]
