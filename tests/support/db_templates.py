"""Template databases (Zulip's pattern): the migrated empty database and the demo-loaded one are built
once per test process, and each test gets a copy: a file copy on SQLite, `CREATE DATABASE … TEMPLATE …`
on PostgreSQL. Under pytest-xdist every worker has databases of its own, named after the one in
TTHC_TEST_DATABASE_URL (`<db>_gw0_…`); that database itself is only connected to, never changed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from tthc.db import make_engine
from tthc.migrate import upgrade

WORKER = os.environ.get("PYTEST_XDIST_WORKER", "solo")  # "gw0", "gw1"… under xdist


class SqliteTemplates:
    """Template files in a folder of this process; a test's database is a copy of one."""

    def __init__(self, folder: Path):
        self.folder = folder

    def build_empty(self) -> str:
        path = self.folder / "empty.sqlite3"
        upgrade(f"sqlite:///{path}")
        return str(path)

    def copy_of(self, template: str, name: str) -> str:
        """A new database copied from `template` (a path): its path."""
        target = self.folder / f"{name}.sqlite3"
        shutil.copyfile(template, target)
        return str(target)

    def fresh(self, template: str, target: Path) -> str:
        shutil.copyfile(template, target)
        return f"sqlite:///{target}"

    def url(self, template: str) -> str:
        return f"sqlite:///{template}"

    def drop(self, name_or_url: str) -> None:
        pass  # files go with pytest's tmp folders

    def close(self) -> None:
        pass


class PostgresTemplates:
    """Databases `<db>_<worker>_<name>` on the server of `url`, made and dropped through `url`'s own
    database (in autocommit: CREATE/DROP DATABASE cannot run in a transaction).

    A template is a database built once (`CREATE DATABASE … TEMPLATE` of the migrated one). A test does
    not get a new database, though: CREATE and DROP DATABASE each wait for a checkpoint, 2-5 s apiece on
    a shared server (measured), against ~0.03 s for putting the template's rows back into the worker's
    one test database (read once per template: every table's rows and every sequence's position)."""

    def __init__(self, url: str):
        self.base = make_url(url)
        self.prefix = f"{self.base.database}_{WORKER}"
        self.admin = make_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        self.made: set[str] = set()
        self.snapshots: dict[str, Snapshot] = {}
        self.test_engine: Engine | None = None
        self.test_url = self._url_of(f"{self.prefix}_test")

    def _url_of(self, name: str) -> str:
        return self.base.set(database=name).render_as_string(hide_password=False)

    def _execute(self, sql: str) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(sql))

    def _create(self, name: str, template: str | None = None) -> str:
        self.drop(name)
        if template is None:
            self._execute(f'CREATE DATABASE "{name}"')
        else:
            # CREATE DATABASE … TEMPLATE refuses while anyone is connected to the template.
            self._execute(
                f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{template}'"
                " AND pid <> pg_backend_pid()"
            )
            self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        self.made.add(name)
        return self._url_of(name)

    def build_empty(self) -> str:
        name = f"{self.prefix}_empty"
        upgrade(self._create(name))
        return name

    def copy_of(self, template: str, name: str) -> str:
        """A new database `<prefix>_<name>` created from the template database `template`: its name."""
        self._create(f"{self.prefix}_{name}", template)
        return f"{self.prefix}_{name}"

    def fresh(self, template: str, target: Path) -> str:
        """The worker's test database, holding exactly the rows and sequence positions of `template`."""
        if template not in self.snapshots:
            self.snapshots[template] = Snapshot.of(self._url_of(template))
        if self.test_engine is None:
            self.test_engine = make_engine(
                self._create(f"{self.prefix}_test", f"{self.prefix}_empty"), poolclass=NullPool
            )
        self.snapshots[template].restore(self.test_engine)
        return self.test_url

    def url(self, template: str) -> str:
        return self._url_of(template)

    def drop(self, name_or_url: str) -> None:
        name = make_url(name_or_url).database if "://" in name_or_url else name_or_url
        if name == f"{self.prefix}_test":
            return  # kept for the next test, reset by fresh()
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.made.discard(name)

    def close(self) -> None:
        for name in sorted(self.made):
            self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.admin.dispose()


class Snapshot:
    """Every row of every table of the models, and every sequence's position, of one database."""

    def __init__(self, rows: dict[str, list[dict]], sequences: dict[str, tuple[int, bool]]):
        self.rows, self.sequences = rows, sequences

    @classmethod
    def of(cls, url: str) -> Snapshot:
        engine = make_engine(url, poolclass=NullPool)
        with engine.connect() as connection:
            rows = {t.name: [dict(r._mapping) for r in connection.execute(select(t))] for t in _tables()}
            names = connection.scalars(text("SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'"))
            sequences = {}
            for name in names.all():
                last, called = connection.execute(text(f'SELECT last_value, is_called FROM "{name}"')).one()
                sequences[name] = (last, called)
        engine.dispose()
        return cls(rows, sequences)

    def restore(self, engine: Engine) -> None:
        """One transaction: the rows go (DELETE, triggers off: the append-only tables refuse it otherwise;
        TRUNCATE where the role may not switch them off), the snapshot's rows and sequences come back."""
        tables = _tables()
        with engine.begin() as connection:
            try:
                with connection.begin_nested():
                    connection.execute(text("SET LOCAL session_replication_role = replica"))
                for table in reversed(tables):
                    connection.execute(table.delete())
            except DBAPIError:
                names = ", ".join(f'"{t.name}"' for t in tables)
                connection.execute(text(f"TRUNCATE {names} CASCADE"))
            for table in tables:
                if self.rows[table.name]:
                    connection.execute(table.insert(), self.rows[table.name])
            if self.sequences:
                positions = ", ".join(
                    f"setval('\"{name}\"', {last}, {'true' if called else 'false'})"
                    for name, (last, called) in self.sequences.items()
                )
                connection.execute(text(f"SELECT {positions}"))


def _tables():
    from tthc.models import Base

    return Base.metadata.sorted_tables


def templates_for(test_database_url: str, folder: Path) -> SqliteTemplates | PostgresTemplates:
    if test_database_url.startswith("postgresql"):
        return PostgresTemplates(test_database_url)
    return SqliteTemplates(folder)
