"""Schema changes for the search work (empty when that work needs none).

Revision ID: 0004_search
Revises: 0003_review
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = "0004_search"
down_revision = "0003_review"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
