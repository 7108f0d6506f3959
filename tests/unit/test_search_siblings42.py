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


def test_a_change_asks_for_the_reissue_where_nothing_amends_the_paper() -> None:
    # the road transport licence has no "Thay đổi" / "Điều chỉnh": its reissue on a change
    said = asked(tokens("công ty chuyển trụ sở"))
    assert ("thay", "doi") in said.actions
    assert any(action == ("cap", "lai") for action, _paired in said.otherwise)
    assert_first(whole_engine(), {"giấy phép kinh doanh vận tải đổi địa chỉ": "2.002286"})


def test_everyday_words_for_lost_worn_and_expired() -> None:
    assert ("cap", "lai") in asked(tokens("bị giật mất ví, căn cước trong ví")).actions
    assert ("cap", "doi") in asked(tokens("thẻ bị bể làm đôi")).actions
    assert not asked(tokens("xin phép xây bể bơi")).actions  # a pool, not a broken card
    assert ("gia", "han") in asked(tokens("giấy phép hết date rồi")).actions


def test_a_tour_firm_closing_gets_its_licence_withdrawn() -> None:
    # the tour business event lists the withdrawal; the story's dissolution asks for it
    assert_first(whole_engine(), {"công ty du lịch giải tán, giấy phép lữ hành nội địa xử lý sao": "2.001589"})
