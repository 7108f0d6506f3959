"""Agencies are entities: the register maps every spelling and combined text onto one entry, what it
cannot read is listed for an administrator to map once (history untouched), and drafting follows the
agencies that have a role in a procedure, or a grant."""

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from tests.support.auth import csrf_token
from tthc.catalogue.agencies import fold_agency, grant, load_register, map_text, register_agency, unmapped_texts
from tthc.catalogue.io import import_baseline
from tthc.db import transaction
from tthc.decisions import drafting as core
from tthc.decisions.drafting import DraftingError
from tthc.models.catalogue import Agency, ProcedureVersion

BASE = {
    "level": "tinh",
    "field": "Trợ giúp pháp lý",
    "time_limit": "10 Ngày",
    "fee": "Không",
    "documents": ["Đơn"],
    "steps": ["Nộp hồ sơ"],
}
THREE_WAYS = {
    "2.000001": "Sở Tư pháp",
    "2.000002": "sở tư pháp ",
    "2.000003": "Giám đốc Sở Tư pháp, Trung tâm Trợ giúp pháp lý nhà nước",
}


@pytest.fixture
def catalogue(session_factory, tmp_path):
    lines = [
        {**BASE, "code": code, "name": f"Thủ tục thử {code}", "agency": agency} for code, agency in THREE_WAYS.items()
    ]
    lines.append(
        {**BASE, "code": "2.001249", "name": "Cấp giấy phép hoạt động điện lực", "field": "Điện lực", "agency": ""}
    )
    lines.append({**BASE, "code": "2.000009", "name": "Thủ tục của phòng", "agency": "Biên phòng cửa khẩu"})
    path = tmp_path / "baseline.jsonl"
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    with transaction(session_factory) as session:
        import_baseline(session, path, dt.date(2025, 1, 1), actor="test")
    return session_factory


def token(client) -> str:
    return csrf_token(client, "/quan-tri/co-quan")


def amend(session_factory, username: str, code: str):
    from tthc.models.accounts import User

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
        assert session.scalar(select(func.count()).select_from(Agency).where(Agency.folded == "so tu phap")) == 1
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
    answer = client.post(
        "/quan-tri/co-quan/anh-xa",
        data={"text": "Biên phòng cửa khẩu", "agency_id": agency_id, "csrf_token": token(client)},
    )
    assert answer.status_code == 302
    page = client.get("/quan-tri/co-quan").get_data(as_text=True)
    assert "«Biên phòng cửa khẩu» → Sở Tư pháp" in page
    answer = client.post(
        "/quan-tri/co-quan/quyen-soan-thao",
        data={"agency_id": agency_id, "kind": "sector", "value": "Điện lực", "csrf_token": token(client)},
    )
    assert answer.status_code == 302
    assert "Sở Tư pháp: Lĩnh vực «Điện lực»" in client.get("/quan-tri/co-quan").get_data(as_text=True)
    # The account form picks from the register: a name not in it is refused, not created.
    users = client.get("/quan-tri/tai-khoan").get_data(as_text=True)
    assert '<select id="agency" name="agency">' in users and "<datalist" not in users
    refused = client.post(
        "/quan-tri/tai-khoan",
        data={
            "username": "moi",
            "role": "drafter",
            "agency": "Sở Mới",
            "password": "mat-khau-dai-123",
            "csrf_token": token(client),
        },
    )
    assert refused.status_code == 400 and "không có trong danh sách cơ quan" in refused.get_data(as_text=True)


def test_the_agency_filter_has_no_blank_entry_nor_combined_strings(catalogue, client):
    page = client.get("/").get_data(as_text=True)
    browse = page.split("Theo cơ quan thực hiện")[1].split("</details>")[0]
    names = [n for n in browse.split(">") if "</a" in n]
    assert names and all("," not in n and n.strip() != "</a" for n in names)
    assert "co_quan=S%E1%BB%9F+T%C6%B0+ph%C3%A1p" in browse  # one entry for three spellings
    assert "(3)" in browse
    assert client.get("/danh-muc?co_quan=Sở Tư pháp").get_data(as_text=True).count('href="/thu-tuc/') == 3


def test_the_api_lists_a_procedures_register_agencies_by_role_and_the_texts_it_cannot_read(catalogue, client):
    with catalogue() as session:
        register = {a.name: a for a in session.scalars(select(Agency))}
    body = client.get("/api/v1/procedures/2.000003").get_json()
    assert body["record"]["agencies"]["executing"] == [THREE_WAYS["2.000003"]]  # the record as written
    tu_phap, tro_giup = register["Sở Tư pháp"], register["Trung tâm Trợ giúp pháp lý nhà nước"]
    assert body["agencies"] == [
        {
            "id": tu_phap.id,
            "name": "Sở Tư pháp",
            "short_name": tu_phap.short_name,
            "level": tu_phap.level,
            "role": "executing",
        },
        {
            "id": tro_giup.id,
            "name": "Trung tâm Trợ giúp pháp lý nhà nước",
            "short_name": tro_giup.short_name,
            "level": tro_giup.level,
            "role": "executing",
        },
    ]
    assert body["agencies_unmapped"] == []
    unread = client.get("/api/v1/procedures/2.000009").get_json()
    assert unread["agencies"] == []
    assert unread["agencies_unmapped"] == [{"role": "executing", "text": "Biên phòng cửa khẩu"}]
    assert client.get("/api/v1/procedures/2.001249").get_json()["agencies"] == []


def test_statistics_count_procedures_by_register_agency(catalogue):
    from tthc.stats.compute import compute_stats

    with catalogue() as session:
        figures = compute_stats(session, dt.date(2025, 6, 1))
    by_agency = {i["value"]: i for i in figures["by_agency"]}
    # Counted by hand from the catalogue above: the combined text counts for both of its agencies.
    assert {value: item["count"] for value, item in by_agency.items()} == {
        "Sở Tư pháp": 3,
        "Trung tâm Trợ giúp pháp lý nhà nước": 1,
        "Biên phòng cửa khẩu": 1,
        "": 1,
    }
    assert sorted(figures["lists"]["agency:Sở Tư pháp"]) == ["2.000001", "2.000002", "2.000003"]
    assert figures["lists"]["agency:Trung tâm Trợ giúp pháp lý nhà nước"] == ["2.000003"]
    assert by_agency["Biên phòng cửa khẩu"]["unmapped"] and by_agency["Biên phòng cửa khẩu"]["agency_id"] is None
    assert "chưa có trong danh sách cơ quan" in by_agency["Biên phòng cửa khẩu"]["label"]
    assert not by_agency["Sở Tư pháp"]["unmapped"] and by_agency["Sở Tư pháp"]["agency_id"] is not None
    assert by_agency[""]["label"] == "Chưa xác định" and not by_agency[""]["unmapped"]


def test_once_mapped_the_statistics_count_the_text_under_its_agency(catalogue):
    from tthc.stats.compute import compute_stats

    with transaction(catalogue) as session:
        agency = session.scalar(select(Agency).where(Agency.name == "Sở Tư pháp"))
        map_text(session, "Biên phòng cửa khẩu", [agency.id], actor="admin")
    with catalogue() as session:
        counts = {i["value"]: i["count"] for i in compute_stats(session, dt.date(2025, 6, 1))["by_agency"]}
    assert counts["Sở Tư pháp"] == 4 and "Biên phòng cửa khẩu" not in counts


RECEIVING = {
    "code": "2.000020",
    "name": "Thủ tục có nơi tiếp nhận",
    "sector": "Trợ giúp pháp lý",
    "level": "tinh",
    "agencies": {"executing": ["Sở Tư pháp"], "receiving": ["Trung tâm Phục vụ hành chính công tỉnh"]},
    "steps": ["Nộp hồ sơ"],
}


def test_a_receiving_agency_is_an_optional_role_kept_shown_and_listed(session_factory, tmp_path, client):
    from tthc.records import canonical_json, normalize_record

    assert "receiving" not in normalize_record({"agencies": {"executing": ["Sở Tư pháp"], "receiving": []}})["agencies"]
    assert "receiving" not in canonical_json({"code": "x"})  # records without the role keep their bytes
    path = tmp_path / "baseline.jsonl"
    path.write_text(json.dumps(RECEIVING, ensure_ascii=False) + "\n", encoding="utf-8")
    with transaction(session_factory) as session:
        register_agency(session, "Trung tâm Phục vụ hành chính công tỉnh", short_name="TTPVHCC", level="tinh")
        import_baseline(session, path, dt.date(2025, 1, 1), actor="test")
    with session_factory() as session:
        stored = session.scalar(select(ProcedureVersion).where(ProcedureVersion.code == "2.000020"))
        assert stored.record["agencies"]["receiving"] == ["Trung tâm Phục vụ hành chính công tỉnh"]
        centre = session.scalar(select(Agency).where(Agency.name == "Trung tâm Phục vụ hành chính công tỉnh"))
        assert load_register(session).roles_of(stored.record)[centre.id] == {"receiving"}
    page = client.get("/thu-tuc/2.000020").get_data(as_text=True)
    assert "Cơ quan tiếp nhận hồ sơ" in page and "Trung tâm Phục vụ hành chính công tỉnh" in page
    body = client.get("/api/v1/procedures/2.000020").get_json()
    assert {
        "id": centre.id,
        "name": centre.name,
        "short_name": "TTPVHCC",
        "level": "tinh",
        "role": "receiving",
    } in body["agencies"]


def test_the_receiving_role_goes_through_the_entry_form_and_the_diff():
    from werkzeug.datastructures import MultiDict

    from tthc.decisions.entry_form import record_from_form
    from tthc.records import normalize_record
    from tthc.records.diff import diff_records

    form = MultiDict(
        [
            ("name", "Thủ tục"),
            ("agencies-executing", "Sở Tư pháp"),
            ("agencies-receiving", "Trung tâm Phục vụ hành chính công tỉnh"),
        ]
    )
    given = normalize_record(record_from_form(form))
    assert given["agencies"]["receiving"] == ["Trung tâm Phục vụ hành chính công tỉnh"]
    blank = normalize_record(record_from_form(MultiDict([("name", "Thủ tục"), ("agencies-executing", "Sở Tư pháp")])))
    assert "receiving" not in blank["agencies"]
    changes = diff_records(blank, given)
    assert [c["field"] for c in changes] == ["agencies.receiving"]
    assert diff_records(given, given) == []
