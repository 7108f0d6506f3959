"""The Word upload on the drafting pages: preview (nothing written), fixes, confirm, access rules."""

import io

import pytest
from sqlalchemy import func, select

from tests.support.word import PART_TWO, confirm_preview, open_preview, preview_form, preview_urls, word_decision
from tthc.models.decisions import Decision, DecisionEntry

pytestmark = pytest.mark.app_config(WTF_CSRF_ENABLED=False)  # the browser test covers the real CSRF tokens

AGENCY = "Sở Tư pháp"


@pytest.fixture
def drafter_client(demo, make_user, client, auth):
    make_user("soan", "drafter", AGENCY)
    auth.login("soan")
    return client


def _send(client, data: bytes, name="qd.docx"):
    return client.post("/soan-thao/word/", data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def _upload(client, data: bytes, name="qd.docx"):
    """The preview the upload leads to (the read kept on a job, nothing of a draft written)."""
    return open_preview(client, _send(client, data, name))


def _counts(session):
    session.expire_all()
    return session.scalar(select(func.count(Decision.id))), session.scalar(select(func.count(DecisionEntry.id)))


def test_preview_marks_what_was_resolved_and_writes_nothing(drafter_client, session):
    before = _counts(session)
    response = _upload(drafter_client, word_decision())
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Chưa có gì được ghi vào hệ thống" in page
    assert "Như trên → lấy từ dòng 3" in page and "cấp từ dòng nhóm «A. Thủ tục hành chính cấp tỉnh» (dòng 2)" in page
    assert "bảng 3, dòng 4" in page  # each entry beside its source row
    assert _counts(session) == before


def test_confirm_with_a_fix_creates_the_draft_with_the_fix(drafter_client, session):
    page = _upload(drafter_client, word_decision()).get_data(as_text=True)
    assert preview_form(page)["entry-1-place"] == "Trung tâm Phục vụ hành chính công tỉnh"  # resolved
    response = confirm_preview(drafter_client, page, **{"entry-1-place": "Bộ phận một cửa Sở Tư pháp"})
    assert response.status_code == 303, response.get_data(as_text=True)
    decision = session.scalars(select(Decision).order_by(Decision.id.desc())).first()
    assert (decision.number, decision.status, decision.drafting_agency.name) == ("77/QĐ-UBND", "draft", AGENCY)
    assert decision.signing_title == "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
    first, second = decision.entries
    assert first.record["place"] == "Trung tâm Phục vụ hành chính công tỉnh"
    assert second.record["place"] == "Bộ phận một cửa Sở Tư pháp"
    assert second.record["legal_basis"] == ["Luật Thử nghiệm"] and second.record["level"] == "tinh"
    assert (first.source, second.source) == ({"table": 3, "row": 3}, {"table": 3, "row": 4})


def test_phan_ii_is_shown_and_kept_and_a_fixed_cell_wins_over_it(drafter_client, session):
    page = _upload(drafter_client, word_decision(number="78/QĐ-UBND", part_two=PART_TWO)).get_data(as_text=True)
    assert "Nội dung cụ thể lấy từ Phần II" in page and "Công dân Việt Nam" in page
    assert confirm_preview(drafter_client, page, **{"entry-1-place": "Bộ phận một cửa Sở Tư pháp"}).status_code == 303
    decision = session.scalars(select(Decision).order_by(Decision.id.desc())).first()
    first, second = decision.entries
    assert first.record["steps"] == [] and first.record["applicants"] == ""  # no Phần II: nothing invented
    assert second.record["place"] == "Bộ phận một cửa Sở Tư pháp"
    assert second.record["steps"] == ["Bước 1: Nộp hồ sơ.", "Bước 2: Nhận kết quả."]
    assert second.record["dossier"][0]["documents"] == [
        {"name": "Tờ khai", "originals": 1, "copies": None, "form": "Mẫu số 02"}
    ]
    assert second.record["time_limit"] == "05 ngày làm việc" and second.record["fee"] == "Không"


def test_a_preview_is_its_uploaders_confirmed_once_and_bad_files_write_nothing(
    drafter_client, make_user, auth, client, session
):
    before = _counts(session)
    page = _upload(drafter_client, word_decision()).get_data(as_text=True)
    assert 'name="payload"' not in page  # the read waits on its job, not in the page
    preview = preview_urls(page)[0].split("?")[0]
    make_user("quantri", "admin")
    other = client.application.test_client()
    auth.login("quantri", client=other)
    assert other.get(preview).status_code == 404  # the draft would be the uploader's: nobody else's preview
    assert other.post(preview_urls(page)[1], data=preview_form(page)).status_code == 404
    assert _counts(session) == before
    assert confirm_preview(drafter_client, page).status_code == 303
    again = confirm_preview(drafter_client, page)  # a second click, another tab: the draft made, no second one
    assert again.status_code == 302 and "/soan-thao/" in again.headers["Location"]
    made = _counts(session)
    assert made == (before[0] + 1, before[1] + 2)
    response = _send(drafter_client, b"", "rong.docx")
    assert response.status_code == 302
    page = drafter_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Không đọc được tệp Word: Tệp tải lên rỗng." in page
    assert _counts(session) == made


def test_same_access_rules_as_the_excel_upload(demo, make_user, client, session, auth):
    data = word_decision()
    assert _send(client, data).status_code == 302  # anonymous: to the login page
    make_user("tham", "reviewer")
    auth.login("tham")
    assert _send(client, data).status_code == 403
    auth.logout()
    make_user("soan", "drafter", AGENCY)
    auth.login("soan")
    before = _counts(session)
    other_agency = word_decision([["1", "1.000532", "Thủ tục gia hạn", "", ""]])
    page = _upload(client, other_agency).get_data(as_text=True)
    response = confirm_preview(client, page, **{"entry-0-action": "abolished"})
    assert response.status_code == 302  # back to the preview, which says why
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "không thuộc cơ quan của bạn: 1.000532" in shown
    assert '<option value="abolished" selected>' in shown  # the fix is kept: only the refusal's cause to settle
    assert _counts(session) == before


def test_fields_not_sent_are_unchanged(drafter_client, session):
    """What the page's script sends: the positions the page showed and only the fields the drafter changed."""
    page = _upload(drafter_client, word_decision(number="79/QĐ-UBND")).get_data(as_text=True)
    response = drafter_client.post(
        preview_urls(page)[1], data={"entries_shown": "0,1", "entry-0-name": "Thủ tục đã sửa tên"}
    )
    assert response.status_code == 303
    decision = session.scalar(select(Decision).where(Decision.number == "79/QĐ-UBND"))
    assert [e.record["name"] for e in decision.entries] == ["Thủ tục đã sửa tên", "Thủ tục thử hai"]
    assert decision.entries[1].record["place"] == "Trung tâm Phục vụ hành chính công tỉnh"
    assert decision.signer == "Nguyễn Văn A" and decision.effective_date.isoformat() == "2025-12-05"
