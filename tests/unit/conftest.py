"""Fixtures of the unit tests."""

from __future__ import annotations

import json

import pytest

from tests.support.search_engines import whole_engine
from tthc.search import query as search_query
from tthc.search.memory import MemoryEngine


@pytest.fixture
def whole() -> MemoryEngine:
    """The whole real catalogue (3,065 procedures with their documents), built once per process."""
    return whole_engine()


@pytest.fixture
def model(tmp_path, monkeypatch):
    """Write a confidence model file the engine reads instead of the shipped one: model(weights, intercept)."""

    def write(weights: dict[str, float], intercept: float) -> None:
        path = tmp_path / "confidence.json"
        path.write_text(json.dumps({"weights": weights, "intercept": intercept}), encoding="utf-8")
        monkeypatch.setattr(search_query, "CONFIDENCE_FILE", path)
        search_query.confidence_model.cache_clear()

    yield write
    search_query.confidence_model.cache_clear()
