"""The signing form chooses the signing title, and the decision's PDF and Word print it (issue 24, item 9).

A vice chairman signs "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"; the documents printed "CHỦ TỊCH" whatever the
signer was."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata

import pytest
from docx import Document
from playwright.sync_api import expect
from pypdf import PdfReader
from sqlalchemy import select

from tests.support.review import make_draft
from tthc.accounts.service import find_user, set_signing_title
from tthc.db import transaction
from tthc.decisions import workflow
from tthc.models.decisions import Decision

pytestmark = pytest.mark.browser

VICE = "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"


@pytest.fixture
def approved(demo, make_user):
    """Two approved decisions of the Sở Tư pháp; a vice chairman whose account says so, and a signer
    whose account has no title yet."""
    make_user("soan", "drafter", "Sở Tư pháp")
    make_user("pho-chu-tich", "signer")
    make_user("lanh-dao", "signer")
    with transaction(demo) as session:
        set_signing_title(session, find_user(session, "pho-chu-tich"), VICE, actor="test")
    ids = []
    for code in ("3.000527", "1.001233"):
        decision_id = make_draft(demo, [{"action": "abolished", "code": code}], created_by="soan")
        with transaction(demo) as session:
            session.get(Decision, decision_id).status = "approved"  # the review itself is tested elsewhere
        ids.append(decision_id)
    return ids


def _sign(page, base: str, decision_id: int, number: str, title: str | None = None) -> None:
    page.goto(f"{base}/tham-dinh/{decision_id}")
    page.get_by_label("Số quyết định").fill(number)
    page.get_by_label("Người ký").fill("Lê Đức Tiến")
    page.get_by_label("Ngày có hiệu lực").fill((dt.date.today() + dt.timedelta(days=20)).isoformat())
    if title is not None:
        page.get_by_label("Chức danh ký").select_option(label=title)
    page.get_by_role("button", name="Ghi nhận đã ký").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Đã ghi nhận quyết định được ký ban hành.")).to_be_visible()


def _printed(page, base: str, decision_id: int) -> tuple[str, str]:
    pdf = page.request.get(f"{base}/can-bo/niem-yet/quyet-dinh/{decision_id}.pdf").body()
    pdf_text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages[:2])
    docx = Document(io.BytesIO(page.request.get(f"{base}/can-bo/niem-yet/quyet-dinh/{decision_id}.docx").body()))
    docx_text = "\n".join(cell.text for table in docx.tables for row in table.rows for cell in row.cells)
    return unicodedata.normalize("NFC", pdf_text), docx_text


def test_the_signing_title_is_chosen_on_the_form_and_printed(page, live_server, browser_auth, approved, demo):
    vice_signed, other = approved
    browser_auth.login("pho-chu-tich")
    page.goto(f"{live_server}/tham-dinh/{vice_signed}")
    # Defaults to the account's title.
    chosen = page.get_by_label("Chức danh ký").evaluate("s => s.options[s.selectedIndex].text")
    assert chosen == "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"
    _sign(page, live_server, vice_signed, "2716/QĐ-UBND")
    # A signer whose account has no title yet picks it on the form.
    browser_auth.login("lanh-dao")
    page.goto(f"{live_server}/tham-dinh/{other}")
    chosen = page.get_by_label("Chức danh ký").evaluate("s => s.options[s.selectedIndex].text")
    assert chosen == "CHỦ TỊCH"
    _sign(page, live_server, other, "2717/QĐ-UBND", title="KT. CHỦ TỊCH / PHÓ CHỦ TỊCH")
    with demo() as session:
        titles = session.scalars(select(Decision.signing_title).where(Decision.id.in_(approved))).all()
        assert titles == [VICE, VICE]
    for decision_id in approved:
        pdf_text, docx_text = _printed(page, live_server, decision_id)
        for text in (pdf_text, docx_text):
            assert "KT. CHỦ TỊCH" in text and "PHÓ CHỦ TỊCH" in text, text[-400:]


def test_a_title_that_is_not_a_signing_title_is_refused(approved, demo):
    with transaction(demo) as session:
        decision = session.get(Decision, approved[0])
        signer = find_user(session, "lanh-dao")
        with pytest.raises(workflow.WorkflowError, match="Chức danh ký không hợp lệ"):
            workflow.sign(
                session,
                decision,
                signer,
                number="2716/QĐ-UBND",
                signed_date=dt.date.today(),
                signer="Lê Đức Tiến",
                effective_date=dt.date.today() + dt.timedelta(days=20),
                signing_title="GIÁM ĐỐC",
            )
