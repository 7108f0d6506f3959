"""Search over the catalogue (no Flask). The interface the doors use:

    service = SearchService(session_factory, index_dir)      # one per process
    result = service.search(SearchQuery("dang ky khai sinh", level="xa"), on_date=None)
    result.hits  # ranked dicts: code, name, level, sector, agency, status, name_html, score, ...
    result.facets, result.total, result.suggestion
    service.rebuild()                                      # build + swap (one writer at a time)

Engines behind it: Whoosh (tthc.search.whoosh_index) and an in-memory scan (tthc.search.memory);
another engine only needs `search(SearchQuery) -> SearchResult`.
"""

from ..config import Settings
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


def service_for(settings: Settings, session_factory, *, quiet: bool = False) -> SearchService:
    """A service configured from the settings (TTHC_SEARCH_PROCS=2 …). `quiet`: no background thread and a
    check at every search where the settings leave them unset (tests, the CLI: each change seen at once).
    Refreshing in the background, the service also watches the index folder at every check (between requests)."""
    check_seconds = settings.search_check_seconds
    if check_seconds is None:
        check_seconds = 0.0 if quiet else 2.0
    background = (not quiet) if settings.search_background_rebuild is None else settings.search_background_rebuild
    return SearchService(
        session_factory,
        settings.index_dir,
        check_seconds=check_seconds,
        background=background,
        watch_seconds=check_seconds if background and check_seconds > 0 else None,
        limitmb=settings.search_limitmb,
        procs=settings.search_procs,
        memory_limit=settings.search_memory_limit,
    )
