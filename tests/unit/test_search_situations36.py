"""Situations told without the procedure's name (branch sit36): new events for needs no event
reached, a police officer's own case said as "cảnh sát", a birth abroad said by the country.

Real procedures of the whole catalogue (catalogue_large): the names' ranking as it is, with the
shipped events, synonyms and qualifiers. The queries were written for these tests, not taken
from the evaluation."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.search_engines import assert_first
from tthc.search.query import SearchQuery

EVENTS = Path(__file__).resolve().parents[2] / "tthc" / "search" / "events.json"


def test_the_new_events_are_whole():
    # >= 20 phrasings, a source, every step a real code: the rules every event follows
    events = {e["slug"]: e for e in json.loads(EVENTS.read_text(encoding="utf-8"))["events"]}
    for slug in ("lien-ket-san-xuat-tieu-thu", "hoa-don-may-tinh-tien", "cap-nhat-thong-tin-dang-ky-doanh-nghiep"):
        event = events[slug]
        assert len(event["phrases"]) >= 20 and event["source"] and event["steps"], slug


def test_a_police_officer_killed_on_duty_is_the_police_s_own_martyr_case(whole):
    # "cảnh sát" says the police's special case as "công an" does: the police's recognition, not
    # the general allowance of a martyr's relatives listed first
    assert_first(
        whole,
        {"chồng tôi là cảnh sát cơ động, hy sinh khi chống bạo loạn, gia đình xin công nhận liệt sĩ": "1.004163"},
    )


def test_a_birth_abroad_said_by_the_country_is_the_foreign_re_registration(whole):
    assert_first(whole, {"tôi sinh ở Đức, bản chính khai sinh mất rồi, ủy ban cũng không còn lưu sổ": "2.000522"})


def test_a_shop_with_a_cash_register_sends_its_invoice_data(whole):
    assert_first(
        whole, {"siêu thị mini dùng máy tính tiền, phải truyền dữ liệu hóa đơn cho cơ quan thuế thế nào": "1.010343"}
    )


def test_a_company_fills_in_what_its_registration_lacks(whole):
    assert_first(whole, {"công ty cần bổ sung email còn thiếu trong hồ sơ đăng ký doanh nghiệp": "2.002015"})


def test_a_resettled_family_short_of_money_owes_the_land_levy(whole):
    assert_first(whole, {"bị giải tỏa nhà, được giao lô tái định cư mà không đủ tiền đóng, xin nợ lại": "1.012995"})


def test_a_cooperative_selling_under_contract_is_led_by_the_linkage_support(whole):
    result = whole.search(
        SearchQuery(
            "hợp tác xã trồng chè ký hợp đồng bao tiêu với nhà máy, muốn xin hỗ trợ dự án liên kết"
        ).normalized()
    )
    assert result.event and result.event["slug"] == "lien-ket-san-xuat-tieu-thu"
    assert result.hits[0]["code"] in {"1.003397", "1.003434", "1.013081"} and not result.nothing_fits
