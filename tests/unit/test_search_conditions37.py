"""A choice step whose condition tells the person's case stands for no special case its title
alone names (branch sit37, `query._told_by_condition`): "Khai sinh kết hợp nhận cha, mẹ, con"
("kết hợp", a special case of qualifiers.json) is what "nếu em bé mới sinh, … cha mẹ chưa cưới"
says in everyday words; the query that tells three words of it asks for that case.

Stub steps for the rule; the whole catalogue (catalogue_large) with the shipped events for the
ranking. The queries were written for these tests, not taken from the evaluation."""

from __future__ import annotations

from types import SimpleNamespace

from tests.support.search_engines import assert_first
from tthc.search.query import _told_by_condition

INDEX = SimpleNamespace(code_docs={"a": 0, "b": 1, "c": 2})


def step(style: str, condition: str = "") -> SimpleNamespace:
    return SimpleNamespace(style=style, condition=condition, title="")


def words(*units: int) -> frozenset[tuple[int, int]]:
    return frozenset((u, 1) for u in units)


STEPS = [(step("required"), ["a"]), (step("choice", "nếu em bé mới sinh"), ["b"]), (step("choice", "nếu …"), ["c"])]


def test_three_words_of_its_condition_alone_tell_the_case():
    fit = {0: 0.0, 1: 0.5, 2: 0.0}
    assert _told_by_condition(STEPS, INDEX, fit, {1: words(0, 1, 2)}) == {1}


def test_two_words_or_words_another_step_holds_do_not():
    fit = {0: 0.0, 1: 0.5, 2: 0.0}
    assert not _told_by_condition(STEPS, INDEX, fit, {1: words(0, 1)})
    assert not _told_by_condition(STEPS, INDEX, fit, {1: words(0, 1, 2), 2: words(2)})


def test_the_step_must_clearly_hold_the_most():
    assert not _told_by_condition(STEPS, INDEX, {0: 0.0, 1: 0.5, 2: 0.3}, {1: words(0, 1, 2)})
    # a required step (no choice by case) or a choice with no condition is never told so
    steps = [(step("required", "nếu em bé mới sinh"), ["a"]), (step("choice"), ["b"])]
    assert not _told_by_condition(steps, INDEX, {0: 0.5, 1: 0.5}, {0: words(0, 1, 2), 1: words(0, 1, 2)})


def test_a_case_told_in_everyday_words_is_asked(whole):
    assert_first(
        whole,
        {
            # the joined birth registration and recognition of the father ("kết hợp")
            "chưa cưới nhau mà bé mới sinh, muốn con mang họ cha": "1.000689",
            "em bé mới sinh mà bố mẹ chưa cưới, muốn ghi tên bố vào luôn": "1.000689",
            # the driving school's licence reissued for a new place ("đào tạo" of its name)
            "trường dạy lái xe dời sân tập sang địa điểm khác": "1.001623",
        },
    )


def test_a_father_recognising_an_older_child_keeps_the_recognition(whole):
    # "bé" and "cưới" of the joined step's condition: two words, no newborn
    assert_first(whole, {"bố đứa bé muốn nhận con, hai người chưa cưới": "1.001022"})
