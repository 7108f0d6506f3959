"""First public pages: the catalogue by level and sector in Vietnamese order, one procedure, ?ngay=."""

import re


def test_listing_groups_by_level_and_sector_in_vietnamese_order(client, demo):
    page = client.get("/danh-muc").get_data(as_text=True)
    assert "36 thủ tục" in page
    levels = re.findall(r'<h2 id="cap-[^"]+">([^<]+)</h2>', page)
    assert levels == ["Cấp tỉnh", "Cấp xã", "Cấp trung ương"]
    province = page.split('id="cap-tinh"')[1].split('id="cap-xa"')[0]
    sectors = [s.strip() for s in re.findall(r"<h3>([^<]+)<span", province)]
    assert sectors == ["Điện lực", "Nuôi con nuôi", "Trợ giúp pháp lý"]  # đ < n < t
    names = re.findall(r'<li><a href="/thu-tuc/[^"]+">([^<]+)</a>', province.split("<h3>Nuôi con nuôi")[0])
    from tthc.text import sort_key

    assert names == sorted(names, key=sort_key) and len(names) == 9


def test_listing_on_a_past_date(client, demo):
    page = client.get("/danh-muc?ngay=2025-11-18").get_data(as_text=True)
    assert "34 thủ tục" in page and "ngày 18/11/2025" in page
    assert "Đăng ký cai nghiện ma túy tự nguyện" not in page


def test_bad_dates_are_refused_in_vietnamese(client, demo):
    response = client.get("/?ngay=20-11-2025")
    assert response.status_code == 400 and "không đúng dạng" in response.get_data(as_text=True)
    assert client.get("/?ngay=1800-01-01").status_code == 400


def test_procedure_page_shows_all_parts_and_history(client, demo):
    page = client.get("/thu-tuc/1.001233").get_data(as_text=True)
    for heading in [
        "Trình tự thực hiện",
        "Cách thức thực hiện",
        "Thành phần, số lượng hồ sơ",
        "Yêu cầu, điều kiện",
        "Kết quả thực hiện",
        "Căn cứ pháp lý",
        "Lịch sử thay đổi",
    ]:
        assert f">{heading}</h2>" in page
    assert "Sở Tư pháp" in page


def test_procedure_page_before_it_existed_and_unknown_code(client, demo):
    page = client.get("/thu-tuc/3.000527?ngay=2025-11-19").get_data(as_text=True)
    assert "chưa có trong danh mục vào ngày 19/11/2025" in page
    assert client.get("/thu-tuc/9.999999").status_code == 404


def test_a_new_procedure_announced_for_later_is_shown_as_not_yet_in_force(client, demo, session_factory):
    import datetime as dt

    from tthc.db import transaction
    from tthc.models.decisions import Decision, DecisionEntry

    effective = dt.date.today() + dt.timedelta(days=10)
    with transaction(session_factory) as session:
        decision = Decision(
            number="15/QĐ-UBND",
            title="Công bố thủ tục mới",
            issuer="UBND tỉnh",
            status="signed",
            signed_date=dt.date.today(),
            effective_date=effective,
        )
        decision.entries = [
            DecisionEntry(
                position=0, action="new", code="1.999777", record={"name": "Thủ tục sắp có hiệu lực (thử nghiệm)"}
            )
        ]
        session.add(decision)
    page = client.get("/thu-tuc/1.999777").get_data(as_text=True)
    assert "đã công bố, chưa có hiệu lực" in page and effective.strftime("%d/%m/%Y") in page
    assert "<h1>Thủ tục sắp có hiệu lực (thử nghiệm)</h1>" in page
    assert client.get("/danh-muc").get_data(as_text=True).count("1.999777") == 0  # not in the catalogue in force
    answer = client.get("/api/v1/procedures/1.999777").get_json()
    assert answer["state"] == "not_yet_in_force" and answer["versions"] == []
    assert answer["announced"]["valid_from"] == effective.isoformat()
    assert answer["announced"]["record"]["name"] == "Thủ tục sắp có hiệu lực (thử nghiệm)"
