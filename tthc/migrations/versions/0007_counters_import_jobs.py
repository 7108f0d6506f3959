"""Counter staff and background imports.

- `counter` joins the roles (the CHECK constraint is rebuilt from the list); `counter_point` says which
  service points a counter account works at.
- `import_job`: an uploaded annex parsed outside the request; its state lives here so any web worker
  can report progress.

Revision ID: 0007_counters_import_jobs
Revises: 0006_processes
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

revision = "0007_counters_import_jobs"
down_revision = "0006_processes"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql")
OLD_ROLES = "role IN ('drafter', 'reviewer', 'signer', 'admin')"
NEW_ROLES = "role IN ('drafter', 'reviewer', 'signer', 'admin', 'counter')"


def upgrade() -> None:
    with op.batch_alter_table("user_account") as batch:
        batch.drop_constraint(op.f("ck_user_account_role"), type_="check")
        batch.create_check_constraint(op.f("ck_user_account_role"), NEW_ROLES)
    op.create_table(
        "counter_point",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("service_point_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], ondelete="CASCADE", name=op.f("fk_counter_point_user_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["service_point_id"],
            ["service_point.id"],
            ondelete="CASCADE",
            name=op.f("fk_counter_point_service_point_id_service_point"),
        ),
        sa.PrimaryKeyConstraint("user_id", "service_point_id", name=op.f("pk_counter_point")),
    )
    op.create_table(
        "import_job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("filename", sa.Text(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("problems", JSON, nullable=False),
        sa.Column("more_problems", sa.Integer(), nullable=False),
        sa.Column("result", JSON, nullable=True),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name=op.f("ck_import_job_status")),
        sa.CheckConstraint("kind IN ('excel', 'word')", name=op.f("ck_import_job_kind")),
        sa.ForeignKeyConstraint(
            ["decision_id"], ["decision.id"], ondelete="SET NULL", name=op.f("fk_import_job_decision_id_decision")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["user_account.id"], name=op.f("fk_import_job_created_by_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_job")),
    )


def downgrade() -> None:
    op.drop_table("import_job")
    op.drop_table("counter_point")
    op.execute("DELETE FROM user_account WHERE role = 'counter'")
    with op.batch_alter_table("user_account") as batch:
        batch.drop_constraint(op.f("ck_user_account_role"), type_="check")
        batch.create_check_constraint(op.f("ck_user_account_role"), OLD_ROLES)
