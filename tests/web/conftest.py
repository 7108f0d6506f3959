"""The demo catalogue searched by both engines: the service's Whoosh index and the memory engine
(the fallback while the index is rebuilt, and for past dates); `both_answers` asks both."""

import pytest

from tthc.search import SearchService
from tthc.search.memory import MemoryEngine


@pytest.fixture
def service(demo, tmp_path):
    return SearchService(demo, tmp_path / "index", check_seconds=0, background=False)


@pytest.fixture
def demo_memory(demo):
    from tthc.search.documents import build_documents

    with demo() as session:
        return MemoryEngine(build_documents(session), "m")
