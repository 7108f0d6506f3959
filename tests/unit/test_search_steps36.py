"""Which step of the leading event comes first (branch step36): the step whose own words hold
clearly the most of the query's telling words leads wherever it is listed (`query._step_told`),
when it holds two words of the query the first step does not; one word alone, met in another
sense, moves nothing.

The whole catalogue (catalogue_large) with the shipped events; the queries were written for these
tests, not taken from the evaluation."""

from __future__ import annotations

from tests.support.search_engines import assert_first
from tthc.search.query import STEP_TOLD_RATIO, _step_told

# procedure → (query unit, words of it) its step holds
ONE, TWO, THREE = frozenset({(0, 1)}), frozenset({(0, 1), (1, 1)}), frozenset({(0, 1), (1, 1), (2, 1)})


def test_a_step_holding_clearly_the_most_leads_wherever_it_is_listed():
    order = [10, 11, 12, 13]
    step_of = {d: d for d in order}
    fit = {10: 0.0, 11: 0.05, 12: 0.0, 13: 0.2}
    assert _step_told(order, set(order), fit, {11: ONE, 13: THREE}, step_of) == 13


def test_a_step_must_clearly_beat_each_step_listed_before_it():
    order = [10, 11, 12]
    step_of = {d: d for d in order}
    fit = {10: 0.0, 11: 0.15, 12: 0.15 * STEP_TOLD_RATIO * 0.9}
    assert _step_told(order, set(order), fit, {11: ONE, 12: THREE}, step_of) is None


def test_one_word_alone_moves_no_step():
    order = [10, 11]
    step_of = {d: d for d in order}
    assert _step_told(order, set(order), {10: 0.0, 11: 0.3}, {11: ONE}, step_of) is None
    # nor words the first step holds too: what sets the step apart counts
    assert _step_told(order, set(order), {10: 0.01, 11: 0.3}, {10: ONE, 11: TWO}, step_of) is None
    assert _step_told(order, set(order), {10: 0.0, 11: 0.3}, {11: TWO}, step_of) == 11


def test_a_special_case_the_query_does_not_ask_for_never_leads():
    order = [10, 11]
    step_of = {d: d for d in order}
    assert _step_told(order, {10}, {10: 0.0, 11: 0.3}, {11: THREE}, step_of) is None


def test_a_lost_boat_paper_is_the_reissue_listed_seventh(whole):
    # the river boat's event lists the first registration first and the reissue seventh; the
    # query's "bị mất … xin cấp lại" and "giấy đăng ký" are the reissue's own words
    assert_first(
        whole,
        {
            "giấy tờ đăng ký chiếc ghe chở hàng bị ướt hỏng hết, xin cấp lại ở đâu": "1.003930",
            "giấy đăng ký đò chở khách bị mất khi nhà dột, xin cấp lại": "1.003930",
        },
    )


def test_one_word_met_in_another_sense_keeps_the_listed_step(whole):
    # "sửa lại" holds "lại" of "Cấp lại giấy phép xây dựng": one word, not the reissue
    assert_first(whole, {"muốn sửa lại cầu thang và nâng thêm tầng cho nhà phố": "1.013229"})
