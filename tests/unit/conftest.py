"""Fixtures of the unit tests."""

from __future__ import annotations

import pytest

from tests.support.search_engines import whole_engine
from tthc.search.memory import MemoryEngine


@pytest.fixture
def whole() -> MemoryEngine:
    """The whole real catalogue (3,065 procedures with their documents), built once per process."""
    return whole_engine()
