"""Confidence you can show (issue 23, item 4), doubt42: the features measure what the query asks and
the hit holds. A pair of the query's words is held when the name holds it through a reviewed short
form or synonym ("đăng ký hkd" by "đăng ký hộ kinh doanh"), not only as typed. The lone step of an
event is the event's answer: its step fit is whole, not 0 like a step the query never reached."""

from __future__ import annotations

from tests.support.search_engines import names_engine
from tthc.search.memory import MemoryEngine
from tthc.search.query import SearchQuery, _need_pairs, _typed_pairs, confidence_features

NAMES = {
    "1.003677": "Khai báo tạm vắng",
    "1.014035": "Dừng thực hiện thủ tục đăng ký hộ kinh doanh",
    "1.001193": "Thủ tục đăng ký khai sinh",
    "2.000815": "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền cấp",
}


def engine() -> MemoryEngine:
    return names_engine(NAMES)


def features_of(eng: MemoryEngine, text: str) -> dict[str, float]:
    return eng.search(SearchQuery(text, explain=True).normalized()).hits[0]["explain"]["confidence_features"]


def test_a_pair_held_through_a_reviewed_short_form_is_held():
    """ "hkd" is "hộ kinh doanh" (synonyms.json): the name says "đăng ký hộ kinh doanh", so the pair
    "ký hkd" the citizen typed is held side by side."""
    eng = engine()
    plan = eng.names.plan("đăng ký hkd")
    pairs = _need_pairs(plan, _typed_pairs(plan, "đăng ký hkd"))
    assert any(typed[1] == "hkd" and "ho" in starts for typed, _ends, starts in pairs)
    assert features_of(eng, "đăng ký hkd")["pairs_held"] == 1.0
    # a pair the name holds in no form stays unheld: "ký hkd" is not "ký khai sinh"
    assert features_of(names_engine({"1.001193": "Thủ tục đăng ký khai sinh"}), "đăng ký hkd")["pairs_held"] < 1.0


def test_the_lone_step_of_an_event_fits_whole():
    """An event of one step here has no step to tell it from: the fit of its step's own words is not
    what is in doubt (0 before, the same as a step the query's words never reached)."""
    eng = engine()
    plan = eng.names.plan("khai báo tạm vắng")
    context = {"score": {}, "first": 0.0, "second": 0.0, "best_cover": 1.0, "unknown": 0.0, "typos": 0.0}
    context.update({"units": 3, "event_steps": 1, "step_fit": {}})
    coverage = [1.0] * eng.names.size
    lone = confidence_features(eng.names, 0, set(), coverage, 0.9, 0.9, context, plan)
    assert lone["step_fit"] == 1.0
    several = confidence_features(eng.names, 0, set(), coverage, 0.9, 0.9, {**context, "event_steps": 3}, plan)
    assert several["step_fit"] == 0.0
    name = confidence_features(eng.names, 0, set(), coverage, 0.9, 0.0, context, plan)
    assert name["step_fit"] == 0.0  # not an event's step at all
