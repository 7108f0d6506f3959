"""Counter staff reach everything about their own service points (issue 24, item 3).

A counter account (cán bộ một cửa) got 403 on its own point's page, which holds the per-procedure sheet
links, the incomplete sheets and the print history, and on the decision named by its re-post page. The
browser logs in as one, prints once, then follows every same-origin staff link its pages offer."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tthc.accounts.counters import set_points
from tthc.accounts.service import find_user
from tthc.catalogue.service_points import create_service_point
from tthc.db import transaction
from tthc.models.catalogue import ServicePoint
from tthc.printing import jobs

pytestmark = pytest.mark.browser

POINT = "Bộ phận một cửa phường Hà Huy Tập"
STAFF_AREAS = ("/can-bo/", "/soan-thao", "/tham-dinh", "/quan-tri", "/thong-ke")


@pytest.fixture(autouse=True)
def _join_print_jobs(app):
    yield
    jobs.wait_all(timeout=180)


@pytest.fixture
def counter(demo, make_user):
    """A counter account at one small point of its own; another point exists that is not its own."""
    make_user("mot-cua-ha-huy-tap", "counter")
    with transaction(demo) as session:
        point = create_service_point(
            session, POINT, kind="xa", rules={"include": ["3.000527", "1.001233"]}, actor="test"
        )
        set_points(session, find_user(session, "mot-cua-ha-huy-tap"), [point.id], actor="test")
        other = session.scalar(select(ServicePoint).where(ServicePoint.name.like("%tỉnh (ví dụ)%")))
        return point.id, other.id


def _links(page, base: str) -> set[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    found = set()
    for href in hrefs:
        url = urljoin(page.url, href).split("#")[0]
        if url.startswith(base) and urlsplit(url).path.startswith(STAFF_AREAS) and "/dang-xuat" not in url:
            found.add(url)
    return found


def test_a_counter_account_follows_every_link_about_its_own_point(page, live_server, browser_auth, counter):
    point_id, other_id = counter
    browser_auth.login("mot-cua-ha-huy-tap")
    page.goto(f"{live_server}/can-bo/niem-yet/")
    page.get_by_role("link", name=POINT).click()
    expect(page.get_by_role("heading", name=POINT, level=1)).to_be_visible()
    # Prints once, so the point's page has a print history to follow.
    page.get_by_role("button", name="In bộ niêm yết (PDF)").click()
    page.wait_for_url("**/viec/*")
    jobs.wait_all(timeout=120)

    start = [f"{live_server}/can-bo/niem-yet/", f"{live_server}/can-bo/niem-yet/thay-doi?tu=1"]
    seen, queue, answers = set(start), list(start), {}
    while queue:
        url = queue.pop()
        # A decision PDF or a sheet is rendered on its first request: WeasyPrint can take a while on a busy
        # machine, and what is checked here is who may have it, not how fast.
        response = page.request.get(url, timeout=180_000)
        answers[url] = response.status
        if response.status == 200 and response.headers.get("content-type", "").startswith("text/html"):
            page.goto(url)
            for link in _links(page, live_server) - seen:
                seen.add(link)
                queue.append(link)
    refused = {url: status for url, status in answers.items() if status in (403, 500)}
    assert not refused, refused
    path = f"{live_server}/can-bo/niem-yet/noi-tiep-nhan/{point_id}"
    assert answers.get(path) == 200
    assert any("/quyet-dinh/" in url and url.endswith(".pdf") and status == 200 for url, status in answers.items())
    assert any("/thu-tuc/" in url and f"noi={point_id}" in url for url in answers)
    assert any("/viec/" in url and url.endswith("/tai-ve") for url in answers)
    # Their own point is read-only for them, and another point does not exist for them.
    page.goto(path)
    assert page.get_by_role("button", name="Lưu").count() == 0
    assert page.request.get(f"{live_server}/can-bo/niem-yet/noi-tiep-nhan/{other_id}").status == 404
    assert page.request.post(path, form={"name": "Đổi tên"}).status in (400, 403)


@pytest.mark.rendering
def test_the_read_only_point_page_passes_axe(browser, live_server, counter):
    """The page counter staff now see (the accessibility walk's counter account has no point)."""
    from tests.support.auth import BrowserAuth
    from tests.support.axe import AXE_SCRIPT, axe_violations

    if not AXE_SCRIPT.exists():
        pytest.fail("axe-core is not installed: run ./scripts/setup.sh test (npm ci)")
    context = browser.new_context(locale="vi-VN", bypass_csp=True)  # axe is injected inline
    page = context.new_page()
    BrowserAuth(live_server, lambda: page).login("mot-cua-ha-huy-tap")
    page.goto(f"{live_server}/can-bo/niem-yet/noi-tiep-nhan/{counter[0]}")
    violations = axe_violations(page, AXE_SCRIPT)
    context.close()
    assert not violations, "\n".join(violations)
