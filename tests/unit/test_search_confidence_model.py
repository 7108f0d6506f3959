"""Confidence you can show (issue 23, item 4): each hit's features are in `--explain`, and a logistic
model fitted on the tuning part (tests/search_eval/calibrate.py → tthc/search/confidence.json) may
only lower a hit's confidence below its cover confidence, never raise it: "nothing fits" then fires
where the cover alone or the model says the first hit is probably wrong."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest

from tests.search_eval.calibrate import fit, typo_variants
from tthc.search import query as search_query
from tthc.search.documents import SearchDocument
from tthc.search.memory import MemoryEngine
from tthc.search.query import CONFIDENCE_FLOOR, SearchQuery

NAMES = {
    "1.001193": "Thủ tục đăng ký khai sinh",
    "1.000656": "Thủ tục đăng ký khai tử",
    "1.000894": "Thủ tục đăng ký kết hôn",
    "2.000815": "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền cấp",
    "1.014064": "Cấp lại thẻ căn cước",
}
FEATURES = {"cover", "cover_confidence", "lead", "best_cover", "unknown", "typos", "one_word", "long_query", "start"}


def engine() -> MemoryEngine:
    docs = [
        SearchDocument(code=c, name=n, level="xa", sector="", agency="", status="in_force", valid_from="2025-01-01")
        for c, n in NAMES.items()
    ]
    return MemoryEngine(docs, "test")


@pytest.fixture
def model(tmp_path, monkeypatch):
    """Write a model file the engine reads instead of the shipped one."""

    def write(weights: dict[str, float], intercept: float) -> None:
        path = tmp_path / "confidence.json"
        path.write_text(json.dumps({"weights": weights, "intercept": intercept}), encoding="utf-8")
        monkeypatch.setattr(search_query, "CONFIDENCE_FILE", path)
        search_query.confidence_model.cache_clear()

    yield write
    search_query.confidence_model.cache_clear()


def test_explain_shows_the_features_the_confidence_reads():
    hit = engine().search(SearchQuery("đăng ký khai tử", explain=True).normalized()).hits[0]
    features = hit["explain"]["confidence_features"]
    assert set(features) >= FEATURES
    assert features["cover"] == 1.0 and features["start"] == 1.0 and features["lead"] > 0
    assert all(-1.0 <= v <= 1.0 for v in features.values())


def test_a_model_lowers_a_confident_answer_to_nothing_fits(model):
    eng = engine()
    before = eng.search(SearchQuery("đăng ký khai tử").normalized())
    assert not before.nothing_fits and before.hits[0]["matched"]
    # a model that finds doubtful every answer leading the next one
    model({"lead": -40.0}, 0.0)
    after = eng.search(SearchQuery("đăng ký khai tử").normalized())
    assert after.hits[0]["code"] == "1.000656"  # the order stays: the ranking reads the cover
    assert after.nothing_fits and not after.hits[0]["matched"]
    assert after.hits[0]["confidence"] < CONFIDENCE_FLOOR


def test_a_model_never_raises_a_hit_above_its_cover(model):
    eng = engine()
    weak = eng.search(SearchQuery("cấp giấy phép nuôi chó").normalized())
    model({"cover": 5.0}, 20.0)  # says "sure" of everything
    again = eng.search(SearchQuery("cấp giấy phép nuôi chó").normalized())
    assert again.nothing_fits == weak.nothing_fits is True
    assert [h["confidence"] for h in again.hits] == [h["confidence"] for h in weak.hits]


def test_the_fit_separates_right_from_wrong_first_hits():
    rng = np.random.default_rng(1)
    right = rng.normal(0.8, 0.1, size=(200, 1))
    wrong = rng.normal(0.3, 0.1, size=(100, 1))
    x = np.vstack([right, wrong])
    y = np.r_[np.ones(200), np.zeros(100)]
    weights, intercept = fit(x, y, np.ones(300))
    assert weights[0] > 0
    p = 1 / (1 + np.exp(-(x @ weights + intercept)))
    assert (p[:200] > 0.5).mean() > 0.95 and (p[200:] < 0.5).mean() > 0.95


def test_typo_variants_change_one_word_by_one_typo():
    variants = typo_variants("đăng ký khai sinh", random.Random(3))
    assert variants
    for variant in variants:
        changed = [(a, b) for a, b in zip("đăng ký khai sinh".split(), variant.split(), strict=True) if a != b]
        assert len(changed) == 1
