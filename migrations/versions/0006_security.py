"""Schema changes for the security work (empty when that work needs none).

Revision ID: 0006_security
Revises: 0005_printing
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = "0006_security"
down_revision = "0005_printing"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
