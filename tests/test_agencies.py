"""Agencies are entities: the register maps every spelling and combined text onto one entry, what it
cannot read is listed for an administrator to map once (history untouched), and drafting follows the
agencies that have a role in a procedure, or a grant."""
import datetime as dt
import json

import pytest
from auth_support import _csrf_token
from sqlalchemy import func, select

from tthc.catalogue.agencies import fold_agency, grant, load_register, map_text, unmapped_texts
from tthc.catalogue.io import import_baseline
from tthc.catalogue.models import Agency, ProcedureVersion
from tthc.db import transaction
from tthc.decisions import drafting as core
from tthc.decisions.drafting import DraftingError

BASE = {"level": "tinh", "field": "Trợ giúp pháp lý", "time_limit": "10 Ngày", "fee": "Không",
        "documents": ["Đơn"], "steps": ["Nộp hồ sơ"]}
THREE_WAYS = {"2.000001": "Sở Tư pháp", "2.000002": "sở tư pháp ",
              "2.000003": "Giám đốc Sở Tư pháp, Trung tâm Trợ giúp pháp lý nhà nước"}


@pytest.fixture
def catalogue(session_factory, tmp_path):
    lines = [{**BASE, "code": code, "name": f"Thủ tục thử {code}", "agency": agency}
             for code, agency in THREE_WAYS.items()]
    lines.append({**BASE, "code": "2.001249", "name": "Cấp giấy phép hoạt động điện lực", "field": "Điện lực",
                  "agency": ""})
    lines.append({**BASE, "code": "2.000009", "name": "Thủ tục của phòng", "agency": "Biên phòng cửa khẩu"})
    path = tmp_path / "baseline.jsonl"
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    with transaction(session_factory) as session:
        import_baseline(session, path, dt.date(2025, 1, 1), actor="test")
    return session_factory


def token(client) -> str:
    return _csrf_token(client, "/quan-tri/co-quan")


def amend(session_factory, username: str, code: str):
    from tthc.accounts.models import User
    with transaction(session_factory) as session:
        user = session.scalar(select(User).where(User.username == username))
        decision = core.create_draft(session, user, title="Sửa đổi thủ tục")
        return core.add_entry(session, decision, user, "amended", code=code).id


def test_an_agency_written_three_ways_maps_to_one_register_entry_and_its_drafter_amends(catalogue, make_user):
    with catalogue() as session:
        assert session.scalar(select(func.count()).where(Agency.folded == fold_agency("Sở Tư pháp"))) == 1
        register = load_register(session)
        ids = [register.resolve(text)[0] for text in THREE_WAYS.values()]
        assert ids[0] == ids[1] and ids[0] <= ids[2] and len(ids[0]) == 1
        assert {session.get(Agency, i).name for i in ids[2]} >= {"Sở Tư pháp"}
        assert not any("," in a.name for a in session.scalars(select(Agency)))  # no combined strings
    make_user("soan-tp", "drafter", agency="SỞ TƯ PHÁP")  # typed a fourth way: the same agency
    with catalogue() as session:
        assert session.scalar(select(func.count()).select_from(Agency).where(
            Agency.folded == "so tu phap")) == 1
    for code in THREE_WAYS:
        assert amend(catalogue, "soan-tp", code)
    with pytest.raises(DraftingError):
        amend(catalogue, "soan-tp", "2.001249")  # electricity: not theirs


def test_so_cong_thuong_drafts_electricity_once_granted(catalogue, make_user):
    make_user("soan-ct", "drafter", agency="Sở Công Thương")
    with pytest.raises(DraftingError):
        amend(catalogue, "soan-ct", "2.001249")  # no agency recorded
    with transaction(catalogue) as session:
        agency = session.scalar(select(Agency).where(Agency.name == "Sở Công Thương"))
        grant(session, agency.id, "sector", "Điện lực", actor="admin")
    assert amend(catalogue, "soan-ct", "2.001249")


def test_an_unmapped_text_is_listed_and_mapped_once_without_rewriting_history(catalogue, make_user):
    with catalogue() as session:
        unmapped, without = unmapped_texts(session)
        assert [u.text for u in unmapped] == ["Biên phòng cửa khẩu"] and unmapped[0].codes == ["2.000009"]
        assert without == 1  # the electricity procedure names no agency
        before = session.scalar(select(ProcedureVersion.record).where(ProcedureVersion.code == "2.000009"))
    make_user("soan-tp", "drafter", agency="Sở Tư pháp")
    with pytest.raises(DraftingError):
        amend(catalogue, "soan-tp", "2.000009")
    with transaction(catalogue) as session:
        agency = session.scalar(select(Agency).where(Agency.name == "Sở Tư pháp"))
        map_text(session, "biên phòng cửa khẩu", [agency.id], actor="admin")
    assert amend(catalogue, "soan-tp", "2.000009")
    with catalogue() as session:
        assert unmapped_texts(session)[0] == []
        after = session.scalar(select(ProcedureVersion.record).where(ProcedureVersion.code == "2.000009"))
        assert after == before and after["agencies"]["executing"] == ["Biên phòng cửa khẩu"]


def test_administrator_maps_and_grants_on_the_agencies_page(catalogue, client, make_user, auth):
    make_user("quan-tri", "admin")
    auth.login("quan-tri")
    page = client.get("/quan-tri/co-quan").get_data(as_text=True)
    assert "Biên phòng cửa khẩu" in page and "1 thủ tục đang có hiệu lực chưa ghi cơ quan" in page
    with catalogue() as session:
        agency_id = session.scalar(select(Agency.id).where(Agency.name == "Sở Tư pháp"))
    answer = client.post("/quan-tri/co-quan/anh-xa", data={"text": "Biên phòng cửa khẩu", "agency_id": agency_id,
                                                         "csrf_token": token(client)})
    assert answer.status_code == 302
    page = client.get("/quan-tri/co-quan").get_data(as_text=True)
    assert "«Biên phòng cửa khẩu» → Sở Tư pháp" in page
    answer = client.post("/quan-tri/co-quan/quyen-soan-thao", data={
        "agency_id": agency_id, "kind": "sector", "value": "Điện lực", "csrf_token": token(client)})
    assert answer.status_code == 302
    assert "Sở Tư pháp: Lĩnh vực «Điện lực»" in client.get("/quan-tri/co-quan").get_data(as_text=True)
    # The account form picks from the register: a name not in it is refused, not created.
    users = client.get("/quan-tri/tai-khoan").get_data(as_text=True)
    assert '<select id="agency" name="agency">' in users and "<datalist" not in users
    refused = client.post("/quan-tri/tai-khoan", data={"username": "moi", "role": "drafter", "agency": "Sở Mới",
                                                      "password": "mat-khau-dai-123", "csrf_token": token(client)})
    assert refused.status_code == 400 and "không có trong danh sách cơ quan" in refused.get_data(as_text=True)


def test_the_agency_filter_has_no_blank_entry_nor_combined_strings(catalogue, client):
    page = client.get("/").get_data(as_text=True)
    browse = page.split("Theo cơ quan thực hiện")[1].split("</details>")[0]
    names = [n for n in browse.split(">") if "</a" in n]
    assert names and all("," not in n and n.strip() != "</a" for n in names)
    assert "co_quan=S%E1%BB%9F+T%C6%B0+ph%C3%A1p" in browse  # one entry for three spellings
    assert "(3)" in browse
    assert client.get("/danh-muc?co_quan=Sở Tư pháp").get_data(as_text=True).count('href="/thu-tuc/') == 3
