"""The agency register: short name, level, aliases and the folded name of each agency; the
administrators' mapping of agency texts onto the register; grants of drafting beyond the agencies a
record names. Existing agencies get their folded name.

Revision ID: 0010_agency_register
Revises: 0009_form_files
"""

import re
import unicodedata

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

revision = "0010_agency_register"
down_revision = "0009_form_files"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql")


def _folded(name: str) -> str:
    # The same folding as tthc.catalogue.agencies.fold_agency, frozen here (a migration must not change).
    decomposed = unicodedata.normalize("NFD", (name or "").lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("đ", "d")
    return " ".join(re.sub(r"[^\w]+", " ", plain).split())


def upgrade() -> None:
    with op.batch_alter_table("agency") as batch:
        batch.add_column(sa.Column("short_name", sa.Text(), server_default="", nullable=False))
        batch.add_column(sa.Column("level", sa.String(length=16), server_default="", nullable=False))
        batch.add_column(sa.Column("aliases", JSON, nullable=True))
        batch.add_column(sa.Column("folded", sa.Text(), server_default="", nullable=False))
        batch.create_index(batch.f("ix_agency_folded"), ["folded"], unique=False)
    connection = op.get_bind()
    for agency_id, name in connection.execute(sa.text("SELECT id, name FROM agency")).all():
        connection.execute(
            sa.text("UPDATE agency SET folded = :folded WHERE id = :id"), {"folded": _folded(name), "id": agency_id}
        )
    with op.batch_alter_table("agency") as batch:
        batch.alter_column("aliases", existing_type=JSON, nullable=False, server_default=None)

    op.create_table(
        "agency_mapping",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("folded", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agency.id"], name=op.f("fk_agency_mapping_agency_id_agency")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agency_mapping")),
        sa.UniqueConstraint("folded", "agency_id", name="folded_agency"),
    )
    op.create_index(op.f("ix_agency_mapping_folded"), "agency_mapping", ["folded"], unique=False)
    op.create_table(
        "agency_grant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agency.id"], name=op.f("fk_agency_grant_agency_id_agency")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agency_grant")),
        sa.UniqueConstraint("agency_id", "kind", "value", name="agency_kind_value"),
    )
    op.create_index(op.f("ix_agency_grant_agency_id"), "agency_grant", ["agency_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_agency_grant_agency_id"), table_name="agency_grant")
    op.drop_table("agency_grant")
    op.drop_index(op.f("ix_agency_mapping_folded"), table_name="agency_mapping")
    op.drop_table("agency_mapping")
    with op.batch_alter_table("agency") as batch:
        batch.drop_index(batch.f("ix_agency_folded"))
        for column in ("folded", "aliases", "level", "short_name"):
            batch.drop_column(column)
