"""Farmers', fishers' and small businesses' steps no event reached (branch fresh39b): the province's
farm supports, a boatyard's certificate, a withdrawn household-business application, a transport
firm's permit for Laos, a tax abbreviation and a paper "due" asking for its extension.

Real procedures of the whole catalogue (catalogue_large) with the shipped events, synonyms and
actions. The queries were written for these tests, not taken from the evaluation."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.search_engines import assert_first
from tthc.search.query import SearchQuery

EVENTS = Path(__file__).resolve().parents[2] / "tthc" / "search" / "events.json"


def test_the_new_farm_support_events_are_whole():
    events = {e["slug"]: e for e in json.loads(EVENTS.read_text(encoding="utf-8"))["events"]}
    for slug in ("ho-tro-trong-trot", "ho-tro-ocop-che-bien"):
        event = events[slug]
        assert len(event["phrases"]) >= 20 and event["source"] and event["steps"], slug


def test_the_province_s_farm_supports_are_reached_by_what_the_farmer_does(whole):
    assert_first(
        whole,
        {
            "ruộng lúa nhà tôi thuê máy bay không người lái phun thuốc, tỉnh có trả bớt tiền thuê không": "1.013113",
            "nhà tôi muốn dựng nhà màng trồng dưa, tỉnh có hỗ trợ tiền không": "1.013093",
            "cơ sở làm nước mắm muốn in tem truy xuất nguồn gốc, tỉnh có hỗ trợ không": "1.013104",
        },
    )


def test_a_boatyard_and_a_withdrawn_shop_application_reach_their_steps(whole):
    assert_first(
        whole,
        {
            "mở xưởng sửa và đóng mới tàu cá cho bà con ngư dân cần giấy gì": "1.004697",
            "mới nộp hồ sơ hộ kinh doanh ở phường, muốn rút hồ sơ thì làm sao": "1.014035",
        },
    )


def test_a_transport_firm_s_trucks_to_laos_need_the_lao_road_permit(whole):
    assert_first(whole, {"xe tải của công ty chở hàng sang Lào cần giấy gì": "1.002861"})


def test_bvmt_is_the_environmental_protection_tax_and_a_due_paper_asks_for_its_extension(whole):
    assert_first(
        whole,
        {
            "khai thuế bvmt cho xăng dầu ở đâu": "1.008323",
            "giấy phép trồng dừa trên bờ kênh thủy lợi sắp đến hạn, xin thêm thời gian": "1.014864",
        },
    )


def test_bank_rates_and_rice_prices_are_still_nothing_here(whole):
    # the new events' texts speak of loans and rice; a question about them is still not theirs
    for text in ("so sánh lãi suất vay mua nhà các ngân hàng", "giá lúa hôm nay ở An Giang"):
        assert whole.search(SearchQuery(text).normalized()).nothing_fits, text
