"""Designations per service point (list-type decisions) and linked procedure groups (liên thông).

The internal process needs no table: it is the `process` part of the versioned record (JSON).
Both new tables are append-only history, guarded by triggers like the versions.

Revision ID: 0006_processes
Revises: 0005_security
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

revision = "0006_processes"
down_revision = "0005_security"
branch_labels = None
depends_on = None

APPEND_ONLY = ("designation", "linked_group_version")
JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "designation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("service_point_id", sa.Integer(), nullable=True),
        sa.Column("point_kind", sa.String(length=32), nullable=False),
        sa.Column("code", sa.String(length=80), nullable=False),
        sa.Column("designation", sa.String(length=24), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.CheckConstraint("action IN ('listed', 'delisted')", name=op.f("ck_designation_action")),
        sa.ForeignKeyConstraint(["decision_id"], ["decision.id"], name=op.f("fk_designation_decision_id_decision")),
        sa.ForeignKeyConstraint(
            ["revision_id"], ["catalogue_revision.id"], name=op.f("fk_designation_revision_id_catalogue_revision")
        ),
        sa.ForeignKeyConstraint(
            ["service_point_id"], ["service_point.id"], name=op.f("fk_designation_service_point_id_service_point")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_designation")),
    )
    op.create_index(op.f("ix_designation_decision_id"), "designation", ["decision_id"])
    op.create_index(op.f("ix_designation_revision_id"), "designation", ["revision_id"])
    op.create_index("ix_designation_timeline", "designation", ["code", "designation", "valid_from", "id"])
    op.create_table(
        "linked_group_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_key", sa.String(length=80), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("record", JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.CheckConstraint("state IN ('in_force', 'abolished')", name=op.f("ck_linked_group_version_state")),
        sa.ForeignKeyConstraint(
            ["decision_id"], ["decision.id"], name=op.f("fk_linked_group_version_decision_id_decision")
        ),
        sa.ForeignKeyConstraint(
            ["revision_id"],
            ["catalogue_revision.id"],
            name=op.f("fk_linked_group_version_revision_id_catalogue_revision"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_linked_group_version")),
    )
    op.create_index(op.f("ix_linked_group_version_decision_id"), "linked_group_version", ["decision_id"])
    op.create_index(op.f("ix_linked_group_version_revision_id"), "linked_group_version", ["revision_id"])
    op.create_index(
        "ix_linked_group_version_timeline", "linked_group_version", ["group_key", "valid_from", "revision_id"]
    )
    dialect = op.get_bind().dialect.name
    for table in APPEND_ONLY:
        if dialect == "postgresql":  # tthc_refuse_change() comes from the initial migration
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION tthc_refuse_change()"
            )
        elif dialect == "sqlite":
            for operation in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{operation.lower()} BEFORE {operation} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, 'tthc: {operation} on {table} is refused: "
                    f"published history is append-only'); END"
                )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in APPEND_ONLY:
        if dialect == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        elif dialect == "sqlite":
            for operation in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{operation}")
    op.drop_index("ix_linked_group_version_timeline", table_name="linked_group_version")
    op.drop_index(op.f("ix_linked_group_version_revision_id"), table_name="linked_group_version")
    op.drop_index(op.f("ix_linked_group_version_decision_id"), table_name="linked_group_version")
    op.drop_table("linked_group_version")
    op.drop_index("ix_designation_timeline", table_name="designation")
    op.drop_index(op.f("ix_designation_revision_id"), table_name="designation")
    op.drop_index(op.f("ix_designation_decision_id"), table_name="designation")
    op.drop_table("designation")
