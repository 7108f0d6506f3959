"""Staff edits of the life events (tthc.search.event_edits): append-only versions, proposed then
approved or rejected by another administrator; the database refuses UPDATE and DELETE on them.

Revision ID: 0017_event_edits
Revises: 0016_search_refined
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0017_event_edits"
down_revision = "0016_search_refined"
branch_labels = None
depends_on = None

TABLE = "event_version"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("data", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_version")),
    )
    op.create_index(op.f("ix_event_version_slug"), TABLE, ["slug"])
    op.create_index(op.f("ix_event_version_proposal_id"), TABLE, ["proposal_id"])
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":  # tthc_refuse_change() comes from the initial migration
        op.execute(
            f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
            f"FOR EACH ROW EXECUTE FUNCTION tthc_refuse_change()"
        )
    elif dialect == "sqlite":
        for operation in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {TABLE}_no_{operation.lower()} BEFORE {operation} ON {TABLE} "
                f"BEGIN SELECT RAISE(ABORT, 'tthc: {operation} on {TABLE} is refused: "
                f"published history is append-only'); END"
            )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}")
    elif dialect == "sqlite":
        for operation in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_{operation}")
    op.drop_index(op.f("ix_event_version_proposal_id"), table_name=TABLE)
    op.drop_index(op.f("ix_event_version_slug"), table_name=TABLE)
    op.drop_table(TABLE)
