"""Security: session versions, login throttling with decaying counts, one-time unlock links.

Revision ID: 0005_security
Revises: 0004_search_gaps
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_security"
down_revision = "0004_search_gaps"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("user_account") as batch:
        batch.add_column(sa.Column("last_failed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("session_version", sa.Integer(), server_default="1", nullable=False))
        batch.add_column(sa.Column("unlock_token_hash", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("unlock_expires_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_login_throttle")),
    )


def downgrade() -> None:
    op.drop_table("login_throttle")
    with op.batch_alter_table("user_account") as batch:
        batch.drop_column("unlock_expires_at")
        batch.drop_column("unlock_token_hash")
        batch.drop_column("session_version")
        batch.drop_column("last_failed_at")
