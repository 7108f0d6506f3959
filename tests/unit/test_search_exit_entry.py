"""Exit and entry, vehicle papers and border passes (pass mob35): foreigners' long stays and border
areas are events of their own, the AB stamp has an event, a situation's action picks among the
steps starting with it by their own words. Real names and codes (catalogue_large)."""

from __future__ import annotations

from functools import lru_cache

from tests.support.search_engines import large_rows
from tthc.search.documents import SearchDocument
from tthc.search.memory import MemoryEngine
from tthc.search.query import SearchQuery

FIELDS = (
    "Quản lý xuất nhập cảnh",
    "Đăng ký, quản lý phương tiện giao thông cơ giới, xe máy chuyên dùng",
    "Đường bộ",
    "Sát hạch, cấp giấy phép lái xe",
    "Hộ tịch",
    "Việc làm",
)


@lru_cache(maxsize=1)
def _engine() -> MemoryEngine:
    """The names of the fields alone, built at the first test that asks (not at collection)."""
    docs = [
        SearchDocument(
            code=r["code"], name=r["name"], level="xa", sector="", agency="", status="in_force", valid_from="2025-01-01"
        )
        for r in large_rows()
        if r["field"] in FIELDS
    ]
    return MemoryEngine(docs, "test")


def first(text: str) -> tuple[str, str | None]:
    hits = _engine().search(SearchQuery(text).normalized()).hits
    return (hits[0]["code"], hits[0].get("event")) if hits else ("", None)


def test_a_foreign_spouse_staying_for_good_asks_for_the_permanent_card():
    code, event = first("chồng người Hàn lấy vợ Việt ở đây lâu năm có được cấp thẻ thường trú không")
    assert code in {"1.001010", "1.003290"}
    assert event == "nguoi-nuoc-ngoai-o-lau-dai"


def test_foreign_tourists_at_the_border_need_the_border_area_permit():
    assert first("đoàn khách Tây muốn vào khu vực biên giới Hà Giang tham quan cần xin phép gì")[0] == "1.000931"


def test_a_company_inviting_a_partner_asks_for_the_e_visa_on_its_request():
    assert first("công ty mời đối tác Ấn Độ sang họp thì xin visa điện tử cho họ thế nào")[0] == "1.002756"


def test_extending_a_visa_is_extending_the_stay():
    assert first("gia han visa cho nguoi nuoc ngoai dang o viet nam")[0] in {"1.001146", "1.003326"}


def test_the_ab_stamp_expired_is_its_own_renewal_not_the_lost_passport_s():
    assert first("tem AB trên hộ chiếu đi Trung Quốc hết hạn rồi, xin cấp lại")[0] in {"1.014902", "1.014906"}
    assert first("đi Lào bằng tem AB")[0] in {"1.014900", "1.014904"}


def test_a_worker_sent_to_laos_gets_the_pass_for_staff_of_border_provinces():
    assert first("công ty ở Quảng Trị cử nhân viên sang Lào công tác ngắn ngày bằng giấy thông hành")[0] == "1.001258"
    assert first("mat giay thong hanh qua Trung Quoc roi, bao cong an xa duoc khong")[0] in {"1.010055", "1.010049"}


def test_a_stolen_registration_is_reissued_what_to_bring_is_not_luggage():
    text = (
        "Hôm qua nhà tôi bị trộm đột nhập, lấy mất cái ví trong đó có giấy đăng ký xe ô tô, xe vẫn còn ở nhà, "
        "giờ tôi muốn ra công an làm lại giấy đăng ký xe thì cần mang theo những gì"
    )
    assert first(text)[0] in {"1.013080", "1.013082"}
