"""Forms (mẫu đơn, tờ khai) as files, what a citizen needs first on a procedure page, and nothing internal
shown to the public."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.support.form_files import CODE, docx_bytes, draft_with_entry, pdf_bytes, upload
from tthc.catalogue.apply import apply_decision
from tthc.catalogue.queries import version_in_force
from tthc.db import transaction
from tthc.models.decisions import Decision, DecisionEntry, FormFile

# the browser test covers the real CSRF tokens
pytestmark = pytest.mark.app_config(
    WTF_CSRF_ENABLED=False, FEEDBACK_ADDRESS="Văn phòng UBND tỉnh, 01 Hùng Vương; phananh@example.gov.vn"
)

AGENCY = "Sở Tư pháp"


def apply_now(factory, decision_id: int) -> None:
    """Sign and apply the drafted decision today (the workflow itself is tested elsewhere)."""
    with transaction(factory) as session:
        decision = session.get(Decision, decision_id)
        decision.status, decision.number = "signed", "55/QĐ-UBND"
        decision.signed_date = decision.effective_date = dt.date.today()
        for entry in decision.entries:
            entry.record = {"forms": ["Tờ khai theo mẫu đính kèm"]}
        session.flush()
        apply_decision(session, decision, actor="test")


@pytest.fixture
def drafter(demo, make_user, client, auth):
    make_user("soan", "drafter", AGENCY)
    auth.login("soan")
    return client


def test_forms_are_checked_stored_append_only_and_served_safely(drafter, demo, app):
    decision_id, entry_id = draft_with_entry(drafter)
    page = upload(drafter, decision_id, entry_id, "To khai.docx", docx_bytes(), "Tờ khai đăng ký")
    page = page.get_data(as_text=True)
    assert "Đã đính kèm mẫu đơn, tờ khai." in page and "Tờ khai đăng ký" in page
    assert "Đã đính kèm" in upload(drafter, decision_id, entry_id, "mau.pdf", pdf_bytes()).get_data(as_text=True)
    # Checked like every upload: the extension, then the gate of the format.
    refused = upload(drafter, decision_id, entry_id, "virus.exe", b"MZ...").get_data(as_text=True)
    assert "phải là tệp .docx, .pdf hoặc .xlsx" in refused
    refused = upload(drafter, decision_id, entry_id, "gia.docx", b"not a zip at all").get_data(as_text=True)
    assert "Đã đính kèm" not in refused
    with demo() as session:
        files = session.scalars(select(FormFile).where(FormFile.entry_id == entry_id)).all()
        assert [f.extension for f in files] == ["docx", "pdf"]
        docx_id, pdf_id = files[0].id, files[1].id
    # A draft's file is not public.
    drafter.get("/dang-xuat")
    assert drafter.get(f"/mau-don/{docx_id}/x.docx").status_code == 404

    # Taking a file off adds a row; the stored file is never changed (database triggers).
    from tests.support.auth import AuthActions

    AuthActions(drafter).login("soan")
    drafter.post(f"/soan-thao/{decision_id}/muc/{entry_id}/mau-don/{pdf_id}/xoa")
    with demo() as session:
        assert len(session.scalars(select(FormFile).where(FormFile.entry_id == entry_id)).all()) == 3
        stored = session.get(FormFile, docx_id)
        stored.title = "đổi"
        with pytest.raises(Exception):  # noqa: B017  (the trigger's error type depends on the database)
            session.commit()
        session.rollback()

    apply_now(demo, decision_id)
    public = app.test_client()
    page = public.get(f"/thu-tuc/{CODE}").get_data(as_text=True)
    assert f'href="/mau-don/{docx_id}/To-khai.docx"' in page and "Tờ khai đăng ký" in page
    assert f"/mau-don/{pdf_id}/" not in page  # removed before the decision was signed
    response = public.get(f"/mau-don/{docx_id}/To-khai.docx")
    assert response.status_code == 200 and response.data[:2] == b"PK"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"].startswith("sandbox")
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert public.get(f"/mau-don/{pdf_id}/mau.pdf").status_code == 404


def test_files_carry_over_to_a_later_version_that_attaches_none(drafter, demo, app):
    decision_id, entry_id = draft_with_entry(drafter)
    upload(drafter, decision_id, entry_id, "to-khai.docx", docx_bytes())
    apply_now(demo, decision_id)
    with transaction(demo) as session:  # a later amendment of another part, without files
        decision = Decision(
            kind="cong_bo",
            number="56/QĐ-UBND",
            title="Sửa đổi thêm",
            issuer="UBND tỉnh",
            status="signed",
            signed_date=dt.date.today(),
            effective_date=dt.date.today(),
        )
        decision.entries = [
            DecisionEntry(
                position=0, action="amended", code=CODE, record={"requirements": "Điều kiện mới"}, basis=["Văn bản thử"]
            )
        ]
        session.add(decision)
        session.flush()
        apply_decision(session, decision, actor="test")
        assert version_in_force(session, CODE).record["requirements"] == "Điều kiện mới"
    page = app.test_client().get(f"/thu-tuc/{CODE}").get_data(as_text=True)
    assert "/mau-don/" in page and "Điều kiện mới" in page


def announce_amendment(factory, code: str, days: int = 15) -> dt.date:
    """A signed decision that amends `code` later: the page must say so first."""
    effective = dt.date.today() + dt.timedelta(days=days)
    with transaction(factory) as session:
        decision = Decision(
            kind="cong_bo",
            number="88/QĐ-UBND",
            title="Sửa đổi sắp có hiệu lực",
            issuer="UBND tỉnh",
            status="signed",
            signed_date=dt.date.today(),
            effective_date=effective,
        )
        decision.entries = [
            DecisionEntry(
                position=0,
                action="amended",
                code=code,
                record={"requirements": "Điều kiện sắp áp dụng"},
                basis=["Văn bản thử"],
            )
        ]
        session.add(decision)
    return effective


def test_procedure_page_puts_upcoming_change_first_with_a_toc_and_the_feedback_address(demo, client):
    effective = announce_amendment(demo, CODE)
    page = client.get(f"/thu-tuc/{CODE}").get_data(as_text=True)
    notice = page.index('id="sap-thay-doi"')
    assert notice < page.index("<h1")
    assert f"từ ngày {effective:%d/%m/%Y}" in page[notice : notice + 400]
    assert effective.isoformat() not in re.sub(r'(href|value|datetime)="[^"]*"', "", page)  # never ISO on screen
    assert 'aria-label="Mục lục"' in page and 'href="#ho-so"' in page
    assert "Văn phòng UBND tỉnh, 01 Hùng Vương; phananh@example.gov.vn" in page
    # Nothing internal: no file the catalogue was loaded from, no repository path as the source.
    assert "nạp từ" not in page and "procedures.jsonl" not in page
    for code in ("2.001249", "2.001266", "1.000532"):
        text = client.get(f"/thu-tuc/{code}").get_data(as_text=True)
        assert "github.com/" not in text and "src/etl" not in text


# --- in a browser, on a phone ----------------------------------------------------------------------
@pytest.fixture
def phone(browser):
    context = browser.new_context(
        locale="vi-VN",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
        accept_downloads=True,
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.mark.browser
def test_phone_sees_the_upcoming_change_without_scrolling(phone, live_server, demo):
    effective = announce_amendment(demo, CODE)
    phone.goto(f"{live_server}/thu-tuc/{CODE}")
    notice = phone.locator("#sap-thay-doi")
    assert f"từ ngày {effective:%d/%m/%Y}" in notice.inner_text()
    box = notice.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 844
    assert phone.evaluate("window.scrollY") == 0


@pytest.mark.browser
def test_phone_downloads_a_form_file(phone, live_server, demo, make_user, app):
    make_user("soan", "drafter", AGENCY)
    client = app.test_client()
    from tests.support.auth import AuthActions

    AuthActions(client).login("soan")
    decision_id, entry_id = draft_with_entry(client)
    content = docx_bytes("Mẫu tờ khai tải về")
    upload(client, decision_id, entry_id, "Tờ khai.docx", content, "Tờ khai tải về")
    apply_now(demo, decision_id)
    phone.goto(f"{live_server}/thu-tuc/{CODE}")
    link = phone.get_by_role("link", name="Tờ khai tải về")
    link.scroll_into_view_if_needed()
    with phone.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    assert Path(download.path()).read_bytes() == content


def test_dates_are_shown_the_vietnamese_way_even_when_stored_as_iso_text():
    from tthc.dates import vn_date

    assert vn_date("2026-12-15") == "15/12/2026" and vn_date(dt.date(2026, 12, 15)) == "15/12/2026"
    assert vn_date("") == "" and vn_date(None) == ""
