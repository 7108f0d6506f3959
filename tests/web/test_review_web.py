"""The review pages through the Flask test client (the browser test walks the whole path)."""

import datetime as dt
import io

import pytest
from sqlalchemy import select

from tests.support.review import load, make_draft, tiny_pdf
from tthc.models.decisions import Decision

PDF = tiny_pdf()


@pytest.fixture
def staff(app, demo, make_user):
    app.config["WTF_CSRF_ENABLED"] = False
    make_user("soan", "drafter", agency="Sở Tư pháp")
    make_user("tham", "reviewer")
    make_user("ky", "signer")
    return demo


def _lock(factory, decision_id):
    with factory() as session:
        return load(session, decision_id).lock_version


def test_review_pages_and_transitions(client, staff, auth):
    f = staff
    did = make_draft(
        f,
        [
            {"action": "amended", "code": "2.000587", "applicants": "Luật sư, tư vấn viên pháp luật"},
            {"action": "amended", "code": "2.000596", "applicants": "Không đổi?"},
        ],
        created_by="soan",
    )
    auth.login("soan")
    page = client.get(f"/tham-dinh/{did}").get_data(as_text=True)
    assert "Gửi thẩm định" in page and "Sửa mục 1 (trang soạn thảo)" in page
    client.post(f"/tham-dinh/{did}/gui", data={"lock_version": _lock(f, did)})
    auth.login("tham")
    dashboard = client.get("/tham-dinh/").get_data(as_text=True)
    assert "Chờ bạn thẩm định (1)" in dashboard
    page = client.get(f"/tham-dinh/{did}").get_data(as_text=True)
    assert "Đối tượng thực hiện" in page and '<ins class="d-ins chg">' in page
    assert "Thông qua dự thảo" in page and "Chú giải" in page
    side = client.get(f"/tham-dinh/{did}?xem=song-song").get_data(as_text=True)
    assert 'class="d-side"' in side
    stale = _lock(f, did) - 1
    response = client.post(f"/tham-dinh/{did}/thong-qua", data={"lock_version": stale}, follow_redirects=True)
    assert "người khác thay đổi" in response.get_data(as_text=True)
    client.post(f"/tham-dinh/{did}/thong-qua", data={"lock_version": _lock(f, did)})
    auth.login("ky")
    response = client.post(
        f"/tham-dinh/{did}/ky",
        data={
            "lock_version": _lock(f, did),
            "number": "99/QĐ-UBND",
            "signed_date": dt.date.today().isoformat(),
            "signer": "Trần Văn B",
            "effective_date": (dt.date.today() + dt.timedelta(days=2)).isoformat(),
            "pdf": (io.BytesIO(b"GIF89a not a pdf"), "qd.pdf"),
        },
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "không phải văn bản PDF" in response.get_data(as_text=True)
    response = client.post(
        f"/tham-dinh/{did}/ky",
        data={
            "lock_version": _lock(f, did),
            "number": "99/QĐ-UBND",
            "signed_date": "26/11/2026",
            "signer": "Trần Văn B",
            "effective_date": "",
        },
        follow_redirects=True,
    )
    assert "Ngày ký «26/11/2026» không đúng dạng" in response.get_data(as_text=True)
    client.post(
        f"/tham-dinh/{did}/ky",
        data={
            "lock_version": _lock(f, did),
            "number": "99/QĐ-UBND",
            "signed_date": dt.date.today().isoformat(),
            "signer": "Trần Văn B",
            "effective_date": (dt.date.today() + dt.timedelta(days=2)).isoformat(),
            "pdf": (io.BytesIO(PDF), "qd.pdf"),
        },
        content_type="multipart/form-data",
    )
    with f() as session:
        assert load(session, did).status == "signed"
    page = client.get(f"/tham-dinh/{did}").get_data(as_text=True)
    assert "qd.pdf" in page


def test_roles_are_enforced(client, staff, auth):
    did = make_draft(staff, [{"action": "amended", "code": "2.000587", "fee": "Không"}], created_by="soan")
    assert client.get(f"/tham-dinh/{did}").status_code == 302  # to the login page
    auth.login("tham")
    assert client.post(f"/tham-dinh/{did}/gui", data={}).status_code == 403
    auth.login("soan")
    assert client.post(f"/tham-dinh/{did}/thong-qua", data={}).status_code == 403
    from tthc.accounts.service import create_user
    from tthc.db import transaction

    with transaction(staff) as session:
        create_user(session, "khac", "drafter", "mat-khau-an-toan-1", agency="Sở Công Thương")
    auth.login("khac")  # a drafter of another agency neither sees nor acts on this draft: it does not exist
    assert client.get(f"/tham-dinh/{did}").status_code == 404
    assert client.post(f"/tham-dinh/{did}/gui", data={}).status_code == 404
    with staff() as session:
        baseline = session.scalar(select(Decision.id).where(Decision.kind == "baseline"))
    assert client.get(f"/tham-dinh/{baseline}").status_code == 404


def test_comments_on_a_field_reply_and_resolve(client, staff, auth):
    did = make_draft(staff, [{"action": "amended", "code": "2.000587", "fee": "Không"}], created_by="soan")
    with staff() as session:
        entry_id = load(session, did).entries[0].id
    auth.login("tham")
    client.post(f"/tham-dinh/{did}/gop-y", data={"body": "Phí cần căn cứ", "entry_id": entry_id, "field": "fee"})
    response = client.post(f"/tham-dinh/{did}/gop-y", data={"body": "  "}, follow_redirects=True)
    assert "đang trống" in response.get_data(as_text=True)
    auth.login("soan")  # the drafter sees it on their draft and answers
    page = client.get(f"/tham-dinh/{did}").get_data(as_text=True)
    assert "Phí cần căn cứ" in page and "phần «Phí, lệ phí»" in page and "1 góp ý chưa giải quyết" in page
    from tthc.models.decisions import Comment

    with staff() as session:
        root = session.scalar(select(Comment.id).where(Comment.decision_id == did))
    client.post(f"/tham-dinh/{did}/gop-y", data={"body": "Đã bổ sung", "parent_id": root})
    refused = client.post(f"/tham-dinh/{did}/gop-y/{root}/xong", follow_redirects=True).get_data(as_text=True)
    assert "Chỉ người viết góp ý hoặc cán bộ kiểm soát TTHC" in refused  # the drafter only marks «đã sửa»
    auth.login("tham")
    client.post(f"/tham-dinh/{did}/gop-y/{root}/xong")
    page = client.get(f"/tham-dinh/{did}").get_data(as_text=True)
    assert "Đã bổ sung" in page and "✓ Đã giải quyết" in page and "Góp ý (0 chưa giải quyết)" in page


def test_signed_pdf_is_downloadable_by_staff_and_public(client, staff, auth):
    from tests.support.review import signed_decision
    from tthc.models.decisions import Attachment

    did = signed_decision(
        staff,
        [{"action": "amended", "code": "2.000587", "applicants": "Luật sư"}],
        number="5/QĐ-UBND",
        effective_date=dt.date.today() + dt.timedelta(days=9),
        pdf=("qđ 5.pdf", PDF),
    )
    with staff() as s:
        attachment_id = s.scalar(select(Attachment.id).where(Attachment.decision_id == did))
    public = client.get(f"/quyet-dinh/{did}/tep/{attachment_id}")
    assert public.status_code == 200 and public.data == PDF and public.mimetype == "application/pdf"
    assert client.get(f"/quyet-dinh/{did}/tep/{attachment_id + 1}").status_code == 404
    auth.login("tham")
    assert client.get(f"/tham-dinh/{did}/tep/{attachment_id}").data == PDF


def test_drafting_page_shows_review_comments_and_links_the_diff(client, staff, auth):
    did = make_draft(staff, [{"action": "amended", "code": "2.000587", "applicants": "Luật sư"}], created_by="soan")
    auth.login("tham")
    client.post(f"/tham-dinh/{did}/gop-y", data={"body": "Bổ sung đối tượng là tổ chức"})
    auth.login("soan")
    page = client.get(f"/soan-thao/{did}").get_data(as_text=True)
    assert "Bổ sung đối tượng là tổ chức" in page and f"/tham-dinh/{did}" in page
