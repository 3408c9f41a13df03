"""Imports, API tokens and tracked jobs: org_identifier (an organisation's id in an outside
register), imported_award (procurement awards forming a supplier's track record),
duplicate_candidate (pairs for the review queue), api_token (personal tokens, hashed), job_run
(progress of a job a user waits for)

Revision ID: 0013
Revises: 0006
Create Date: 2026-12-02 08:02:12.090024
"""

from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('api_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('prefix', sa.String(length=16), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('scope', sa.String(length=10), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("scope IN ('read', 'read_write')", name=op.f('ck_api_token_scope')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_api_token_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_token_token_hash'))
    )
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_token_user_id'), ['user_id'], unique=False)

    op.create_table('duplicate_candidate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('first_id', sa.Integer(), nullable=False),
    sa.Column('second_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('evidence', sa.JSON(), nullable=True),
    sa.Column('status', sa.String(length=10), server_default='open', nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('merge_record', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('open', 'merged', 'distinct')", name=op.f('ck_duplicate_candidate_status')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'], name=op.f('fk_duplicate_candidate_decided_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duplicate_candidate')),
    sa.UniqueConstraint('first_id', 'second_id', name=op.f('uq_duplicate_candidate_first_id_second_id'))
    )
    with op.batch_alter_table('duplicate_candidate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_duplicate_candidate_first_id'), ['first_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_duplicate_candidate_second_id'), ['second_id'], unique=False)

    op.create_table('imported_award',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('supplier_id', sa.Integer(), nullable=False),
    sa.Column('buyer_id', sa.Integer(), nullable=True),
    sa.Column('ocid', sa.String(length=200), nullable=False),
    sa.Column('award_id', sa.String(length=200), nullable=False),
    sa.Column('code', sa.String(length=40), server_default='', nullable=False),
    sa.Column('awarded_on', sa.Date(), nullable=True),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('site', sa.String(length=120), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['buyer_id'], ['organisation.id'], name=op.f('fk_imported_award_buyer_id_organisation'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['supplier_id'], ['organisation.id'], name=op.f('fk_imported_award_supplier_id_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_imported_award')),
    sa.UniqueConstraint('ocid', 'award_id', 'supplier_id', 'code', name=op.f('uq_imported_award_ocid_award_id_supplier_id_code'))
    )
    with op.batch_alter_table('imported_award', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_imported_award_buyer_id'), ['buyer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_imported_award_supplier_id'), ['supplier_id'], unique=False)

    op.create_table('job_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('label', sa.String(length=200), server_default='', nullable=False),
    sa.Column('status', sa.String(length=10), server_default='queued', nullable=False),
    sa.Column('done', sa.Integer(), server_default='0', nullable=False),
    sa.Column('total', sa.Integer(), nullable=True),
    sa.Column('summary', sa.JSON(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name=op.f('ck_job_run_status')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_job_run_user_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_run'))
    )
    with op.batch_alter_table('job_run', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_run_user_id'), ['user_id'], unique=False)

    op.create_table('org_identifier',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('scheme', sa.String(length=60), nullable=False),
    sa.Column('identifier', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_org_identifier_organisation_id_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_org_identifier')),
    sa.UniqueConstraint('scheme', 'identifier', name=op.f('uq_org_identifier_scheme_identifier'))
    )
    with op.batch_alter_table('org_identifier', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_org_identifier_organisation_id'), ['organisation_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('org_identifier', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_org_identifier_organisation_id'))

    op.drop_table('org_identifier')
    with op.batch_alter_table('job_run', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_run_user_id'))

    op.drop_table('job_run')
    with op.batch_alter_table('imported_award', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_imported_award_supplier_id'))
        batch_op.drop_index(batch_op.f('ix_imported_award_buyer_id'))

    op.drop_table('imported_award')
    with op.batch_alter_table('duplicate_candidate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_duplicate_candidate_second_id'))
        batch_op.drop_index(batch_op.f('ix_duplicate_candidate_first_id'))

    op.drop_table('duplicate_candidate')
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_token_user_id'))

    op.drop_table('api_token')
