"""General before special, by structure (pass gvs36): families of names that differ by the
applicant, the action or a restriction clause. A situation rules actions out as well as in (the
commune's register is gone: no copy of it, only "đăng ký lại"); a business that closes has its
licences withdrawn ("Thu hồi giấy phép … trường hợp doanh nghiệp giải thể"); a step holding a
special case the query does not ask for is never the event's chosen step, though it holds one the
query asks for too; new qualifiers (qualifiers.json): a Vietnamese living abroad, a relapse, done
wholly online, an imported vehicle. Real names and codes (catalogue_large)."""

from __future__ import annotations

from tests.support.search_engines import assert_first, names_engine
from tthc.search.actions import implied
from tthc.search.analysis import folded_form, tokens
from tthc.search.qualifiers import asked, qualifiers, unasked


def actions_of(text: str) -> set[str]:
    return {" ".join(a) for a in implied(tokens(text))}


def case(name_phrase: str) -> int:
    folded = tuple(folded_form(w) for w in tokens(name_phrase))
    return next(i for i, q in enumerate(qualifiers()) if folded in q.names)


def test_a_register_gone_asks_to_register_again_never_for_a_copy():
    said = actions_of("giấy khai sinh của mẹ bị thất lạc, ủy ban xã cũng không còn sổ gốc")
    assert "dang ki lai" in said
    assert "cap ban sao" not in said
    # the paper alone lost: a copy from the register is still an answer
    assert "cap ban sao" in actions_of("giấy khai sinh của mẹ bị thất lạc")


def test_a_business_closing_asks_for_its_licences_to_be_withdrawn():
    assert "thu hoi" in actions_of("công ty làm ăn thua lỗ nên giải tán")
    assert "thu hoi" in actions_of("cong ty giai tan roi")


def test_living_abroad_is_not_a_foreign_party():
    abroad = case("việt nam ở nước ngoài")
    assert abroad in asked("tôi định cư bên Đức lâu rồi")
    assert abroad in asked("đang ở nước ngoài")
    assert abroad not in asked("chồng tôi người Đức sống ở Hà Nội")


def test_a_step_holding_a_case_not_asked_is_unasked_even_with_one_asked():
    foreign, border = case("có yếu tố nước ngoài"), case("khu vực biên giới")
    assert unasked((foreign, border), {foreign})
    assert not unasked((foreign,), {foreign})
    assert not unasked((foreign, border), {foreign, border})


def test_a_relapse_and_online_and_imported_are_special_cases():
    assert case("tái phát") in asked("chỗ gãy chân cũ giờ đau lại")
    assert case("trực tuyến toàn trình") in asked("làm qua mạng được không")
    assert case("xe nhập khẩu") in asked("xe nhập từ Nhật về")


QUOC_TICH = {  # the living-abroad procedure listed first, as in the catalogue's order
    "2.002797": "Nhập quốc tịch Việt Nam ở nước ngoài",
    "2.002039": "Nhập quốc tịch Việt Nam ở trong nước",
    "1.005137": "Cấp Giấy xác nhận có quốc tịch Việt Nam ở nước ngoài",
    "1.005136": "Cấp Giấy xác nhận có quốc tịch Việt Nam ở trong nước",
}


def test_abroad_named_in_other_words_picks_the_abroad_member_else_the_one_at_home():
    eng = names_engine(QUOC_TICH)
    assert_first(
        eng,
        {
            "chồng tôi người Nhật sống ở Đà Nẵng đã lâu, muốn nhập quốc tịch Việt Nam": "2.002039",
            "tôi định cư ở Canada, xin giấy xác nhận có quốc tịch Việt Nam": "1.005137",
        },
    )


def test_the_families_on_the_whole_catalogue(whole):
    assert_first(
        whole,
        {
            # the register gone: register the birth again, not a copy of the register
            "giấy khai sinh của mẹ tôi thất lạc, ủy ban xã không còn sổ gốc": "1.004884",
        },
    )
    # a foreign national died inland: the foreign death, not the border-area one (no longer doubted
    # since the refit of session 42)
    assert_first(whole, {"chồng tôi người Pháp mất ở Huế, làm giấy báo tử cho anh ấy": "1.001766"})
