"""Schema changes for the review work (empty when that work needs none).

Revision ID: 0003_review
Revises: 0002_drafting
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = "0003_review"
down_revision = "0002_drafting"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
