"""The test suite's own machinery: cheap password hashes unless a test asks for the production ones,
template databases copied per test, per-worker resources under pytest-xdist."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.support.auth import PASSWORD
from tthc.accounts.service import authenticate, create_user, reset_password
from tthc.db import transaction
from tthc.models.accounts import User


def stored_hash(session_factory, username: str) -> str:
    with session_factory() as session:
        return session.scalar(select(User.password_hash).where(User.username == username))


def test_test_accounts_get_the_cheap_hash_and_still_log_in(make_user, session_factory, auth):
    make_user("kiem-soat", "reviewer")
    assert stored_hash(session_factory, "kiem-soat").startswith("pbkdf2:sha256:1$")
    auth.login("kiem-soat")
    with transaction(session_factory) as session:
        user = session.scalar(select(User).where(User.username == "kiem-soat"))
        reset_password(session, user, "mat-khau-moi-2026")
    assert stored_hash(session_factory, "kiem-soat").startswith("pbkdf2:sha256:1$")


def test_accounts_made_by_the_cli_get_the_cheap_hash(runner, session_factory):
    result = runner.invoke(
        args=["users", "create", "nguyenvana", "--role", "reviewer"], env={"TTHC_NEW_USER_PASSWORD": PASSWORD}
    )
    assert result.exit_code == 0, result.output
    assert stored_hash(session_factory, "nguyenvana").startswith("pbkdf2:sha256:1$")


@pytest.mark.production_hasher
def test_a_test_marked_production_hasher_gets_scrypt(make_user, session_factory, runner, auth):
    make_user("quan-tri", "admin")
    assert stored_hash(session_factory, "quan-tri").startswith("scrypt:")
    auth.login("quan-tri")
    result = runner.invoke(
        args=["users", "create", "nguyenvanb", "--role", "signer"], env={"TTHC_NEW_USER_PASSWORD": PASSWORD}
    )
    assert result.exit_code == 0, result.output
    assert stored_hash(session_factory, "nguyenvanb").startswith("scrypt:")


def test_a_session_without_the_setting_hashes_for_production(app):
    """Code that opens its own Session on the engine (no app settings) never gets the cheap method."""
    with Session(app.extensions["tthc"].engine) as session:
        user = create_user(session, "ky-duyet", "signer", PASSWORD)
        assert user.password_hash.startswith("scrypt:")
        assert authenticate(session, "ky-duyet", PASSWORD) is user
        session.rollback()


def test_an_unknown_hash_method_is_refused_at_start(database_url, tmp_path):
    from tthc import create_app

    with pytest.raises(ValueError):
        create_app({"DATABASE_URL": database_url, "PASSWORD_HASH_METHOD": "md5", "INDEX_DIR": str(tmp_path)})


# --- Template databases -----------------------------------------------------------------------------------
def _rows_without_times(engine) -> dict[str, list[tuple]]:
    """Every row of every table, by primary key, the date-times aside (they say when it was loaded)."""
    from sqlalchemy import DateTime

    from tthc.models import Base

    rows = {}
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.columns if not isinstance(c.type, DateTime)]
            query = select(*columns).order_by(*table.primary_key.columns)
            rows[table.name] = [tuple(row) for row in connection.execute(query)]
    return rows


def _second_database(migrated_template, tmp_path) -> str:
    """An empty migrated database apart from the test's own."""
    import shutil

    from sqlalchemy import text

    from tthc.db import make_engine
    from tthc.models import Base

    if not migrated_template.startswith("postgresql"):
        shutil.copyfile(migrated_template, tmp_path / "second.sqlite3")
        return f"sqlite:///{tmp_path / 'second.sqlite3'}"
    engine = make_engine(migrated_template)
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()
    return migrated_template


def test_the_demo_copy_holds_what_load_demo_makes(demo, app, migrated_template, tmp_path, sample_dir):
    from tthc import create_app
    from tthc.commands.demo import load_demo

    second = create_app(
        {
            "DATABASE_URL": _second_database(migrated_template, tmp_path),
            "INDEX_DIR": str(tmp_path / "ix"),
            "SECRET_KEY": "test-secret",
            "APPLY_DUE_ON_START": False,
        }
    )
    assert load_demo(second.extensions["tthc"].session_factory, sample_dir)
    copied, loaded = (
        _rows_without_times(app.extensions["tthc"].engine),
        _rows_without_times(second.extensions["tthc"].engine),
    )
    second.extensions["tthc"].engine.dispose()
    assert copied["procedure_version"] and copied["decision"]
    assert copied == loaded


def test_a_test_without_demo_gets_an_empty_database_after_one_with_it(app, session):
    """The previous test (above) had the demo: this one, on the same worker, starts empty again."""
    from tthc.models.decisions import Decision

    assert session.scalars(select(Decision)).all() == []
    assert session.scalars(select(User)).all() == []
