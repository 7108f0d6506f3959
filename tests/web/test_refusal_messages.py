"""A refusal of the domain reaches the person as its Vietnamese message, one way (tthc/web/refusals.py):
flashed on the page the form came from (302), the page re-rendered with it, JSON for autosave, 404 for
what the user may not see, and the right 4xx status on the error page."""

import datetime as dt

import pytest

from tests.support.review import load, make_draft
from tthc.db import transaction
from tthc.decisions import workflow

AMENDED = [{"action": "amended", "code": "2.000587", "applicants": "Luật sư, tư vấn viên pháp luật"}]


@pytest.fixture
def staff(app, demo, make_user):
    app.config["WTF_CSRF_ENABLED"] = False
    make_user("soan", "drafter", agency="Sở Tư pháp")
    make_user("soan-ct", "drafter", agency="Sở Công Thương")
    make_user("tham", "reviewer")
    make_user("ky", "signer")
    make_user("quan-tri", "admin")
    return demo


def _lock(factory, decision_id):
    with factory() as session:
        return load(session, decision_id).lock_version


def _approved(factory):
    from tests.support.review import user

    did = make_draft(factory, AMENDED, created_by="soan", issuer="UBND tỉnh Quảng Trị")
    with transaction(factory) as session:
        workflow.submit(session, load(session, did), user(session, "soan"))
    with transaction(factory) as session:
        workflow.approve(session, load(session, did), user(session, "tham"))
    return did


def _sign_form(factory, did, number, effective):
    return {
        "lock_version": _lock(factory, did),
        "number": number,
        "signed_date": dt.date.today().isoformat(),
        "signer": "Hoàng Nam",
        "effective_date": effective.isoformat(),
    }


def test_a_number_already_used_is_flashed_back_on_the_review_page(client, staff, auth):
    did = _approved(staff)
    auth.login("ky")
    later = dt.date.today() + dt.timedelta(days=3)
    response = client.post(f"/tham-dinh/{did}/ky", data=_sign_form(staff, did, "2715/QĐ-UBND", later))
    assert response.status_code == 302 and response.headers["Location"].startswith(f"/tham-dinh/{did}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Số quyết định 2715/QĐ-UBND đã được dùng cho một quyết định khác." in page
    with staff() as session:
        assert load(session, did).status == "approved"  # rolled back: nothing of the signature kept


def test_signing_on_the_effective_date_says_it_took_effect(client, staff, auth):
    did = _approved(staff)
    auth.login("ky")
    response = client.post(
        f"/tham-dinh/{did}/ky", data=_sign_form(staff, did, "2716/QĐ-UBND", dt.date.today()), follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert "Đã ghi nhận quyết định được ký ban hành." in page
    assert "Quyết định đã có hiệu lực và được áp dụng vào danh mục." in page
    with staff() as session:
        assert load(session, did).status == "in_force"


def test_approving_ones_own_submission_is_refused_in_words(client, staff, auth):
    did = make_draft(staff, AMENDED, created_by="quan-tri")
    auth.login("quan-tri")
    client.post(f"/tham-dinh/{did}/gui", data={"lock_version": _lock(staff, did)})
    response = client.post(
        f"/tham-dinh/{did}/thong-qua", data={"lock_version": _lock(staff, did)}, follow_redirects=True
    )
    assert "tự thông qua" in response.get_data(as_text=True)
    with staff() as session:
        assert load(session, did).status == "submitted"


def test_autosave_of_a_submitted_draft_answers_json(client, staff, auth):
    did = make_draft(staff, AMENDED, created_by="soan")
    auth.login("soan")
    client.post(f"/tham-dinh/{did}/gui", data={"lock_version": _lock(staff, did)})
    response = client.post(f"/soan-thao/{did}", data={"title": "Sửa sau khi gửi"}, headers={"X-Autosave": "1"})
    body = response.get_json()
    assert response.status_code == 400 and body["saved"] is False
    assert "không sửa được nữa" in body["message"]


def test_a_draft_of_another_agency_does_not_exist_for_the_drafter(client, staff, auth):
    did = make_draft(staff, AMENDED, created_by="soan")
    auth.login("soan-ct")
    assert client.get(f"/soan-thao/{did}").status_code == 404
    response = client.post(f"/soan-thao/{did}/muc", data={"action": "abolished", "code": "2.000587"})
    assert response.status_code == 404 and "không tồn tại" in response.get_data(as_text=True)


def test_an_account_form_refused_is_shown_again_with_the_reason(client, staff, auth):
    auth.login("quan-tri")
    response = client.post(
        "/quan-tri/tai-khoan", data={"username": "soan", "role": "drafter", "password": "mat-khau-du-dai-123"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "soan" in page and "đã tồn tại" in page


def test_withdrawing_without_a_reason_is_flashed(client, staff, auth):
    did = make_draft(staff, AMENDED, created_by="soan")
    auth.login("tham")
    response = client.post(f"/tham-dinh/{did}/rut", data={"lock_version": _lock(staff, did), "note": "  "})
    assert response.status_code == 302
    assert "Hãy ghi lý do rút quyết định (bắt buộc)." in client.get(response.headers["Location"]).get_data(as_text=True)
