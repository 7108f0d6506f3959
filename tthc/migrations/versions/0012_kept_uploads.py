"""An Excel annex previewed on the web is kept for its confirmation: `import_job` gains the status
`kept` (the upload waits, with its bytes and owner, for «Nạp vào dự thảo» or its expiry).

Revision ID: 0012_kept_uploads
Revises: 0011_review_integrity
"""

from alembic import op

revision = "0012_kept_uploads"
down_revision = "0011_review_integrity"
branch_labels = None
depends_on = None

OLD_STATUSES = "status IN ('queued', 'running', 'done', 'failed')"
NEW_STATUSES = "status IN ('kept', 'queued', 'running', 'done', 'failed')"


def upgrade() -> None:
    with op.batch_alter_table("import_job") as batch:
        batch.drop_constraint(op.f("ck_import_job_status"), type_="check")
        batch.create_check_constraint(op.f("ck_import_job_status"), NEW_STATUSES)


def downgrade() -> None:
    op.execute("UPDATE import_job SET status = 'failed', content = NULL WHERE status = 'kept'")
    with op.batch_alter_table("import_job") as batch:
        batch.drop_constraint(op.f("ck_import_job_status"), type_="check")
        batch.create_check_constraint(op.f("ck_import_job_status"), OLD_STATUSES)
