"""First public pages: the catalogue by level and sector in Vietnamese order, one procedure, ?ngay=."""
import re


def test_listing_groups_by_level_and_sector_in_vietnamese_order(client, demo):
    page = client.get("/").get_data(as_text=True)
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
    page = client.get("/?ngay=2025-11-18").get_data(as_text=True)
    assert "34 thủ tục" in page and "ngày 18/11/2025" in page
    assert "Đăng ký cai nghiện ma túy tự nguyện" not in page


def test_bad_dates_are_refused_in_vietnamese(client, demo):
    response = client.get("/?ngay=20-11-2025")
    assert response.status_code == 400 and "không đúng dạng" in response.get_data(as_text=True)
    assert client.get("/?ngay=1800-01-01").status_code == 400


def test_procedure_page_shows_all_parts_and_history(client, demo):
    page = client.get("/thu-tuc/1.001233").get_data(as_text=True)
    for heading in ["Trình tự thực hiện", "Cách thức thực hiện", "Thành phần, số lượng hồ sơ",
                    "Yêu cầu, điều kiện", "Kết quả thực hiện", "Căn cứ pháp lý", "Lịch sử thay đổi"]:
        assert f">{heading}</h2>" in page
    assert "Sở Tư pháp" in page


def test_procedure_page_before_it_existed_and_unknown_code(client, demo):
    page = client.get("/thu-tuc/3.000527?ngay=2025-11-19").get_data(as_text=True)
    assert "chưa có trong danh mục vào ngày 19/11/2025" in page
    assert client.get("/thu-tuc/9.999999").status_code == 404
