"""An administrator on a phone: the agency register and the accounts page (a counter account's service
points) fit 320 px without sideways scrolling, and the points are assigned there."""
import pytest
from sqlalchemy import select

from tthc.accounts.counters import point_ids_of
from tthc.accounts.service import find_user
from tthc.catalogue.models import ServicePoint

pytestmark = pytest.mark.browser


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_agencies_page_fits_a_320px_phone(phone_page, live_server, demo, make_user, browser_auth):
    make_user("quan-tri", "admin")
    phone_page.set_viewport_size({"width": 320, "height": 740})
    browser_auth.login("quan-tri", page=phone_page)
    phone_page.goto(live_server + "/quan-tri/co-quan")
    assert phone_page.get_by_role("heading", name="Danh sách cơ quan").is_visible()
    assert phone_page.locator("select[name=agency_id]").count() >= 1  # the long agency names are there
    assert _fits(phone_page)


def test_an_administrator_assigns_a_counters_points_on_a_phone(phone_page, live_server, demo, make_user,
                                                                 browser_auth, session_factory):
    make_user("quan-tri", "admin")
    make_user("motcua", "counter")
    with session_factory() as session:
        commune = next(p for p in session.scalars(select(ServicePoint)) if "xã (ví dụ)" in p.name)
    phone_page.set_viewport_size({"width": 320, "height": 740})
    browser_auth.login("quan-tri", page=phone_page)
    phone_page.goto(live_server + "/quan-tri/tai-khoan")
    assert _fits(phone_page)
    points = phone_page.get_by_role("group", name="Nơi tiếp nhận motcua in niêm yết")
    points.get_by_role("checkbox", name=commune.name).check()
    phone_page.get_by_role("button", name="Lưu nơi tiếp nhận motcua").click()
    assert phone_page.get_by_text("Đã giao nơi tiếp nhận cho motcua").is_visible()
    assert points.get_by_role("checkbox", name=commune.name).is_checked()
    assert _fits(phone_page)
    with session_factory() as session:
        assert point_ids_of(session, find_user(session, "motcua")) == {commune.id}
