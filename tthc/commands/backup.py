"""`tthc backup -o FILE` and `tthc restore FILE`: the whole database, consistently, while it serves.

SQLite: the sqlite3 online backup API (a consistent copy even with WAL and concurrent readers).
PostgreSQL: pg_dump (custom format) and pg_restore --clean in one transaction, the server's own tools.
A backup file is checked before a restore touches the live database.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy.engine import make_url

from ..audit import record_event
from ..db import transaction
from ..problems import DomainError
from . import emit_json, fail, services


class BackupError(DomainError, RuntimeError):
    """A Vietnamese, one-line reason."""


def _sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    if not parsed.database or parsed.database == ":memory:":
        raise BackupError("Cơ sở dữ liệu SQLite trong bộ nhớ không sao lưu được.")
    return Path(parsed.database)


def _libpq_url(url: str) -> str:
    """postgresql+psycopg://… → postgresql://… (what pg_dump understands)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"Không tìm thấy {command[0]} (cài gói postgresql-client cùng phiên bản máy chủ).")
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["lỗi không rõ"])[-1]
        raise BackupError(f"{command[0]} thất bại: {last}")


def backup_database(url: str, target: Path) -> dict:
    """Write a consistent copy of the database at `url` to `target`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    path = _sqlite_path(url)
    if path is None:
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={target}", f"--dbname={_libpq_url(url)}"])
        return {"file": str(target), "database": "postgresql", "bytes": target.stat().st_size}
    if not path.exists():
        raise BackupError(f"Không có tệp cơ sở dữ liệu {path}.")
    partial = target.with_name(target.name + ".tmp")
    source, copy = sqlite3.connect(path), sqlite3.connect(partial)
    try:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    finally:
        copy.close()
        source.close()
    partial.replace(target)  # never a half-written backup under the final name
    return {"file": str(target), "database": "sqlite", "bytes": target.stat().st_size}


def _check_sqlite_backup(source: Path) -> None:
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as check:
            if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError("Tệp sao lưu bị hỏng (kiểm tra toàn vẹn thất bại).")
            if not check.execute("SELECT 1 FROM sqlite_master WHERE name = 'alembic_version'").fetchone():
                raise BackupError("Tệp không phải bản sao lưu của tthc.")
    except sqlite3.DatabaseError:
        raise BackupError("Tệp không phải bản sao lưu SQLite hợp lệ.") from None


def restore_database(url: str, source: Path) -> dict:
    """Replace the database at `url` with the backup `source` (checked first; all or nothing)."""
    if not source.is_file():
        raise BackupError(f"Không có tệp sao lưu {source}.")
    path = _sqlite_path(url)
    if path is None:
        _run(["pg_restore", "--list", str(source)])  # a readable archive, or nothing happens
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={_libpq_url(url)}",
                str(source),
            ]
        )
        return {"file": str(source), "database": "postgresql"}
    _check_sqlite_backup(source)
    path.parent.mkdir(parents=True, exist_ok=True)
    _set_aside_if_damaged(path)
    backup, live = sqlite3.connect(f"file:{source}?mode=ro", uri=True), sqlite3.connect(path)
    try:
        backup.backup(live)  # page by page under one lock: readers see the old or the new database
    finally:
        live.close()
        backup.close()
    return {"file": str(source), "database": "sqlite"}


def _set_aside_if_damaged(path: Path) -> None:
    """A live file that is no longer a database (and its -wal/-shm) moves aside as *.damaged."""
    if not path.exists():
        return
    try:
        with sqlite3.connect(path) as probe:
            probe.execute("PRAGMA schema_version").fetchone()
        return
    except sqlite3.DatabaseError:
        pass
    for suffix in ("", "-wal", "-shm"):
        damaged = Path(f"{path}{suffix}")
        if damaged.exists():
            damaged.replace(Path(f"{path}{suffix}.damaged"))


@click.command("backup")
@with_appcontext
@click.option("-o", "output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--json", "as_json", is_flag=True)
def backup(output, as_json):
    """Sao lưu toàn bộ cơ sở dữ liệu ra một tệp (có thể chạy khi hệ thống đang phục vụ)."""
    try:
        result = backup_database(services().settings["DATABASE_URL"], output)
    except BackupError as error:
        fail(str(error))
    if as_json:
        emit_json(result)
    else:
        click.echo(f"Đã sao lưu cơ sở dữ liệu ra {output} ({result['bytes']} byte).")


@click.command("restore")
@with_appcontext
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--yes", is_flag=True, help="Không hỏi lại.")
@click.option("--json", "as_json", is_flag=True)
def restore(file, yes, as_json):
    """Khôi phục cơ sở dữ liệu từ tệp sao lưu (thay thế toàn bộ dữ liệu hiện có)."""
    if not yes:
        click.confirm("Toàn bộ dữ liệu hiện có sẽ bị thay bằng bản sao lưu. Tiếp tục?", abort=True)
    svc = services()
    svc.engine.dispose()  # no pooled connection keeps the old file or tables open
    try:
        result = restore_database(svc.settings["DATABASE_URL"], file)
    except BackupError as error:
        fail(str(error))
    svc.engine.dispose()
    with transaction(svc.session_factory) as session:
        record_event(session, "database.restore", "database", "", actor="cli", detail={"file": file.name})
    if as_json:
        emit_json(result)
    else:
        click.echo(f"Đã khôi phục cơ sở dữ liệu từ {file}.")
