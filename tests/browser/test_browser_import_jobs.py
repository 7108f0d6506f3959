"""Browser journeys: a drafter follows a large annex being read in the background; a drafter previews an
amendment's import report and imports the kept file without uploading it again; counter staff print their
point's posting bundle on a phone and cannot open drafting."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.workbooks import CODE, amendment_workbook, annex_workbook
from tthc.accounts.counters import set_points
from tthc.accounts.service import find_user
from tthc.db import transaction
from tthc.decisions import import_jobs
from tthc.models.catalogue import ServicePoint
from tthc.printing import jobs

pytestmark = pytest.mark.browser
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def _join_jobs(app):
    yield
    import_jobs.wait_all(timeout=180)
    jobs.wait_all(timeout=180)


def test_a_drafter_watches_a_large_annex_being_read_then_opens_the_draft(
    page, live_server, app, demo, make_user, browser_auth
):
    services = app.extensions["tthc"]
    services.settings = services.settings.replace(import_in_background_bytes=1)
    make_user("soan", "drafter", "Sở Tư pháp")
    browser_auth.login("soan")
    page.get_by_role("link", name="Soạn thảo").click()
    page.set_input_files(
        "#upload-file", files=[{"name": "phu-luc-lon.xlsx", "mimeType": XLSX, "buffer": annex_workbook(800)}]
    )
    page.get_by_role("button", name="Nạp thành dự thảo").click()
    page.wait_for_url(re.compile(r"/soan-thao/nhap/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Nạp tệp Excel: phu-luc-lon.xlsx", use_inner_text=True)
    expect(page.get_by_label("Tiến độ")).to_be_visible()
    opened = page.get_by_role("link", name="Mở dự thảo")
    opened.wait_for(timeout=120_000)  # the page polls, then shows the outcome
    assert "Đã nạp 800 mục từ tệp Excel vào dự thảo." in page.get_by_role("status").inner_text()
    opened.click()
    page.wait_for_url(re.compile(r"/soan-thao/\d+$"))
    expect(page.locator("body")).to_contain_text("800")


def test_a_drafter_reads_the_import_report_then_imports_the_kept_file(
    page, live_server, demo, make_user, browser_auth, tmp_path
):
    make_user("soan", "drafter", "Sở Tư pháp")
    browser_auth.login("soan")
    page.goto(f"{live_server}/soan-thao/")
    path = amendment_workbook(
        tmp_path,
        methods=[
            ["Trực tiếp", "07 ngày làm việc", "7", "ngày làm việc", "", "", ""],
            ["Dịch vụ bưu chính", "", "", "", "", "", "Bỏ"],
        ],
    )
    page.set_input_files(
        "#upload-file", files=[{"name": "sua-doi.xlsx", "mimeType": XLSX, "buffer": path.read_bytes()}]
    )
    page.get_by_role("button", name="Xem trước: thêm, sửa, bỏ gì (chưa ghi)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Xem trước: chưa ghi gì", use_inner_text=True)
    row = page.get_by_role("row").filter(has_text=CODE)
    assert "07 ngày làm việc" in row.inner_text()
    assert "Cách thức thực hiện" in row.locator(".report-removed").inner_text()
    page.get_by_role("button", name="Nạp vào dự thảo").click()
    page.wait_for_url(re.compile(r"/soan-thao/\d+$"))
    expect(page.locator("body")).to_contain_text("Đã nạp 1 mục từ tệp Excel vào dự thảo.")
    assert CODE in page.content()


def test_the_counter_role_prints_its_points_bundle_and_cannot_open_drafting(
    phone_page, live_server, demo, make_user, browser_auth, session_factory
):
    make_user("motcua", "counter")
    with transaction(session_factory) as session:
        commune = next(p for p in session.query(ServicePoint) if "xã (ví dụ)" in p.name)
        name = commune.name
        set_points(session, find_user(session, "motcua"), [commune.id], actor="test")
    page = phone_page
    browser_auth.login("motcua", page=page)
    menu = page.get_by_role("navigation", name="Điều hướng chính")
    assert menu.get_by_role("link", name="Niêm yết").count() == 1
    assert menu.get_by_role("link", name="Soạn thảo").count() == 0
    assert menu.get_by_role("link", name="Thẩm định").count() == 0
    menu.get_by_role("link", name="Niêm yết").click()
    page.get_by_role("button", name=f"In bộ niêm yết {name}").click()
    download = page.get_by_role("link", name="Tải tệp PDF")
    download.wait_for(timeout=180_000)
    assert "Đã xong" in page.locator("#job-status").inner_text()
    response = page.request.get(live_server + download.get_attribute("href"))
    assert response.status == 200 and response.body().startswith(b"%PDF")
    # The page fits the phone: nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    refused = page.goto(f"{live_server}/soan-thao/")
    assert refused.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Không có quyền truy cập", use_inner_text=True)
