"""Confidence you can show (issue 23, item 4), conf40: the model reads how long the query is (a long
story whose first hit holds as much of it as a short request's is right more often), and
calibrate.py's `--with` cross-validates other features of confidence_features for a trial."""

from __future__ import annotations

from tests.search_eval import calibrate
from tests.search_eval.calibrate import FEATURES, with_features
from tests.support.search_engines import names_engine
from tthc.search import query
from tthc.search.memory import MemoryEngine
from tthc.search.query import SearchQuery

NAMES = {
    "1.001193": "Thủ tục đăng ký khai sinh",
    "1.000656": "Thủ tục đăng ký khai tử",
    "1.014064": "Cấp lại thẻ căn cước",
}
SHORT = "khai sinh"
LONG = "vợ tôi mới sinh em bé ở bệnh viện huyện tuần trước, giờ muốn làm giấy khai sinh cho cháu thì làm sao"


def engine() -> MemoryEngine:
    return names_engine(NAMES)


def features_of(eng: MemoryEngine, text: str) -> dict[str, float]:
    return eng.search(SearchQuery(text, explain=True).normalized()).hits[0]["explain"]["confidence_features"]


def test_the_model_reads_how_long_the_query_is():
    assert "long_query" in FEATURES
    query.confidence_model.cache_clear()
    assert "long_query" in query.confidence_model()[0]  # the shipped model was fitted with it
    eng = engine()
    short, long = features_of(eng, SHORT), features_of(eng, LONG)
    assert short["long_query"] < long["long_query"] <= 1.0


def test_a_short_request_is_doubted_more_than_a_long_story_holding_as_much(model):
    model({"long_query": 8.0}, -3.0)  # sure of a long query, doubtful of a short one
    eng = engine()
    short = eng.search(SearchQuery(SHORT).normalized())
    long = eng.search(SearchQuery(LONG).normalized())
    assert short.hits[0]["code"] == long.hits[0]["code"] == "1.001193"  # the order stays
    assert short.hits[0]["confidence"] < long.hits[0]["confidence"]
    assert 0.0 <= short.hits[0]["confidence"] <= 1.0


def test_a_trial_adds_features_once_and_keeps_the_model_s_own_first():
    added = with_features("event_phrased,lead,event_phrased,,body_only")
    assert added[: len(FEATURES)] == FEATURES
    assert added[len(FEATURES) :] == ("event_phrased", "body_only")
    assert with_features("") == FEATURES


def test_every_feature_a_trial_may_add_is_in_the_explained_features():
    hit = engine().search(SearchQuery(LONG, explain=True).normalized()).hits[0]
    explained = set(hit["explain"]["confidence_features"])
    assert set(calibrate.FEATURES) <= explained
    assert {"event_phrased", "body_only", "narrative", "start"} <= explained
