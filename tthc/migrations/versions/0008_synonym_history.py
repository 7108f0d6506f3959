"""Staff synonym groups are history like the procedure versions: the database refuses UPDATE and
DELETE on synonym_version (a group changes by a new version, never by editing an old one).

Revision ID: 0008_synonym_history
Revises: 0007_counters_import_jobs
"""

from alembic import op

revision = "0008_synonym_history"
down_revision = "0007_counters_import_jobs"
branch_labels = None
depends_on = None

APPEND_ONLY = ("synonym_version",)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in APPEND_ONLY:
        if dialect == "postgresql":  # tthc_refuse_change() comes from the initial migration
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION tthc_refuse_change()"
            )
        elif dialect == "sqlite":
            for operation in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{operation.lower()} BEFORE {operation} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, 'tthc: {operation} on {table} is refused: "
                    f"published history is append-only'); END"
                )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in APPEND_ONLY:
        if dialect == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        elif dialect == "sqlite":
            for operation in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{operation}")
