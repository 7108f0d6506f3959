"""Colloquial words of session 40 (branch col40): everyday, regional and abbreviated ways of
naming a thing that procedure names never use (synonyms.json groups, stopwords.json «office»;
see docs/search.md, pass col40).

The whole catalogue (catalogue_large) with the shipped events; the queries were written for these
tests, not taken from the evaluation."""

from __future__ import annotations

from tests.support.search_engines import assert_first
from tthc.search.query import SearchQuery


def test_a_firm_paying_the_landlords_tax_for_him_is_tax_paid_on_his_behalf(whole):
    # "giùm", "dùm", "giúp" after "khai thuế" / "nộp thuế": the name says "khai thuế thay, nộp thuế thay"
    assert_first(whole, {"doanh nghiệp thuê nhà tôi khai thuế dùm cho tôi": "1.011021"})


def test_dropping_a_card_is_losing_it(whole):
    # southern "làm rớt", "đánh rớt" and "làm rơi" join the loss words ("đánh rơi", "thất lạc")
    assert_first(whole, {"làm rớt thẻ abtc": "1.011728"})


def test_a_named_seafood_is_an_aquatic_product(whole):
    # "cá hồi", "cá basa", "tôm sú"... are "thủy sản" in the names: not the land animals'
    for text in ("nhập cá basa đông lạnh về bán phải kiểm dịch gì", "nhập cá hồi về bán trong nước phải kiểm dịch"):
        result = whole.search(SearchQuery(text).normalized())
        assert result.hits[0]["code"] in {"1.003767", "2.001568"}, (text, result.hits[0]["name"])
        assert not result.nothing_fits, text


def test_showing_paintings_is_an_art_exhibition(whole):
    assert_first(whole, {"xin phép trưng bày tranh tại nhà văn hóa tỉnh": "1.001809"})


def test_the_planning_department_named_as_the_office_asks_nothing(whole):
    # "bên kế hoạch đầu tư" says where to go, not what is filed: it leaves the query like a place
    assert_first(whole, {"công ty đổi tên phải báo bên kế hoạch đầu tư": "2.002041"})
