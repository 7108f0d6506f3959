"""Decisions read from Word: the heading data a decision carries (signing title, effective-date
sentence) and, per entry, where it came from in the annex and the code as printed.

Revision ID: 0003_word_annex
Revises: 0002_printing
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

revision = "0003_word_annex"
down_revision = "0002_printing"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("decision") as batch:
        batch.add_column(sa.Column("signing_title", sa.Text(), server_default="", nullable=False))
        batch.add_column(sa.Column("effective_text", sa.Text(), server_default="", nullable=False))
    with op.batch_alter_table("decision_entry") as batch:
        batch.add_column(sa.Column("localised_code", sa.String(length=80), nullable=True))
        batch.add_column(
            sa.Column(
                "source", sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"), nullable=True
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("decision_entry") as batch:
        batch.drop_column("source")
        batch.drop_column("localised_code")
    with op.batch_alter_table("decision") as batch:
        batch.drop_column("effective_text")
        batch.drop_column("signing_title")
