"""Printing: print jobs (bundles produced outside the request, progress polled by the staff page).

Revision ID: 0002_printing
Revises: 0001_initial
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_printing"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "print_job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("service_point_id", sa.Integer(), nullable=False),
        sa.Column("since_revision", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=True),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name=op.f("ck_print_job_status")),
        sa.CheckConstraint("kind IN ('bundle', 'repost')", name=op.f("ck_print_job_kind")),
        sa.ForeignKeyConstraint(
            ["service_point_id"], ["service_point.id"], name=op.f("fk_print_job_service_point_id_service_point")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["user_account.id"], name=op.f("fk_print_job_created_by_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_print_job")),
    )
    op.create_index(op.f("ix_print_job_service_point_id"), "print_job", ["service_point_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_print_job_service_point_id"), table_name="print_job")
    op.drop_table("print_job")
