"""Forms (mẫu đơn, tờ khai) attached to decision entries as files to download; append-only like the
versions they belong to.

Revision ID: 0009_form_files
Revises: 0008_synonym_history
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_form_files"
down_revision = "0008_synonym_history"
branch_labels = None
depends_on = None

TABLE = "form_file"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("filename", sa.Text(), nullable=False),
        sa.Column("extension", sa.String(length=8), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("removes_id", sa.Integer(), nullable=True),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(["decision_id"], ["decision.id"], name=op.f("fk_form_file_decision_id_decision")),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"], ["user_account.id"], name=op.f("fk_form_file_uploaded_by_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_form_file")),
    )
    op.create_index(op.f("ix_form_file_decision_id"), TABLE, ["decision_id"])
    op.create_index(op.f("ix_form_file_entry_id"), TABLE, ["entry_id"])
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
    op.drop_index(op.f("ix_form_file_entry_id"), table_name=TABLE)
    op.drop_index(op.f("ix_form_file_decision_id"), table_name=TABLE)
    op.drop_table(TABLE)
