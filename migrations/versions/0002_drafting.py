"""Schema changes for the drafting work (empty when that work needs none).

Revision ID: 0002_drafting
Revises: 0001_initial
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = "0002_drafting"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
