"""Confidence you can show (issue 23, item 4), conf37: calibrate.py reads its examples without a
model by pointing the engine at a model file that does not exist, never by moving the shipped
confidence.json away (a run killed while reading left the package without its model)."""

from __future__ import annotations

from tests.search_eval import calibrate
from tthc.search import query


def test_the_examples_are_read_without_a_model_and_the_shipped_file_is_left_alone():
    shipped = query.CONFIDENCE_FILE
    before = shipped.read_bytes()
    query.confidence_model.cache_clear()
    assert query.confidence_model()[0]  # the shipped model
    with calibrate.no_model():
        assert query.confidence_model() == ({}, 0.0)  # the cover confidence is what the answer shows
        assert shipped.read_bytes() == before  # not moved nor deleted while the examples are read
    assert shipped == query.CONFIDENCE_FILE
    assert query.confidence_model()[0]  # back once done


def test_a_run_failing_while_reading_the_examples_leaves_the_model_in_force():
    shipped = query.CONFIDENCE_FILE
    try:
        with calibrate.no_model():
            raise KeyboardInterrupt
    except KeyboardInterrupt:
        pass
    assert shipped == query.CONFIDENCE_FILE and shipped.exists()
    query.confidence_model.cache_clear()
    assert query.confidence_model()[0]
