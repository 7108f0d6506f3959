"""A Word or PDF decision read for its preview is kept on its job until the drafter confirms it (issue 24):
`import_job` gains `fixes`, the drafter's corrections saved page by page of the paged preview, and a Word
job ends `kept` (the read waiting) instead of `done` (now: confirmed, its draft in `decision_id`).

Before, the read travelled in a signed hidden field of the preview, so a `done` Word job does not say
whether it was confirmed: its read can no longer be confirmed and is dropped, as an expired preview's.

Revision ID: 0019_word_preview_fixes
Revises: 0018_process_attach_jobs
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

revision = "0019_word_preview_fixes"
down_revision = "0018_process_attach_jobs"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql")
EXPIRED = "Bản xem trước đã hết hạn; hãy tải tệp lên lại."


def upgrade() -> None:
    with op.batch_alter_table("import_job") as batch:
        batch.add_column(sa.Column("fixes", JSON, nullable=True))
    op.execute(
        sa.text(
            "UPDATE import_job SET status = 'failed', result = NULL, message = :message "
            "WHERE kind = 'word' AND status = 'done' AND decision_id IS NULL"
        ).bindparams(message=EXPIRED)
    )


def downgrade() -> None:
    # a read waiting for its confirmation is previewed as before (from a signed field): the fixes saved go
    op.execute("UPDATE import_job SET status = 'done' WHERE kind = 'word' AND status = 'kept'")
    with op.batch_alter_table("import_job") as batch:
        batch.drop_column("fixes")
