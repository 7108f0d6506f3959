"""General before special: cases a citizen says in other words (pass gvs41).

A craft village "mấy trăm năm", "lâu đời" is the traditional one ("Công nhận làng nghề truyền
thống" extends "Công nhận làng nghề"); a certificate running out ("hết hiệu lực", "sắp hết hạn")
is the renewal "do hết hạn" / "đã hết hạn", not the lost one. Real names and codes
(catalogue_large), whole catalogue."""

from __future__ import annotations

from tests.support.search_engines import assert_first
from tthc.search.analysis import folded_form, tokens
from tthc.search.qualifiers import asked, held, qualifiers


def case(name_phrase: str) -> int:
    folded = tuple(folded_form(w) for w in tokens(name_phrase))
    return next(i for i, q in enumerate(qualifiers()) if folded in q.names)


def folded(name: str) -> list[str]:
    return [folded_form(w) for w in tokens(name)]


def test_an_old_craft_village_is_the_traditional_case():
    old = case("truyền thống")
    assert old in asked("làng tôi làm gốm mấy trăm năm nay, xin công nhận làng nghề lâu đời")
    assert old in asked("nghề dệt chiếu cha truyền con nối")
    assert old not in asked("xin công nhận làng nghề mây tre đan")
    assert old in held(folded("Công nhận làng nghề truyền thống"))


def test_running_out_is_the_renewal_not_the_loss():
    out = case("đã hết hạn")
    assert out in asked("chứng chỉ môi giới tháng sau là hết hiệu lực")
    assert out in held(
        folded(
            "Cấp lại chứng chỉ hành nghề môi giới bất động sản (trong trường hợp chứng chỉ cũ "
            "đã hết hạn hoặc gần hết hạn)"
        )
    )
    # "cấp lần đầu hoặc giấy chứng nhận hết hạn" is the first issue too: no special case
    assert out not in held(
        folded("Cấp mới Giấy chứng nhận đủ điều kiện (trong trường hợp: Cấp lần đầu hoặc Giấy chứng nhận hết hạn)")
    )


def test_craft_villages_general_before_traditional(whole):
    assert_first(
        whole,
        {
            "công nhận làng nghề": "1.003695",
            "làng tôi làm gốm mấy trăm năm nay, xin công nhận là làng nghề lâu đời": "1.003727",
        },
    )
