"""Alembic, driven from code: `tthc db upgrade` and the tests call upgrade() on an empty database."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from .config import PACKAGE_DIR


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(PACKAGE_DIR / "migrations"))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def schema_revision(database_url: str) -> str | None:
    """The Alembic revision the database is at (None: no schema yet)."""
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import create_engine

    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def upgrade(database_url: str, revision: str = "head") -> tuple[str | None, str | None]:
    """Migrate; (the revision before, the revision after), so the caller can say what was done."""
    before = schema_revision(database_url)
    command.upgrade(alembic_config(database_url), revision)
    return before, schema_revision(database_url)
