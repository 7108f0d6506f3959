"""Siblings told apart by what the story implies (actions.json, branch act38): a place between
"ở lại" and "luôn", a variant the name tells as its case ("… đối với trường hợp ký lại hợp đồng
thuê"), "điều chỉnh" said for a name amending by another verb, a parent taken home from a care
home, a shop moving ("dời") its address, an heir not taking their share, a register gone."""

from __future__ import annotations

from tthc.search.actions import implied, starts_with
from tthc.search.analysis import folded_form, tokens
from tthc.search.names import _across


def _folded(text: str) -> list[str]:
    return [folded_form(w) for w in tokens(text)]


def test_a_place_may_stand_between_staying_and_for_good() -> None:
    # "ở lại luôn" (actions.json) with the place inside, as "không dùng giếng khoan nữa" has its thing
    assert ("thuong", "tru") in implied(tokens("muốn ở lại Việt Nam luôn"))
    assert ("thuong", "tru") in implied(tokens("muon o lai ben nay luon"))
    assert ("thuong", "tru") not in implied(tokens("ở lại một hai hôm rồi về, mua luôn vé"))


def test_an_action_may_start_the_names_case() -> None:
    name = _folded("Cho thuê nhà ở cũ thuộc tài sản công đối với trường hợp ký lại hợp đồng thuê")
    assert starts_with(name, frozenset({("ki", "lai")})) == ("ki", "lai")
    # an exception is no case the name serves
    exception = _folded(
        "Thủ tục đề nghị tạm ngừng giao dịch trừ trường hợp tạm ngừng giao dịch do sự kiện bất khả kháng"
    )
    assert starts_with(exception, frozenset({("tam", "ngung")})) is None


def test_a_phrase_reads_across_the_variant_asked() -> None:
    pairs = _across(_folded("Thủ tục đăng ký lại kết hôn"), ("dang", "ki", "lai"))
    assert ("ki", "ket") in pairs and ("dang", "ket") in pairs
    assert _across(_folded("Đăng ký kết hôn"), ("cap", "lai")) == set()
