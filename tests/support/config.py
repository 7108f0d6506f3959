"""The configuration a test app is made with: one mapping for the `app` fixture, the shared apps and the
tests that build an app of their own."""

from __future__ import annotations

from pathlib import Path

# Test accounts get a one-round hash (~0.1 ms instead of scrypt's ~0.1 s, for ~500 accounts a run);
# a test marked `production_hasher` gets the production method (login cost, timing, lock-out).
TEST_PASSWORD_HASH_METHOD = "pbkdf2:sha256:1"


def suite_config(database_url: str, folder: Path, hash_method: str = TEST_PASSWORD_HASH_METHOD) -> dict:
    """The settings every test app starts from (the `app` fixture adds an `app_config` marker's)."""
    return {
        "PASSWORD_HASH_METHOD": hash_method,
        "TESTING": True,
        "DATABASE_URL": database_url,
        "INDEX_DIR": str(folder / "index"),
        "EXPORT_DIR": str(folder / "exports"),
        "SECRET_KEY": "test-secret",
        "APPLY_DUE_ON_START": False,
        # Posting sheets refuse a loopback address (their QR codes send citizens there).
        "PUBLIC_BASE_URL": "http://tthc.example.vn",
        # No machine-wide bound on login hashes: the suite's two workers (and anything else on the machine)
        # would take each other's slot and answer 429; the tests of that bound set it themselves.
        "LOGIN_HASH_SLOTS": 0,
        # No login lane either (its lock file is in the shared instance folder, and it rests after each
        # login): tests/web/test_login_lane.py and the parallel-guess tests turn it on, each its own folder.
        "LOGIN_QUEUE": 0,
    }
