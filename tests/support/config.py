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


def second_app(migrated_template: str, folder: Path):
    """A second app on a migrated, empty database of its own, for a test comparing two ways to the same
    catalogue (conftest's `migrated_template`: on SQLite a template file to copy, on PostgreSQL a spare
    database of this process, emptied here)."""
    from tthc import create_app

    folder.mkdir(parents=True, exist_ok=True)
    if migrated_template.startswith("postgresql"):
        from sqlalchemy import text

        from tthc.db import Base, make_engine

        engine = make_engine(migrated_template)
        tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        with engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        engine.dispose()
        url = migrated_template
    else:
        import shutil

        shutil.copyfile(migrated_template, folder / "second.sqlite3")
        url = f"sqlite:///{folder / 'second.sqlite3'}"
    return create_app(suite_config(url, folder))
