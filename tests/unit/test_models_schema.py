"""The tables moved to tthc/models without the schema moving: Alembic's autogenerate, run against a
database freshly upgraded by the migrations, finds no operation to write (SQLite, and PostgreSQL when
TTHC_TEST_DATABASE_URL is set), server defaults included; and every mapped class lives in tthc.models."""

from __future__ import annotations

import importlib
import pkgutil

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Column, Integer, MetaData, Table, Text, inspect

import tthc.models
from tthc.db import make_engine
from tthc.migrate import alembic_config
from tthc.models import Base


def _same_empty_text(_context, _inspected, _column, inspected_default, _default, rendered_default):
    """SQLite gives a `server_default=""` back as `('')`, which Alembic's SQLite comparison does not
    unquote (its pattern needs one character between the quotes): the same empty text, not a
    difference. Anything else is left to Alembic (None)."""
    if inspected_default in ("''", "('')") and rendered_default in ("", "''"):
        return False
    return None


def autogenerate_operations(database_url: str, metadata: MetaData = Base.metadata) -> list:
    """What `alembic revision --autogenerate` would write, as compare_metadata lists it."""
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "compare_server_default": _same_empty_text}
            )
            return compare_metadata(context, metadata)
    finally:
        engine.dispose()


def test_autogenerate_finds_nothing_to_do_on_a_freshly_upgraded_database(database_url):
    engine = make_engine(database_url)
    with engine.connect() as connection:
        revision = MigrationContext.configure(connection).get_current_revision()
        tables = set(inspect(connection).get_table_names()) - {"alembic_version"}
    engine.dispose()
    assert revision == ScriptDirectory.from_config(alembic_config(database_url)).get_current_head()
    assert tables == set(Base.metadata.tables)  # each table of the migrations has its model, and back
    assert autogenerate_operations(database_url) == []


def test_autogenerate_sees_a_table_a_column_or_a_default_the_migrations_do_not_have(database_url):
    metadata = MetaData()
    for table in Base.metadata.tables.values():
        table.to_metadata(metadata)
    Table("bien_ban", metadata, Column("id", Integer, primary_key=True), Column("so", Text, server_default=""))
    metadata.tables["agency"].append_column(Column("ghi_chu", Text, server_default="Sở Tư pháp"))
    metadata.tables["agency"].append_column(
        Column("short_name", Text, nullable=False, server_default="UBND"), replace_existing=True
    )
    operations = autogenerate_operations(database_url, metadata)
    assert [(op[0], op[1].name) for op in operations if op[0] == "add_table"] == [("add_table", "bien_ban")]
    assert [(op[0], op[2], op[3].name) for op in operations if op[0] == "add_column"] == [
        ("add_column", "agency", "ghi_chu")
    ]
    changed = [op for group in operations if isinstance(group, list) for op in group]
    assert [(op[0], op[2], op[3]) for op in changed] == [("modify_default", "agency", "short_name")]


def test_every_mapped_class_lives_in_tthc_models_and_is_exported_there():
    for module in pkgutil.iter_modules(tthc.models.__path__, "tthc.models."):
        importlib.import_module(module.name)
    importlib.import_module("tthc.app")  # every package loaded: a model defined anywhere else is mapped now

    classes = [mapper.class_ for mapper in Base.registry.mappers]
    assert sorted(c.__name__ for c in classes if not c.__module__.startswith("tthc.models.")) == []
    assert sorted(c.__name__ for c in classes if getattr(tthc.models, c.__name__, None) is not c) == []
    assert {c.__table__.name for c in classes} == set(Base.metadata.tables)
