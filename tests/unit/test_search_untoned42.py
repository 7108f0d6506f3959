"""Official words typed on a phone without tones (pass untone42): a names' pair read only where the
query goes on as the names' longer phrase does, and who may ask a procedure is no special case."""

from __future__ import annotations

from tests.support.search_engines import assert_first, names_engine, whole_engine
from tthc.search.analysis import folded_form, tokens
from tthc.search.names import _bound_phrases
from tthc.search.qualifiers import held, qualifiers


def folded(text: str) -> list[str]:
    return [folded_form(w) for w in tokens(text)]


VEHICLES = {
    "1.000001": "Cấp đổi Chứng chỉ chất lượng xe cơ giới, xe máy chuyên dùng, phụ tùng xe cơ giới",
    "1.000002": "Cấp Giấy chứng nhận kiểm định xe cơ giới",
    "1.000003": "Cấp lại Giấy chứng nhận kiểm định xe cơ giới",
    "1.000004": "Đăng ký khai thác tuyến vận tải hành khách cố định",
    "1.000005": "Cấp phù hiệu xe ô tô kinh doanh vận tải",
}


def test_a_pair_the_names_hold_only_inside_a_longer_phrase_is_found():
    after, before = _bound_phrases([folded(n) for n in VEHICLES.values()])
    assert after.get("xe co") == "gioi"  # "xe cơ" is always "xe cơ giới" in these names
    assert "chung nhan" not in after  # "chứng nhận" goes on with several words
    assert before.get("co gioi") == "xe"


def test_an_untoned_word_is_read_by_the_names_pair_only_where_the_query_goes_on_as_the_phrase():
    eng = names_engine(VEHICLES)
    index = eng.names
    # "xe co 4 chiec": the bus firm has four coaches (có), not a motor vehicle (cơ giới)
    assert index.breaks_phrase(folded("nha xe co 4 chiec"), 1)
    assert index.intent_at("nha xe co 4 chiec".split(), 2, untoned=True)
    # "kiem dinh xe co gioi": the names' phrase whole
    assert not index.breaks_phrase(folded("kiem dinh xe co gioi"), 2)
    assert not index.intent_at("kiem dinh xe co gioi".split(), 3, untoned=True)
    # cut short at the query's end, still the names' phrase; a stop word after it tells nothing
    assert not index.breaks_phrase(folded("kiem dinh xe co"), 2)
    assert not index.breaks_phrase(folded("kiem dinh xe co cua cong ty"), 2)


def test_who_may_ask_is_no_special_case_of_the_organisations():
    organisations = next(i for i, q in enumerate(qualifiers()) if ("cua", "to", "chuc") in q.names)
    revoked = "Hủy bỏ hiệu lực Bằng bảo hộ giống cây trồng theo yêu cầu của tổ chức cá nhân"
    assert organisations not in held(folded(revoked))
    assert organisations not in held(
        folded("Giải thể cơ sở giáo dục mầm non độc lập (theo đề nghị của tổ chức, cá nhân thành lập trường)")
    )
    # the payer of an income and an organisation's own account stay the organisations' case
    assert organisations in held(
        folded("Khai quyết toán thuế thu nhập cá nhân đối với tổ chức, cá nhân trả thu nhập từ tiền lương, tiền công")
    )
    assert organisations in held(folded("Cấp tài khoản định danh điện tử cho cơ quan, tổ chức"))


def test_a_revocation_on_request_typed_untoned_comes_before_its_family_event():
    # untoned, the plant-variety event led with its registration: the name holding every word of the
    # query counted as the organisations' special case ("theo yêu cầu của tổ chức cá nhân")
    assert_first(
        whole_engine(),
        {
            "huy bo hieu luc bang bao ho giong cay trong": "1.012057",
            "hủy bỏ hiệu lực bằng bảo hộ giống cây trồng": "1.012057",
        },
    )


LICENCES = {
    "1.000011": "Cấp chứng chỉ hành nghề hoạt động xây dựng",
    "1.000012": "Cấp lại chứng chỉ hành nghề hoạt động xây dựng",
    "1.000013": "Cấp chứng chỉ hành nghề dược",
    "1.000014": "Đổi giấy phép lái xe do ngành Giao thông vận tải cấp",
    "1.000015": "Cấp giấy phép lái xe hạng A1",
    "1.000016": "Cấp văn bằng, chứng chỉ",
    "1.000017": "Sát hạch lái xe bằng ô tô",
    "1.000018": "Cấp Bằng bảo hộ giống cây trồng",
}


def test_a_slip_between_a_names_phrase_and_its_next_word_is_corrected():
    # "chi" may be chị typed without tones, but after "chung" it is the names' chứng chỉ: a witness
    plan = names_engine(LICENCES).names.plan("chung chi han nghe xay dung")
    assert plan.corrections.get("han") == "hanh"
    # two stop words around it witness nothing ("toi bi" stays tôi bị)
    assert not names_engine(LICENCES).names.plan("me toi bi mat giay to").corrections


def test_a_class_or_a_number_beside_an_untoned_syllable_witnesses_no_typo():
    # "hang a1" is hạng A1, a valid syllable: the synonyms' "bằng a1" beside it (and the names' "xe
    # bằng") is no reason to read bằng
    names = whole_engine().names
    assert "hang" not in names.plan("cap doi bang lai xe hang a1").corrections
    assert "hang" not in names.plan("hoc lai xe hang b2").corrections
