"""A family's right sibling by an everyday cue (branch sib42): a paper running out asks for its
renewal where the thing has one (actions.json «otherwise»: exchanged or reissued only where
nothing renews it), a first application for the first grant and not its reissue (actions.PLAIN),
and the international tour licence as the special case beside the domestic one (qualifiers.json)."""

from __future__ import annotations

from tests.support.search_engines import assert_first, whole_engine
from tthc.search.actions import PLAIN, asked, starts_with
from tthc.search.analysis import folded_form, tokens


def _folded(text: str) -> list[str]:
    return [folded_form(w) for w in tokens(text)]


def test_running_out_asks_for_the_renewal_and_otherwise_the_exchange() -> None:
    said = asked(tokens("giấy phép sắp hết hạn"))
    assert ("gia", "han") in said.actions and ("cap", "lai") not in said.actions
    assert (("cap", "doi"), frozenset({("gia", "han")})) in said.otherwise


def test_a_first_application_asks_for_the_plain_grant_only() -> None:
    assert ("cap",) in asked(tokens("lần đầu xin giấy phép")).actions
    assert starts_with(_folded("Cấp Giấy phép vận tải qua biên giới"), PLAIN) == ("cap",)
    assert starts_with(_folded("Cấp lại Giấy phép vận tải qua biên giới"), PLAIN) is None
    assert starts_with(_folded("Thủ tục đăng ký lại khai sinh"), PLAIN) is None
    assert starts_with(_folded("Đăng ký và cấp Sổ thuyền viên"), PLAIN) == ("dang", "ki")


def test_siblings_told_apart_by_everyday_cues() -> None:
    assert_first(
        whole_engine(),
        {
            # a renewal exists: not the reissue, not the first grant
            "giấy phép flegt xuất gỗ sắp hết hiệu lực": "3.000156",
            "giấy phép thăm dò khoáng sản sắp hết hạn": "1.014263",
            # no renewal of the identity card: its exchange
            "căn cước hết hạn": "1.014063",
            # the first time: the grant, not its reissue
            "ghe chở hàng qua campuchia, lần đầu xin giấy phép chạy qua biên giới": "1.004261",
            # tours inside the country: the domestic licence; abroad: the international one
            "mở công ty du lịch đưa khách đi tour trong nước": "2.001628",
            "mở công ty tour đưa khách sang thái lan": "1.004602",
            # giving up the farm: its code withdrawn, not issued again
            "nghỉ nuôi gà, dẹp trại luôn": "1.014953",
        },
    )
