"""A citizen on a phone types a situation, lands on the life event's page and opens its first
procedure (issue 23)."""

import pytest
from playwright.sync_api import expect

from tests.support.search_box import type_on_home

pytestmark = pytest.mark.browser


def test_citizen_types_a_situation_and_follows_the_event_steps(phone_page, live_server, births):  # noqa: F811
    page = phone_page
    box = type_on_home(page, live_server, "vợ tôi vừa sinh em bé ở bệnh viện huyện")
    box.press("Enter")
    page.wait_for_url("**/tim-kiem?**")
    expect(page.locator("ol.hits li").first.get_by_role("link")).to_have_text(
        "Thủ tục đăng ký khai sinh", use_inner_text=True
    )
    page.locator(".event-box").get_by_role("link", name="Sinh con").click()
    page.wait_for_url("**/su-kien/khai-sinh")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sinh con", use_inner_text=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.locator("ol.steps li").first.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thủ tục đăng ký khai sinh", use_inner_text=True)
    expect(page.get_by_role("link", name="Sinh con")).to_be_visible()  # "Thuộc sự kiện: Sinh con"


def test_an_event_not_handled_here_is_said_plainly_with_nothing_unrelated(phone_page, live_server, demo):
    # demo37: the shipped sample handles no birth procedure, only adoptions (their names hold "con",
    # their documents "giấy khai sinh"): the citizen is told so, as they type and on the page
    page = phone_page
    box = type_on_home(page, live_server, "vừa sinh con")
    live = page.locator("#ket-qua-nhanh")
    expect(live).to_contain_text("Sinh con: cơ quan này không giải quyết thủ tục nào của sự kiện này.")
    box.press("Enter")
    page.wait_for_url("**/tim-kiem?**")
    expect(page.locator(".event-box")).to_contain_text("cơ quan này không giải quyết thủ tục nào của sự kiện này")
    expect(page.locator(".event-box strong")).to_have_text("Sinh con", use_inner_text=True)
    assert page.locator("ol.hits li").count() == 0  # no adoption offered for a birth
    assert "Không tìm thấy thủ tục nào khớp với «vừa sinh con»" in page.locator("h2.result-summary").inner_text()
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_closest_procedures_typed_for_an_event_not_handled_here_follow_the_notice(phone_page, live_server, demo):
    # the sample handles no civil status: "mất giấy khai sinh" offers the closest names (reissues of
    # other papers), below the notice that the lost birth certificate is not handled here
    page = phone_page
    type_on_home(page, live_server, "mất giấy khai sinh")
    live = page.locator("#ket-qua-nhanh")
    expect(live.locator("p.meta")).to_contain_text(
        "Mất hoặc cần thêm bản giấy khai sinh: cơ quan này không giải quyết thủ tục nào của sự kiện này."
    )
    expect(live.locator("ol li").first).to_be_visible()
