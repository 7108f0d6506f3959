"""An administrator on a phone: the agency register and the accounts page (a counter account's service
points) fit 320 px without sideways scrolling, and the points are assigned there."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.support.phone import fits
from tthc.accounts.counters import point_ids_of
from tthc.accounts.service import find_user
from tthc.catalogue.agencies import register_agency
from tthc.db import transaction
from tthc.models.catalogue import ServicePoint

pytestmark = pytest.mark.browser


LONG_NAME = (
    "Trung tâm Phục vụ hành chính công và Kiểm soát thủ tục hành chính thuộc Văn phòng Ủy ban nhân dân tỉnh Quảng Trị"
)


@pytest.mark.rendering
def test_the_agencies_page_fits_a_320px_phone(phone_page, live_server, demo, make_user, browser_auth, session_factory):
    make_user("quan-tri", "admin")
    with transaction(session_factory) as session:  # a real register's longest names, in every drop-down
        register_agency(session, LONG_NAME, actor="test")
    phone_page.set_viewport_size({"width": 320, "height": 740})
    browser_auth.login("quan-tri", page=phone_page)
    phone_page.goto(live_server + "/quan-tri/co-quan")
    expect(phone_page.get_by_role("heading", name="Danh sách cơ quan")).to_be_visible()
    assert phone_page.locator("select[name=agency_id]").count() >= 1
    assert fits(phone_page)
    # Every label of the cards says what its value is (the table's header row is hidden on a phone).
    assert phone_page.evaluate("[...document.querySelectorAll('table.accounts td')].every(td => td.dataset.label)")


def test_an_administrator_assigns_a_counters_points_on_a_phone(
    phone_page, live_server, demo, make_user, browser_auth, session_factory
):
    make_user("quan-tri", "admin")
    make_user("motcua", "counter")
    with session_factory() as session:
        commune = next(p for p in session.scalars(select(ServicePoint)) if "xã (ví dụ)" in p.name)
    phone_page.set_viewport_size({"width": 320, "height": 740})
    browser_auth.login("quan-tri", page=phone_page)
    phone_page.goto(live_server + "/quan-tri/tai-khoan")
    assert fits(phone_page)
    points = phone_page.get_by_role("group", name="Nơi tiếp nhận motcua in niêm yết")
    points.get_by_role("checkbox", name=commune.name).check()
    phone_page.get_by_role("button", name="Lưu nơi tiếp nhận motcua").click()
    expect(phone_page.get_by_text("Đã giao nơi tiếp nhận cho motcua")).to_be_visible()
    assert points.get_by_role("checkbox", name=commune.name).is_checked()
    assert fits(phone_page)
    with session_factory() as session:
        assert point_ids_of(session, find_user(session, "motcua")) == {commune.id}
