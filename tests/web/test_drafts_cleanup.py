"""Drafts can be cleaned up (a never-submitted draft is deleted by its agency, audited; anything submitted
stays), staff land on their own work after login, and a new entry needs its level and sector."""

import pytest
from sqlalchemy import select

from tests.support.review import load, make_draft, user
from tthc.db import transaction
from tthc.decisions import drafting, workflow
from tthc.decisions.checks import check_one_entry
from tthc.models.accounts import AuditLog
from tthc.models.decisions import Decision

pytestmark = pytest.mark.app_config(WTF_CSRF_ENABLED=False)


def _draft(f):
    return make_draft(
        f, [{"action": "amended", "code": "2.000840", "applicants": "Công dân Việt Nam"}], created_by="soan"
    )


def test_a_never_submitted_draft_is_deleted_by_its_agency_and_audited(people, client, auth, session):
    did = _draft(people)
    auth.login("soan2")
    assert client.post(f"/soan-thao/{did}/xoa", data={"xac_nhan": "1"}).status_code == 404  # never sees it
    auth.login("soan")
    assert "Xóa dự thảo (chưa từng gửi thẩm định)" in client.get(f"/soan-thao/{did}").get_data(as_text=True)
    unconfirmed = client.post(f"/soan-thao/{did}/xoa", follow_redirects=True)
    assert "Hãy đánh dấu ô xác nhận" in unconfirmed.get_data(as_text=True)
    assert session.get(Decision, did) is not None
    response = client.post(f"/soan-thao/{did}/xoa", data={"xac_nhan": "1"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/soan-thao/")
    session.expire_all()
    assert session.get(Decision, did) is None
    event = session.scalar(select(AuditLog).where(AuditLog.action == "decision.delete", AuditLog.object_id == str(did)))
    assert event.detail["codes"] == ["2.000840"] and event.detail["entries"] == 1


def test_a_submitted_or_withdrawn_decision_is_never_deleted(people):
    f = people
    did = _draft(f)
    with transaction(f) as session:
        workflow.submit(session, load(session, did), user(session, "soan"))
    with transaction(f) as session:
        workflow.request_changes(session, load(session, did), user(session, "tham"), "Sửa lại")
    with transaction(f) as session:
        with pytest.raises(drafting.DraftingError, match="chỉ có thể rút"):
            drafting.delete_draft(session, load(session, did), user(session, "soan"))
        workflow.withdraw(session, load(session, did), user(session, "soan"), "Không ban hành nữa")
    with transaction(f) as session, pytest.raises(drafting.DraftingError):
        drafting.delete_draft(session, load(session, did), user(session, "soan"))
    with f() as session:
        assert load(session, did).status == "withdrawn"


@pytest.mark.parametrize(
    ("username", "landing"),
    [("soan", "/soan-thao/"), ("tham", "/tham-dinh/"), ("ky", "/tham-dinh/"), ("quay", "/can-bo/niem-yet/")],
)
def test_staff_land_on_their_own_work_after_login(people, auth, username, landing):
    response = auth.login(username)
    assert response.headers["Location"] == landing
    assert auth.login(username, url="/dang-nhap?next=/thu-tuc/").headers["Location"] == "/thu-tuc/"


def test_new_entry_needs_level_and_sector(people, client, auth, session):
    auth.login("soan")
    did = int(
        client.post("/soan-thao/moi", data={"title": "Công bố thủ tục mới", "issuer": "UBND tỉnh"})
        .headers["Location"]
        .rstrip("/")
        .split("/")[-1]
    )
    entry_url = client.post(f"/soan-thao/{did}/muc", data={"action": "new", "name": "Thủ tục thử"}).headers["Location"]
    decision = session.get(Decision, did)
    fields = {p.field for p in check_one_entry(session, decision, decision.entries[0]) if p.severity == "error"}
    assert {"level", "sector"} <= fields
    html = client.get(entry_url).get_data(as_text=True)
    assert 'id="f-level-problems"' in html and 'id="f-sector-problems"' in html
    assert '<datalist id="sectors">' in html and '<option value="Trợ giúp pháp lý">' in html  # the register's
