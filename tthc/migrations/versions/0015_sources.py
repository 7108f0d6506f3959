"""Sources: a ministry's (or the national catalogue's) decision read but never applied, its entries;
national catalogue snapshots; the differences with it that staff keep on purpose.

Revision ID: 0015_sources
Revises: 0014_agency_address
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

revision = '0015_sources'
down_revision = '0014_agency_address'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'national_snapshot',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('snapshot_date', sa.Date(), nullable=False),
        sa.Column('file_name', sa.Text(), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_national_snapshot')),
    )
    op.create_table(
        'national_procedure',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('snapshot_id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=80), nullable=False),
        sa.Column('base_code', sa.String(length=80), nullable=False),
        sa.Column('name', sa.Text(), nullable=False),
        sa.Column('levels', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
        sa.Column('abolished', sa.Boolean(), nullable=False),
        sa.Column('flat', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
        sa.ForeignKeyConstraint(
            ['snapshot_id'],
            ['national_snapshot.id'],
            name=op.f('fk_national_procedure_snapshot_id_national_snapshot'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_national_procedure')),
    )
    with op.batch_alter_table('national_procedure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_national_procedure_base_code'), ['base_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_national_procedure_snapshot_id'), ['snapshot_id'], unique=False)

    op.create_table(
        'intended_difference',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=24), nullable=False),
        sa.Column('code', sa.String(length=80), nullable=False),
        sa.Column('field', sa.String(length=40), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(
            ['created_by_id'], ['user_account.id'], name=op.f('fk_intended_difference_created_by_id_user_account')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_intended_difference')),
    )
    with op.batch_alter_table('intended_difference', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_intended_difference_code'), ['code'], unique=False)

    op.create_table(
        'source',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('number', sa.String(length=80), nullable=False),
        sa.Column('date', sa.Date(), nullable=True),
        sa.Column('effective_date', sa.Date(), nullable=True),
        sa.Column('issuer', sa.Text(), nullable=False),
        sa.Column('title', sa.Text(), nullable=False),
        sa.Column('file_name', sa.Text(), nullable=False),
        sa.Column('agency_id', sa.Integer(), nullable=True),
        sa.Column(
            'heading', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False
        ),
        sa.Column('doubts', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_source_agency_id_agency')),
        sa.ForeignKeyConstraint(
            ['created_by_id'], ['user_account.id'], name=op.f('fk_source_created_by_id_user_account')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_source')),
    )
    op.create_table(
        'source_entry',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('source_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('action', sa.String(length=16), nullable=False),
        sa.Column('code', sa.String(length=80), nullable=True),
        sa.Column('replaces_code', sa.String(length=80), nullable=True),
        sa.Column('name', sa.Text(), nullable=False),
        sa.Column('level', sa.String(length=16), nullable=False),
        sa.Column('sector', sa.Text(), nullable=False),
        sa.Column('record', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
        sa.Column('basis', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
        sa.Column('origin', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=True),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('confirmed_code', sa.String(length=80), nullable=True),
        sa.Column('decision_id', sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "action IN ('new', 'amended', 'replaced', 'abolished')", name=op.f('ck_source_entry_action')
        ),
        sa.CheckConstraint("state IN ('pending', 'not_applied')", name=op.f('ck_source_entry_state')),
        sa.ForeignKeyConstraint(
            ['decision_id'], ['decision.id'], name=op.f('fk_source_entry_decision_id_decision'), ondelete='SET NULL'
        ),
        sa.ForeignKeyConstraint(
            ['source_id'], ['source.id'], name=op.f('fk_source_entry_source_id_source'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_source_entry')),
    )
    with op.batch_alter_table('source_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_source_entry_source_id'), ['source_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('source_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_source_entry_source_id'))

    op.drop_table('source_entry')
    op.drop_table('source')
    with op.batch_alter_table('intended_difference', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_intended_difference_code'))

    op.drop_table('intended_difference')
    with op.batch_alter_table('national_procedure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_national_procedure_snapshot_id'))
        batch_op.drop_index(batch_op.f('ix_national_procedure_base_code'))

    op.drop_table('national_procedure')
    op.drop_table('national_snapshot')
