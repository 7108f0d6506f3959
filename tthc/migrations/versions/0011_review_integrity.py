"""Review closes what it opens: a drafter marks a comment fixed, a reviewer resolves (or overrides with a
reason); each submission keeps a snapshot of the entries so a reviewer sees what changed since the last
review. A signer account carries its signing title.

Revision ID: 0011_review_integrity
Revises: 0010_agency_register
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

revision = "0011_review_integrity"
down_revision = "0010_agency_register"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("comment") as batch:
        batch.add_column(sa.Column("fixed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("fixed_by_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("resolution_note", sa.Text(), nullable=False, server_default=""))
        batch.create_foreign_key(op.f("fk_comment_fixed_by_id_user_account"), "user_account", ["fixed_by_id"], ["id"])
    with op.batch_alter_table("user_account") as batch:
        batch.add_column(sa.Column("signing_title", sa.Text(), nullable=False, server_default=""))
    op.create_table(
        "decision_snapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("submitted_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("entries", JSON, nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"], ["decision.id"], ondelete="CASCADE", name=op.f("fk_decision_snapshot_decision_id_decision")
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by_id"], ["user_account.id"], name=op.f("fk_decision_snapshot_submitted_by_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_snapshot")),
    )
    op.create_index(op.f("ix_decision_snapshot_decision_id"), "decision_snapshot", ["decision_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_decision_snapshot_decision_id"), table_name="decision_snapshot")
    op.drop_table("decision_snapshot")
    with op.batch_alter_table("user_account") as batch:
        batch.drop_column("signing_title")
    with op.batch_alter_table("comment") as batch:
        batch.drop_constraint(op.f("fk_comment_fixed_by_id_user_account"), type_="foreignkey")
        batch.drop_column("resolution_note")
        batch.drop_column("fixed_by_id")
        batch.drop_column("fixed_at")
