"""In a real browser: the pages satisfy their Content-Security-Policy (no violation reported), and an
administrator manages accounts by keyboard-friendly forms, on a phone too."""

import contextlib

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

CSP_WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def watch(page):
    console = []
    page.add_init_script(CSP_WATCH)
    page.on("console", lambda m: console.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: console.append(str(e)))
    return console


def assert_clean(page, console, url):
    assert page.evaluate("window.__csp") == [], url
    assert not [m for m in console if "Content Security Policy" in m or "Refused to" in m], (url, console)


def pages_without_arguments(app):
    """Every GET page of the url_map that needs no argument, whichever area added it."""
    return sorted(
        r.rule
        for r in app.url_map.iter_rules()
        if "GET" in r.methods and not r.arguments and r.endpoint != "static" and not r.rule.startswith("/api/")
    )


def is_html(page, url) -> bool:
    """Downloads (xlsx, pdf, csv) are not pages: a browser would save them, not render them."""
    response = page.request.get(url, max_redirects=0)
    return response.headers.get("content-type", "").startswith("text/html")


@pytest.mark.rendering
def test_pages_raise_no_csp_violation(app, page, live_server, demo, make_user, browser_auth):
    console = watch(page)
    extra = ["/?ngay=2025-06-01", "/thu-tuc/3.000527", "/thu-tuc/1.001193", "/khong-co-trang"]
    for path in pages_without_arguments(app) + extra:
        if is_html(page, live_server + path):
            response = page.goto(live_server + path)
            assert "default-src 'self'" in response.headers["content-security-policy"]
            assert_clean(page, console, path)
    make_user("quan-tri", "admin")
    browser_auth.login("quan-tri")
    for path in pages_without_arguments(app):  # staff pages too, as the administrator
        if is_html(page, live_server + path):
            page.goto(live_server + path)
            assert_clean(page, console, path)
    # The stylesheet really applied (a blocked one would leave the header unstyled).
    header = page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor")
    assert header != "rgba(0, 0, 0, 0)"


def test_admin_creates_and_locks_an_account_on_a_phone(phone_page, live_server, make_user, browser_auth):
    page = phone_page
    console = watch(page)
    make_user("quan-tri", "admin")
    make_user("soan-thao-0", "drafter", agency="Sở Tư pháp")  # the agency is in the register
    browser_auth.login("quan-tri", page=page)
    page.get_by_role("link", name="Tài khoản").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tài khoản cán bộ", use_inner_text=True)
    page.get_by_label("Tên đăng nhập").fill("soan-thao-1")
    page.get_by_label("Họ tên").fill("Lê Thị Hoa")
    page.get_by_label("Vai trò").select_option("drafter")
    page.get_by_label("Cơ quan (bắt buộc với cán bộ soạn thảo").select_option(label="Sở Tư pháp")
    page.get_by_label("Mật khẩu (ít nhất 10 ký tự)").fill("mat-khau-an-toan-2")
    page.get_by_role("button", name="Tạo tài khoản").click()
    assert page.get_by_role("status").inner_text().startswith("Đã tạo tài khoản soan-thao-1")
    row = page.get_by_role("row").filter(has_text="soan-thao-1")
    assert "Sở Tư pháp" in row.inner_text() and "Đang hoạt động" in row.inner_text()
    row.get_by_role("button", name="Khóa tài khoản soan-thao-1").click()
    assert "Đã khóa" in page.get_by_role("row").filter(has_text="soan-thao-1").inner_text()
    page.wait_for_load_state("load")  # measured once styled
    wide = page.evaluate("""[...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > 361 && !e.closest('.table-scroll'))
        .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).slice(0, 8)""")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, wide
    assert_clean(page, console, "admin")


def test_a_locked_out_administrator_gets_in_with_a_one_time_link(
    app, browser, page, live_server, make_user, browser_auth
):
    """Someone guesses at "quan-tri" from many addresses; another administrator issues an unlock link
    on the accounts page; the owner opens it in their own browser and logs in."""
    from tthc.accounts.service import AccountError, authenticate
    from tthc.db import transaction

    make_user("quan-tri", "admin")
    make_user("quan-tri-2", "admin")
    for i in range(12):
        with transaction(app.extensions["tthc"].session_factory) as session:
            with contextlib.suppress(AccountError):
                authenticate(session, "quan-tri", f"doan-sai-{i}", address=f"198.51.100.{i}")
    console = watch(page)
    browser_auth.login("quan-tri-2")
    page.goto(f"{live_server}/quan-tri/tai-khoan")
    page.get_by_role("button", name="Cấp đường dẫn mở khóa quan-tri", exact=True).click()
    link = page.get_by_role("status").locator("code").inner_text()
    assert "/dang-nhap/mo-khoa/" in link
    assert_clean(page, console, "/quan-tri/tai-khoan")
    owner = browser.new_context(locale="vi-VN").new_page()
    owner.goto(f"{live_server}/dang-nhap")
    browser_auth.login("quan-tri", page=owner)
    assert "tạm khóa" in owner.get_by_role("alert").inner_text()  # the lock holds for the normal form
    owner.goto(live_server + "/dang-nhap/mo-khoa/" + link.rsplit("/", 1)[1])
    owner.get_by_label("Tên đăng nhập").fill("quan-tri")
    owner.get_by_label("Mật khẩu").fill("mat-khau-an-toan-1")
    owner.get_by_role("button", name="Đăng nhập").click()
    owner.wait_for_load_state()
    owner.goto(f"{live_server}/quan-tri/tai-khoan")
    expect(owner.get_by_role("heading", name="Tài khoản cán bộ")).to_be_visible()
