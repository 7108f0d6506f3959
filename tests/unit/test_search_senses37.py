"""A word a step's own words hold only inside a set phrase the query lacks tells that step nothing
(branch sit37, `query._other_sense`): most names holding "lại" hold "cấp lại", so "xây lại"
(rebuild) does not ask for the reissue step "Cấp lại giấy phép xây dựng"; "xin cấp lại" does.

A stub index for the rule; the whole catalogue (catalogue_large) with the shipped events for the
ranking. The queries were written for these tests, not taken from the evaluation."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from tests.support.search_engines import assert_first
from tthc.search.query import SENSE_MIN_NAMES, _bound_in_pair, _other_sense, _spelt


def stub(counts: dict[str, int]) -> SimpleNamespace:
    """An index whose postings hold `counts[term]` names for each term."""
    return SimpleNamespace(postings={t: (np.arange(n), np.ones(n)) for t, n in counts.items()})


# "lại": 100 names, 60 of them in "cấp lại"; "xây": 40 names, none beside "lại"
INDEX = stub({"lai": 100, "cap lai": 60, "xay": 40, "dang ki lai": 5, "ki lai": 20, "ki": 300})


def test_a_word_most_names_hold_in_one_pair_is_bound_there():
    assert _bound_in_pair(INDEX, "cap lai", "lai")
    assert not _bound_in_pair(INDEX, "ki lai", "lai")  # a fifth of its names: no set phrase
    rare = stub({"lai": SENSE_MIN_NAMES - 1, "cap lai": SENSE_MIN_NAMES - 1})
    assert not _bound_in_pair(rare, "cap lai", "lai")  # too few names to tell a word's senses


def test_a_step_holding_the_word_only_in_a_phrase_the_query_lacks_meets_another_sense():
    texts = _spelt(("Cấp lại giấy phép xây dựng", ""))
    assert _other_sense(INDEX, texts, "lai", frozenset({"xay", "can"}))  # "xây lại căn nhà"
    assert not _other_sense(INDEX, texts, "lai", frozenset({"cap", "giay"}))  # "xin cấp lại giấy phép"
    # held outside the phrase too (a condition "nếu … làm lại"): the word keeps its sense
    assert not _other_sense(INDEX, _spelt(("Cấp lại giấy phép", "nếu xây lại")), "lai", frozenset({"xay"}))
    assert not _other_sense(INDEX, _spelt(("Giấy phép xây dựng mới", "")), "lai", frozenset({"xay"}))  # not held


def test_rebuilding_a_run_down_house_is_the_building_permit_not_its_reissue(whole):
    # "xây lại" and "xuống cấp" hold "lại" and "cấp" of "Cấp lại giấy phép xây dựng": other senses
    assert_first(
        whole,
        {
            "nhà xuống cấp quá, định xây lại căn nhà cấp bốn": "1.013225",
            "nhà cấp bốn đã xuống cấp, xây lại thì xin phép gì": "1.013225",
        },
    )
