"""Saying "mất" before a paper is its loss, asking for a reissue ("mất thẻ", "mất giấy", "mất sổ": actions.json);
the same words across a clause end are a death and then the paper ("bố mất, giấy tờ nhà đất…"): a
situation is said within one clause."""

from __future__ import annotations

import pytest

from tthc.search.actions import implied
from tthc.search.stopwords import read_request


def _implied(text: str) -> set[str]:
    reading = read_request(text)
    return {" ".join(action) for action in implied(reading.words, reading.clauses)}


@pytest.mark.parametrize(
    "text",
    ["mất thẻ bảo hiểm y tế của con", "mat the bhyt", "lỡ mất giấy phép lái xe hạng B2", "mất sổ hộ nghèo rồi"],
)
def test_losing_a_paper_asks_for_its_reissue(text: str) -> None:
    assert "cap lai" in _implied(text)


@pytest.mark.parametrize(
    "text",
    ["bố mất, giấy tờ nhà đất đứng tên bố thì chia thế nào", "ông nội mất. Sổ tiết kiệm của ông ai được rút"],
)
def test_a_death_then_a_paper_asks_for_no_reissue(text: str) -> None:
    assert "cap lai" not in _implied(text)


@pytest.mark.parametrize(
    "text", ["làm lại thẻ bảo hiểm y tế cho mẹ", "lam lai giay phep lai xe", "muốn làm lại sổ hộ nghèo"]
)
def test_making_a_paper_again_asks_for_its_reissue(text: str) -> None:
    assert "cap lai" in _implied(text)


def test_making_something_again_that_is_no_paper_asks_for_no_reissue() -> None:
    assert "cap lai" not in _implied("làm lại nhà sau bão")
