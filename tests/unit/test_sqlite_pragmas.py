"""What every SQLite connection is set to (tthc.db._sqlite_pragmas): a login burst must not queue public
pages behind one fsync per commit (issue 25, item 4; benchmarks/login_burst.py measures it)."""

from __future__ import annotations

from sqlalchemy import text

from tthc.db import make_engine


def test_sqlite_connections_write_ahead_without_a_sync_per_commit(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'tthc.sqlite3'}")
    try:
        with engine.connect() as connection:
            pragma = {
                name: connection.execute(text(f"PRAGMA {name}")).scalar()
                for name in ("journal_mode", "synchronous", "busy_timeout", "foreign_keys")
            }
    finally:
        engine.dispose()
    # synchronous 1 is NORMAL: in WAL the file syncs at checkpoints, so a commit (a login attempt's count,
    # a search-log row) holds the one write lock for microseconds, not for a disk flush.
    assert pragma == {"journal_mode": "wal", "synchronous": 1, "busy_timeout": 10000, "foreign_keys": 1}
