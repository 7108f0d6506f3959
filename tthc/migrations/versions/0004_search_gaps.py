"""Search gaps: the public search log (no one's identity) and the synonym groups staff add
(append-only versions).

Revision ID: 0004_search_gaps
Revises: 0003_word_annex
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004_search_gaps"
down_revision = "0003_word_annex"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "search_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("query", sa.String(length=200), nullable=False),
        sa.Column("results", sa.Integer(), nullable=False),
        sa.Column("nothing_fits", sa.Boolean(), nullable=False),
        sa.Column("opened", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_log")),
    )
    op.create_index(op.f("ix_search_log_at"), "search_log", ["at"])
    op.create_index(op.f("ix_search_log_query"), "search_log", ["query"])
    op.create_table(
        "synonym_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("phrases", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_synonym_version")),
    )
    op.create_index(op.f("ix_synonym_version_group_id"), "synonym_version", ["group_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_synonym_version_group_id"), table_name="synonym_version")
    op.drop_table("synonym_version")
    op.drop_index(op.f("ix_search_log_query"), table_name="search_log")
    op.drop_index(op.f("ix_search_log_at"), table_name="search_log")
    op.drop_table("search_log")
