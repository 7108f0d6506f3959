"""Pass biz35: the procedures a household business, a shop, a small company's accountant or a
cooperative does, told in everyday words, reach their events over the whole real catalogue
(queries written for these tests, not taken from the evaluation)."""

from __future__ import annotations

import pytest

from tthc.search.memory import MemoryEngine
from tthc.search.query import SearchQuery


def ask(eng: MemoryEngine, text: str):
    return eng.search(SearchQuery(text, explain=True).normalized())


@pytest.mark.parametrize(
    ("text", "slug", "first"),
    [
        # a cooperative group (tổ hợp tác) is registered with the commune, not as a cooperative
        ("mấy hộ nuôi cá lồng trong thôn muốn lập tổ hợp tác", "to-hop-tac", {"2.002637", "2.002226"}),
        # a cooperative already running: its shop moved
        ("htx dời cửa hàng vật tư sang chỗ khác", "hop-tac-xa-hoat-dong", {"1.005378"}),
        # a one-owner company taking a partner becomes a two-member company
        ("công ty một thành viên có thêm người góp vốn thì làm sao", "chuyen-doi-loai-hinh-cong-ty", {"2.002033"}),
        # a food workshop asked for its food-safety certificate
        ("cơ sở làm nước mắm cần giấy an toàn thực phẩm", "an-toan-thuc-pham", {"2.001827"}),
    ],
)
def test_a_small_business_s_case_reaches_its_new_event(whole, text, slug, first):
    result = ask(whole, text)
    assert result.event and result.event["slug"] == slug, (text, result.event)
    assert result.hits[0]["code"] in first, (text, [h["code"] for h in result.hits])


def test_a_household_on_flat_tax_asked_for_an_invoice_gets_the_invoice_issued_case_by_case(whole):
    # the step's condition says "hộ khoán": a household on presumptive tax has no invoices of its own
    result = ask(whole, "hộ khoán bán hàng cho công ty, khách đòi xuất hóa đơn")
    assert result.event and result.event["slug"] == "hoa-don-dien-tu", result.event
    assert result.hits[0]["code"] == "1.010339", [h["code"] for h in result.hits]
    # a company changing its e-invoice provider still gets the registration of e-invoices
    result = ask(whole, "doi nha cung cap hoa don dien tu co phai bao thue khong")
    assert result.hits[0]["code"] == "1.010337", [h["code"] for h in result.hits]


def test_a_tender_asking_for_no_tax_debt_is_the_tax_confirmation(whole):
    result = ask(whole, "hồ sơ dự thầu đòi giấy xác nhận không nợ thuế")
    assert result.hits[0]["code"] == "1.008591", [h["code"] for h in result.hits]


def test_a_company_moving_province_asking_about_its_tax_office_gets_the_tax_step_first(whole):
    result = ask(whole, "công ty dời trụ sở qua tỉnh khác thì mã số thuế chuyển về chi cục thuế nào")
    assert result.event and result.event["slug"] == "chuyen-kinh-doanh-sang-tinh-khac", result.event
    assert result.hits[0]["code"] == "1.008504", [h["code"] for h in result.hits]
