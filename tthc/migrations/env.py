"""Alembic environment: the URL comes from tthc.migrate (or TTHC_DATABASE_URL)."""

from alembic import context

from tthc.config import process_settings
from tthc.db import make_engine
from tthc.models import Base

config = context.config
url = config.get_main_option("sqlalchemy.url") or process_settings().database_url


def run_migrations_online() -> None:
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations_online()
