"""Staff pages of sources (/nguon/) and the national reconciliation (/doi-chieu/), through the test client."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from sqlalchemy import select

from tests.support.sources import ministry_source
from tthc.config import PROJECT_ROOT
from tthc.models.decisions import Decision
from tthc.models.sources import Source
from tthc.sources.national import import_snapshot


@pytest.fixture
def staff(app, demo, make_user):
    app.config["WTF_CSRF_ENABLED"] = False
    make_user("soan", "drafter", agency="Sở Tư pháp")
    make_user("tham", "reviewer")
    return demo


def _upload(client, data=None, name="3120_QĐ-BTP.docx"):
    return client.post(
        "/nguon/", data={"file": (io.BytesIO(data or ministry_source()), name)}, content_type="multipart/form-data"
    )


def test_upload_what_it_means_and_a_draft_from_the_page(client, staff, auth):
    auth.login("soan")
    response = _upload(client)
    assert response.status_code == 302
    with staff() as session:
        source = session.scalars(select(Source)).one()
        ids = {e.code: e.id for e in source.entries}
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    for label in ("Mới đối với tỉnh", "Đã có: cần sửa đổi", "Đã có: cần bãi bỏ", "Đã khớp", "Không thuộc cấp của tỉnh"):
        assert label in page
    assert "tên gần giống" in page and "2.000518" in page
    assert "<ins" in page and "50.000" in page  # the fee's word diff
    response = client.post(
        f"/nguon/{source.id}/du-thao", data={"entry": [ids["1.013500"], ids["2.000587"], ids["2.000840"]]}
    )
    assert response.status_code == 302 and "/soan-thao/" in response.headers["Location"]
    draft_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Dự thảo lập từ nguồn" in draft_page and "Tỉnh cần bổ sung" in draft_page
    with staff() as session:
        decision = session.scalars(select(Decision).where(Decision.status == "draft")).one()
    review = client.get(f"/tham-dinh/{decision.id}").get_data(as_text=True)
    assert "Quyết định số 3120/QĐ-BTP" in review
    listing = client.get("/nguon/").get_data(as_text=True)
    assert "3120/QĐ-BTP" in listing and "Chưa giao" in listing


def test_a_bad_upload_is_refused_with_a_message(client, staff, auth):
    auth.login("soan")
    response = _upload(client, b"not a word file", "quyet-dinh.docx")
    assert response.status_code == 302
    page = client.get("/nguon/").get_data(as_text=True)
    assert "Chưa có nguồn nào" in page and "Không đọc được tệp" in page


def test_the_office_assigns_and_records_an_entry_not_applied(client, staff, auth):
    auth.login("tham")
    _upload(client)
    with staff() as session:
        source = session.scalars(select(Source)).one()
        entry = next(e for e in source.entries if e.code == "1.013500")
    assert "Đề xuất theo lĩnh vực" in client.get(f"/nguon/{source.id}").get_data(as_text=True)
    client.post(
        f"/nguon/{source.id}/muc/{entry.id}/khong-ap-dung", data={"reason": "Tỉnh không có trợ giúp viên tập sự"}
    )
    page = client.get(f"/nguon/{source.id}").get_data(as_text=True)
    assert "Không áp dụng: Tỉnh không có trợ giúp viên tập sự" in page


def test_overdue_sources_are_on_the_office_landing_page(client, staff, auth):
    auth.login("tham")
    _upload(client, ministry_source(number="3122/QĐ-BTP", effective="ngày 01 tháng 12 năm 2025"))
    page = client.get("/tham-dinh/").get_data(as_text=True)
    assert "Nguồn đã quá hạn công bố" in page and "3122/QĐ-BTP" in page


def test_reconciliation_page_export_and_intended(client, staff, auth):
    with staff() as session:
        lines = (PROJECT_ROOT / "catalogue_data" / "procedures.jsonl").read_text(encoding="utf-8").splitlines()
        flats = [json.loads(line) for line in lines if line.strip()]
        flats[1] = {**flats[1], "fee": "=1+1"}
        import_snapshot(session, enumerate(flats, start=1), dt.date(2025, 12, 1))
        session.commit()
    auth.login("tham")
    page = client.get("/doi-chieu/").get_data(as_text=True)
    assert "Cùng thủ tục, nội dung khác" in page and flats[1]["code"] in page
    xlsx = client.get("/doi-chieu/doi-chieu.xlsx")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"
    client.post(
        "/doi-chieu/giu",
        data={"kind": "different", "code": flats[1]["code"], "field": "fee", "reason": "Mức thu của tỉnh"},
    )
    page = client.get("/doi-chieu/").get_data(as_text=True)
    assert "Mức thu của tỉnh" in page
    response = client.post("/doi-chieu/nguon")
    assert response.status_code == 302 and "/nguon/" in response.headers["Location"]
    assert "Cơ sở dữ liệu quốc gia" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_staff_confirm_a_near_name_or_say_it_is_none_of_them(client, staff, auth):
    from tests.support.sources import NEAR_NAME
    from tthc.audit import AuditLog

    auth.login("soan")
    _upload(client)
    with staff() as session:
        source = session.scalars(select(Source)).one()
        entry_id = next(e.id for e in source.entries if e.name == NEAR_NAME)
    page = client.get(f"/nguon/{source.id}").get_data(as_text=True)
    assert "Không phải thủ tục nào ở trên" in page
    confirm = f"/nguon/{source.id}/muc/{entry_id}/xac-nhan"
    client.post(confirm, data={"code": "2.099999"})
    assert "Mã 2.099999 không có trong danh mục" in client.get(f"/nguon/{source.id}").get_data(as_text=True)
    client.post(confirm, data={"code": ""})
    page = client.get(f"/nguon/{source.id}").get_data(as_text=True)
    assert "Đã xác nhận: không phải thủ tục nào đang có." in page and "tên gần giống" not in page
    client.post(confirm, data={"code": "2.000518"})
    page = client.get(f"/nguon/{source.id}").get_data(as_text=True)
    assert "Đã xác nhận: là thủ tục 2.000518." in page
    row = page.split(f'id="dong-{entry_id}"')[1].split("</tr>")[0]
    assert "2.000518" in row and "Đã có: cần sửa đổi" in row  # its Phần I row cites another legal basis
    with staff() as session:
        codes = [a.detail["code"] for a in session.scalars(select(AuditLog).where(AuditLog.action == "source.confirm"))]
    assert codes == ["", "2.000518"]


def test_the_office_assigns_the_agency_proposed_by_sector_and_only_its_drafters_draft(client, staff, auth, make_user):
    from tthc.audit import AuditLog
    from tthc.catalogue.agencies import find_agency

    make_user("soan-ct", "drafter", agency="Sở Công Thương")
    auth.login("tham")
    _upload(client)
    with staff() as session:
        source = session.scalars(select(Source)).one()
        new_id = next(e.id for e in source.entries if e.code == "1.013500")
        justice = find_agency(session, "Sở Tư pháp").id
    page = client.get(f"/nguon/{source.id}").get_data(as_text=True)
    assert "Đề xuất theo lĩnh vực: <strong>Sở Tư pháp</strong>" in page  # it executes the sector's procedures
    client.post(f"/nguon/{source.id}/giao", data={"agency_id": justice})
    assert "Đã giao cho <strong>Sở Tư pháp</strong>" in client.get(f"/nguon/{source.id}").get_data(as_text=True)
    assert "Chưa giao" not in client.get("/nguon/").get_data(as_text=True)
    auth.login("soan-ct")
    client.post(f"/nguon/{source.id}/du-thao", data={"entry": [new_id]})
    assert "Nguồn này đã giao cho Sở Tư pháp" in client.get(f"/nguon/{source.id}").get_data(as_text=True)
    auth.login("soan")
    response = client.post(f"/nguon/{source.id}/du-thao", data={"entry": [new_id]})
    assert "/soan-thao/" in response.headers["Location"]
    with staff() as session:
        assert [a.detail for a in session.scalars(select(AuditLog).where(AuditLog.action == "source.assign"))] == [
            {"agency": justice}
        ]
        draft = session.scalars(select(Decision).where(Decision.status == "draft")).one()
        assert draft.drafting_agency.name == "Sở Tư pháp"
