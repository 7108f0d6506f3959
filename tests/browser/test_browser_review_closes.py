"""Review closes what it opens, in a real browser: the reviewer comments on a changed part and sends the
draft back; the drafter fixes the commented field from the entry form and replies; the reviewer sees only
what changed since the last review, resolves the comment and approves."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.support.review import load, make_draft
from tthc.models.decisions import Comment

pytestmark = pytest.mark.browser


def test_drafter_fixes_a_commented_field_and_reviewer_sees_only_the_changes(
    page, live_server, demo, make_user, browser_auth
):
    make_user("soan", "drafter", agency="Sở Tư pháp")
    make_user("tham", "reviewer")
    did = make_draft(
        demo,
        [
            {"action": "amended", "code": "2.000954", "applicants": "Công dân Việt Nam"},
            {"action": "amended", "code": "2.000840", "fee": "Không thu phí"},
        ],
        title="Công bố thủ tục sửa đổi lĩnh vực trợ giúp pháp lý",
        created_by="soan",
    )
    with demo() as session:
        first, second = (e.id for e in load(session, did).entries)
    review_url = f"{live_server}/tham-dinh/{did}"

    browser_auth.login("soan")
    page.goto(review_url)
    page.get_by_role("button", name="Gửi thẩm định").click()

    # Reviewer comments on the changed part of entry 1, then sends the draft back.
    browser_auth.login("tham")
    page.goto(review_url)
    page.locator(f"#muc-{first}-applicants summary").click()
    page.locator(f"#gy-{first}-applicants").fill("Ghi rõ cả người nước ngoài cư trú tại tỉnh.")
    page.locator(f"#muc-{first}-applicants").get_by_role("button", name="Gửi góp ý").click()
    page.get_by_label("Nội dung cần chỉnh sửa (bắt buộc)").fill("Xem góp ý ở mục 1.")
    page.get_by_role("button", name="Yêu cầu chỉnh sửa").click()
    expect(page.locator("#trang-thai")).to_have_text("Yêu cầu chỉnh sửa", use_inner_text=True)
    with demo() as session:
        comment_id = session.scalar(select(Comment.id).where(Comment.decision_id == did, Comment.field == "applicants"))

    # Drafter: the comment sits next to the field on the entry form; fix, save, reply «đã sửa».
    browser_auth.login("soan")
    page.goto(f"{live_server}/soan-thao/{did}/muc/{first}")
    beside = page.locator(f"#f-applicants-gop-y-{comment_id}")
    expect(beside).to_contain_text("Ghi rõ cả người nước ngoài cư trú tại tỉnh.")
    page.get_by_label("Đối tượng thực hiện", exact=True).fill("Công dân Việt Nam và người nước ngoài cư trú tại tỉnh")
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.wait_for_load_state()
    page.locator(f"#f-applicants-gop-y-{comment_id}").get_by_role("link").click()
    page.locator(f"#da-sua-{comment_id}").fill("Đã bổ sung người nước ngoài cư trú tại tỉnh.")
    page.get_by_role("button", name="Trả lời và đánh dấu đã sửa").click()
    page.wait_for_load_state()
    assert f"/soan-thao/{did}/muc/{first}" in page.url  # back on the entry form
    expect(page.locator(f"#gop-y-{comment_id}")).to_contain_text("Cơ quan soạn thảo: đã sửa")
    page.goto(review_url)
    page.get_by_role("button", name="Gửi lại để thẩm định").click()
    expect(page.locator("#trang-thai")).to_have_text("Chờ thẩm định", use_inner_text=True)

    # Reviewer: only what changed since the last review, then resolve and approve.
    browser_auth.login("tham")
    page.goto(review_url)
    page.get_by_role("link", name="Xem chỉ những gì đã sửa từ lần thẩm định trước").click()
    expect(page.get_by_role("heading", name="Thay đổi từ lần thẩm định trước")).to_be_visible()
    expect(page.locator(f"#muc-{first}")).to_be_visible()
    assert page.locator(f"#muc-{second}").count() == 0  # the untouched entry is not shown again
    expect(page.locator(f"#muc-{first} ins").first).to_contain_text("người nước ngoài")
    page.goto(review_url)
    refused_before = page.locator("#override-reason").count()
    assert refused_before == 1  # the open comment asks for a reason before approval
    page.locator(f"#gop-y-{comment_id}").get_by_role("button", name="Đánh dấu đã giải quyết").click()
    page.get_by_role("button", name="Thông qua dự thảo").click()
    expect(page.locator("#trang-thai")).to_have_text("Đã thông qua", use_inner_text=True)
