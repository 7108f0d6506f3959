"""The search log marks a search followed by another from its results page within the refine window
(`refined`) and keeps the code of the first hit shown (`top_code`), for the gaps page. Neither says
who searched.

Revision ID: 0016_search_refined
Revises: 0015_sources
"""

import sqlalchemy as sa
from alembic import op

revision = "0016_search_refined"
down_revision = "0015_sources"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("search_log") as batch:
        batch.add_column(sa.Column("refined", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("top_code", sa.String(length=60), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("search_log") as batch:
        batch.drop_column("top_code")
        batch.drop_column("refined")
