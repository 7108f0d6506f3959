"""Money, customs, investment and legal-costs procedures that citizens and small businesses file,
told in their own words (branch fin36): investing abroad, the VNSW account, a brand held at the
border, a court's costs, insolvency practitioners, insurance agents, the Treasury's refunds, the
land border, moving home with one's belongings, a lender selling pledged goods.

Real procedures of the whole catalogue (catalogue_large): the names' ranking as it is, with the
shipped events, synonyms and qualifiers. The queries were written for these tests, not taken
from the evaluation."""

from __future__ import annotations

from tests.support.search_engines import assert_first


def test_a_small_company_opening_a_workshop_abroad_gets_the_outward_investment_certificate(whole):
    assert_first(
        whole, {"công ty muốn mở một xưởng may ở Campuchia thì xin giấy phép đầu tư ra nước ngoài ở đâu": "2.000239"}
    )


def test_a_locked_vnsw_account_is_opened_again(whole):
    assert_first(whole, {"tài khoản vnsw của công ty bị khóa, làm sao mở lại": "3.000108"})


def test_a_brand_owner_asks_customs_to_hold_one_shipment_of_fakes(whole):
    assert_first(
        whole,
        {"có người nhập hàng nhái thương hiệu của mình qua cảng Hải Phòng, muốn hải quan giữ lô đó lại": "1.007846"},
    )


def test_an_interpreter_called_by_a_court_is_paid_without_doubt(whole):
    assert_first(whole, {"được tòa mời làm phiên dịch tiếng Khmer cho bị cáo, tiền công xin ở đâu": "2.002802"})


def test_an_insolvency_practitioner_s_certificate_is_granted_and_reissued(whole):
    assert_first(
        whole,
        {
            "luật sư muốn làm quản tài viên thì xin chứng chỉ thế nào": "2.001130",
            "mất chứng chỉ hành nghề quản tài viên, xin cấp lại": "2.001117",
        },
    )


def test_an_insurance_agent_sits_the_agent_s_exam_not_the_broker_s(whole):
    assert_first(
        whole,
        {
            "muốn làm tư vấn viên bảo hiểm nhân thọ cần thi chứng chỉ gì": "1.010387",
            "bài thi đại lý bảo hiểm bị điểm thấp, xin chấm lại": "1.010389",
        },
    )


def test_a_fine_paid_twice_is_refunded_by_the_treasury(whole):
    assert_first(whole, {"nộp phạt giao thông hai lần, làm sao nhận lại tiền ở kho bạc": "3.000116"})


def test_goods_and_cash_carried_over_a_land_border(whole):
    assert_first(
        whole,
        {
            "đi Lào về mang theo ít đồ qua cửa khẩu thì khai báo gì": "1.007891",
            "mang nhân dân tệ từ cửa khẩu vào các tỉnh nội địa có cần giấy phép không": "1.002421",
        },
    )


def test_a_foreign_expert_s_household_goods_are_moved_belongings(whole):
    assert_first(
        whole, {"chuyên gia Nhật sang làm việc 3 năm, gửi đồ đạc gia đình sang Việt Nam làm thủ tục gì": "1.007751"}
    )


def test_a_lender_registers_the_sale_of_a_pledged_truck(whole):
    assert_first(
        whole, {"người mượn tiền thế chấp xe tải không trả, tôi muốn đăng ký xử lý chiếc xe để thu nợ": "1.011438"}
    )
