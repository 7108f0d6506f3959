"""Search over the catalogue (no Flask). The interface the doors use:

    service = SearchService(session_factory, index_dir)      # one per process
    result = service.search(SearchQuery("dang ky khai sinh", level="xa"), on_date=None)
    result.hits  # ranked dicts: code, name, level, sector, agency, status, name_html, score, ...
    result.facets, result.total, result.suggestion
    service.rebuild()                                      # build + swap (one writer at a time)

Engines behind it: Whoosh (tthc.search.whoosh_index) and an in-memory scan (tthc.search.memory);
another engine only needs `search(SearchQuery) -> SearchResult`.
"""

import os

from .documents import STATUS_LABELS, SearchDocument, build_documents
from .query import FACETS, SearchQuery, SearchResult
from .service import IndexBusy, SearchService

__all__ = [
    "FACETS",
    "STATUS_LABELS",
    "IndexBusy",
    "SearchDocument",
    "SearchQuery",
    "SearchResult",
    "SearchService",
    "build_documents",
    "service_for",
]


def service_for(settings: dict, session_factory) -> SearchService:
    """A service configured from the settings, or the environment (TTHC_SEARCH_PROCS=2 …)."""

    def setting(key: str, default):
        value = settings.get(key, os.environ.get(f"TTHC_{key}", default))
        return value.lower() == "true" if isinstance(value, str) and isinstance(default, bool) else value

    return SearchService(
        session_factory,
        settings["INDEX_DIR"],
        check_seconds=float(setting("SEARCH_CHECK_SECONDS", 2.0)),
        background=bool(setting("SEARCH_BACKGROUND_REBUILD", True)),
        limitmb=int(setting("SEARCH_LIMITMB", 256)),
        procs=int(setting("SEARCH_PROCS", 1)),
        memory_limit=int(setting("SEARCH_MEMORY_LIMIT", 5000)),
    )
