"""The Alembic migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.pool import NullPool

from tests.support.db_templates import SqliteTemplates
from tthc.db import make_engine
from tthc.migrate import alembic_config, upgrade
from tthc.models import Base


def test_migrated_schema_matches_the_models(database_url):
    engine = make_engine(database_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert differences == []


@pytest.fixture
def own_database(_templates, _empty_template, tmp_path):
    """A migrated database of this test alone, which it may downgrade (the worker's test database on
    PostgreSQL is shared by the tests that follow)."""
    if isinstance(_templates, SqliteTemplates):
        url = f"sqlite:///{tmp_path / 'own.sqlite3'}"
        upgrade(url)
        yield url
        return
    name = _templates.copy_of(_empty_template, "own")
    yield _templates.url(name)
    _templates.drop(name)


def _add_job(engine, kind: str) -> None:
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO import_job (kind, status, filename, size, done, total, message, problems, more_problems)"
                " VALUES (:kind, 'kept', 'quy-trinh.docx', 0, 0, 0, '', '[]', 0)"
            ),
            {"kind": kind},
        )


def _kinds(engine) -> list[str]:
    with engine.connect() as connection:
        return list(connection.scalars(text("SELECT kind FROM import_job ORDER BY id")))


def test_0018_lets_a_job_read_a_process_annex_and_goes_back_without_it(own_database):
    """Attaching a process annex to a draft is a job kind of its own ("processes"); the downgrade drops
    those jobs (reads waiting for a confirmation) and the old check refuses the kind again."""
    engine = make_engine(own_database, poolclass=NullPool)
    try:
        _add_job(engine, "word")
        _add_job(engine, "processes")
        assert _kinds(engine) == ["word", "processes"]
        command.downgrade(alembic_config(own_database), "0017_event_edits")
        assert _kinds(engine) == ["word"]
        with pytest.raises(IntegrityError):
            _add_job(engine, "processes")
        upgrade(own_database)
        _add_job(engine, "processes")
        assert _kinds(engine) == ["word", "processes"]
    finally:
        engine.dispose()


def test_0019_keeps_a_word_preview_with_its_fixes_and_drops_reads_no_one_can_confirm(own_database):
    """Before 0019 a Word job ended `done` holding its read, whatever the drafter did with the preview (it
    travelled in the page); the upgrade drops those reads as expired previews. A read now waits `kept`,
    with the drafter's fixes; the downgrade gives it back to the old preview (`done`, no fixes)."""
    engine = make_engine(own_database, poolclass=NullPool)
    try:
        command.downgrade(alembic_config(own_database), "0018_process_attach_jobs")
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO import_job (kind, status, filename, size, done, total, message, problems,"
                    " more_problems, result) VALUES ('word', 'done', '2715_QĐ-UBND.docx', 0, 0, 0,"
                    " 'Đã đọc 17 mục; hãy kiểm tra rồi xác nhận.', '[]', 0, '{\"entries\": []}')"
                )
            )
        upgrade(own_database)
        with engine.begin() as connection:
            row = connection.execute(text("SELECT status, result, message FROM import_job")).one()
            assert (row.status, row.result, row.message) == (
                "failed",
                None,
                "Bản xem trước đã hết hạn; hãy tải tệp lên lại.",
            )
            connection.execute(
                text("UPDATE import_job SET status = 'kept', result = '{}', fixes = :fixes"),
                {"fixes": '{"entry-0-action": "abolished"}'},
            )
        command.downgrade(alembic_config(own_database), "0018_process_attach_jobs")
        with engine.connect() as connection:
            assert connection.scalar(text("SELECT status FROM import_job")) == "done"
        assert "fixes" not in [column["name"] for column in inspect(engine).get_columns("import_job")]
        upgrade(own_database)
    finally:
        engine.dispose()
