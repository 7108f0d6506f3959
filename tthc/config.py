"""Settings: defaults, then the environment (prefix TTHC_), then a mapping passed by tests."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .accounts.passwords import PRODUCTION_METHOD

# The installed package (templates/, migrations/, static/ ship inside it) and, in a checkout, the repository.
PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent


def _default_database_url() -> str:
    instance = PROJECT_ROOT / "instance"
    return f"sqlite:///{instance / 'tthc.sqlite3'}"


def load_settings(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Plain settings usable without Flask (CLI, scripts, tests)."""
    settings: dict[str, Any] = {
        "DATABASE_URL": os.environ.get("TTHC_DATABASE_URL") or _default_database_url(),
        "INDEX_DIR": os.environ.get("TTHC_INDEX_DIR") or str(PROJECT_ROOT / "search_index"),
        "EXPORT_DIR": os.environ.get("TTHC_EXPORT_DIR") or str(PROJECT_ROOT / "exports"),
        "DATA_DIR": os.environ.get("TTHC_DATA_DIR") or str(PROJECT_ROOT / "catalogue_data"),
        "SECRET_KEY": os.environ.get("TTHC_SECRET_KEY") or "",
        "AUTHORITY_NAME": os.environ.get("TTHC_AUTHORITY_NAME") or "Ủy ban nhân dân tỉnh",
        "PUBLIC_BASE_URL": os.environ.get("TTHC_PUBLIC_BASE_URL") or "http://127.0.0.1:5000",
        # Where citizens send phản ánh, kiến nghị about procedures (shown on every procedure page).
        "FEEDBACK_ADDRESS": os.environ.get("TTHC_FEEDBACK_ADDRESS") or "",
        # The authority's own address: the last place named for phản ánh, kiến nghị (after the configured
        # address and the executing agency's address in the agency register).
        "AUTHORITY_ADDRESS": os.environ.get("TTHC_AUTHORITY_ADDRESS") or "",
        # Reverse proxies in front of the app whose X-Forwarded-* headers are believed (0: none).
        "TRUSTED_PROXIES": int(os.environ.get("TTHC_TRUSTED_PROXIES") or 0),
        # Uploaded annexes larger than this are parsed by a background job with progress, not in the request.
        "IMPORT_IN_BACKGROUND_BYTES": int(os.environ.get("TTHC_IMPORT_IN_BACKGROUND_BYTES") or 512 * 1024),
        # Rows of one uploaded Excel annex, all sheets together (blank rows between them included).
        "MAX_ANNEX_ROWS": int(os.environ.get("TTHC_MAX_ANNEX_ROWS") or 100_000),
        # An operator's test print while PUBLIC_BASE_URL is unset or loopback: every page says "BẢN IN THỬ".
        "PRINT_TEST_COPY": os.environ.get("TTHC_PRINT_TEST_COPY", "false").lower() == "true",
        "LOAD_DEMO": os.environ.get("TTHC_LOAD_DEMO", "false").lower() == "true",
        "APPLY_DUE_ON_START": os.environ.get("TTHC_APPLY_DUE_ON_START", "true").lower() == "true",
        # How many logins may hash a password at once per process.
        "LOGIN_HASH_CONCURRENCY": int(os.environ.get("TTHC_LOGIN_HASH_CONCURRENCY") or 2),
        # ...and on the whole machine, across workers (half the cores: the rest stay for pages).
        "LOGIN_HASH_SLOTS": int(os.environ.get("TTHC_LOGIN_HASH_SLOTS") or max(1, (os.cpu_count() or 2) // 2)),
        # An authority with truly one person to approve and sign says so; each such signature is marked.
        "ONE_PERSON_APPROVES_AND_SIGNS": os.environ.get("TTHC_ONE_PERSON_APPROVES_AND_SIGNS", "false").lower()
        == "true",
        # Search and API requests per client address and minute, counted across workers (0: no limit).
        "REQUEST_BUDGET_PER_MINUTE": int(os.environ.get("TTHC_REQUEST_BUDGET_PER_MINUTE") or 120),
        # Background import jobs one account may have queued or running at once.
        "IMPORT_JOBS_PER_USER": int(os.environ.get("TTHC_IMPORT_JOBS_PER_USER") or 2),
        # Rendered public answers kept per process under their ETag (0: none); see tthc/web/caching.py.
        "PAGE_CACHE_MB": int(os.environ.get("TTHC_PAGE_CACHE_MB") or 32),
        # A werkzeug method name; only a config mapping (tests) changes it, never the environment.
        "PASSWORD_HASH_METHOD": PRODUCTION_METHOD,
        # The levels this authority announces (sources and the national reconciliation, tthc/sources/).
        "AUTHORITY_LEVELS": os.environ.get("TTHC_AUTHORITY_LEVELS") or "tinh,xa",
        # Working days before the legal text's effective date by which the province must announce.
        "SOURCE_DEADLINE_DAYS": int(os.environ.get("TTHC_SOURCE_DEADLINE_DAYS") or 5),
    }
    settings.update(overrides or {})
    return settings
