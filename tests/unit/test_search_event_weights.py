"""An event's match depends on its own text and on word weights that do not move when another
event is edited (reviewed data must be safe to grow: a phrasing added to one event must not shift
the events it says nothing about)."""

from __future__ import annotations

import copy
import json

import pytest

from tests.support.search_engines import names_engine
from tthc.search.events import EVENTS_FILE
from tthc.search.memory import MemoryEngine
from tthc.search.query import SearchQuery, event_ranking

NAMES = {  # national code → real name (catalogue_large)
    "1.001193": "Thủ tục đăng ký khai sinh",
    "2.000528": "Thủ tục đăng ký khai sinh có yếu tố nước ngoài",
    "1.000656": "Thủ tục đăng ký khai tử",
    "1.003197": "Xóa đăng ký thường trú",
    "2.000821": "Giải quyết hưởng chế độ tử tuất",
    "3.000347": "Đổi giấy phép lái xe",
}
QUERY = "vợ tôi vừa sinh em bé ở bệnh viện huyện hôm qua"


def _shipped() -> list[dict]:
    return json.loads(EVENTS_FILE.read_text(encoding="utf-8"))["events"]


def _with_phrasing(slug: str, phrasing: str) -> list[dict]:
    events = copy.deepcopy(_shipped())
    event = next(e for e in events if e["slug"] == slug)
    event["phrases"].append(phrasing)
    return events


def _engine(events: list[dict]) -> MemoryEngine:
    body = "Tờ khai; giấy chứng sinh do bệnh viện cấp; hồ sơ nộp tại Ủy ban nhân dân cấp xã"
    return names_engine(NAMES, body=body, events=events)


def _birth(engine: MemoryEngine):
    """The birth event's match for the query, and the result's event and first hits."""
    plan = engine.names.plan(SearchQuery(QUERY).normalized().text)
    ranked, _units = event_ranking(engine.events, plan, engine.names)
    birth = next(m for m in ranked if m.event.slug == "khai-sinh")
    result = engine.search(SearchQuery(QUERY).normalized())
    return birth, result.event, [(h["code"], h["confidence"]) for h in result.hits[:3]]


def test_a_phrasing_of_unrelated_words_in_another_event_leaves_a_match_as_it_was():
    before = _birth(_engine(_shipped()))
    # a phrasing for the driving-licence event sharing no word with the query
    after = _birth(_engine(_with_phrasing("doi-bang-lai", "đổi giấy phép lái xe hạng A1 sang thẻ nhựa PET")))
    assert before[0].score == after[0].score
    assert before[0].coverage == after[0].coverage
    assert before[1:] == after[1:]
    assert before[1] is not None and before[1]["slug"] == "khai-sinh"


# A word met in passing still moves other events, in two ways (docs/search.md, pass idf33): the
# share of the query an event holds weighs a word no name holds by its IDF over every event's text
# (NameIndex.everyday_idf), and an event's BM25 score weighs every word so. Weights from the
# catalogue alone were measured and not kept; these tests say what is left to do.
PASSING = "khám sức khỏe ở bệnh viện huyện để đổi bằng lái"  # holds "bệnh viện", "huyện" of the query


@pytest.mark.xfail(strict=True, reason="a word no name holds weighs its IDF over the events' texts")
def test_a_word_met_in_passing_by_another_event_leaves_this_one_s_share_and_answer():
    before = _birth(_engine(_shipped()))
    after = _birth(_engine(_with_phrasing("doi-bang-lai", PASSING)))
    assert before[0].coverage == after[0].coverage
    assert before[1:] == after[1:]


@pytest.mark.xfail(strict=True, reason="an event's BM25 score weighs words by their IDF over the events' texts")
def test_a_word_met_in_passing_by_another_event_does_not_move_this_one_s_score():
    before = _birth(_engine(_shipped()))
    after = _birth(_engine(_with_phrasing("doi-bang-lai", PASSING)))
    assert before[0].score == after[0].score
