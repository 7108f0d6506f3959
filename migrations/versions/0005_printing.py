"""Schema changes for the printing work (empty when that work needs none).

Revision ID: 0005_printing
Revises: 0004_search
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = "0005_printing"
down_revision = "0004_search"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
