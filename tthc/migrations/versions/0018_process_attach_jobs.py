"""A process annex attached to a draft is read by a background job (issue 22, item 7): `import_job` gains
the kind `processes` (its `decision_id` is the draft the processes go to; the job ends `kept`, the read
waiting for the drafter's confirmation).

Revision ID: 0018_process_attach_jobs
Revises: 0017_event_edits
"""

from alembic import op

revision = "0018_process_attach_jobs"
down_revision = "0017_event_edits"
branch_labels = None
depends_on = None

OLD_KINDS = "kind IN ('excel', 'word')"
NEW_KINDS = "kind IN ('excel', 'word', 'processes')"


def upgrade() -> None:
    with op.batch_alter_table("import_job") as batch:
        batch.drop_constraint(op.f("ck_import_job_kind"), type_="check")
        batch.create_check_constraint(op.f("ck_import_job_kind"), NEW_KINDS)


def downgrade() -> None:
    op.execute("DELETE FROM import_job WHERE kind = 'processes'")  # reads waiting for a confirmation: gone
    with op.batch_alter_table("import_job") as batch:
        batch.drop_constraint(op.f("ck_import_job_kind"), type_="check")
        batch.create_check_constraint(op.f("ck_import_job_kind"), OLD_KINDS)
