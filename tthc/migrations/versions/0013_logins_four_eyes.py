"""Logins, four eyes and request budgets (issue 25):

- `login_throttle.previous_at`: the time of the attempt before the last one, so one statement both
  reserves an attempt and tells whether the key's delay had passed (tthc.accounts.throttle);
- `decision.approved_by_id`: who approved, so the same person never signs (tthc.decisions.policy);
  filled for decisions approved before from the audit log;
- `request_budget`: requests per client address and minute on search and the API, counted across
  workers (tthc.web.budget).

Revision ID: 0013_logins_four_eyes
Revises: 0012_kept_uploads
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_logins_four_eyes"
down_revision = "0012_kept_uploads"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("login_throttle") as batch:
        batch.add_column(sa.Column("previous_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("decision") as batch:
        batch.add_column(sa.Column("approved_by_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_decision_approved_by_id_user_account"), "user_account", ["approved_by_id"], ["id"]
        )
    # The last approval recorded for each decision names its approver.
    op.execute(
        """
        UPDATE decision SET approved_by_id = (
            SELECT audit_log.user_id FROM audit_log
            WHERE audit_log.action = 'decision.approve' AND audit_log.object_type = 'decision'
              AND audit_log.object_id = CAST(decision.id AS VARCHAR(80))
            ORDER BY audit_log.id DESC LIMIT 1
        )
        WHERE decision.status IN ('approved', 'signed', 'in_force', 'withdrawn')
        """
    )
    op.create_table(
        "request_budget",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_request_budget")),
    )


def downgrade() -> None:
    op.drop_table("request_budget")
    with op.batch_alter_table("decision") as batch:
        batch.drop_constraint(op.f("fk_decision_approved_by_id_user_account"), type_="foreignkey")
        batch.drop_column("approved_by_id")
    with op.batch_alter_table("login_throttle") as batch:
        batch.drop_column("previous_at")
