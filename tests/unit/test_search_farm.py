"""Farmers', fishers' and boat owners' procedures told in their own words (branch farm35).

Real procedures of the whole catalogue (catalogue_large): the names' ranking as it is, with the
shipped events, synonyms and qualifiers. The queries were written for these tests, not taken
from the evaluation."""

from __future__ import annotations

from tests.support.search_engines import assert_first


def test_a_fishing_boat_s_step_is_told_by_the_fisher_s_words(whole):
    # The re-issue is a choice, told by "rách", "ướt"; the licence by "ra khơi đánh bắt"; "bán đi"
    # no longer lends the deregistration the word "đi"
    assert_first(
        whole,
        {
            "ghe cá bị cháy mất giấy đăng ký tàu, xin làm lại": "1.003634",
            "tàu cá sắp ra khơi đánh bắt cần xin giấy phép gì": "1.004359",
        },
    )


def test_a_boat_bought_from_another_province_or_an_owner_who_moved_is_registered_again(whole):
    assert_first(
        whole,
        {
            "mua chiếc ghe của người tỉnh khác, sang tên ghe cho mình": "1.003970",
            "chủ ghe chuyển hộ khẩu sang tỉnh khác có phải đăng ký lại ghe không": "1.006391",
        },
    )


def test_a_shrimp_pond_certified_for_a_buyer_is_its_own_choice(whole):
    assert_first(whole, {"đìa nuôi tôm cần giấy chứng nhận đủ điều kiện để bán cho công ty": "1.004913"})
