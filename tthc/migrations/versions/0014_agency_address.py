"""The agency register records each agency's address: where citizens send phản ánh, kiến nghị about its
procedures when no address is configured (tthc.catalogue.agencies.feedback_address).

Revision ID: 0014_agency_address
Revises: 0012_kept_uploads
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_agency_address"
down_revision = "0013_logins_four_eyes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("agency") as batch:
        batch.add_column(sa.Column("address", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("agency") as batch:
        batch.drop_column("address")
