"""Accessibility (WCAG 2.1 AA): axe-core run in the browser over every public and staff page, the
entry form's sticky bar never hiding the focused field, and tagged PDFs.

axe-core comes from the npm registry, pinned in package.json/package-lock.json and installed into
./node_modules by `scripts/setup.sh test`. The pages are listed from the app's url_map, so a page added
later is checked too: a GET rule whose arguments this module cannot fill makes the test fail."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.support.auth import PASSWORD, BrowserAuth
from tests.support.axe import axe_violations
from tests.support.review import make_draft, sample_procedure, signed_decision, user
from tests.support.route_walk import build_url, client_as
from tests.support.server import serving
from tthc.config import PROJECT_ROOT
from tthc.db import transaction
from tthc.web.access import PUBLIC, policy_for

# What a browser makes of the pages (axe, focus, layout on small screens): no database changes it, so the
# PostgreSQL pass of .ci/run leaves these out (pyproject's `rendering` marker).
pytestmark = [pytest.mark.browser, pytest.mark.rendering]

STAFF_ROLES = ["drafter", "reviewer", "signer", "admin", "counter"]
PUBLIC_CODE = "1.001233"  # a procedure of the sample with steps, dossier, fees and a history
# Extra views of pages that the url_map alone would show in one state only.
EXTRA_URLS = [
    "/tim-kiem?q=khai+sinh",
    "/tim-kiem?q=kh%C3%B4ng+c%C3%B3+g%C3%AC+zzqx",
    f"/thu-tuc/{PUBLIC_CODE}/so-sanh",
    "/thay-doi/giua-hai-ngay?tu=2025-01-01&den=2026-12-31",
]


# Rules that answer files or data, not pages: a file extension in the rule, the JSON API, attachments,
# a print job's download and its progress poll. Everything else must be an HTML page.
NOT_PAGES = re.compile(r"(\.[a-z<>]+$|^/api/|^/mau-don/|/tep/|/tai-ve$|/trang-thai$|/excel$)")


def html_get_pages(app, ids: dict[str, dict[str, object]]) -> list[tuple[str, object]]:
    """(URL, access policy) per GET rule of the app that answers a page, its arguments filled from `ids`:
    `ids[blueprint]` first, then `ids[""]`. A rule with an argument not in either fails the test. The
    policy is PUBLIC or the roles allowed (tthc.web.access.policy_for)."""
    pages = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in (rule.methods or ()) or rule.endpoint == "static" or NOT_PAGES.search(rule.rule):
            continue
        blueprint = rule.endpoint.rpartition(".")[0]
        values = {**ids[""], **ids.get(blueprint, {})}
        missing = [name for name in rule.arguments if name not in values]
        assert not missing, f"{rule.rule}: no real value for {missing}; add one to the ids of test_accessibility"
        pages.append((build_url(rule, values), policy_for(app, rule.endpoint, "GET")))
    return pages


def html_get_urls(app, ids: dict[str, dict[str, object]]) -> list[str]:
    return [url for url, _ in html_get_pages(app, ids)]


def build_content(app, factory) -> list[tuple[str, object]]:
    """Accounts of every role and real content for every page: a draft with entries (the drafter's own),
    a decision waiting for review, a signed one, a service point and a print job. Answers every page
    to check: (URL, access policy), the url_map's pages and EXTRA_URLS (public)."""
    from tthc.accounts.service import create_user
    from tthc.decisions import workflow
    from tthc.models.catalogue import ServicePoint
    from tthc.models.decisions import Decision
    from tthc.printing import jobs

    accounts = [(role, role, "Sở Tư pháp" if role == "drafter" else None) for role in STAFF_ROLES]
    for username, role, agency in [*accounts, ("tham", "reviewer", None), ("ky", "signer", None)]:
        with transaction(factory) as session:
            create_user(session, username, role, PASSWORD, agency=agency)
    record = sample_procedure(PROJECT_ROOT / "catalogue_data", PUBLIC_CODE)
    entries = [
        {"action": "amended", "code": PUBLIC_CODE, "applicants": "Công dân Việt Nam thường trú tại tỉnh"},
        {**record, "action": "new", "code": "", "name": "Thủ tục mới thử nghiệm"},
    ]
    draft_id = make_draft(factory, entries, created_by="drafter")
    submitted_id = make_draft(factory, entries[:1], title="Dự thảo chờ thẩm định", created_by="drafter")
    with transaction(factory) as session:
        workflow.submit(session, session.get(Decision, submitted_id), user(session, "drafter"))
    signed_id = signed_decision(
        factory,
        entries[:1],
        number="99/QĐ-UBND",
        drafter="drafter",
        effective_date=dt.date.today() + dt.timedelta(days=30),
    )
    with transaction(factory) as session:
        draft = session.get(Decision, draft_id)
        entry_id = draft.entries[0].id
        point = session.scalars(select(ServicePoint).order_by(ServicePoint.id)).first()
        job = jobs.create_job(session, point, actor="test")
        session.flush()
        ids = {
            "": {
                "code": PUBLIC_CODE,
                "decision_id": signed_id,
                "point_id": point.id,
                "job_id": job.id,
                "entry_id": entry_id,
                "token": "khong-co-1",
                "fmt": "json",
                "attachment_id": 1,
                "comment_id": 1,
                "user_id": 1,
                "slug": "khai-sinh",
            },
            "drafting": {"decision_id": draft_id},
            "review": {"decision_id": submitted_id},
            "sources": {"source_id": _a_source(session)},
        }
    return html_get_pages(app, ids) + [(url, PUBLIC) for url in EXTRA_URLS]


@pytest.fixture
def content(app, demo):
    """The content of build_content in this test's own database (for tests that change it); the URLs."""
    return [url for url, _ in build_content(app, demo)]


@pytest.fixture(scope="session")
def site(shared_app, browser):
    """build_content once per process, served: (base URL, pages, {username: user id}). For the axe tests,
    which only read it: they used to build it again for each of their 12 runs."""
    from tthc.models.accounts import User

    app = shared_app("accessibility", demo=True)
    pages = build_content(app, app.extensions["tthc"].session_factory)
    with app.extensions["tthc"].session_factory() as session:
        users = {user.username: user.id for user in session.scalars(select(User))}
    with serving(app, browser) as base_url:
        yield SimpleNamespace(app=app, base_url=base_url, pages=pages, users=users)


def _a_source(session) -> int:
    """A ministry's decision recorded as a source, its entries of every class (tests/support/sources.py)."""
    from tests.support.sources import ministry_source
    from tthc.sources.reading import import_source, read_source_bytes

    flat, doubts = read_source_bytes(ministry_source(), "3120_QĐ-BTP.docx")
    return import_source(session, flat, doubts=doubts, actor="test").id


def _checked(page, url: str, axe_script) -> list[str]:
    """axe's violations on the page at `url` (refusals and error pages are pages too)."""
    response = page.goto(url)
    page.wait_for_load_state("load")
    assert response is not None and "text/html" in response.headers.get("content-type", ""), (
        f"{url} is not a page: add its rule to NOT_PAGES"
    )
    return [f"{url}: {line}" for line in axe_violations(page, axe_script)]


@pytest.mark.browser
def test_axe_finds_no_violation_on_any_public_page(axe_page, site, axe_script):
    """Every public page, as anyone sees it (once: not again per role), the login form with its error
    and the error page; the staff pages send an anonymous visitor to the login form (checked here)."""
    page, live_server = axe_page, site.base_url
    violations = []
    for path, policy in site.pages:
        if policy == PUBLIC:
            violations += _checked(page, live_server + path, axe_script)
    # The login form with its error, and the error pages.
    page.goto(f"{live_server}/dang-nhap")
    page.get_by_label("Tên đăng nhập").fill("khong-ai")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau-1")
    page.get_by_role("button", name="Đăng nhập").click()
    violations += [f"login error: {line}" for line in axe_violations(page, axe_script)]
    violations += _checked(page, f"{live_server}/thu-tuc/khong-co-thu-tuc-nay", axe_script)
    assert not violations, "\n".join(violations)


def phone_checks(pages: list[tuple[str, object]], role: str) -> list[str]:
    """The staff pages `role` checks on a phone's screen: each staff page once, by the first of PHONE_ORDER
    allowed on it, and the role's own first page (its menu as a phone shows it)."""
    staff = [(path, policy) for path, policy in pages if policy != PUBLIC]
    mine = [path for path, policy in staff if role in policy]
    first = {path: next(r for r in PHONE_ORDER if r in policy) for path, policy in staff}
    return [path for path in mine if first[path] == role or path == mine[0]]


def test_every_staff_page_is_checked_on_a_phone_once_and_every_role_s_menu_too():
    pages = [
        ("/", PUBLIC),
        ("/quan-tri/", frozenset({"admin"})),
        ("/soan-thao/", frozenset({"drafter", "admin"})),
        ("/can-bo/niem-yet/", frozenset({"counter", "reviewer", "admin"})),
        ("/tham-dinh/", frozenset({"reviewer", "signer", "admin"})),
    ]
    checks = {role: phone_checks(pages, role) for role in PHONE_ORDER}
    assert checks == {
        "counter": ["/can-bo/niem-yet/"],
        "drafter": ["/soan-thao/"],
        "reviewer": ["/can-bo/niem-yet/", "/tham-dinh/"],
        "signer": ["/tham-dinh/"],
        "admin": ["/quan-tri/"],
    }
    assert {path for paths in checks.values() for path in paths} == {path for path, _ in pages[1:]}


# Who checks a staff page on a phone: the counter clerk first (the staff most often on a small screen).
PHONE_ORDER = ["counter", "drafter", "reviewer", "signer", "admin"]


@pytest.mark.browser
@pytest.mark.parametrize("role", STAFF_ROLES)
def test_axe_finds_no_violation_on_any_staff_page(role, axe_page, site, axe_script):
    """Every staff page as each role allowed on it sees it on a desktop screen (menus and buttons differ by
    role), and once on a phone's (phone_checks: the markup is the role's, the layout the screen's). The
    pages a role may not open answer it 403 (status only: the refusal page is one page, checked once, by
    the counter clerk's run, which has refusals)."""
    page = BrowserAuth(site.base_url, lambda: axe_page).login(role, page=axe_page)
    allowed = [path for path, policy in site.pages if policy != PUBLIC and role in policy]
    refused = [path for path, policy in site.pages if policy != PUBLIC and role not in policy]
    if axe_page.viewport_size["width"] < 600:
        allowed = phone_checks(site.pages, role)
    violations = []
    for path in allowed:
        violations += _checked(page, site.base_url + path, axe_script)
    if role == "counter":
        assert refused, "the counter clerk should be refused some staff page"
        violations += _checked(page, site.base_url + refused[0], axe_script)
    client = client_as(site.app, site.users[role])
    statuses = {path: client.get(path).status_code for path in refused}
    assert not violations, "\n".join(violations)
    assert {path: code for path, code in statuses.items() if code != 403} == {}


# --- Focus never hidden, errors tied to fields --------------------------------------------------------
@pytest.mark.browser
def test_tabbing_through_the_entry_form_never_leaves_focus_under_the_save_bar(
    browser, live_server, content, browser_auth, session
):
    """At 1280×900 and on a short screen, every focusable control of the entry form, reached with Tab,
    ends above the sticky "Lưu" bar (the bar's own controls aside)."""
    from tthc.models.decisions import Decision

    draft = session.scalar(select(Decision).where(Decision.status == "draft").order_by(Decision.id))
    entry_url = f"{live_server}/soan-thao/{draft.id}/muc/{draft.entries[1].id}"
    for viewport in ({"width": 1280, "height": 900}, {"width": 800, "height": 500}):
        context = browser.new_context(locale="vi-VN", viewport=viewport)
        page = browser_auth.login("drafter", page=context.new_page())
        page.goto(entry_url)
        page.wait_for_load_state("load")
        page.locator("#f-name").focus()
        hidden, seen = [], 0
        for _ in range(400):
            state = page.evaluate("""() => {
                const el = document.activeElement, bar = document.querySelector('.sticky-save');
                if (!el || !el.closest('form.record-form')) return null;
                const box = el.getBoundingClientRect(), barBox = bar.getBoundingClientRect();
                return {id: el.id || el.name || el.tagName, inBar: bar.contains(el),
                        bottom: box.bottom, top: box.top, barTop: barBox.top, height: innerHeight};
            }""")
            if state is None:
                break
            seen += 1
            if not state["inBar"] and (state["bottom"] > state["barTop"] or state["top"] < 0):
                hidden.append(state)
            page.keyboard.press("Tab")
        context.close()
        assert seen > 30, f"only {seen} controls reached by Tab"
        assert not hidden, f"{viewport}: focused controls hidden by the save bar: {hidden[:5]}"


@pytest.mark.browser
def test_login_error_keeps_the_name_ties_the_error_and_moves_focus(page, live_server, content):
    page.goto(f"{live_server}/dang-nhap")
    page.get_by_label("Tên đăng nhập").fill("drafter")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau-1")
    page.get_by_role("button", name="Đăng nhập").click()
    # expectations, not reads: the refusal is a new page, and the browser moves focus to an
    # autofocus field only at its next rendering (a loaded CI machine gets there late)
    expect(page.locator("#login-error")).to_be_visible(timeout=30_000)
    username, password = page.locator("#username"), page.locator("#password")
    assert username.input_value() == "drafter"
    for field in (username, password):
        assert field.get_attribute("aria-invalid") == "true"
        assert field.get_attribute("aria-describedby") == "login-error"
    expect(password).to_be_focused(timeout=30_000)
    assert page.locator("#login-error").inner_text().strip()


@pytest.mark.browser
def test_entry_form_problems_are_tied_to_their_fields(page, live_server, content, browser_auth, session):
    from tthc.models.decisions import Decision

    draft = session.scalar(select(Decision).where(Decision.status == "draft").order_by(Decision.id))
    browser_auth.login("drafter")
    page.goto(f"{live_server}/soan-thao/{draft.id}/muc/{draft.entries[1].id}")
    page.locator("#f-name").fill("")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state("load")
    name = page.locator("#f-name")
    assert name.get_attribute("aria-invalid") == "true"
    described = name.get_attribute("aria-describedby").split()
    assert "f-name-problems" in described
    assert "Lỗi" in page.locator("#f-name-problems").inner_text()  # said in words, not only in red
    assert page.locator(".checks .problems li.error .badge").first.inner_text().strip().endswith("Lỗi")


# --- Shortcuts, live search, narrow screens -----------------------------------------------------------
@pytest.mark.browser
def test_diff_shortcuts_ignore_links_and_can_be_turned_off(page, live_server, content, session):
    from tthc.models.decisions import Decision

    decision_id = session.scalar(select(Decision.id).where(Decision.number == "99/QĐ-UBND"))
    page.goto(f"{live_server}/quyet-dinh/{decision_id}")
    page.wait_for_load_state("load")
    position = page.locator(".rv-position")
    before = position.inner_text()
    page.locator("main a[href]").first.focus()
    page.keyboard.press("n")
    assert position.inner_text() == before  # focus on a link: the key is the link's, not a shortcut
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("n")
    assert position.inner_text().startswith("Thay đổi 1/")
    page.get_by_label("Phím tắt").uncheck()
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("n")
    assert position.inner_text().startswith("Thay đổi 1/")
    page.reload()
    page.wait_for_load_state("load")
    assert not page.get_by_label("Phím tắt").is_checked()  # remembered


@pytest.mark.browser
def test_live_search_announces_a_count_from_a_region_present_from_the_start(page, live_server, content):
    page.goto(live_server + "/")
    status = page.locator("#ket-qua-nhanh-so")
    assert status.count() == 1 and status.get_attribute("role") == "status" and status.inner_text() == ""
    page.get_by_label("Tìm thủ tục", exact=False).first.fill("trợ giúp pháp lý")
    expect(status).to_contain_text("gợi ý")
    text = status.inner_text()
    assert "gợi ý" in text and len(text) < 120
    assert page.locator("#ket-qua-nhanh").get_attribute("aria-live") is None  # the list is not read out


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/thay-doi/", f"/thu-tuc/{PUBLIC_CODE}", f"/thu-tuc/{PUBLIC_CODE}/so-sanh"])
def test_pages_do_not_scroll_sideways_at_320_px(browser, live_server, content, path):
    context = browser.new_context(locale="vi-VN", viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(live_server + path)
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    context.close()
    assert widths[0] <= widths[1], f"{path}: {widths[0]} px wide in a {widths[1]} px screen"


@pytest.mark.browser
def test_review_bar_scrolls_away_on_a_short_screen(browser, live_server, content, session):
    """1280×1024 zoomed to 400 % is a 320×256 screen: the bar must not keep most of it covered."""
    from tthc.models.decisions import Decision

    decision_id = session.scalar(select(Decision.id).where(Decision.number == "99/QĐ-UBND"))
    context = browser.new_context(locale="vi-VN", viewport={"width": 320, "height": 256})
    page = context.new_page()
    page.goto(f"{live_server}/quyet-dinh/{decision_id}")
    page.wait_for_load_state("load")
    nav = page.locator(".rv-nav")
    assert nav.is_visible()
    page.evaluate("window.scrollTo(0, document.querySelector('.rv-nav').offsetTop + 800)")
    box = nav.bounding_box()
    context.close()
    assert box["y"] + box["height"] <= 0, box
